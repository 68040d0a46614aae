"""Registration (đăng ký): a subject registers early in a year to strive for a track, with goals."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store, now
from dtt.text import clean
from dtt.units import SUBTREE_CTE
from dtt.workflow import policy


def register(store: Store, subject: str, *, track: str, year: int | None,
             goal: str | None = None) -> dict[str, Any]:
    """Register (or re-register, updating the goal) `subject` for `track` in `year`."""
    if year is None:
        raise InputError("give the year the subject registers for", field="--year")
    subj = policy.subject(store, subject)
    year = policy.year_or_latest(store, year)
    trk = policy.track(store, track, year)
    policy.check_applies(trk, subj)
    text = clean(goal) or None
    before = store.one("SELECT goal, withdrawn_at FROM registrations WHERE subject = ? AND "
                       "track = ? AND year = ?", (subj.code, trk.key, year))
    with store.write() as c:
        c.execute(
            "INSERT INTO registrations(subject, track, year, goal, registered_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT(subject, track, year) DO UPDATE SET "
            "goal = COALESCE(excluded.goal, registrations.goal), withdrawn_at = NULL",
            (subj.code, trk.key, year, text, now()))
        store.audit("register", subject=subj.code, year=year,
                    detail={"track": trk.key, "goal": text,
                            "before": dict(before) if before else None})
    return {"subject": subj.code, "name": subj.name, "track": trk.key, "year": year,
            "goal": text, "renewed": before is not None}


def withdraw(store: Store, subject: str, *, track: str, year: int | None,
             reason: str | None = None) -> dict[str, Any]:
    """Withdraw a registration (kept, with the time it was withdrawn)."""
    if year is None:
        raise InputError("give the year of the registration", field="--year")
    subj = policy.subject(store, subject)
    trk = policy.track(store, track, year)
    row = store.one("SELECT withdrawn_at FROM registrations WHERE subject = ? AND track = ? "
                    "AND year = ?", (subj.code, trk.key, year))
    if row is None:
        raise InputError(f"{subj.code} has not registered for {trk.key} in {year}",
                         field="--withdraw")
    if row[0] is not None:
        raise InputError(f"{subj.code}'s registration for {trk.key} {year} was already "
                         f"withdrawn on {row[0]}", field="--withdraw")
    with store.write() as c:
        c.execute("UPDATE registrations SET withdrawn_at = ? WHERE subject = ? AND track = ? "
                  "AND year = ?", (now(), subj.code, trk.key, year))
        store.audit("register.withdraw", subject=subj.code, year=year,
                    detail={"track": trk.key, "reason": clean(reason) or None})
    return {"subject": subj.code, "name": subj.name, "track": trk.key, "year": year,
            "withdrawn": True}


def registrations(store: Store, *, year: int | None = None, track: str | None = None,
                  unit: str | None = None, withdrawn: bool = True) -> list[dict[str, Any]]:
    """Registrations, filtered; `unit` keeps subjects of that unit's subtree."""
    where, params = ["1 = 1"], []
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
        policy.unit_row(store, unit)
        cte = SUBTREE_CTE
        params.insert(0, unit)
        where.append("COALESCE(p.unit, u.code) IN (SELECT code FROM sub)")
    sql = (cte + "SELECT r.year, r.track, r.subject, "
           "CASE WHEN p.code IS NULL THEN 'collective' ELSE 'person' END AS kind, "
           "COALESCE(p.full_name, u.name) AS name, COALESCE(p.unit, u.parent) AS unit, "
           "r.goal, r.registered_at, r.withdrawn_at FROM registrations r "
           "LEFT JOIN people p ON p.code = r.subject LEFT JOIN units u ON u.code = r.subject "
           f"WHERE {' AND '.join(where)} ORDER BY r.year, r.track, unit, r.subject")
    return [dict(r) for r in store.query(sql, params)]
