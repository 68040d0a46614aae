"""One subject's whole story, year by year: records, registrations, nominations, verdicts,
decisions, fostering and replications."""

from __future__ import annotations

import json
from typing import Any

from dtt.store import Store
from dtt.workflow import policy, status


def _rows(store: Store, sql: str, params: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in store.query(sql, params)]


def who(store: Store, subj: policy.Subject) -> dict[str, Any]:
    """Name, unit, position, the unit a person heads or the head(s) of a unit, group unit."""
    out = subj.as_dict()
    out["unit_name"] = store.scalar("SELECT name FROM units WHERE code = ?", (subj.unit,))
    out["path"] = list(reversed(policy.ancestors(store, subj.unit)))
    out["group"] = policy.group_unit(store, subj)
    if subj.kind == "person":
        out["heads_name"] = (store.scalar("SELECT name FROM units WHERE code = ?", (subj.heads,))
                             if subj.heads else None)
    else:
        out["parent"] = subj.parent
        out["heads"] = [dict(r) for r in store.query(
            "SELECT code, full_name, position FROM people WHERE heads = ? ORDER BY code",
            (subj.code,))]
        out["people"] = store.scalar("SELECT COUNT(*) FROM people WHERE unit = ?", (subj.code,))
    return out


def _stages(entry: dict[str, Any]) -> dict[str, str]:
    """track -> lifecycle stage (registered → nominated → evaluated → decided) in one year."""
    outcome = {d["track"]: d["outcome"] for d in entry["decisions"]}
    evaluated = {r["track"]: r["evaluated_status"] for r in entry["results"]}
    nominated = {n["track"] for n in entry["nominations"] if not n["withdrawn"]}
    registered = {r["track"] for r in entry["registrations"] if not r["withdrawn_at"]}
    tracks = sorted(set(outcome) | set(evaluated) | nominated | registered)
    out = {}
    for track in tracks:
        found = status.stage_of(outcome.get(track), evaluated.get(track), track in nominated,
                                track in registered)
        if found:
            out[track] = found
    return out


def story(store: Store, subject: str) -> dict[str, Any]:
    """Everything dtt knows about `subject`, grouped by year (oldest first)."""
    subj = policy.subject(store, subject)
    code = subj.code
    years: dict[int, dict[str, Any]] = {}

    def year(y: int) -> dict[str, Any]:
        return years.setdefault(y, {
            "year": y, "record": None, "registrations": [], "nominations": [], "results": [],
            "decisions": [], "fostering": [], "replications": [], "adopted": []})

    for r in store.query("SELECT year, data, source FROM records WHERE subject = ?", (code,)):
        year(r[0])["record"] = {**json.loads(r[1]), "_source": r[2]}
    for r in _rows(store, "SELECT year, track, goal, registered_at, withdrawn_at FROM "
                   "registrations WHERE subject = ? ORDER BY track", (code,)):
        year(r.pop("year"))["registrations"].append(r)
    for r in _rows(store, "SELECT n.year, n.track, n.unit, n.origin, n.reason, n.withdrawn "
                   "FROM nominations n JOIN units u ON u.code = n.unit WHERE n.subject = ? "
                   "ORDER BY n.track, u.position", (code,)):
        r["withdrawn"] = bool(r["withdrawn"])
        year(r.pop("year"))["nominations"].append(r)
    decided: dict[tuple[int, str], str] = {}
    for r in _rows(store, "SELECT * FROM decisions WHERE subject = ? ORDER BY id", (code,)):
        detail = json.loads(r.pop("detail") or "{}")
        r["checks"] = detail.get("checks", [])
        r["source"] = detail.get("rule", {}).get("source")
        decided[(r["year"], r["track"])] = r["outcome"]
        r.pop("subject")
        year(r.pop("year"))["decisions"].append(r)
    for r in _rows(store, "SELECT r.year, r.track, r.status, r.eligible, r.score, r.rank, "
                   "r.quota, r.grp, r.checks, r.evaluation_id, e.run_at, e.criteria_version "
                   "FROM results r JOIN evaluations e ON e.id = r.evaluation_id "
                   "WHERE r.subject = ? AND r.current = 1 ORDER BY r.track", (code,)):
        checks = json.loads(r.pop("checks") or "[]")
        r["eligible"] = bool(r["eligible"])
        r["evaluated_status"] = r["status"]
        r["status"] = decided.get((r["year"], r["track"]), r["status"])
        r["failing"] = [{"id": c.get("id"), "detail": c.get("detail"),
                         "source": c.get("source")} for c in checks if not c.get("passed")]
        year(r.pop("year"))["results"].append(r)
    for r in _rows(store, "SELECT id, year, goal, support, created_at FROM fostering "
                   "WHERE subject = ? ORDER BY id", (code,)):
        year(r.pop("year"))["fostering"].append(r)
    for r in _rows(store, "SELECT r.year, r.to_unit, u.name AS to_name, r.form, r.note "
                   "FROM replications r JOIN units u ON u.code = r.to_unit WHERE r.subject = ? "
                   "ORDER BY r.id", (code,)):
        year(r.pop("year"))["replications"].append(r)
    if subj.kind == "collective":
        for r in _rows(store, "SELECT r.year, r.subject, COALESCE(p.full_name, u.name) AS name, "
                       "r.form, r.note FROM replications r LEFT JOIN people p ON "
                       "p.code = r.subject LEFT JOIN units u ON u.code = r.subject "
                       "WHERE r.to_unit = ? ORDER BY r.id", (code,)):
            year(r.pop("year"))["adopted"].append(r)
    for entry in years.values():
        rec = entry["record"] or {}
        entry["title"] = rec.get("title")
        entry["rating"] = rec.get("rating")
        entry["stages"] = _stages(entry)
    return {**who(store, subj), "years": [years[y] for y in sorted(years)]}
