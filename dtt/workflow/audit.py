"""Reading the append-only audit log: when, who (OS user), which command, what changed."""

from __future__ import annotations

import json
from typing import Any

from dtt.errors import InputError
from dtt.store import Store
from dtt.store import workflow as store_workflow


def entries(store: Store, *, year: int | None = None, subject: str | None = None,
            action: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Audit entries, newest first; `action` matches that action and its family (`council` →
    council.decide); at most `limit` (None: all)."""
    if limit is not None and limit < 1:
        raise InputError(f"must be at least 1, not {limit}", field="--limit")
    return store_workflow.audit_entries(store, year=year, subject=subject, action=action,
                                        limit=limit)


def summary(detail: Any, width: int = 120) -> str:
    """A one-line rendering of an entry's detail for tables."""
    if detail is None:
        return ""
    if isinstance(detail, dict):
        text = ", ".join(f"{k}={_short(v)}" for k, v in detail.items() if v not in (None, [], {}))
    else:
        text = _short(detail)
    return text if len(text) <= width else text[: width - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:59] + "…"
    return str(value)
