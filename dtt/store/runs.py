"""Queries that read stored runs side by side (for `dtt compare`): one evaluation's row, the
compact results of the current standings or of one run, and the names of subjects."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from dtt.store.db import Store
from dtt.store.results import check_lists_json

_COLUMNS = "subject, kind, track, unit, grp, eligible, score, rank, status, quota"


def evaluation(store: Store, evaluation_id: int) -> dict[str, Any] | None:
    """The evaluations row `evaluation_id` (any kind), or None."""
    row = store.one("SELECT * FROM evaluations WHERE id = ?", (evaluation_id,))
    return None if row is None else dict(row)


def run_results(store: Store, year: int, evaluation_id: int | None = None,
                track: str | None = None) -> list[sqlite3.Row]:
    """The results of `year`: the current ones (`evaluation_id` None) or those of one run, as
    rows with subject, kind, track, unit, grp, eligible, score, rank, status (the engine's,
    no council decision laid over), quota (JSON text), evaluation_id; not the checks (see
    `run_checks`)."""
    if evaluation_id is None:
        sql = (f"SELECT {_COLUMNS}, current_run AS evaluation_id FROM result_rows_text "
               "WHERE year = ? AND current_run IS NOT NULL")
        params: list[Any] = [year]
    else:
        sql = (f"SELECT {_COLUMNS}, g.evaluation_id FROM run_ranges g JOIN result_rows_text r "
               "ON r.id BETWEEN g.first_id AND g.last_id WHERE g.evaluation_id = ? "
               "AND r.year = ?")
        params = [evaluation_id, year]
    if track:
        sql += " AND track = ?"
        params.append(track)
    return store.query(sql, params)


def run_checks(store: Store, year: int, keys: Iterable[tuple[str, str]],
               evaluation_id: int | None = None) -> dict[tuple[str, str], str]:
    """(track, subject) → the checks (JSON text) of those results of `year`: the current
    ones (`evaluation_id` None) or those of one run."""
    wanted = json.dumps(sorted(set(keys)))
    # the keys drive the loop, each looked up by subject and year
    sql = ("SELECT r.track, r.subject, r.checks_list FROM json_each(?) j "
           "CROSS JOIN result_rows_text r "
           "ON r.year = ? AND r.subject = json_extract(j.value, '$[1]') "
           "AND r.track = json_extract(j.value, '$[0]') WHERE ")
    if evaluation_id is None:
        sql += "r.current_run IS NOT NULL"
        params: list[Any] = [wanted, year]
    else:
        sql += ("EXISTS (SELECT 1 FROM run_ranges g WHERE g.evaluation_id = ? "
                "AND r.id BETWEEN g.first_id AND g.last_id)")
        params = [wanted, year, evaluation_id]
    found = [(r[0], r[1], r[2]) for r in store.query(sql, params)]
    texts = check_lists_json(store, (r[2] for r in found))
    return {(track, subject): texts[lst] for track, subject, lst in found}


def subject_names(store: Store, codes: Iterable[str]) -> dict[str, str]:
    """Code → name of the people and units among `codes` (the `subjects` view)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return {r[0]: r[1] for r in store.query(
        "SELECT code, name FROM subjects WHERE code IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),))}
