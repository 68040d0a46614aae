"""Registration (đăng ký): a subject registers early in a year to strive for a track, with goals."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store, now
from dtt.store import workflow as store_workflow
from dtt.text import clean
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
    before = store_workflow.registration(store, subj.code, trk.key, year)
    with store.write():
        store_workflow.upsert_registration(store, subj.code, trk.key, year, text, now())
        store.audit("register", subject=subj.code, year=year,
                    detail={"track": trk.key, "goal": text, "before": before})
    return {"subject": subj.code, "name": subj.name, "track": trk.key, "year": year,
            "goal": text, "renewed": before is not None}


def withdraw(store: Store, subject: str, *, track: str, year: int | None,
             reason: str | None = None) -> dict[str, Any]:
    """Withdraw a registration (kept, with the time it was withdrawn)."""
    if year is None:
        raise InputError("give the year of the registration", field="--year")
    subj = policy.subject(store, subject)
    trk = policy.track(store, track, year)
    row = store_workflow.registration(store, subj.code, trk.key, year)
    if row is None:
        raise InputError(f"{subj.code} has not registered for {trk.key} in {year}",
                         field="--withdraw")
    if row["withdrawn_at"] is not None:
        raise InputError(f"{subj.code}'s registration for {trk.key} {year} was already "
                         f"withdrawn on {row['withdrawn_at']}", field="--withdraw")
    with store.write():
        store_workflow.withdraw_registration(store, subj.code, trk.key, year, now())
        store.audit("register.withdraw", subject=subj.code, year=year,
                    detail={"track": trk.key, "reason": clean(reason) or None})
    return {"subject": subj.code, "name": subj.name, "track": trk.key, "year": year,
            "withdrawn": True}


def registrations(store: Store, *, year: int | None = None, track: str | None = None,
                  unit: str | None = None, withdrawn: bool = True) -> list[dict[str, Any]]:
    """Registrations, filtered; `unit` keeps subjects of that unit's subtree in the year of
    the registration (each with its unit of that year); `withdrawn=False` leaves withdrawn
    ones out."""
    if unit is not None:
        policy.unit_row(store, unit)
    rows = policy.placed(store, store_workflow.registrations(
        store, year=year, track=track, withdrawn=withdrawn), unit)  # each year's own tree
    rows.sort(key=lambda r: (r["year"], r["track"], r["unit"] or "", r["subject"]))
    return rows
