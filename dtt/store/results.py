"""Queries of the evaluations and results tables: storing a run, reading the current results
(with the latest council decision applied, through the `standings` view), the latest run, the
latest decisions of a year."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from dtt.store.db import Store
from dtt.store.schema import KINDS, STATUSES, TRACKS


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


# --- the checks' dictionary (criteria_checks, check_items, check_lists) -----------------------
class _Ids:
    """The ids of one table's distinct keys: those already stored, and those given an id
    since the last `taken()` (ids assigned here, inside the caller's write transaction)."""

    def __init__(self, store: Store, table: str, stored: Iterable[tuple[Any, int]]) -> None:
        self.ids: dict[Any, int] = dict(stored)
        self._next = int(store.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) + 1
        self._new: list[tuple[int, Any]] = []

    def __call__(self, key: Any) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = self._next
            self._next += 1
            self._new.append((found, key))
        return found

    def taken(self) -> list[tuple[int, Any]]:
        """The (id, key) pairs added since the last call, in the order they were added."""
        new, self._new = self._new, []
        return new


class CheckDictionary:
    """What is already stored of a criteria file's checks: head, item and list ids by content
    (`head((check id, label, source))`, `item((head id, passed, detail, values_read, lineage,
    raw))`, `list(items)`), and the rows to add."""

    def __init__(self, store: Store, sha256: str) -> None:
        self.sha256 = sha256
        self.head = _Ids(store, "criteria_checks", (
            ((r[1], r[2], r[3]), r[0]) for r in store.query(
                "SELECT id, check_id, label, source FROM criteria_checks WHERE sha256 = ?",
                (sha256,))))
        self.item = _Ids(store, "check_items", (
            ((r[1], r[2], r[3], r[4], r[5], r[6]), r[0]) for r in store.query(
                "SELECT id, head, passed, detail, values_read, lineage, raw FROM check_items "
                "WHERE head IN (SELECT id FROM criteria_checks WHERE sha256 = ?) "
                "OR head IS NULL", (sha256,))))
        self.list = _Ids(store, "check_lists", (
            (r[1], r[0]) for r in store.query(
                "SELECT id, items FROM check_lists WHERE items IS NOT NULL")))

    def flush(self, store: Store) -> None:
        """Insert the heads, items and lists added since the last flush."""
        store.executemany("INSERT INTO criteria_checks(id, sha256, check_id, label, source) "
                          "VALUES (?,?,?,?,?)",
                          [(i, self.sha256, *key) for i, key in self.head.taken()])
        store.executemany("INSERT INTO check_items(id, head, passed, detail, values_read, "
                          "lineage, raw) VALUES (?,?,?,?,?,?,?)",
                          [(i, *key) for i, key in self.item.taken()])
        store.executemany("INSERT INTO check_lists(id, items) VALUES (?,?)", self.list.taken())


def check_lists_json(store: Store, ids: Iterable[int]) -> dict[int, str]:
    """List id → its checks as JSON text (the `check_lists_json` view)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {r[0]: r[1] for r in store.query(
        "SELECT id, checks FROM check_lists_json WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),))}


# --- results (result_rows, run_ranges) ------------------------------------------------------
def _scope(year: int, tracks: list[Any], units: Iterable[str] | None) -> tuple[str, list[Any]]:
    marks = ",".join("?" * len(tracks))
    sql = f"year = ? AND track IN ({marks}) AND current_run IS NOT NULL"
    params: list[Any] = [year, *tracks]
    if units is not None:
        sql += (" AND unit IN (SELECT id FROM result_units "
                "WHERE code IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(sorted(units)))
    return sql, params


# what a stored result says, in its stored form: compared with a new result's to find it
# unchanged (the id and the (track, subject) key apart)
_STORED = ("year, kind, unit, grp, eligible, score, rank, status, quota_ref, quota_pos, "
           "quota_tie, quota_ties, checks_list, terms_list, terms_ref, facts_ref")


def _codes(names: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}


_KIND_CODES, _TRACK_CODES, _STATUS_CODES = _codes(KINDS), _codes(TRACKS), _codes(STATUSES)


def kind_code(kind: Any) -> Any:
    """A result's kind as stored: its code (schema.KINDS), or the text when not listed."""
    return _KIND_CODES.get(kind, kind)


def track_code(track: Any) -> Any:
    """A result's track as stored: its code (schema.TRACKS), or the text when not listed."""
    return _TRACK_CODES.get(track, track)


def status_code(status: Any) -> Any:
    """A result's status as stored: its code (schema.STATUSES), or the text when not
    listed."""
    return _STATUS_CODES.get(status, status)


def current_rows(store: Store, year: int, tracks: list[str],
                 units: Iterable[str] | None = None) -> dict[tuple[Any, str], tuple]:
    """(track code, subject) → the row (id, track code, subject, then what the row stores:
    the columns of `_STORED` in that order, from index STORED_FROM) of the current results of
    `year` and `tracks` (of `units` only, if given). Read row by row into the mapping, each
    row's tuple kept as SQLite gives it: at ten sectors a year holds 840,000 results."""
    where, params = _scope(year, [track_code(t) for t in tracks], units)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    cursor.execute(f"SELECT id, track, subject, {_STORED} FROM result_rows WHERE {where}",
                   params)
    return {(r[1], r[2]): r for r in cursor}


STORED_FROM = 3  # where what a row stores begins in a tuple of `current_rows`


def next_result_id(store: Store) -> int:
    return int(store.scalar("SELECT COALESCE(MAX(id), 0) FROM result_rows")) + 1


def supersede(store: Store, ids: Iterable[int]) -> None:
    """These results are current no longer. Call inside `store.write()`."""
    store.execute("UPDATE result_rows SET current_run = NULL "
                  "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))


def keep_current(store: Store, evaluation_id: int, year: int, tracks: list[str],
                 units: Iterable[str] | None = None) -> None:
    """The current results of `year` and `tracks` (of `units`) are current for the run
    `evaluation_id` (those it found unchanged). Call inside `store.write()`."""
    where, params = _scope(year, [track_code(t) for t in tracks], units)
    store.execute(f"UPDATE result_rows SET current_run = ? WHERE {where} "
                  "AND current_run <> ?", [evaluation_id, *params, evaluation_id])


class TextDictionary:
    """The distinct texts of results' quotas, score terms and facts (result_texts): ids by
    (text, cut: where a quota's position goes back in, None for a text read as it is), the
    lists of score terms (`terms(items)`, term_lists: the ids of their terms' texts) and the
    codes of units and groups (`unit(code)`, result_units); the rows to add."""

    def __init__(self, store: Store) -> None:
        cursor = store.conn.cursor()
        cursor.row_factory = None
        self._texts = _Ids(store, "result_texts", (
            ((r[1], r[2]), r[0]) for r in cursor.execute("SELECT id, text, cut FROM result_texts")))
        self.terms = _Ids(store, "term_lists", (
            (r[1], r[0]) for r in cursor.execute("SELECT id, items FROM term_lists")))
        self._units = _Ids(store, "result_units", (
            (r[1], r[0]) for r in cursor.execute("SELECT id, code FROM result_units")))

    def __call__(self, text: str, cut: int | None = None) -> int:
        return self._texts((text, cut))

    def unit(self, code: str | None) -> int | None:
        """The id of a unit's or group's code (None for None)."""
        return None if code is None else self._units(code)

    def flush(self, store: Store) -> None:
        """Insert the texts, lists and codes added since the last flush."""
        store.executemany("INSERT INTO result_texts(id, text, cut) VALUES (?,?,?)",
                          [(i, text, cut) for i, (text, cut) in self._texts.taken()])
        store.executemany("INSERT INTO term_lists(id, items) VALUES (?,?)", self.terms.taken())
        store.executemany("INSERT INTO result_units(id, code) VALUES (?,?)",
                          self._units.taken())


def insert_results(store: Store, rows: Iterable[tuple]) -> None:
    """Add new results, each row (id, subject, track, year, kind, unit, grp, eligible, score,
    rank, status, quota_ref, quota_pos, quota_tie, quota_ties, checks_list, terms_list,
    terms_ref, facts_ref, current_run): kind, track and status by `kind_code`, `track_code`
    and `status_code`, unit, group and texts by their ids (TextDictionary). Call inside
    `store.write()`."""
    store.executemany(f"INSERT INTO result_rows(id, subject, track, {_STORED}, current_run) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def list_results(store: Store, evaluation_id: int, listed: Iterable[int]) -> None:
    """List the results `listed` (new and kept) under the run `evaluation_id`, as ranges of
    consecutive ids (run_ranges). Call inside `store.write()`."""
    ranges: list[list[int]] = []
    for i in sorted(listed):
        if ranges and ranges[-1][2] == i - 1:
            ranges[-1][2] = i
        else:
            ranges.append([evaluation_id, i, i])
    store.executemany("INSERT INTO run_ranges(evaluation_id, first_id, last_id) "
                      "VALUES (?,?,?)", ranges)


_STANDING = ", ".join(f"s.{c}" for c in (
    "evaluation_id", "year", "subject", "kind", "track", "unit", "grp", "eligible", "score",
    "rank", "status", "engine_status", "quota", "score_terms", "facts", "decision_id"))


def standings(store: Store, year: int, track: str | None = None,
              units: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The current results of `year` (one track, the results of some units, if given) with the
    latest decision's outcome as `status` (the `standings` view), the subject's `name` and the
    run's `criteria_version` and `criteria_sha256`; JSON columns as text. Each distinct list
    of checks is expanded once (a sector's 85,000 results share a few thousand lists), not
    once per row as `standings.checks` would."""
    sql = f"""
        SELECT {_STANDING}, s.checks_list, COALESCE(p.full_name, u.name) AS name,
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
    cursor = store.conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(sql, params).fetchall()
    names = [d[0] for d in cursor.description]
    at = names.index("checks_list")
    texts = check_lists_json(store, {r[at] for r in found})
    names[at] = "checks"
    return [dict(zip(names, (*r[:at], texts[r[at]], *r[at + 1:]), strict=True))
            for r in found]


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
