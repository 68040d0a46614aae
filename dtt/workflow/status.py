"""Where a candidate stands: its stored evaluation and its councils' decisions.

The lifecycle per subject, track and year is registered → nominated → evaluated (ineligible /
eligible / recommended) → recognised / rejected / escalated. Evaluation statuses come from the
engine's stored results; a council's decision overlays them (the latest decision wins).
"""

from __future__ import annotations

import json
from typing import Any

from dtt.store import Store

EVALUATED = ("ineligible", "eligible", "recommended")
DECIDED = ("recognised", "rejected", "escalated")
ELIGIBLE = ("eligible", "recommended")


def evaluation(store: Store, year: int, track: str, subject: str) -> dict[str, Any] | None:
    """The current stored result of the last evaluation that covered this candidate, as the
    engine stored it (status before any council decision), or None if never evaluated."""
    row = store.one(
        "SELECT r.evaluation_id, r.status, r.eligible, r.score, r.rank, r.quota, r.grp, "
        "r.checks, e.run_at, e.criteria_version FROM results r JOIN evaluations e "
        "ON e.id = r.evaluation_id WHERE r.current = 1 AND r.year = ? AND r.track = ? "
        "AND r.subject = ? ORDER BY r.evaluation_id DESC LIMIT 1", (year, track, subject))
    if row is None:
        return None
    out = dict(row)
    out["checks"] = json.loads(out["checks"] or "[]")
    out["eligible"] = bool(out["eligible"])
    return out


def failing(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in result.get("checks", []) if not c.get("passed")]


def decisions(store: Store, year: int, track: str, subject: str) -> list[dict[str, Any]]:
    """Every council decision on this candidate, oldest first."""
    rows = store.query("SELECT * FROM decisions WHERE year = ? AND track = ? AND subject = ? "
                       "ORDER BY id", (year, track, subject))
    return [_decision(r) for r in rows]


def _decision(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["detail"] = json.loads(out["detail"]) if out.get("detail") else None
    return out


def recognitions(store: Store, subject: str, up_to: int | None = None) -> list[dict[str, Any]]:
    """The (year, track) pairs whose latest decision recognised `subject`."""
    sql = ("SELECT d.* FROM decisions d WHERE d.subject = ? AND d.id = (SELECT MAX(id) FROM "
           "decisions x WHERE x.subject = d.subject AND x.track = d.track AND x.year = d.year) "
           "AND d.outcome = 'recognised'")
    params: list[Any] = [subject]
    if up_to is not None:
        sql += " AND d.year <= ?"
        params.append(up_to)
    return [_decision(r) for r in store.query(sql + " ORDER BY d.year, d.track", params)]


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
    latest = store.one("SELECT outcome FROM decisions WHERE year = ? AND track = ? AND "
                       "subject = ? ORDER BY id DESC LIMIT 1", (year, track, subject))
    result = evaluation(store, year, track, subject)
    nominated = store.scalar("SELECT 1 FROM nominations WHERE year = ? AND track = ? AND "
                             "subject = ? AND withdrawn = 0", (year, track, subject))
    registered = store.scalar("SELECT 1 FROM registrations WHERE year = ? AND track = ? AND "
                              "subject = ? AND withdrawn_at IS NULL", (year, track, subject))
    return stage_of(latest[0] if latest else None, result["status"] if result else None,
                    bool(nominated), bool(registered))


def locked_years(store: Store) -> list[int]:
    """Years in which a council has decided (records import refuses them without --force)."""
    return [r[0] for r in store.query("SELECT DISTINCT year FROM decisions ORDER BY year")]
