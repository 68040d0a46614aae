"""One subject's whole story, year by year: records, registrations, nominations, verdicts,
decisions, fostering and replications."""

from __future__ import annotations

from typing import Any

from dtt.lineage import Lineage
from dtt.store import Store
from dtt.store import decisions as store_decisions
from dtt.store import history as store_history
from dtt.store import workflow as store_workflow
from dtt.workflow import policy, status


def who(store: Store, subj: policy.Subject) -> dict[str, Any]:
    """Name, unit, position, the unit a person heads or the head(s) of a unit, group unit."""
    out = subj.as_dict()
    out["unit_name"] = store_workflow.unit_name(store, subj.unit)
    out["path"] = list(reversed(policy.ancestors(store, subj.unit)))
    out["group"] = policy.group_unit(store, subj)
    if subj.kind == "person":
        out["heads_name"] = store_workflow.unit_name(store, subj.heads) if subj.heads else None
    else:
        out["parent"] = subj.parent
        out["heads"] = store_workflow.heads_of(store, subj.code)
        out["people"] = store_workflow.headcount(store, subj.code)
    return out


def _stages(entry: dict[str, Any], outcome: dict[str, str]) -> dict[str, str]:
    """track -> lifecycle stage (registered → nominated → evaluated → decided) in one year;
    `outcome`: track -> the latest decision's outcome that year."""
    evaluated = {r["track"]: r["evaluated_status"] for r in entry["results"]}
    nominated = {n["track"] for n in entry["nominations"] if not n["withdrawn"]}
    registered = {r["track"] for r in entry["registrations"] if not r["withdrawn_at"]}
    tracks = sorted(set(outcome) | set(evaluated) | nominated | registered)
    out: dict[str, str] = {}
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

    for y, data, source in store_workflow.records_of(store, code):
        year(y)["record"] = {**data, "_source": source}
    for r in store_workflow.registrations_of(store, code):
        year(r.pop("year"))["registrations"].append(r)
    for r in store_workflow.nominations_of(store, code):
        year(r.pop("year"))["nominations"].append(r)
    for r in store_decisions.of_subject(store, code):
        detail = r.pop("detail") or {}
        r["checks"] = detail.get("checks", [])
        r["source"] = detail.get("rule", {}).get("source")
        r.pop("subject")
        year(r.pop("year"))["decisions"].append(r)
    for r in store_workflow.standings_of(store, code):  # status: the latest decision applied
        checks = r.pop("checks")
        r["failing"] = [{"id": c.get("id"), "detail": c.get("detail"),
                         "source": c.get("source")} for c in checks if not c.get("passed")]
        year(r.pop("year"))["results"].append(r)
    for r in store_workflow.plans_of(store, code):
        year(r.pop("year"))["fostering"].append(r)
    for r in store_workflow.replications_of(store, code):
        year(r.pop("year"))["replications"].append(r)
    if subj.kind == "collective":
        for r in store_workflow.adopted_by(store, code):
            year(r.pop("year"))["adopted"].append(r)
    latest = store_decisions.latest_outcomes(store, code)
    for entry in years.values():
        rec = entry["record"] or {}
        entry["title"] = rec.get("title")
        entry["rating"] = rec.get("rating")
        entry["stages"] = _stages(entry, {t: o for (y, t), o in latest.items()
                                          if y == entry["year"]})
    out = {**who(store, subj), "years": [years[y] for y in sorted(years)]}
    if subj.kind == "person":
        roster = store_history.roster_of(store, code)
        out["roster"] = [{"year": y, "unit": u, "position": p, "heads": h}
                         for y, u, p, h in roster]
        for entry in out["years"]:  # the unit as of each year (the first roster before it)
            held = [r for r in roster if r[0] <= entry["year"]] or roster[:1]
            if held:
                entry["unit"], entry["heads"] = held[-1][1], held[-1][3]
    else:
        out["lineage"] = Lineage.load(store).history(code)
    return out
