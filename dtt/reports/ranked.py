"""The ranked report: stored results grouped into one section per unit (or cluster), ordered,
filtered, each row with the decisive fact behind its status; as JSON or a render Document.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from dtt.errors import InputError
from dtt.render.model import Column, Document, Section
from dtt.reports import labels as L
from dtt.reports.data import (
    CriteriaInfo,
    UnitIndex,
    criteria_info,
    evaluation_meta,
    load_units,
    read_results,
    unit_sort_key,
)
from dtt.store import Store
from dtt.text import name_key

CONTRACT_KEYS = ("subject", "kind", "track", "name", "unit", "group", "eligible", "score",
                 "rank", "status")


@dataclass
class Group:
    unit: str
    name: str
    level: str | None
    results: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RankedReport:
    year: int
    criteria: dict[str, Any]
    scope: str
    groups: list[Group]
    lang: str
    units: UnitIndex
    info: CriteriaInfo
    results: list[dict[str, Any]]  # every current result of the year (for charts)


# --- scope ---------------------------------------------------------------------------------
def scope_groups(units: UnitIndex, spec: str) -> tuple[str, list[Group]]:
    """('level'|'cluster'|'unit', the empty groups) for a level key, `cluster`, or a unit code."""
    text = (spec or "").strip()
    if not text:
        raise InputError("give a level key, 'cluster' or a unit code", field="--unit")
    if text.lower() in ("cluster", "clusters"):
        return "cluster", [Group(k, c["name"], "cluster") for k, c in units.clusters.items()]
    if text.lower() in units.levels:
        level = text.lower()
        return "level", [Group(c, units.name(c), level) for c in units.of_level(level)]
    code = text if text in units.units else text.upper()
    if code in units.units:
        return "unit", [Group(code, units.name(code), units.level(code))]
    levels = ", ".join(units.levels)
    raise InputError(f"'{spec}' is neither a level ({levels}, cluster) nor a unit code",
                     field="--unit")


def placement(result: dict[str, Any]) -> str | None:
    """The unit a result belongs under: a collective is its own unit, a person its unit."""
    return result["subject"] if result.get("kind") == "collective" else result.get("unit")


def assign(units: UnitIndex, how: str, groups: list[Group],
           results: list[dict[str, Any]]) -> None:
    """Put each result in the group(s) whose subtree (or cluster) holds it."""
    by_key = {g.unit: g for g in groups}
    if how == "cluster":
        member_of: dict[str, list[str]] = {}
        for key, cluster in units.clusters.items():
            for unit in cluster["members"]:
                member_of.setdefault(unit, []).append(key)
        for result in results:
            seen: set[str] = set()
            for unit in units.lineage(placement(result)):
                for key in member_of.get(unit, []):
                    if key not in seen:
                        seen.add(key)
                        by_key[key].results.append(result)
        return
    if how == "level":
        level = groups[0].level if groups else None
        for result in results:
            home = units.at_level(placement(result), level or "")
            if home in by_key:
                by_key[home].results.append(result)
        return
    root = groups[0]
    root.results.extend(r for r in results if root.unit in units.lineage(placement(r)))


# --- order, filters, facts -----------------------------------------------------------------
def parse_statuses(text: str | None) -> set[str] | None:
    if not text:
        return None
    chosen = {s.strip().lower() for s in re.split(r"[,\s]+", text) if s.strip()}
    unknown = chosen - set(L.STATUS_ORDER)
    if unknown:
        raise InputError(f"unknown status '{sorted(unknown)[0]}' (use "
                         f"{', '.join(L.STATUS_ORDER)})", field="--status")
    return chosen


def name_order(results: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """(kind, name) → its place in Vietnamese order (people by given name), each name keyed
    once however many rows carry it."""
    people = {r.get("name") or "" for r in results if r.get("kind") == "person"}
    others = {r.get("name") or "" for r in results if r.get("kind") != "person"}
    order = {("person", n): i for i, n in enumerate(sorted(people, key=name_key))}
    order.update({("collective", n): i
                  for i, n in enumerate(sorted(others, key=unit_sort_key))})
    return order


def order_and_trim(info: CriteriaInfo, results: list[dict[str, Any]],
                   top: int | None) -> list[dict[str, Any]]:
    """Track (criteria order), status (best first), rank, Vietnamese name, code; then --top."""
    names = name_order(results)
    statuses = {s: i for i, s in enumerate(L.STATUS_ORDER)}
    tracks: dict[str, tuple[int, str]] = {}

    def key(r: dict[str, Any]) -> tuple:
        track = tracks.get(r["track"]) or tracks.setdefault(r["track"],
                                                            info.track_order(r["track"]))
        kind = "person" if r.get("kind") == "person" else "collective"
        rank = r["rank"] if isinstance(r.get("rank"), int) else math.inf
        return (track, statuses.get(r["status"], len(statuses)), rank,
                names.get((kind, r.get("name") or ""), 0), r["subject"])

    ordered = sorted(results, key=key)
    if top is None:
        return ordered
    kept: list[dict[str, Any]] = []
    per_track: dict[str, int] = {}
    for result in ordered:
        n = per_track.get(result["track"], 0)
        if n < top:
            kept.append(result)
            per_track[result["track"]] = n + 1
    return kept


def decisive_fact(units: UnitIndex, result: dict[str, Any], lang: str) -> str:
    """Why the row has its status: the vote, the quota position, or the first failed check."""
    status = result["status"]
    decision = result.get("decision")
    if decision and status in ("recognised", "rejected", "escalated"):
        text = L.t(lang, "votes", unit=decision.get("unit") or "", yes=decision["votes_for"],
                   members=decision["members"])
        if status == "escalated" and decision.get("escalated_to"):
            text += "; " + L.t(lang, "escalated_to", unit=units.name(decision["escalated_to"]))
        return text
    if not result.get("eligible"):
        return result.get("fail") or ""
    pos, limit = result.get("quota_pos"), result.get("quota_limit")
    if limit is None:
        return L.t(lang, "no_quota")
    pos_text = pos if pos is not None else "?"
    if status == "recommended" or (pos is not None and pos <= limit):
        return L.t(lang, "quota_in", pos=pos_text, limit=limit)
    return L.t(lang, "quota_out", pos=pos_text, limit=limit)


def status_summary(lang: str, results: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    parts = [f"{L.status_label(lang, s)} {counts[s]}" for s in L.STATUS_ORDER if s in counts]
    parts += [f"{s} {n}" for s, n in counts.items() if s not in L.STATUS_ORDER]
    head = f"{len(results)} {L.t(lang, 'candidates')}"
    return head + (": " + ", ".join(parts) if parts else "")


# --- building ------------------------------------------------------------------------------
def build_ranked(store: Store, unit_spec: str, year: int, *, track: str | None = None,
                 top: int | None = None, status: str | None = None,
                 lang: str = "vi", raw_checks: bool = False) -> RankedReport:
    """The ranked report for `year` (results must already be stored)."""
    lang = L.check_lang(lang)
    if top is not None and top < 1:
        raise InputError("must be 1 or more", field="--top")
    statuses = parse_statuses(status)
    units = load_units(store)
    how, groups = scope_groups(units, unit_spec)
    info = criteria_info(store)
    results = read_results(store, year, raw_checks=raw_checks)
    if track:
        known = {r["track"] for r in results} | set(info.tracks)
        if track not in known:
            raise InputError(f"unknown track '{track}' (tracks: {', '.join(sorted(known))})",
                             field="--track")
    chosen = [r for r in results if (not track or r["track"] == track)
              and (statuses is None or r["status"] in statuses)]
    for result in chosen:
        result["facts"] = decisive_fact(units, result, lang)
    assign(units, how, groups, chosen)
    for group in groups:
        group.results = order_and_trim(info, group.results, top)
    meta = evaluation_meta(store, year) or {}
    criteria = {"version": meta.get("criteria_version"), "sha256": meta.get("criteria_sha256")}
    return RankedReport(year, criteria, unit_spec, groups, lang, units, info, results)


def result_json(result: dict[str, Any]) -> str:
    """One result as one line of JSON; the stored checks are spliced in as they are (each has
    id, passed and detail, plus the label, source and values the engine read)."""
    out = {k: result.get(k) for k in CONTRACT_KEYS}
    limit = result.get("quota_limit")
    out["quota"] = None if limit is None else {"position": result.get("quota_pos"),
                                               "limit": limit}
    out["facts"] = result.get("facts")
    decision = result.get("decision")
    if decision:
        out["decision"] = {k: decision.get(k) for k in (
            "unit", "members", "votes_for", "votes_against", "outcome", "escalated_to",
            "decided_at")}
    text = json.dumps(out, ensure_ascii=False)
    checks = result.get("checks_json")
    if checks is None:
        checks = json.dumps(result.get("checks") or [], ensure_ascii=False)
    return text[:-1] + ', "checks": ' + checks + "}"


def ranked_json_text(report: RankedReport) -> str:
    """The JSON document: the frame indented, one result per line (fast on 100,000 rows)."""
    head = json.dumps({"year": report.year, "criteria": report.criteria,
                       "scope": report.scope}, ensure_ascii=False, indent=2)
    groups = []
    for g in report.groups:
        frame = json.dumps({"unit": g.unit, "name": g.name, "level": g.level},
                           ensure_ascii=False)[:-1]
        lines = ",\n".join("      " + result_json(r) for r in g.results)
        body = f'"results": [\n{lines}\n    ]' if lines else '"results": []'
        groups.append(f"    {frame}, {body}}}")
    joined = ",\n".join(groups)
    return head[:-2] + ',\n  "groups": [\n' + joined + ("\n  ]\n}\n" if groups else "]\n}\n")


def columns(lang: str, wide: bool = False) -> list[Column]:
    """The row columns; `wide` (csv, xlsx) adds the codes beside the labels."""
    codes = [Column("subject", "subject"), Column("unit", "unit"), Column("track", "track"),
             Column("status", "status")] if wide else []
    return [
        Column("rank", L.t(lang, "rank"), "right"),
        Column("name", L.t(lang, "name"), max_width=22),
        Column("unit_name", L.t(lang, "unit"), max_width=18),
        Column("track_short", L.t(lang, "track"), max_width=12),
        Column("score", L.t(lang, "score"), "right"),
        Column("status_label", L.t(lang, "status"), max_width=12),
        Column("facts", L.t(lang, "facts"), max_width=32),
        *codes,
    ]


def display_row(report: RankedReport, result: dict[str, Any]) -> dict[str, Any]:
    units, lang = report.units, report.lang
    unit = result.get("unit")
    if unit == result["subject"]:
        unit = (units.units.get(unit) or {}).get("parent")
    score = result.get("score")
    return {
        "rank": result.get("rank"), "name": result.get("name"), "unit_name": units.name(unit),
        "track_short": L.track_short(lang, result["track"]),
        "score": round(score, 2) if isinstance(score, float) else score,
        "status_label": L.status_label(lang, result["status"]), "facts": result.get("facts"),
        # for the other writers (csv/xlsx keep the codes next to the labels)
        "subject": result["subject"], "unit": result.get("unit"), "track": result["track"],
        "status": result["status"],
    }


def ranked_document(report: RankedReport, wide: bool = False) -> Document:
    lang = report.lang
    sections = []
    for group in report.groups:
        title = group.name if group.name == group.unit else f"{group.name} ({group.unit})"
        rows = [display_row(report, r) for r in group.results]
        sections.append(Section(title, columns(lang, wide), rows, key=group.unit,
                                summary=status_summary(lang, group.results)))
    return Document(L.t(lang, "ranked_title", year=report.year), sections,
                    subtitle=criteria_line(report))


def criteria_line(report: RankedReport) -> str:
    version = report.criteria.get("version")
    if not version:
        return L.t(report.lang, "no_evaluation")
    sha = (report.criteria.get("sha256") or "")[:12]
    return L.t(report.lang, "criteria", version=version, sha=sha)
