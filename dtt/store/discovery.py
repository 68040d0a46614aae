"""The reads nomination discovery makes: one year's records, one track's registrations."""

from __future__ import annotations

import json
from typing import Any

from dtt.store.db import Store


def records_of_year(store: Store, year: int) -> dict[str, dict[str, Any]]:
    """subject → its record (the parsed data) in `year`, one query."""
    rows = store.execute("SELECT subject, data FROM records WHERE year = ?", (year,)).fetchall()
    # one parse for the whole year (far cheaper than a json.loads call a record)
    texts = [r[1] for r in rows]
    return dict(zip([r[0] for r in rows], json.loads("[" + ",".join(texts) + "]"), strict=True))


def registrations_of(store: Store, year: int, track: str) -> dict[str, str]:
    """subject → its goal ('' if none) for the live registrations for `track` in `year`."""
    return {r[0]: r[1] or "" for r in store.query(
        "SELECT subject, goal FROM registrations WHERE year = ? AND track = ? "
        "AND withdrawn_at IS NULL", (year, track))}


def people_columns(store: Store, column: str) -> dict[str, str | None]:
    """person code → one of its optional personal columns (gender, born, recruited)."""
    if column not in ("gender", "born", "recruited"):
        raise ValueError(f"not a personal column: {column}")
    return {r[0]: r[1] for r in store.query(f"SELECT code, {column} FROM people")}  # noqa: S608
