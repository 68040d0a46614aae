"""Queries of the council decisions.

"The latest decision on a candidate" (subject, track, year) has one answer: the SQL view
`latest_decisions` (the decision with the highest id). Every function here that asks for it reads
that view; none orders by id on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dtt.store.db import Store

_NAMED = ("SELECT d.*, COALESCE(p.full_name, u.name) AS name, COALESCE(p.unit, u.code) AS home "
          "FROM {source} d LEFT JOIN people p ON p.code = d.subject "
          "LEFT JOIN units u ON u.code = d.subject ")


def _decision(row: Any) -> dict[str, Any]:
    """A decision row as a dict, its JSON `detail` parsed (None if empty)."""
    out = dict(row)
    out["detail"] = json.loads(out["detail"]) if out.get("detail") else None
    return out


def insert(store: Store, *, year: int, track: str, subject: str, unit: str, members: int,
           votes_for: int, votes_against: int, outcome: str, escalated_to: str | None,
           detail: dict[str, Any], decided_at: str, evaluation_id: int | None = None,
           award: tuple[str, str, str] | None = None) -> int:
    """Record one decision (inside the caller's `store.write()`) with the evaluation it rests
    on and, if given, the award decision (number, ISO date, issuer); its id."""
    no, date, by = award or (None, None, None)
    cur = store.execute(
        "INSERT INTO decisions(year, track, subject, unit, members, votes_for, votes_against, "
        "outcome, escalated_to, detail, decided_at, evaluation_id, decision_no, decision_date, "
        "decision_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (year, track, subject, unit, members, votes_for, votes_against, outcome, escalated_to,
         json.dumps(detail, ensure_ascii=False), decided_at, evaluation_id, no, date, by))
    return int(cur.lastrowid or 0)


def set_award(store: Store, decision: int, no: str, date: str, by: str) -> None:
    """Give a recorded decision its award decision: number, ISO date and issuer (inside the
    caller's `store.write()`)."""
    store.execute("UPDATE decisions SET decision_no = ?, decision_date = ?, decision_by = ? "
                  "WHERE id = ?", (no, date, by, decision))


def history(store: Store, year: int, track: str, subject: str) -> list[dict[str, Any]]:
    """Every decision on one candidate, oldest first (detail parsed)."""
    rows = store.query("SELECT * FROM decisions WHERE year = ? AND track = ? AND subject = ? "
                       "ORDER BY id", (year, track, subject))
    return [_decision(r) for r in rows]


def of_subject(store: Store, subject: str) -> list[dict[str, Any]]:
    """Every decision on `subject` (any track, any year), oldest first (detail parsed)."""
    rows = store.query("SELECT * FROM decisions WHERE subject = ? ORDER BY id", (subject,))
    return [_decision(r) for r in rows]


def latest(store: Store, year: int, track: str, subject: str) -> dict[str, Any] | None:
    """The latest decision on one candidate (view `latest_decisions`), or None."""
    row = store.one("SELECT * FROM latest_decisions WHERE year = ? AND track = ? AND "
                    "subject = ?", (year, track, subject))
    return None if row is None else _decision(row)


def latest_outcomes(store: Store, subject: str) -> dict[tuple[int, str], str]:
    """(year, track) -> the outcome of the latest decision on `subject` (`latest_decisions`)."""
    return {(r[0], r[1]): r[2] for r in store.query(
        "SELECT year, track, outcome FROM latest_decisions WHERE subject = ?", (subject,))}


def listing(store: Store, *, year: int | None = None, track: str | None = None,
            unit: str | None = None, subject: str | None = None) -> list[dict[str, Any]]:
    """Decisions with the candidate's `name`, by year then id; `unit` is the deciding unit."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    for column, value in (("d.year", year), ("d.track", track), ("d.unit", unit),
                          ("d.subject", subject)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    rows = store.query(_NAMED.format(source="decisions")
                       + f"WHERE {' AND '.join(where)} ORDER BY d.year, d.id", params)
    out = []
    for r in rows:
        row = _decision(r)
        row.pop("home")
        out.append(row)
    return out


def recognitions(store: Store, subject: str, up_to: int | None = None) -> list[dict[str, Any]]:
    """The latest decisions that recognised `subject` (years ≤ `up_to`), by year and track."""
    sql = "SELECT * FROM latest_decisions WHERE subject = ? AND outcome = 'recognised'"
    params: list[Any] = [subject]
    if up_to is not None:
        sql += " AND year <= ?"
        params.append(up_to)
    return [_decision(r) for r in store.query(sql + " ORDER BY year, track", params)]


def recognised_on(store: Store, tracks: tuple[str, ...] | list[str],
                  up_to: int | None = None) -> list[dict[str, Any]]:
    """Every candidate whose latest decision on one of `tracks` recognised it (years ≤ `up_to`):
    subject, name, track, year and `home` (a person's unit, a unit's own code), by year and
    subject."""
    if not tracks:
        return []
    params: list[Any] = list(tracks)
    sql = (_NAMED.format(source="latest_decisions")
           + f"WHERE d.outcome = 'recognised' AND d.track IN ({','.join('?' * len(tracks))})")
    if up_to is not None:
        sql += " AND d.year <= ?"
        params.append(up_to)
    rows = store.query(sql + " ORDER BY d.year, d.subject", params)
    return [{"subject": r["subject"], "name": r["name"], "track": r["track"], "year": r["year"],
             "home": r["home"]} for r in rows]


def locked_years(store: Store) -> list[int]:
    """Years in which a council has decided, ascending."""
    return [int(r[0]) for r in store.query("SELECT DISTINCT year FROM decisions ORDER BY year")]


def decisions_in_years(store: Store, years: Iterable[int]) -> list[dict[str, Any]]:
    """The council decisions (id, year, track, subject, outcome) of these years, by year and
    id: a decided year's records are locked."""
    wanted = json.dumps(sorted(set(years)))
    if wanted == "[]":
        return []
    rows = store.query(
        "SELECT id, year, track, subject, outcome FROM decisions "
        "WHERE year IN (SELECT value FROM json_each(?)) ORDER BY year, id", (wanted,))
    return [dict(r) for r in rows]
