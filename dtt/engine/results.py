"""Reading stored results back: the current result per (year, subject, track), with the
latest council decision laid over its status."""

from __future__ import annotations

import json
from typing import Any

from dtt.records import latest_year
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import results as store_results
from dtt.text import name_key, sort_key

__all__ = ["current_results", "latest_year", "latest_evaluation", "decisions_of"]

_DECISION_KEYS = ("id", "unit", "members", "votes_for", "votes_against", "outcome",
                  "escalated_to", "detail", "decided_at")


def decisions_of(store: Store, year: int, track: str | None = None) -> dict[tuple[str, str],
                                                                             dict[str, Any]]:
    """(track, subject) → the latest decision row for `year` (the `latest_decisions` view)."""
    return {(row["track"], row["subject"]): row
            for row in store_results.latest_decisions(store, year, track)}


def current_results(store: Store, year: int, track: str | None = None,
                    unit: str | None = None) -> list[dict[str, Any]]:
    """The current stored results of `year` (optionally one track, one unit's subtree), each
    {subject, kind, track, name, unit, group, eligible, score, rank, status, engine_status,
    checks, quota, score_terms, origin, evaluation_id, criteria_version, criteria_sha256,
    decision}, ordered by track, group, rank (eligible first), then name. A council decision
    replaces `status` by its outcome (recognised / rejected / escalated); the engine's verdict
    stays in `engine_status`."""
    units = UnitTree.load(store, year).subtree(unit) if unit else None
    rows = store_results.standings(store, year, track, units)
    decided = decisions_of(store, year, track) if any(
        row["decision_id"] is not None for row in rows) else {}
    out = []
    for row in rows:
        ranking = json.loads(row["quota"]) if row["quota"] else {}
        legacy = ranking.pop("score_terms", [])  # schema 1 kept the breakdown in quota
        terms = json.loads(row["score_terms"]) if row["score_terms"] is not None else legacy
        origin = ranking.pop("origin", None)
        tie = ranking.pop("tie", None)
        quota = ranking if ranking.get("limit") is not None else None
        item = {
            "subject": row["subject"], "kind": row["kind"], "track": row["track"],
            "name": row["name"] or row["subject"], "unit": row["unit"], "group": row["grp"],
            "eligible": bool(row["eligible"]), "score": row["score"], "rank": row["rank"],
            "status": row["status"], "engine_status": row["engine_status"],
            "checks": json.loads(row["checks"]), "quota": quota, "score_terms": terms,
            "origin": origin, "evaluation_id": row["evaluation_id"],
            "criteria_version": row["criteria_version"],
            "criteria_sha256": row["criteria_sha256"], "decision": None,
        }
        if tie:
            item["tie"] = tie
        if row["decision_id"] is not None:
            decision = decided[(row["track"], row["subject"])]
            item["decision"] = {k: decision[k] for k in _DECISION_KEYS}
        out.append(item)
    out.sort(key=_order)
    return out


def _order(item: dict[str, Any]) -> tuple:
    name = name_key(item["name"]) if item["kind"] == "person" else sort_key(item["name"])
    return (item["track"], item["group"] or "", item["rank"] is None, item["rank"] or 0, name,
            item["subject"])


def latest_evaluation(store: Store, year: int | None = None) -> dict[str, Any] | None:
    """The latest stored evaluation run (of `year` if given), its summary parsed."""
    out = store_results.latest_evaluation(store, year)
    if out is None:
        return None
    out["summary"] = json.loads(out["summary"]) if out["summary"] else None
    return out
