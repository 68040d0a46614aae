"""Queries of the plan's workflow: registrations, nominations, fostering plans, replications,
the audit log, and the subject and tree reads the workflow commands need.

Council decisions live in `dtt.store.decisions`. Every function takes the Store first and returns
plain data; writes run inside the caller's `store.write()`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from dtt.store.db import Store
from dtt.store.units import SUBTREE_CTE as _SUBTREE

RegistrationRow = tuple[str, str, int, str | None, str]


# a subject's display name and home unit (a person's unit; a unit's parent)
_NAME = "COALESCE(p.full_name, u.name)"
_SUBJECT_JOIN = "LEFT JOIN people p ON p.code = {col} LEFT JOIN units u ON u.code = {col} "


def _tuples(store: Store, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows as plain tuples (much faster than sqlite3.Row for hundreds of thousands)."""
    cur = store.conn.cursor()
    cur.row_factory = None
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def _dicts(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in store.query(sql, params)]


# --- subjects and the tree ------------------------------------------------------------------
def person(store: Store, code: str) -> tuple[str, str, str, str, str | None, str | None] | None:
    """(code, full_name, unit, unit level, position, heads) of a person, or None."""
    row = store.one("SELECT p.code, p.full_name, p.unit, u.level, p.position, p.heads "
                    "FROM people p JOIN units u ON u.code = p.unit WHERE p.code = ?", (code,))
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5])


def unit(store: Store, code: str) -> tuple[str, str, str, str | None] | None:
    """(code, name, level, parent) of a unit, or None."""
    row = store.one("SELECT code, name, level, parent FROM units WHERE code = ?", (code,))
    return None if row is None else (row[0], row[1], row[2], row[3])


def unit_name(store: Store, code: str | None) -> str | None:
    if code is None:
        return None
    value = store.scalar("SELECT name FROM units WHERE code = ?", (code,))
    return None if value is None else str(value)


def unit_parent(store: Store, code: str) -> str | None:
    value = store.scalar("SELECT parent FROM units WHERE code = ?", (code,))
    return None if value is None else str(value)


def ancestors(store: Store, code: str) -> list[tuple[str, str]]:
    """(code, level) of `code` and every unit above it, nearest first."""
    rows = store.query(
        "WITH RECURSIVE up(code, parent, level, n) AS (SELECT code, parent, level, 0 FROM units "
        "WHERE code = ? UNION ALL SELECT u.code, u.parent, u.level, up.n + 1 FROM units u "
        "JOIN up ON u.code = up.parent) SELECT code, level FROM up ORDER BY n", (code,))
    return [(r[0], r[1]) for r in rows]


def heads_of(store: Store, code: str) -> list[dict[str, Any]]:
    """The people who head unit `code`: code, full_name, position."""
    return _dicts(store, "SELECT code, full_name, position FROM people WHERE heads = ? "
                  "ORDER BY code", (code,))


def headcount(store: Store, code: str) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM people WHERE unit = ?", (code,)))


def person_units(store: Store) -> dict[str, str]:
    """person code -> unit code, for everyone."""
    return {r[0]: r[1] for r in _tuples(store, "SELECT code, unit FROM people")}


def person_names(store: Store) -> dict[str, str]:
    """person code -> full name, for everyone."""
    return {r[0]: r[1] for r in _tuples(store, "SELECT code, full_name FROM people")}


def units_in_scope(store: Store, code: str | None) -> list[dict[str, Any]]:
    """code, name, level, parent of `code`'s subtree (every unit if None), in tree order."""
    if code is None:
        return _dicts(store, "SELECT code, name, level, parent FROM units ORDER BY position")
    return _dicts(store, _SUBTREE + "SELECT u.code, u.name, u.level, u.parent FROM units u "
                  "JOIN sub ON sub.code = u.code ORDER BY u.position", (code,))


# --- registrations --------------------------------------------------------------------------
def registration(store: Store, subject: str, track: str, year: int) -> dict[str, Any] | None:
    """The registration's goal and withdrawn_at, or None if the subject never registered."""
    row = store.one("SELECT goal, withdrawn_at FROM registrations WHERE subject = ? AND "
                    "track = ? AND year = ?", (subject, track, year))
    return None if row is None else dict(row)


def upsert_registration(store: Store, subject: str, track: str, year: int, goal: str | None,
                        at: str) -> None:
    """Register, or renew a registration (a new goal replaces the old; withdrawal undone)."""
    store.execute(
        "INSERT INTO registrations(subject, track, year, goal, registered_at) "
        "VALUES (?,?,?,?,?) ON CONFLICT(subject, track, year) DO UPDATE SET "
        "goal = COALESCE(excluded.goal, registrations.goal), withdrawn_at = NULL",
        (subject, track, year, goal, at))


def withdraw_registration(store: Store, subject: str, track: str, year: int, at: str) -> None:
    store.execute("UPDATE registrations SET withdrawn_at = ? WHERE subject = ? AND track = ? "
                  "AND year = ?", (at, subject, track, year))


def registrations(store: Store, *, year: int | None = None, track: str | None = None,
                  unit: str | None = None, withdrawn: bool = True) -> list[dict[str, Any]]:
    """Registrations with kind, name and unit (a unit's parent), by year, track, unit, subject;
    `unit` keeps subjects of that unit's subtree; `withdrawn=False` drops withdrawn ones."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if year is not None:
        where.append("r.year = ?")
        params.append(year)
    if track is not None:
        where.append("r.track = ?")
        params.append(track)
    if not withdrawn:
        where.append("r.withdrawn_at IS NULL")
    cte = ""
    if unit is not None:
        cte = _SUBTREE
        params.insert(0, unit)
        where.append("COALESCE(p.unit, u.code) IN (SELECT code FROM sub)")
    return _dicts(store, cte + "SELECT r.year, r.track, r.subject, "
                  "CASE WHEN p.code IS NULL THEN 'collective' ELSE 'person' END AS kind, "
                  f"{_NAME} AS name, COALESCE(p.unit, u.parent) AS unit, "
                  "r.goal, r.registered_at, r.withdrawn_at FROM registrations r "
                  + _SUBJECT_JOIN.format(col="r.subject")
                  + f"WHERE {' AND '.join(where)} ORDER BY r.year, r.track, unit, r.subject",
                  params)


def registrations_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """year, track, goal, registered_at, withdrawn_at of every registration of `subject`."""
    return _dicts(store, "SELECT year, track, goal, registered_at, withdrawn_at FROM "
                  "registrations WHERE subject = ? ORDER BY track", (subject,))


# --- nominations ----------------------------------------------------------------------------
def _nominations_of_year(store: Store, year: int) -> str:
    """The table to read the year's nominations from: read straight through (NOT INDEXED)
    when the year holds most of them — a sequential scan costs less than one index seek and
    row lookup a nomination — else through the primary key (year first)."""
    total = store.scalar("SELECT COUNT(*) FROM nominations") or 0
    of_year = store.scalar("SELECT COUNT(*) FROM nominations WHERE year = ?", (year,)) or 0
    return "nominations NOT INDEXED" if of_year * 2 > total else "nominations"


def nomination_rows(store: Store, year: int,
                    tracks: Sequence[str]) -> list[tuple[str, str, str, str, str | None, int]]:
    """(track, subject, unit, origin, reason, withdrawn) of every nomination of `year` on
    `tracks` (plain tuples: this is the sector-scale read of `dtt nominate`)."""
    marks = ",".join("?" * len(tracks))
    return _tuples(store, "SELECT track, subject, unit, origin, reason, withdrawn FROM "
                   f"{_nominations_of_year(store, year)} WHERE year = ? AND track IN ({marks})",
                   (year, *tracks))


def manual_nominations(store: Store, year: int, track: str, subject: str) -> dict[str, int]:
    """unit -> withdrawn (0/1) of the units' manual choices on one candidate."""
    return {r[0]: r[1] for r in _tuples(
        store, "SELECT unit, withdrawn FROM nominations WHERE year = ? AND track = ? AND "
        "subject = ? AND origin = 'manual'", (year, track, subject))}


def set_manual_nomination(store: Store, year: int, track: str, subject: str, unit: str,
                          reason: str, withdrawn: bool, at: str) -> None:
    """A unit's manual addition or withdrawal (replacing whatever row the unit had)."""
    store.execute(
        "INSERT INTO nominations(year, track, subject, unit, origin, reason, withdrawn, "
        "created_at) VALUES (?,?,?,?, 'manual', ?, ?, ?) ON CONFLICT(year, track, subject, "
        "unit) DO UPDATE SET origin='manual', reason=excluded.reason, "
        "withdrawn=excluded.withdrawn", (year, track, subject, unit, reason, int(withdrawn), at))


def withdraw_nominations(store: Store, year: int, track: str, subject: str,
                         units: Iterable[str], reason: str) -> None:
    """Mark the subject's rows at `units` as manually withdrawn, with `reason`."""
    store.executemany(
        "UPDATE nominations SET origin='manual', withdrawn=1, reason=? WHERE year=? "
        "AND track=? AND subject=? AND unit=?",
        [(reason, year, track, subject, u) for u in units])


def apply_nominations(store: Store, year: int, *,
                      remove: Iterable[tuple[str, str, str]],
                      insert: Iterable[tuple[tuple[str, str, str], tuple[str, str]]],
                      update: Iterable[tuple[tuple[str, str, str], tuple[str, str]]],
                      at: str) -> None:
    """Write the differences of a nomination run: keys are (track, subject, unit), values
    (origin, reason); one executemany per kind of change."""
    store.executemany("DELETE FROM nominations WHERE year=? AND track=? AND subject=? AND unit=?",
                      [(year, *k) for k in remove])
    store.executemany("INSERT INTO nominations(year, track, subject, unit, origin, reason, "
                      "withdrawn, created_at) VALUES (?,?,?,?,?,?,0,?)",
                      [(year, *k, o, why, at) for k, (o, why) in insert])
    store.executemany("UPDATE nominations SET origin=?, reason=? WHERE year=? AND track=? AND "
                      "subject=? AND unit=?", [(o, why, year, *k) for k, (o, why) in update])


def received_counts(store: Store, year: int, track: str | None) -> dict[str, int]:
    """unit -> how many candidates it received from below in `year` (on `track` if given)."""
    tfilter, params = (" AND track = ?", (year, track)) if track else ("", (year,))
    return {r[0]: r[1] for r in _tuples(
        store, f"SELECT unit, COUNT(*) FROM {_nominations_of_year(store, year)} WHERE year = ? "
        "AND origin = 'below'"
        f"{tfilter} GROUP BY unit", params)}


def nomination_counts(store: Store, year: int,
                      track: str | None) -> list[tuple[str, int, int, int]]:
    """(unit, own nominations not withdrawn, own nominations withdrawn, received from below)
    of every unit holding a nomination of `year` (on `track` if given): one grouped query."""
    tfilter, params = (" AND track = ?", (year, track)) if track else ("", (year,))
    return _tuples(store, "SELECT unit, SUM(origin != 'below' AND withdrawn = 0), "
                   "SUM(origin != 'below' AND withdrawn != 0), SUM(origin = 'below') FROM "
                   f"{_nominations_of_year(store, year)} WHERE year = ?{tfilter} GROUP BY unit",
                   params)


def own_nominations(store: Store, year: int,
                    track: str | None) -> list[tuple[str, str, str, str, str | None, int]]:
    """(unit, track, subject, origin, reason, withdrawn) of the units' own nominations (not
    received from below) in `year`, by unit, subject, track."""
    tfilter, params = (" AND track = ?", (year, track)) if track else ("", (year,))
    return _tuples(store, "SELECT unit, track, subject, origin, reason, withdrawn FROM "
                   f"{_nominations_of_year(store, year)} WHERE year = ? AND origin != 'below'"
                   f"{tfilter} "
                   "ORDER BY unit, subject, track", params)


def nominations_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """year, track, unit, origin, reason, withdrawn (bool) of every nomination of `subject`,
    by track then the unit's tree position."""
    rows = _dicts(store, "SELECT n.year, n.track, n.unit, n.origin, n.reason, n.withdrawn "
                  "FROM nominations n JOIN units u ON u.code = n.unit WHERE n.subject = ? "
                  "ORDER BY n.track, u.position", (subject,))
    for r in rows:
        r["withdrawn"] = bool(r["withdrawn"])
    return rows


def is_nominated(store: Store, year: int, track: str, subject: str) -> bool:
    """Some unit introduces the candidate (a row not withdrawn)."""
    return store.scalar("SELECT 1 FROM nominations WHERE year = ? AND track = ? AND "
                        "subject = ? AND withdrawn = 0", (year, track, subject)) is not None


def is_registered(store: Store, year: int, track: str, subject: str) -> bool:
    """The candidate registered and did not withdraw."""
    return store.scalar("SELECT 1 FROM registrations WHERE year = ? AND track = ? AND "
                        "subject = ? AND withdrawn_at IS NULL", (year, track, subject)) is not None


# --- results (the workflow's view of them) --------------------------------------------------
def evaluation(store: Store, year: int, track: str, subject: str) -> dict[str, Any] | None:
    """The current stored result of the last evaluation covering the candidate, with the
    engine's status (before any council decision) and the run's time and criteria version;
    `checks` parsed, `eligible` a bool. None if never evaluated."""
    row = store.one(
        "SELECT r.evaluation_id, r.status, r.eligible, r.score, r.rank, r.quota, r.grp, "
        "r.checks, e.run_at, e.criteria_version FROM current_results r JOIN evaluations e "
        "ON e.id = r.evaluation_id WHERE r.year = ? AND r.track = ? "
        "AND r.subject = ? ORDER BY r.evaluation_id DESC LIMIT 1", (year, track, subject))
    if row is None:
        return None
    out = dict(row)
    out["checks"] = json.loads(out["checks"] or "[]")
    out["eligible"] = bool(out["eligible"])
    return out


def standings_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """`subject`'s current results from the `standings` view, by track: year, track, status
    (the latest decision's outcome if any), evaluated_status (the engine's), eligible (bool),
    score, rank, quota, grp, checks (parsed), evaluation_id, run_at, criteria_version."""
    rows = _dicts(store, "SELECT s.year, s.track, s.status, s.eligible, s.score, s.rank, "
                  "s.quota, s.grp, s.checks, s.evaluation_id, e.run_at, e.criteria_version, "
                  "s.engine_status AS evaluated_status FROM standings s JOIN evaluations e "
                  "ON e.id = s.evaluation_id WHERE s.subject = ? "
                  # each year looked up in the index of (year, subject)
                  "AND s.year IN (SELECT DISTINCT year FROM evaluations) ORDER BY s.track",
                  (subject,))
    for r in rows:
        r["eligible"] = bool(r["eligible"])
        r["checks"] = json.loads(r["checks"] or "[]")
    return rows


def is_candidate(store: Store, subject: str, year: int) -> bool:
    """Registered (not withdrawn), nominated (not withdrawn) or evaluated in `year`."""
    return bool(store.scalar(
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM registrations WHERE subject = ?1 AND year = ?2 "
        "AND withdrawn_at IS NULL) OR EXISTS (SELECT 1 FROM nominations WHERE subject = ?1 "
        "AND year = ?2 AND withdrawn = 0) OR EXISTS (SELECT 1 FROM current_results WHERE "
        "subject = ?1 AND year = ?2)", (subject, year)))


# --- fostering ------------------------------------------------------------------------------
def insert_plan(store: Store, subject: str, year: int, goal: str, support: str | None,
                at: str) -> int:
    """Add a fostering plan; its id."""
    cur = store.execute("INSERT INTO fostering(subject, year, goal, support, created_at) "
                        "VALUES (?,?,?,?,?)", (subject, year, goal, support, at))
    return int(cur.lastrowid or 0)


def plans(store: Store, *, year: int | None = None, unit: str | None = None,
          subject: str | None = None) -> list[dict[str, Any]]:
    """Fostering plans with the candidate's name and unit (a unit's parent) and `standing`
    ("track: status, …" from the `standings` view, tracks it is not ineligible for), by year,
    unit, subject, id; `unit` keeps subjects of that unit's subtree."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    cte = ""
    if unit is not None:
        cte = _SUBTREE
        params.append(unit)
        where.append("COALESCE(p.unit, u.code) IN (SELECT code FROM sub)")
    if year is not None:
        where.append("f.year = ?")
        params.append(year)
    if subject is not None:
        where.append("f.subject = ?")
        params.append(subject)
    return _dicts(
        store, cte + f"SELECT f.id, f.year, f.subject, {_NAME} AS name, "
        "COALESCE(p.unit, u.parent) AS unit, f.goal, f.support, f.created_at, "
        "(SELECT group_concat(track || ': ' || status, ', ') FROM (SELECT s.track, s.status "
        " FROM standings s WHERE s.subject = f.subject AND s.year = f.year "
        " AND s.engine_status != 'ineligible' ORDER BY s.track)) AS standing "
        "FROM fostering f " + _SUBJECT_JOIN.format(col="f.subject")
        + f"WHERE {' AND '.join(where)} ORDER BY f.year, unit, f.subject, f.id", params)


def plans_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """id, year, goal, support, created_at of `subject`'s fostering plans, oldest first."""
    return _dicts(store, "SELECT id, year, goal, support, created_at FROM fostering "
                  "WHERE subject = ? ORDER BY id", (subject,))


# --- replications ---------------------------------------------------------------------------
def insert_replication(store: Store, subject: str, to_unit: str, year: int, form: str,
                       note: str | None, at: str) -> int:
    """Record that `to_unit` took up `subject`'s model; its id."""
    cur = store.execute("INSERT INTO replications(subject, to_unit, year, form, note, "
                        "created_at) VALUES (?,?,?,?,?,?)",
                        (subject, to_unit, year, form, note, at))
    return int(cur.lastrowid or 0)


def replications(store: Store, year_from: int | None,
                 year_to: int | None) -> list[dict[str, Any]]:
    """id, subject, name, to_unit, year, form, note of the replications with
    year_from ≤ year ≤ year_to (None: open-ended), oldest first."""
    return _dicts(
        store, f"SELECT r.id, r.subject, {_NAME} AS name, r.to_unit, r.year, r.form, r.note "
        "FROM replications r " + _SUBJECT_JOIN.format(col="r.subject")
        + "WHERE r.year BETWEEN ? AND ? ORDER BY r.id",
        (year_from if year_from is not None else 0, year_to if year_to is not None else 9999))


def replications_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """year, to_unit, to_name, form, note of where `subject`'s model was taken up."""
    return _dicts(store, "SELECT r.year, r.to_unit, u.name AS to_name, r.form, r.note "
                  "FROM replications r JOIN units u ON u.code = r.to_unit WHERE r.subject = ? "
                  "ORDER BY r.id", (subject,))


def adopted_by(store: Store, unit: str) -> list[dict[str, Any]]:
    """year, subject, name, form, note of the models unit `unit` took up."""
    return _dicts(store, f"SELECT r.year, r.subject, {_NAME} AS name, r.form, r.note "
                  "FROM replications r " + _SUBJECT_JOIN.format(col="r.subject")
                  + "WHERE r.to_unit = ? ORDER BY r.id", (unit,))


# --- records (a subject's story) -------------------------------------------------------------
def records_of(store: Store, subject: str) -> list[tuple[int, dict[str, Any], str | None]]:
    """(year, metric values, source) of every record of `subject`."""
    return [(r[0], json.loads(r[1]), r[2]) for r in store.query(
        "SELECT year, data, source FROM records WHERE subject = ?", (subject,))]


# --- audit log ------------------------------------------------------------------------------
def audit_entries(store: Store, *, year: int | None = None, subject: str | None = None,
                  action: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Audit entries, newest first, `detail` parsed; `action` matches itself or a family
    (`council` → council.decide); at most `limit` (None: all)."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if subject is not None:
        where.append("subject = ?")
        params.append(subject)
    if action is not None:
        where.append("(action = ? OR action LIKE ? || '.%')")
        params.extend([action, action])
    sql = f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = _dicts(store, sql, params)
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else None
    return rows


def replace_registrations(store: Store, rows: Sequence[RegistrationRow]) -> None:
    """Insert registrations, replacing any of the same subject, track and year."""
    store.executemany(
        "INSERT OR REPLACE INTO registrations(subject, track, year, goal, registered_at) "
        "VALUES (?,?,?,?,?)",
        rows,
    )


def count_registrations(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM registrations"))
