"""The ranked report: stored results grouped into one section per unit (or cluster), ordered,
filtered, each row with the decisive fact behind its status (written out by ranked_out).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dtt.domain import COUNCIL_OUTCOMES
from dtt.errors import InputError
from dtt.render.explain import Vocabulary, fail_text
from dtt.reports import labels as L
from dtt.reports.data import (
    CriteriaInfo,
    UnitIndex,
    count_results,
    criteria_info,
    evaluation_meta,
    load_units,
    read_results,
    year_tracks,
)
from dtt.reports.order import order_results, parse_statuses, trim
from dtt.store import Store

CONTRACT_KEYS = ("subject", "kind", "track", "name", "unit", "group", "eligible", "score",
                 "rank", "status")


@dataclass
class Group:
    unit: str
    name: str
    level: str | None
    results: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0  # results left out by the default status choice (the ineligible)
    before_top: list[dict[str, Any]] | None = None  # the shown results before --top cut them


@dataclass
class RankedReport:
    year: int
    criteria: dict[str, Any]
    scope: str
    groups: list[Group]
    lang: str
    units: UnitIndex
    info: CriteriaInfo
    results: list[dict[str, Any]]  # the results read (every_result: all of the year's)


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


def locator(units: UnitIndex, how: str,
            groups: list[Group]) -> Callable[[str | None], list[Group]]:
    """place (a unit code) → the groups whose subtree (or cluster) holds it; each place is
    looked up once."""
    by_key = {g.unit: g for g in groups}
    member_of: dict[str, list[str]] = {}
    if how == "cluster":
        for key, cluster in units.clusters.items():
            for unit in cluster["members"]:
                member_of.setdefault(unit, []).append(key)
    level = groups[0].level if groups else None
    found: dict[str | None, list[Group]] = {}

    def find(place: str | None) -> list[Group]:
        hit = found.get(place)
        if hit is not None:
            return hit
        if how == "cluster":
            keys = dict.fromkeys(k for u in units.lineage(place) for k in member_of.get(u, []))
            hit = [by_key[k] for k in keys]
        elif how == "level":
            home = units.at_level(place, level or "")
            hit = [by_key[home]] if home in by_key else []
        else:
            hit = groups[:1] if groups and groups[0].unit in units.lineage(place) else []
        found[place] = hit
        return hit

    return find


# --- facts ---------------------------------------------------------------------------------
def decisive_fact(units: UnitIndex, result: dict[str, Any], lang: str,
                  vocab: Vocabulary | None = None) -> str:
    """Why the row has its status: the vote, the quota position, or the first failed check
    (in Vietnamese written again from its stored detail)."""
    status = result["status"]
    decision = result.get("decision")
    if decision and status in COUNCIL_OUTCOMES:
        text = L.t(lang, "votes", unit=decision.get("unit") or "", yes=decision["votes_for"],
                   members=decision["members"])
        if status == "escalated" and decision.get("escalated_to"):
            text += "; " + L.t(lang, "escalated_to", unit=units.name(decision["escalated_to"]))
        if '"over_quota"' in str(decision.get("detail") or ""):  # recognised beyond the quota
            beyond = json.loads(decision["detail"]).get("over_quota") or {}
            text += "; " + L.t(lang, "over_quota", reason=beyond.get("reason") or "")
        return text
    if not result.get("eligible"):
        return fail_text(result.get("fail") or "", lang, vocab)
    pos, limit = result.get("quota_pos"), result.get("quota_limit")
    if limit is None:
        return L.t(lang, "no_quota")
    pos_text = pos if pos is not None else "?"
    if status == "recommended" or (pos is not None and pos <= limit):
        return L.t(lang, "quota_in", pos=pos_text, limit=limit)
    return L.t(lang, "quota_out", pos=pos_text, limit=limit)


def status_summary(lang: str, results: list[dict[str, Any]], hidden: int = 0,
                   shown: int | None = None) -> str:
    """'12 ứng viên: Đề nghị 3, Đủ điều kiện 1, 8 không đạt (dùng --status all để xem)'.

    `results` are all the section's results of the chosen statuses (before --top); `shown`,
    when --top kept fewer, says how many are listed."""
    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    parts = [f"{L.status_label(lang, s)} {L.count(counts[s], lang)}" for s in L.STATUS_ORDER
             if s in counts]
    parts += [f"{L.status_label(lang, s)} {L.count(n, lang)}" for s, n in counts.items()
              if s not in L.STATUS_ORDER]
    if hidden:
        parts.append(L.t(lang, "hidden_ineligible", n=L.count(hidden, lang)))
    head = f"{L.count(len(results) + hidden, lang)} {L.t(lang, 'candidates')}"
    tail = ""
    if shown is not None and shown < len(results):
        tail = "; " + L.t(lang, "top_shown", n=L.count(shown, lang))
    return head + (": " + ", ".join(parts) if parts else "") + tail


# --- building ------------------------------------------------------------------------------
def check_options(store: Store, unit_spec: str | None, year: int, *, track: str | None = None,
                  top: int | None = None, status: str | None = None) -> None:
    """Refuse bad report options before anything is evaluated or stored."""
    if top is not None and top < 1:
        raise InputError("must be 1 or more", field="--top")
    parse_statuses(status)
    if unit_spec is not None:  # the units of the year's own tree
        year_units = load_units(store, year)
        code = unit_spec.strip()
        if code not in year_units.units and code.upper() not in year_units.units \
                and code.lower() not in year_units.levels:
            every = load_units(store)
            if code in every.units or code.upper() in every.units:
                from dtt.lineage import Lineage

                code = code if code in every.units else code.upper()
                now = Lineage.load(store).follow(code, year_units.tree.units)
                where = f"; its units are under {now} that year" if now in year_units.units \
                    else ""
                raise InputError(f"unit '{code}' is not in force in {year}{where}",
                                 field="--unit")
        scope_groups(year_units, unit_spec)
    if track:
        known = set(year_tracks(store, year)) | set(criteria_info(store).tracks)
        if track not in known:
            raise InputError(f"unknown track '{track}' (tracks: {', '.join(sorted(known))})",
                             field="--track")


@contextmanager
def without_gc() -> Iterator[None]:
    """Python's cycle collector paused while a report builds tens of thousands of rows that
    hold no cycles (it would scan them again and again: about a tenth of the time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_ranked(store: Store, unit_spec: str, year: int, *, track: str | None = None,
                 top: int | None = None, status: str | None = None,
                 lang: str = "vi", raw_checks: bool = False,
                 every_result: bool = False) -> RankedReport:
    """The ranked report for `year` (results must already be stored).

    `status` None leaves the ineligible out (each section's summary still counts them),
    `all` keeps every result. Only the shown results are read, unless `every_result` (the
    HTML charts): then `report.results` holds every current result of the year.
    """
    with without_gc():
        return _build_ranked(store, unit_spec, year, track=track, top=top, status=status,
                             lang=lang, raw_checks=raw_checks, every_result=every_result)


def _build_ranked(store: Store, unit_spec: str, year: int, *, track: str | None,
                  top: int | None, status: str | None, lang: str, raw_checks: bool,
                  every_result: bool) -> RankedReport:
    lang = L.check_lang(lang)
    if top is not None and top < 1:
        raise InputError("must be 1 or more", field="--top")
    choice = parse_statuses(status)
    units = load_units(store, year)
    how, groups = scope_groups(units, unit_spec)
    info = criteria_info(store)
    if track:
        known = set(year_tracks(store, year)) | set(info.tracks)
        if track not in known:
            raise InputError(f"unknown track '{track}' (tracks: {', '.join(sorted(known))})",
                             field="--track")
    find = locator(units, how, groups)
    counts: dict[str | None, int] = {}
    if every_result:
        results = read_results(store, year, raw_checks=raw_checks)
        chosen = [r for r in results if (not track or r["track"] == track)
                  and choice.shows(r["status"])]
        for r in results:
            if r["status"] in choice.hidden and (not track or r["track"] == track):
                counts[placement(r)] = counts.get(placement(r), 0) + 1
    else:
        results = chosen = read_results(store, year, track=track, only=choice.only,
                                        hidden=choice.hidden, raw_checks=raw_checks)
        if choice.counted:
            counts = count_results(store, year, choice.hidden, track=track)
    for place, n in counts.items():
        for group in find(place):
            group.hidden += n
    # the criteria's vocabulary is read only when a failed check is written in `lang`, and
    # each distinct fact of the rows without a decision is written once
    vocab: list[Vocabulary | None] = []

    def vocabulary() -> Vocabulary | None:
        if not vocab:
            vocab.append(L.store_vocabulary(store, units.levels) if lang != "en" else None)
        return vocab[0]

    facts: dict[tuple[Any, ...], str] = {}
    for result in chosen:
        needs = None if result["eligible"] else vocabulary()
        if result.get("decision") is not None:
            result["facts"] = decisive_fact(units, result, lang, needs)
            continue
        key = (result["status"], result["eligible"], result.get("fail"),
               result.get("quota_pos"), result.get("quota_limit"))
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = decisive_fact(units, result, lang, needs)
        result["facts"] = fact
    for result in order_results(info, chosen):
        for group in find(placement(result)):
            group.results.append(result)
    for group in groups:
        group.before_top = group.results
        group.results = trim(group.results, top)
    meta = evaluation_meta(store, year) or {}
    criteria = {"version": meta.get("criteria_version"), "sha256": meta.get("criteria_sha256")}
    return RankedReport(year, criteria, unit_spec, groups, lang, units, info, results)
