"""Fostering plans (kế hoạch bồi dưỡng): the goals and support a council plans for a candidate."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store, now
from dtt.store import workflow as store_workflow
from dtt.text import clean
from dtt.workflow import policy


def is_candidate(store: Store, subject: str, year: int) -> bool:
    """Registered or nominated in `year` (neither withdrawn), or evaluated for it."""
    return store_workflow.is_candidate(store, subject, year)


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
    with store.write():
        plan = store_workflow.insert_plan(store, subj.code, year, text, helps, stamp)
        store.audit("foster", subject=subj.code, year=year,
                    detail={"plan": plan, "goal": text, "support": helps})
    return {"id": plan, "subject": subj.code, "name": subj.name, "year": year,
            "goal": text, "support": helps, "created_at": stamp}


def plans(store: Store, *, year: int | None = None, unit: str | None = None,
          subject: str | None = None) -> list[dict[str, Any]]:
    """Fostering plans with the candidate's name, unit and current standing per track (the
    `standings` view: the latest council decision if any, else the evaluation's status)."""
    if unit is not None:
        policy.unit_row(store, unit)
    rows = policy.placed(store, store_workflow.plans(store, year=year, subject=subject),
                         unit)  # each year's own tree and roster
    rows.sort(key=lambda r: (r["year"], r["unit"] or "", r["subject"], r["id"]))
    return rows
