"""JSON output: the caller's own JSON if it gave one, else the sections and their rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from dtt.render.model import Document, Section


def plain(value: Any) -> Any:
    """A value made of JSON types only: dates in ISO form, Decimals as numbers, paths as text.

    Non-finite floats become null (JSON has no NaN), sets become sorted lists, dict keys text.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if value == value.to_integral_value() and abs(value) < 2**53:
            return int(value)
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, dict):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return [plain(v) for v in sorted(value, key=str)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    return str(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    converted = plain(key)
    return converted if isinstance(converted, str) else json.dumps(converted)


def section_json(section: Section) -> dict[str, Any]:
    """One section: its title, key, summary, and rows holding only its columns, in order."""
    keys = [c.key for c in section.columns]
    return {
        "title": section.title,
        "key": section.key,
        "summary": section.summary,
        "rows": [{k: plain(row.get(k)) for k in keys} for row in section.rows],
    }


def document_json(doc: Document) -> Any:
    """What `--format json` writes for a document."""
    if doc.json is not None:
        return plain(doc.json)
    out: dict[str, Any] = {"title": doc.title}
    if doc.subtitle is not None:
        out["subtitle"] = doc.subtitle
    out["sections"] = [section_json(s) for s in doc.sections]
    return out


def render_json(doc: Document) -> str:
    """UTF-8 JSON text (not ASCII-escaped), indented by 2, ending with a newline."""
    return json.dumps(document_json(doc), ensure_ascii=False, indent=2) + "\n"
