"""Reading stored results back: the current result per (year, subject, track), with the
latest council decision laid over its status."""

from __future__ import annotations

import json
from typing import Any

from dtt.records import latest_year
from dtt.store import Store
from dtt.text import name_key, sort_key
from dtt.units import subtree_codes

__all__ = ["current_results", "latest_year", "latest_evaluation", "decisions_of"]


def decisions_of(store: Store, year: int, track: str | None = None) -> dict[tuple[str, str],
                                                                             dict[str, Any]]:
    """(track, subject) → the latest decision row for `year`."""
    sql = "SELECT * FROM decisions WHERE year = ?"
    params: list[Any] = [year]
    if track:
        sql += " AND track = ?"
        params.append(track)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.query(sql + " ORDER BY decided_at, id", params):
        out[(row["track"], row["subject"])] = dict(row)
    return out


def current_results(store: Store, year: int, track: str | None = None,
                    unit: str | None = None) -> list[dict[str, Any]]:
    """The current stored results of `year` (optionally one track, one unit's subtree), each
    {subject, kind, track, name, unit, group, eligible, score, rank, status, checks, quota,
    score_terms, origin, evaluation_id, criteria_version, criteria_sha256, decision}, ordered
    by track, group, rank (eligible first), then name. A council decision replaces `status` by
    its outcome (recognised / rejected / escalated); the engine's verdict stays in
    `engine_status`."""
    sql = """
        SELECT r.*, COALESCE(p.full_name, u.name) AS name,
               e.criteria_version, e.criteria_sha256
        FROM results r
        LEFT JOIN people p ON r.kind = 'person' AND p.code = r.subject
        LEFT JOIN units u ON r.kind = 'collective' AND u.code = r.subject
        JOIN evaluations e ON e.id = r.evaluation_id
        WHERE r.current = 1 AND r.year = ?"""
    params: list[Any] = [year]
    if track:
        sql += " AND r.track = ?"
        params.append(track)
    if unit:
        sql += " AND r.unit IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(subtree_codes(store, unit)))
    decided = decisions_of(store, year, track)
    out = []
    for row in store.query(sql, params):
        ranking = json.loads(row["quota"]) if row["quota"] else {}
        legacy = ranking.pop("score_terms", [])  # schema 1 kept the breakdown in quota
        terms = json.loads(row["score_terms"]) if row["score_terms"] is not None else legacy
        origin = ranking.pop("origin", None)
        quota = ranking if ranking.get("limit") is not None else None
        item = {
            "subject": row["subject"], "kind": row["kind"], "track": row["track"],
            "name": row["name"] or row["subject"], "unit": row["unit"], "group": row["grp"],
            "eligible": bool(row["eligible"]), "score": row["score"], "rank": row["rank"],
            "status": row["status"], "engine_status": row["status"],
            "checks": json.loads(row["checks"]), "quota": quota, "score_terms": terms,
            "origin": origin, "evaluation_id": row["evaluation_id"],
            "criteria_version": row["criteria_version"],
            "criteria_sha256": row["criteria_sha256"], "decision": None,
        }
        decision = decided.get((row["track"], row["subject"]))
        if decision is not None:
            item["status"] = decision["outcome"]
            item["decision"] = {k: decision[k] for k in (
                "id", "unit", "members", "votes_for", "votes_against", "outcome",
                "escalated_to", "detail", "decided_at")}
        out.append(item)
    out.sort(key=_order)
    return out


def _order(item: dict[str, Any]) -> tuple:
    name = name_key(item["name"]) if item["kind"] == "person" else sort_key(item["name"])
    return (item["track"], item["group"] or "", item["rank"] is None, item["rank"] or 0, name,
            item["subject"])


def latest_evaluation(store: Store, year: int | None = None) -> dict[str, Any] | None:
    """The latest stored evaluation run (of `year` if given)."""
    sql = "SELECT * FROM evaluations"
    params: list[Any] = []
    if year is not None:
        sql += " WHERE year = ?"
        params.append(year)
    row = store.one(sql + " ORDER BY id DESC LIMIT 1", params)
    if row is None:
        return None
    out = dict(row)
    out["summary"] = json.loads(out["summary"]) if out["summary"] else None
    return out
