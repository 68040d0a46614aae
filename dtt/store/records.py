"""Queries of the records table (one row of metric values per subject and year), and the two
other tables the record import and the demo touch: the decisions that lock a year and the
demo's registrations."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from dtt.store.db import Store

# (subject, year, kind, data as JSON, source, imported_at)
RecordRow = tuple[str, int, str, str, str | None, str]
# (subject, track, year, goal, registered_at)


def latest_year(store: Store) -> int | None:
    """The latest year with any record, or None."""
    value = store.scalar("SELECT MAX(year) FROM records")
    return None if value is None else int(value)


def record_years(store: Store) -> list[int]:
    """Every year with a record, oldest first."""
    return [int(r[0]) for r in store.query("SELECT DISTINCT year FROM records ORDER BY 1")]


def count_records(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM records"))


def subject_records(store: Store, subject: str) -> list[dict[str, Any]]:
    """One subject's rows (year, data as JSON text, source, imported_at), oldest year first."""
    rows = store.query("SELECT year, data, source, imported_at FROM records WHERE subject = ? "
                       "ORDER BY year", (subject,))
    return [dict(r) for r in rows]


def stored_data(store: Store, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The stored data (JSON text) of these (subject, year) pairs; absent pairs are left out."""
    wanted = json.dumps([[s, y] for s, y in keys])
    rows = store.query(
        "SELECT r.subject, r.year, r.data FROM json_each(?) x JOIN records r "
        "ON r.subject = json_extract(x.value, '$[0]') AND r.year = json_extract(x.value, '$[1]')",
        (wanted,),
    )
    return {(r[0], int(r[1])): r[2] for r in rows}


def upsert_records(store: Store, rows: Sequence[RecordRow]) -> None:
    """Insert or replace records by (subject, year) (inside store.write())."""
    store.executemany(
        "INSERT INTO records(subject, year, kind, data, source, imported_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(subject, year) DO UPDATE SET kind=excluded.kind, "
        "data=excluded.data, source=excluded.source, imported_at=excluded.imported_at",
        rows,
    )


