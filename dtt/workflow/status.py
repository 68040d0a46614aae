"""Where a candidate stands: its stored evaluation and its councils' decisions.

The lifecycle per subject, track and year is registered → nominated → evaluated (ineligible /
eligible / recommended) → recognised / rejected / escalated. Evaluation statuses come from the
engine's stored results; a council's decision overlays them (the latest decision wins: the
`latest_decisions` view, read through `dtt.store.decisions`).
"""

from __future__ import annotations

from typing import Any

from dtt.store import Store
from dtt.store import decisions as store_decisions
from dtt.store import workflow as store_workflow

ELIGIBLE = ("eligible", "recommended")


def evaluation(store: Store, year: int, track: str, subject: str) -> dict[str, Any] | None:
    """The current stored result of the last evaluation that covered this candidate, as the
    engine stored it (status before any council decision), or None if never evaluated."""
    return store_workflow.evaluation(store, year, track, subject)


def failing(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks of a result that did not pass."""
    return [c for c in result.get("checks", []) if not c.get("passed")]


def decisions(store: Store, year: int, track: str, subject: str) -> list[dict[str, Any]]:
    """Every council decision on this candidate, oldest first."""
    return store_decisions.history(store, year, track, subject)


def recognitions(store: Store, subject: str, up_to: int | None = None) -> list[dict[str, Any]]:
    """The decisions recognising `subject` that are the latest for their (year, track), by
    year and track; years ≤ `up_to` if given."""
    return store_decisions.recognitions(store, subject, up_to)


def stage_of(outcome: str | None, evaluated: str | None, nominated: bool,
             registered: bool) -> str | None:
    """The furthest lifecycle stage: a decision's outcome, else the evaluation's status, else
    `nominated`, else `registered`, else None."""
    if outcome:
        return outcome
    if evaluated:
        return evaluated
    if nominated:
        return "nominated"
    return "registered" if registered else None


def stage(store: Store, year: int, track: str, subject: str) -> str | None:
    """Where one candidate stands for one track and year (see `stage_of`)."""
    latest = store_decisions.latest(store, year, track, subject)
    result = evaluation(store, year, track, subject)
    return stage_of(latest["outcome"] if latest else None, result["status"] if result else None,
                    store_workflow.is_nominated(store, year, track, subject),
                    store_workflow.is_registered(store, year, track, subject))


def locked_years(store: Store) -> list[int]:
    """Years in which a council has decided (records import refuses them without --force)."""
    return store_decisions.locked_years(store)
