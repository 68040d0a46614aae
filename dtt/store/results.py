"""Queries of the evaluations and results tables: storing a run, reading the current results
(with the latest council decision applied, through the `standings` view), the latest run, the
latest decisions of a year."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from dtt.store.db import Store

_RESULT_COLUMNS = ("evaluation_id, year, subject, kind, track, unit, grp, eligible, score, "
                   "rank, status, quota, checks, score_terms, facts, current")


@contextmanager
def page_cache(store: Store, kib: int) -> Iterator[None]:
    """A page cache of `kib` KiB for the block; the previous size restored afterwards."""
    before = store.scalar("PRAGMA cache_size")
    store.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        store.execute(f"PRAGMA cache_size = {int(before)}")


def insert_evaluation(store: Store, *, year: int, run_at: str, criteria_version: str,
                      criteria_sha256: str, scope_unit: str | None, scope_track: str | None,
                      os_user: str, summary: str, kind: str = "current",
                      criteria_file: str | None = None, base_version: str | None = None,
                      base_sha256: str | None = None) -> int:
    """Add one evaluation run (`summary` as JSON text; `kind` 'current' or 'draft', a draft
    naming its criteria file and the installed criteria's version and sha256); its id. Call
    inside `store.write()`."""
    cur = store.execute(
        "INSERT INTO evaluations(year, run_at, criteria_version, criteria_sha256, "
        "scope_unit, scope_track, os_user, summary, kind, criteria_file, base_version, "
        "base_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (year, run_at, criteria_version, criteria_sha256, scope_unit, scope_track, os_user,
         summary, kind, criteria_file, base_version, base_sha256))
    return int(cur.lastrowid or 0)


def clear_current(store: Store, year: int, tracks: list[str],
                  units: Iterable[str] | None = None) -> None:
    """Mark the current results of `year` and `tracks` (of `units` only, if given) no longer
    current: one set-based UPDATE. Call inside `store.write()`."""
    marks = ",".join("?" * len(tracks))
    sql = f"UPDATE results SET current = 0 WHERE year = ? AND current = 1 AND track IN ({marks})"
    params: list[Any] = [year, *tracks]
    if units is not None:
        sql += " AND unit IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(units)))
    store.execute(sql, params)


def insert_results(store: Store, rows: Iterable[tuple], current: bool = True) -> None:
    """Add results, each row (evaluation_id, year, subject, kind, track, unit, grp,
    eligible, score, rank, status, quota, checks, score_terms, facts) with the JSON columns as
    text; current ones unless `current` is False (a draft run's). Call inside
    `store.write()`."""
    store.executemany(f"INSERT INTO results({_RESULT_COLUMNS}) "
                      f"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,{1 if current else 0})", rows)


def standings(store: Store, year: int, track: str | None = None,
              units: Iterable[str] | None = None) -> list[sqlite3.Row]:
    """The current results of `year` (one track, the results of some units, if given) with the
    latest decision's outcome as `status` (the `standings` view), the subject's `name` and the
    run's `criteria_version` and `criteria_sha256`; JSON columns as text. Rows are read by
    column name (not copied into dicts: a sector has about 85,000 of them)."""
    sql = """
        SELECT s.*, COALESCE(p.full_name, u.name) AS name,
               e.criteria_version, e.criteria_sha256
        FROM standings s
        LEFT JOIN people p ON s.kind = 'person' AND p.code = s.subject
        LEFT JOIN units u ON s.kind = 'collective' AND u.code = s.subject
        JOIN evaluations e ON e.id = s.evaluation_id
        WHERE s.year = ?"""
    params: list[Any] = [year]
    if track:
        sql += " AND s.track = ?"
        params.append(track)
    if units is not None:
        sql += " AND s.unit IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(units)))
    return store.query(sql, params)


def latest_decisions(store: Store, year: int, track: str | None = None) -> list[dict[str, Any]]:
    """The latest decision per subject and track of `year` (one track if given), by id."""
    sql = "SELECT * FROM latest_decisions WHERE year = ?"
    params: list[Any] = [year]
    if track:
        sql += " AND track = ?"
        params.append(track)
    return [dict(r) for r in store.query(sql + " ORDER BY id", params)]


def latest_evaluation(store: Store, year: int | None = None) -> dict[str, Any] | None:
    """The row of the latest evaluation run (of `year` if given); `summary` as JSON text."""
    sql = "SELECT * FROM evaluations WHERE kind = 'current'"
    params: list[Any] = []
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    row = store.one(sql + " ORDER BY id DESC LIMIT 1", params)
    return None if row is None else dict(row)
