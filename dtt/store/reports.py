"""What the reports read: the unit tree, the stored evaluations and their standings (current
results with the council's latest decision applied), the latest decisions, names, records'
titles and replications.

Every function is one set-based query (never one per row) and returns plain data, so that a
sector-scale report (25,000 people, 85,000 results) stays quick.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from dtt.store.db import Store, store_error
from dtt.store.results import check_lists_json

# let SQLite read the database through a memory map: a report scans every result of a year,
# and mapped pages are not copied one by one
MMAP_BYTES = 1 << 30

# where a result belongs: a collective is its own unit, a person the person's unit
_PLACE = "CASE WHEN s.kind = 'collective' THEN s.subject ELSE s.unit END"

# the first failed check as `id: detail`, for results stored without `facts` (before schema 2)
_LEGACY_FAIL = (
    "(SELECT json_extract(c.value, '$.id') || ': ' || COALESCE(json_extract(c.value, "
    "'$.detail'), '') FROM json_each(s.checks) c WHERE json_extract(c.value, '$.passed') = 0 "
    "LIMIT 1)")

# the columns of `standing_rows`, in order (the raw checks, when asked for, come last)
STANDING_COLUMNS = ("subject", "kind", "track", "unit", "group", "eligible", "score", "rank",
                    "status", "engine_status", "quota_pos", "quota_limit", "fail",
                    "decision_id")


def _tuples(store: Store, sql: str, params: Any = ()) -> list[Any]:
    """The rows as plain tuples (quicker than sqlite3.Row for tens of thousands of rows)."""
    cursor = store.conn.cursor()
    cursor.row_factory = None
    try:
        return cursor.execute(sql, params).fetchall()
    except sqlite3.Error as exc:
        raise store_error(exc, store.path) from exc


# --- the unit tree -------------------------------------------------------------------------
def level_names(store: Store) -> list[tuple[str, str]]:
    """(key, name) of every level, top-down."""
    return [(r["key"], r["name"]) for r in store.query(
        "SELECT key, name FROM levels ORDER BY depth, position")]


def cluster_rows(store: Store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The clusters as (key, name), and their members as (cluster, unit)."""
    clusters = [(r["key"], r["name"]) for r in store.query("SELECT key, name FROM clusters")]
    members = [(r["cluster"], r["unit"]) for r in store.query(
        "SELECT cluster, unit FROM cluster_members")]
    return clusters, members


def unit_names(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every unit."""
    return _tuples(store, "SELECT code, name FROM units")


# --- people --------------------------------------------------------------------------------
def person_names(store: Store) -> list[tuple[str, str]]:
    """(code, full name) of every person."""
    return _tuples(store, "SELECT code, full_name FROM people")


def person_homes(store: Store) -> dict[str, tuple[str, str]]:
    """Person code → (full name, unit)."""
    return {r[0]: (r[1], r[2]) for r in store.query("SELECT code, full_name, unit FROM people")}


def person(store: Store, code: str) -> dict[str, Any] | None:
    """One person's row (every column), or None."""
    row = store.one("SELECT * FROM people WHERE code = ?", (code,))
    return dict(row) if row else None


def head_of(store: Store, unit: str) -> dict[str, Any] | None:
    """The head of `unit` (code, full_name, position), the lowest code if several."""
    row = store.one("SELECT code, full_name, position FROM people WHERE heads = ? "
                    "ORDER BY code LIMIT 1", (unit,))
    return dict(row) if row else None


def decided_person_names(store: Store, year: int) -> dict[str, str]:
    """Code → full name of the people with a council decision in `year`."""
    return {r[0]: r[1] for r in store.query(
        "SELECT p.code, p.full_name FROM people p JOIN decisions d ON d.subject = p.code "
        "WHERE d.year = ?", (year,))}


# --- evaluations and records ---------------------------------------------------------------
def has_evaluation(store: Store, year: int) -> bool:
    """Whether an evaluation of `year` is stored."""
    return store.scalar("SELECT 1 FROM evaluations WHERE year = ? AND kind = 'current' "
                        "LIMIT 1", (year,)) is not None


def has_records(store: Store, year: int) -> bool:
    """Whether any record of `year` is stored."""
    return store.scalar("SELECT 1 FROM records WHERE year = ? LIMIT 1", (year,)) is not None


def evaluation_meta(store: Store, year: int) -> dict[str, Any] | None:
    """The latest stored evaluation of `year`: id, run_at, criteria_version, criteria_sha256."""
    row = store.one(
        "SELECT id, run_at, criteria_version, criteria_sha256 FROM evaluations WHERE year = ? "
        "AND kind = 'current' ORDER BY id DESC LIMIT 1", (year,))
    return dict(row) if row else None


def evaluated_years(store: Store, start: int, end: int) -> set[int]:
    """The years from `start` to `end` with current results."""
    return {r[0] for r in store.query(
        "SELECT DISTINCT year FROM current_results WHERE year BETWEEN ? AND ?",
        (start, end))}


def year_tracks(store: Store, year: int) -> list[str]:
    """The tracks with current results in `year`."""
    return [r[0] for r in store.query(
        "SELECT DISTINCT track FROM current_results WHERE year = ?", (year,))]


def record_metric(store: Store, metric: str, start: int,
                  end: int) -> list[tuple[str, int, str, Any]]:
    """(subject, year, kind, value of `metric`) of every record from `start` to `end` (the
    value None where the record has none)."""
    return [(r[0], r[1], r[2], r[3]) for r in store.query(
        "SELECT subject, year, kind, json_extract(data, ?) FROM records "
        "WHERE year BETWEEN ? AND ?", ("$." + metric, start, end))]


# --- decisions -----------------------------------------------------------------------------
def latest_decisions(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """The latest council decision per (subject, track, year) — of `year`, or of every year
    — in the order each candidate was first decided."""
    where, params = ("WHERE d.year = ?", (year,)) if year is not None else ("", ())
    return [dict(r) for r in store.query(
        f"SELECT d.* FROM latest_decisions d {where} ORDER BY (SELECT MIN(x.id) FROM "
        "decisions x WHERE x.subject = d.subject AND x.track = d.track AND x.year = d.year)",
        params)]


# --- standings (current results, the council's decision applied) ---------------------------
def map_pages(store: Store) -> None:
    """Read the database through a memory map from now on (for reports that scan a year)."""
    store.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def _where(year: int, track: str | None, only: Collection[str] | None,
           hidden: Collection[str]) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over `standings s`: `year`, `track` (None: all), the status in `only`
    (None: any) and not in `hidden`."""
    params: dict[str, Any] = {"year": year}
    sql = "WHERE s.year = :year"
    if track:
        sql += " AND s.track = :track"
        params["track"] = track
    for op, statuses in (("IN", only), ("NOT IN", hidden)):
        if statuses is None or (op == "NOT IN" and not statuses):
            continue
        names = [f"s{len(params)}_{i}" for i in range(len(statuses))]
        params.update(zip(names, sorted(statuses), strict=True))
        sql += f" AND s.status {op} ({', '.join(':' + n for n in names) or 'NULL'})"
    return sql, params


def standing_rows(store: Store, year: int, *, track: str | None = None,
                  only: Collection[str] | None = None, hidden: Collection[str] = (),
                  raw_checks: bool = False) -> list[tuple[Any, ...]]:
    """`year`'s standings of `track` (None: all) whose status is in `only` (None: any) and not
    in `hidden`, as plain tuples in STANDING_COLUMNS order: `fail` is the first failed check
    as `id: detail` (ineligible results only), `quota_pos` and `quota_limit` come from the
    stored quota; with raw_checks the stored checks JSON follows, as UTF-8 bytes."""
    where, params = _where(year, track, only, hidden)
    sql = ("SELECT s.subject, s.kind, s.track, s.unit, s.grp, s.eligible, s.score, s.rank, "
           "s.status, s.engine_status, s.quota_position, s.quota_limit, "
           f"CASE WHEN s.eligible = 0 THEN COALESCE(s.facts, {_LEGACY_FAIL}) END, "
           "s.decision_id" + (", s.checks_list " if raw_checks else " ")
           + "FROM standings s " + where)
    rows = _tuples(store, sql, params)
    if not raw_checks:
        return rows
    # each distinct list of checks expanded once (a year's results share a few thousand)
    texts = {key: text.encode("utf-8") for key, text in
             check_lists_json(store, {r[-1] for r in rows}).items()}
    return [(*r[:-1], texts.get(r[-1])) for r in rows]


def count_standings(store: Store, year: int, statuses: Collection[str], *,
                    track: str | None = None) -> dict[str | None, int]:
    """How many of `year`'s standings (of `track`) have one of `statuses`, per the unit each
    belongs under (a collective its own unit, a person the person's unit)."""
    where, params = _where(year, track, statuses, ())
    return {r[0]: r[1] for r in store.query(
        f"SELECT {_PLACE}, COUNT(*) FROM standings s {where} GROUP BY 1", params)}


def subject_standings(store: Store, subject: str, year: int) -> list[dict[str, Any]]:
    """One subject's standings of `year` (every column of the view)."""
    return [dict(r) for r in store.query(
        "SELECT * FROM standings WHERE subject = ? AND year = ?", (subject, year))]


def status_counts(store: Store) -> list[tuple[int, str, str, int]]:
    """(year, track, status, count) over every year's standings."""
    return [(r[0], r[1], r[2], r[3]) for r in store.query(
        "SELECT year, track, status, COUNT(*) FROM standings GROUP BY year, track, status")]


def standings_of_tracks(store: Store, start: int, end: int,
                        tracks: Sequence[str]) -> list[tuple[int, str, str, str, str]]:
    """(year, subject, kind, unit, status) of the standings of `tracks` from `start` to `end`."""
    marks = ",".join("?" * len(tracks))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in store.query(
        "SELECT year, subject, kind, unit, status FROM standings "
        f"WHERE year BETWEEN ? AND ? AND track IN ({marks})", (start, end, *tracks))]
