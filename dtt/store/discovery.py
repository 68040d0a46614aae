"""The reads nomination discovery makes: one year's records, one track's registrations."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dtt.store.db import Store


def records_of_year(store: Store, year: int) -> dict[str, dict[str, Any]]:
    """subject → its record (the parsed data) in `year`, one query."""
    rows = store.execute("SELECT subject, data FROM records WHERE year = ?", (year,)).fetchall()
    # one parse for the whole year (far cheaper than a json.loads call a record)
    texts = [r[1] for r in rows]
    return dict(zip([r[0] for r in rows], json.loads("[" + ",".join(texts) + "]"), strict=True))


def _path(key: str) -> str:
    """The JSON path of a record's metric `key` (quoted: any key a criteria file declares)."""
    return '$."' + key.replace('"', '""') + '"'


def metric_of_year(store: Store, year: int, key: str) -> dict[str, Any]:
    """subject → the value its record of `year` holds under `key` (None: a record without
    it), read by SQLite's JSON functions without parsing whole records: true/false come back
    as bools, arrays and objects parsed, as `records_of_year` would give them."""
    path = _path(key)
    rows = store.execute("SELECT subject, json_extract(data, ?), json_type(data, ?) FROM records "
                         "WHERE year = ?", (path, path, year)).fetchall()
    out: dict[str, Any] = {}
    for subject, value, kind in rows:
        if kind == "true" or kind == "false":
            value = kind == "true"
        elif kind == "array" or kind == "object":
            value = json.loads(value)
        out[subject] = value
    return out


def subjects_with(store: Store, year: int, key: str, codes: Iterable[str],
                  unrecorded: bool) -> set[str]:
    """The subjects whose record of `year` holds one of the strings `codes` under `key`, and
    (if `unrecorded`) those whose record lacks it or holds null or ''; only the matching rows
    leave SQLite."""
    path = _path(key)
    wanted = sorted(codes)
    marks = ",".join("?" * len(wanted))
    blank = " OR v IS NULL OR v = ''" if unrecorded else ""
    rows = store.execute(
        "SELECT subject FROM (SELECT subject, json_extract(data, ?) AS v FROM records WHERE "
        f"year = ?) WHERE v IN ({marks}){blank}", (path, year, *wanted)).fetchall()
    return {r[0] for r in rows}


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
