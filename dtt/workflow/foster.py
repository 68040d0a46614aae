"""Fostering plans (kế hoạch bồi dưỡng): the goals and support a council plans for a candidate."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store, now
from dtt.text import clean
from dtt.units import SUBTREE_CTE
from dtt.workflow import policy


def is_candidate(store: Store, subject: str, year: int) -> bool:
    """Registered, nominated (not withdrawn) or evaluated in `year`."""
    return bool(store.scalar(
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM registrations WHERE subject = ?1 AND year = ?2 "
        "AND withdrawn_at IS NULL) OR EXISTS (SELECT 1 FROM nominations WHERE subject = ?1 "
        "AND year = ?2 AND withdrawn = 0) OR EXISTS (SELECT 1 FROM results WHERE subject = ?1 "
        "AND year = ?2 AND current = 1)", (subject, year)))


def foster(store: Store, subject: str, *, year: int | None, goal: str,
           support: str | None = None) -> dict[str, Any]:
    """Add a fostering plan for a candidate of `year` (registered, nominated or evaluated)."""
    subj = policy.subject(store, subject)
    year = policy.year_or_latest(store, year)
    text = clean(goal)
    if not text:
        raise InputError("the plan needs a goal", field="--goal")
    if not is_candidate(store, subj.code, year):
        raise InputError(f"{subj.code} is not a candidate in {year} (not registered, nominated "
                         "or evaluated); register or nominate it first", field="SUBJECT")
    helps = clean(support) or None
    stamp = now()
    with store.write() as c:
        cur = c.execute("INSERT INTO fostering(subject, year, goal, support, created_at) "
                        "VALUES (?,?,?,?,?)", (subj.code, year, text, helps, stamp))
        store.audit("foster", subject=subj.code, year=year,
                    detail={"plan": cur.lastrowid, "goal": text, "support": helps})
    return {"id": cur.lastrowid, "subject": subj.code, "name": subj.name, "year": year,
            "goal": text, "support": helps, "created_at": stamp}


def plans(store: Store, *, year: int | None = None, unit: str | None = None,
          subject: str | None = None) -> list[dict[str, Any]]:
    """Fostering plans with the candidate's name, unit and current standing per track."""
    where, params = ["1 = 1"], []
    cte = ""
    if unit is not None:
        policy.unit_row(store, unit)
        cte = SUBTREE_CTE
        params.append(unit)
        where.append("COALESCE(p.unit, u.code) IN (SELECT code FROM sub)")
    if year is not None:
        where.append("f.year = ?")
        params.append(year)
    if subject is not None:
        where.append("f.subject = ?")
        params.append(subject)
    rows = store.query(
        cte + "SELECT f.id, f.year, f.subject, COALESCE(p.full_name, u.name) AS name, "
        "COALESCE(p.unit, u.parent) AS unit, f.goal, f.support, f.created_at, "
        "(SELECT group_concat(track || ': ' || status, ', ') FROM (SELECT r.track, "
        " COALESCE((SELECT d.outcome FROM decisions d WHERE d.subject = r.subject AND "
        " d.year = r.year AND d.track = r.track ORDER BY d.id DESC LIMIT 1), r.status) AS status "
        " FROM results r WHERE r.subject = f.subject AND r.year = f.year AND r.current = 1 "
        " AND r.status != 'ineligible' ORDER BY r.track)) AS standing "
        "FROM fostering f LEFT JOIN people p ON p.code = f.subject "
        f"LEFT JOIN units u ON u.code = f.subject WHERE {' AND '.join(where)} "
        "ORDER BY f.year, unit, f.subject, f.id", params)
    return [dict(r) for r in rows]
