"""What the reports read, in the shapes they use: the unit tree, the standings (current results
with the council's latest decision applied), the latest decisions and the criteria labels.
The queries are in dtt.store.reports: one per table, never one per row, so a sector-scale
report is quick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from dtt.criteria.model import Criteria
from dtt.domain import UNIT_NAME_AREAS, UNIT_NAME_BODIES
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import reports as store_reports
from dtt.text import sort_key

# 'BHXH tỉnh ' in front of a unit's proper name
_GENERIC = re.compile(
    r"^(" + "|".join(map(re.escape, UNIT_NAME_BODIES)) + r")\s+("
    + "|".join(map(re.escape, UNIT_NAME_AREAS)) + r")?\s*", re.IGNORECASE)


def unit_sort_key(name: str) -> tuple:
    """Units in Vietnamese order of their proper name: 'BHXH tỉnh Bắc Ninh' sorts under B."""
    return (sort_key(_GENERIC.sub("", name or "")), name or "")


def natural_key(text: str) -> tuple:
    """'C2' before 'C10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


@dataclass
class UnitIndex:
    """The unit tree as the reports read it: the one UnitTree (ancestors, subtrees), its units
    as rows by code, the level names and the clusters with their names."""

    tree: UnitTree
    units: dict[str, dict[str, Any]]
    levels: dict[str, str]  # key -> name, in tree order
    clusters: dict[str, dict[str, Any]]  # key -> {name, members}

    def name(self, code: str | None) -> str:
        unit = self.units.get(code or "")
        return unit["name"] if unit else (code or "")

    def level(self, code: str | None) -> str | None:
        unit = self.units.get(code or "")
        return unit["level"] if unit else None

    def lineage(self, code: str | None) -> list[str]:
        """The unit itself, then its parent, … up to the root ([] for no or an unknown unit)."""
        if not code or code not in self.tree:
            return []
        return list(self.tree.ancestors(code))

    def at_level(self, code: str | None, level: str) -> str | None:
        for unit in self.lineage(code):
            if self.units[unit]["level"] == level:
                return unit
        return None

    def of_level(self, level: str) -> list[str]:
        codes = [c for c, u in self.units.items() if u["level"] == level]
        return sorted(codes, key=lambda c: unit_sort_key(self.units[c]["name"]))

    def subtree(self, code: str) -> set[str]:
        return self.tree.subtree(code) if code in self.tree else set()


def _unit_rows(tree: UnitTree) -> dict[str, dict[str, Any]]:
    return {code: {"code": code, "name": u.name, "level": u.level, "parent": u.parent,
                   "position": u.position} for code, u in tree.units.items()}


def load_units(store: Store, year: int | None = None) -> UnitIndex:
    """The units of the tree of `year` (in force on 31 December of it) if given, else every
    unit stored (closed ones included, so that old results keep their names)."""
    if year is not None and store_history.trees(store):
        tree = UnitTree.load(store, year)
        tree_id = store_history.tree_in_force(store, f"{year}-12-31")
        names = store_history.tree_level_names(store, tree_id) if tree_id is not None else {}
        cluster_names = (store_history.tree_cluster_names(store, tree_id)
                         if tree_id is not None else {})
        return UnitIndex(
            tree, _unit_rows(tree), {key: names.get(key, key) for key in tree.levels},
            dict(sorted(((key, {"name": cluster_names.get(key, key), "members": list(members)})
                         for key, members in tree.clusters.items()),
                        key=lambda kv: natural_key(kv[0]))))
    tree = UnitTree.every_unit(store)
    units = _unit_rows(tree)
    levels = dict(store_reports.level_names(store))
    rows, members = store_reports.cluster_rows(store)
    clusters: dict[str, dict[str, Any]] = {key: {"name": name, "members": []}
                                           for key, name in rows}
    for cluster, unit in members:
        clusters[cluster]["members"].append(unit)
    ordered = dict(sorted(clusters.items(), key=lambda kv: natural_key(kv[0])))
    return UnitIndex(tree, units, levels, ordered)


def evaluation_meta(store: Store, year: int) -> dict[str, Any] | None:
    """The latest stored evaluation for `year`: id, run_at, criteria version and sha256."""
    return store_reports.evaluation_meta(store, year)


def latest_decisions(store: Store, year: int | None = None) -> dict[tuple[str, str, int], dict]:
    """The last council decision per (subject, track, year) (of `year`, or of every year)."""
    return {(d["subject"], d["track"], d["year"]): d
            for d in store_reports.latest_decisions(store, year)}


def parse_checks(text: str | None) -> list[dict[str, Any]]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def read_results(store: Store, year: int, *, track: str | None = None,
                 only: Collection[str] | None = None, hidden: Collection[str] = (),
                 raw_checks: bool = False) -> list[dict[str, Any]]:
    """`year`'s current results with the subject's name and the council's outcome: those of
    `track` (None: all) whose status is in `only` (None: any) and not in `hidden`.

    One query over the standings (names come from two small lookups, not a join per row); the
    stored checks are not parsed: each result gets `fail` (the first failed check as
    `id: detail`, from the stored `facts`), `quota_pos`, `quota_limit`, `decision` (the
    latest decision's row, or None), `engine_status`, and with raw_checks=True `checks_json`
    (the stored JSON as UTF-8 bytes).
    """
    store_reports.map_pages(store)
    rows = store_reports.standing_rows(store, year, track=track, only=only, hidden=hidden,
                                       raw_checks=raw_checks)
    kinds = {r[1] for r in rows}
    # code → name per kind (people's full names, units' names), only the kinds asked for
    by_kind: dict[str, dict[str, str]] = {
        "person": dict(store_reports.person_names(store)) if "person" in kinds else {},
        "collective": dict(store_reports.unit_names(store)) if "collective" in kinds else {}}
    nobody: dict[str, str] = {}
    decisions = {d["id"]: d for d in store_reports.latest_decisions(store, year)}
    keys = store_reports.STANDING_COLUMNS[:-1]  # all but decision_id
    decision_at = len(keys)
    out = []
    for r in rows:
        item = dict(zip(keys, r, strict=False))
        subject = r[0]
        item["name"] = by_kind.get(r[1], nobody).get(subject) or subject
        item["eligible"] = bool(r[5])
        item["decision"] = decisions.get(r[decision_at]) if decisions else None
        if raw_checks:
            item["checks_json"] = r[decision_at + 1]
        out.append(item)
    return out


def subject_names(store: Store, kinds: Collection[str]) -> dict[tuple[str, str], str]:
    """(kind, code) → name: people's full names, units' names (only the kinds asked for)."""
    out: dict[tuple[str, str], str] = {}
    if "person" in kinds:
        out.update((("person", c), n) for c, n in store_reports.person_names(store))
    if "collective" in kinds:
        out.update((("collective", c), n) for c, n in store_reports.unit_names(store))
    return out


def count_results(store: Store, year: int, statuses: Collection[str], *,
                  track: str | None = None) -> dict[str | None, int]:
    """How many of `year`'s current results (of `track`) have one of `statuses` (after the
    council's decisions), per the unit each belongs under (a collective its own unit, a
    person the person's unit)."""
    return store_reports.count_standings(store, year, statuses, track=track)


def subject_results(store: Store, subject: str, year: int) -> list[dict[str, Any]]:
    """One subject's current results of `year`, the council's decision applied, checks
    parsed (for the documents)."""
    rows = store_reports.subject_standings(store, subject, year)
    decisions = {d["id"]: d for d in store_reports.latest_decisions(store, year)} \
        if any(r["decision_id"] is not None for r in rows) else {}
    out = []
    for r in rows:
        quota = json.loads(r["quota"]) if r["quota"] else {}
        out.append({
            "subject": subject, "kind": r["kind"], "track": r["track"], "unit": r["unit"],
            "group": r["grp"], "eligible": bool(r["eligible"]), "score": r["score"],
            "rank": r["rank"], "status": r["status"],
            "checks": parse_checks(r["checks"]), "quota_pos": quota.get("position"),
            "quota_limit": quota.get("limit"), "quota_basis": quota.get("basis"),
            "decision": decisions.get(r["decision_id"]),
        })
    return out


def status_counts_by_year(store: Store) -> dict[int, dict[str, dict[str, int]]]:
    """year -> track -> status -> count over every year's current results (decisions applied)."""
    out: dict[int, dict[str, dict[str, int]]] = {}
    for year, track, status, n in store_reports.status_counts(store):
        out.setdefault(year, {}).setdefault(track, {})[status] = n
    return out


def head_in(store: Store, unit: str, year: int) -> dict[str, Any] | None:
    """The head of `unit` as of the roster of `year` (code, full_name, position), or None."""
    for code, name, _, position, heads in store_history.roster(store, year):
        if heads == unit:
            return {"code": code, "full_name": name, "position": position}
    return None


def person_in(store: Store, code: str, year: int, units: UnitIndex) -> tuple[str, str | None]:
    """A person's unit and position as of the roster of `year` (the first roster before it;
    a unit closed by then: its successor in `units`, the tree of that year)."""
    from dtt.lineage import Lineage

    rows = store_history.roster_of(store, code)
    held = [r for r in rows if r[0] <= year] or rows[:1]
    if not held:
        row = store_reports.person(store, code) or {}
        return str(row.get("unit") or ""), row.get("position")
    _, unit, position, _ = held[-1]
    if unit not in units.tree:
        unit = Lineage.load(store).follow(unit, units.tree.units)
    return unit, position


@dataclass
class CriteriaInfo:
    """Labels from the active criteria: track order and names, check labels, council rules."""

    name: str = ""
    tracks: dict[str, str] = field(default_factory=dict)  # key -> label, in file order
    checks: dict[str, str] = field(default_factory=dict)  # criterion id -> label
    sources: dict[str, str] = field(default_factory=dict)  # criterion id -> source
    council: dict[str, str] = field(default_factory=dict)  # track -> needs label

    def track_order(self, track: str) -> tuple[int, str]:
        keys = list(self.tracks)
        return (keys.index(track) if track in keys else len(keys), track)


def criteria_info(store: Store) -> CriteriaInfo:
    """The labels, sources and council rules of the database's criteria (every version; a
    label of an earlier version wins), from the one cached criteria context."""
    from dtt.criteria.source import active_criteria

    criteria = active_criteria(store)
    info = _INFO.get(criteria.sha256)
    if info is None:
        info = _INFO[criteria.sha256] = _criteria_info(criteria)
    return info


_INFO: dict[str, CriteriaInfo] = {}  # per criteria sha256


def _criteria_info(criteria: Criteria) -> CriteriaInfo:
    info = CriteriaInfo(name=criteria.name)
    for version in criteria.versions:
        for key, track in version.tracks.items():
            info.tracks.setdefault(key, track.label)
            info.council.setdefault(key, track.council.needs_label)
            for criterion in track.criteria:
                info.checks.setdefault(criterion.id, criterion.label)
                info.sources.setdefault(criterion.id, criterion.source)
    return info


def year_tracks(store: Store, year: int) -> list[str]:
    """The tracks with current results in `year`."""
    return store_reports.year_tracks(store, year)
