"""The period summary (e.g. 2016–2020): titles and exemplars per unit and year, who held a
title every year of the period, and which units took up an exemplar's model (replication).

Each year is read through its own tree and roster: the sections are the units of the last
year's tree, a subject's year falls in the section its unit of that year lies in, and a year
of a unit closed since (merged, renamed) is shown under its successor as a predecessor's row.
Where the tree changed within the period the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtt.domain import (
    COLLECTIVE_TITLES,
    CONTINUOUS_FROM,
    EXEMPLAR_COUNTED,
    EXEMPLAR_TRACKS,
    PERSON_TITLES,
    TITLE_METRIC,
)
from dtt.lineage import Lineage
from dtt.render import numbers
from dtt.render.model import Column, Document, Section
from dtt.reports import labels as L
from dtt.reports.data import UnitIndex, load_units, unit_sort_key
from dtt.reports.ranked import Group, scope_groups
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import reports as store_reports
from dtt.text import name_key

TITLES = PERSON_TITLES + COLLECTIVE_TITLES


@dataclass
class PeriodSummary:
    start: int
    end: int
    lang: str
    scope: str
    groups: list[Group]
    years: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    continuous: list[dict[str, Any]] = field(default_factory=list)
    replication: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)
    # section -> predecessor code -> year -> counts: the years of units closed since
    predecessors: dict[str, dict[str, dict[int, dict[str, Any]]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # predecessor code -> its name
    # the trees that came into force within the period: {on, changes: [{unit, predecessors,
    # how}], sections}
    changes: list[dict[str, Any]] = field(default_factory=list)


Place = tuple[str, str | None]  # (section, the predecessor whose year it is, or None)


class _Placer:
    """Where a unit's year falls: the section (a unit of the last year's tree, or a cluster)
    its unit of that year lies in, and the closed unit whose year it is (None: the section's
    own). One per year; each unit is looked up once."""

    def __init__(self, year_units: UnitIndex, end: UnitIndex, lineage: Lineage, how: str,
                 groups: list[Group]) -> None:
        self.units, self.end, self.lineage, self.how = year_units, end, lineage, how
        self.keys = {g.unit: g for g in groups}
        self.level = groups[0].level if groups else None
        self.member_of: dict[str, str] = {}
        if how == "cluster":
            for key, cluster in year_units.clusters.items():
                for unit in cluster["members"]:
                    self.member_of.setdefault(unit, key)
        self.found: dict[str | None, list[Place]] = {}

    def _successor(self, code: str) -> str:
        return self.lineage.follow(code, self.end.tree.units)

    def __call__(self, code: str | None) -> list[Place]:
        hit = self.found.get(code)
        if hit is None:
            hit = self.found[code] = self._place(code)
        return hit

    def _place(self, code: str | None) -> list[Place]:
        chain = self.units.lineage(code)
        if self.how == "cluster":
            keys = dict.fromkeys(self.member_of[u] for u in chain if u in self.member_of)
            return [(k, None) for k in keys if k in self.keys]
        if self.how == "level":
            home = self.units.at_level(code, self.level or "")
            if home is None:
                return []
            if home in self.keys:
                return [(home, None)]
            if home not in self.end.tree:
                successor = self._successor(home)
                if successor in self.keys:
                    return [(successor, home)]
            return []
        target = next(iter(self.keys), None)
        for unit in chain:
            if unit == target:
                return [(unit, None)]
            if unit not in self.end.tree and self._successor(unit) == target:
                return [(target, unit)]
        return []


def _coverage(store: Store, start: int, end: int) -> list[dict[str, Any]]:
    """The units that took up an exemplar's model from `start` to `end`."""
    from dtt.workflow.replicate import replication_coverage

    return [c for c in replication_coverage(store, start, end) if c["adopted"]]


def build_period(store: Store, unit_spec: str, start: int, end: int, *,
                 lang: str = "vi") -> PeriodSummary:
    lang = L.check_lang(lang)
    units = load_units(store, end)  # the sections: the units of the last year's tree
    how, groups = scope_groups(units, unit_spec)
    out = PeriodSummary(start, end, lang, unit_spec, groups)
    lineage = Lineage.load(store)
    span = range(start, end + 1)
    dated = bool(store_history.trees(store))
    names = dict(store_reports.person_names(store))
    placers: dict[int, _Placer] = {}
    homes: dict[int, dict[str, str]] = {}  # year -> person -> unit in that year's tree
    for y in span:
        year_units = load_units(store, y) if dated else units
        placers[y] = _Placer(year_units, units, lineage, how, groups)
        tree_units = year_units.tree.units
        homes[y] = {code: unit if unit in tree_units else lineage.follow(unit, tree_units)
                    for code, _, unit, _, _ in store_history.roster(store, y)}
    for g in groups:
        out.years[g.unit] = {y: {t: 0 for t in TITLES} for y in span}
        # a year in which the section's unit was not in force has no row of its own
        if how != "cluster" and dated:
            for y in span:
                if g.unit not in placers[y].units.tree:
                    out.years[g.unit][y] = {t: None for t in TITLES}
    evaluated = store_reports.evaluated_years(store, start, end)

    def slot(place: Place, year: int) -> dict[str, Any]:
        section, pred = place
        if pred is None:
            row = out.years[section][year]
            if row[TITLES[0]] is None:  # counted after all: the unit was there
                row.update({t: 0 for t in TITLES})
            return row
        by_year = out.predecessors.setdefault(section, {}).setdefault(pred, {})
        if year not in by_year:
            by_year[year] = {t: 0 for t in TITLES}
            by_year[year]["recommended"] = 0 if year in evaluated else None
            by_year[year]["recognised"] = 0 if year in evaluated else None
            out.names[pred] = placers[year].units.name(pred)
        return by_year[year]

    held: dict[str, dict[int, str]] = {}
    kinds: dict[str, str] = {}
    for subject, year, kind, title in store_reports.record_metric(store, TITLE_METRIC,
                                                                  start, end):
        if not title:
            continue
        home = homes[year].get(subject) if kind == "person" else subject
        for place in placers[year](home):
            row = slot(place, year)
            row[title] = (row.get(title) or 0) + 1
        held.setdefault(subject, {})[year] = title
        kinds[subject] = kind
    for g in groups:
        for y in span:
            row = out.years[g.unit][y]
            present = row[TITLES[0]] is not None
            row["recommended"] = 0 if y in evaluated and present else None
            row["recognised"] = 0 if y in evaluated and present else None
    for year, subject, kind, unit, status in store_reports.standings_of_tracks(
            store, start, end, EXEMPLAR_TRACKS):
        if status not in EXEMPLAR_COUNTED:
            continue
        home = subject if kind == "collective" else unit
        for place in placers[year](home):
            row = slot(place, year)
            row[status] = (row.get(status) or 0) + 1
    end_placer = placers[end]
    order = {t: i for i, t in enumerate(PERSON_TITLES)}
    order.update({t: i for i, t in enumerate(COLLECTIVE_TITLES)})
    for subject, by_year in held.items():
        kind = kinds[subject]
        floor = order[CONTINUOUS_FROM[kind]]
        if len(by_year) != len(span) or any(order.get(t, -1) < floor for t in by_year.values()):
            continue
        lowest = min(by_year.values(), key=lambda t: order.get(t, -1))
        home = subject if kind == "collective" else homes[end].get(subject, "")
        name = units.name(subject) if kind == "collective" else names.get(subject, subject)
        for key, _ in end_placer(home):
            out.continuous.append({"section": key, "subject": subject, "name": name,
                                   "kind": kind, "unit": home, "title": lowest})
    rank = {g.unit: i for i, g in enumerate(groups)}
    out.continuous.sort(key=lambda c: (rank[c["section"]], c["kind"] != "person",
                                       name_key(c["name"]) if c["kind"] == "person"
                                       else unit_sort_key(c["name"])))
    for g in groups:
        total = len(units.subtree(g.unit)) if how != "cluster" else sum(
            len(units.subtree(m)) for m in units.clusters[g.unit]["members"])
        out.coverage[g.unit] = {"units": total, "adopted": 0, "models": 0}
    every = load_units(store)  # a replication's unit may have closed since
    models_by_section: dict[str, set[str]] = {}
    for c in _coverage(store, start, end):
        adopter = str(c["unit"])
        if adopter not in units.tree:
            adopter = lineage.follow(adopter, units.tree.units)
        for key, _ in end_placer(adopter):
            out.coverage[key]["adopted"] += 1
            models_by_section.setdefault(key, set()).update(c["exemplars"])
            out.replication.append({
                "section": key, "unit": c["unit"], "name": every.name(c["unit"]),
                "models": [names.get(e) or every.name(e) for e in c["exemplars"]],
                "exemplars": list(c["exemplars"]), "forms": sorted(set(c["forms"])),
                "years": sorted(set(c["years"]))})
    for key, models in models_by_section.items():
        out.coverage[key]["models"] = len(models)
    out.replication.sort(key=lambda r: (rank[r["section"]], unit_sort_key(r["name"])))
    out.changes = _tree_changes(store, lineage, units, how, groups, start, end)
    return out


def _tree_changes(store: Store, lineage: Lineage, units: UnitIndex, how: str,
                  groups: list[Group], start: int, end: int) -> list[dict[str, Any]]:
    """The trees that came into force within the period (after its first year's tree): the
    successions among the report's units (a section, a cluster's member, a unit's child)."""
    dates = [on for _, on in store_history.trees(store)[1:]
             if f"{start}-01-01" < on <= f"{end}-12-31"]
    keys = {g.unit for g in groups}
    if how == "cluster":
        scope = {m for g in groups for m in units.clusters[g.unit]["members"]}
    elif how == "level":
        scope = keys
    else:
        scope = keys | {c for c in units.tree.units if units.tree.parent_of(c) in keys}
    out = []
    for on in dates:
        changes: list[dict[str, Any]] = [{"unit": code, "predecessors": list(preds),
                    "how": ("absorbed" if (lineage.first_seen(code) or on) < on
                            else "merged" if len(preds) > 1 else "renamed")}
                   for code, entries in lineage.formerly.items() if code in scope
                   for when, preds in entries if when == on]
        changes.sort(key=lambda c: unit_sort_key(units.name(str(c["unit"]))))
        out.append({"on": on, "changes": changes,
                    "sections": sorted({c["unit"] for c in changes} & keys)})
    return out


def _change_text(lang: str, change: dict[str, Any]) -> str:
    key = {"absorbed": "merged_into", "merged": "merged_as", "renamed": "renamed_as"}
    if change["how"] == "absorbed":
        return "; ".join(L.t(lang, "merged_into", old=p, new=change["unit"])
                         for p in change["predecessors"])
    return L.t(lang, key[change["how"]], old=", ".join(change["predecessors"]),
               new=change["unit"])


def change_line(lang: str, change: dict[str, Any]) -> str:
    """'Cây đơn vị thay đổi ngày 01/07/2025: HDG sáp nhập vào HPG; …'."""
    on = change["on"]
    date = f"{on[8:10]}/{on[5:7]}/{on[:4]}" if lang == "vi" else on
    if not change["changes"]:
        return L.t(lang, "tree_changed_none", date=date)
    return L.t(lang, "tree_changed", date=date,
               changes="; ".join(_change_text(lang, c) for c in change["changes"]))


def period_json(p: PeriodSummary) -> dict[str, Any]:
    return {
        "period": {"from": p.start, "to": p.end}, "scope": p.scope,
        "groups": [{"unit": g.unit, "name": g.name, "level": g.level,
                    "years": [{"year": y, **v} for y, v in p.years[g.unit].items()],
                    "predecessors": [
                        {"unit": pred, "name": p.names.get(pred, pred),
                         "years": [{"year": y, **v} for y, v in sorted(by_year.items())]}
                        for pred, by_year in sorted(p.predecessors.get(g.unit, {}).items())],
                    "replication": p.coverage.get(g.unit)} for g in p.groups],
        "continuous": p.continuous, "replication": p.replication,
        "tree_changes": [{**c, "text": change_line(p.lang, c)} for c in p.changes],
    }


def period_document(p: PeriodSummary) -> Document:
    lang = p.lang
    cols = [Column("year", L.t(lang, "year"))]
    cols += [Column(t, L.title_short(t), "right") for t in TITLES]
    cols += [Column("recommended", L.t(lang, "exemplars_recommended"), "right"),
             Column("recognised", L.t(lang, "exemplars_recognised"), "right")]
    sections = []
    if p.changes:
        sections.append(Section(
            L.t(lang, "tree_changes"), [Column("change", L.t(lang, "tree_change"),
                                               max_width=100)],
            [{"on": c["on"], "change": change_line(lang, c)} for c in p.changes],
            key="tree_changes"))
    for g in p.groups:
        preds = p.predecessors.get(g.unit, {})
        rows: list[dict[str, Any]] = []
        for y, v in p.years[g.unit].items():
            if v[TITLES[0]] is not None or not preds:
                rows.append({"year": y, **v})
            for pred in sorted(preds):
                if y in preds[pred]:
                    rows.append({**preds[pred][y], "year": L.t(lang, "predecessor_year",
                                                                year=y, unit=pred)})
        total: dict[str, Any] = {"year": L.t(lang, "total")}
        for c in cols[1:]:
            values = [r[c.key] for r in rows if r.get(c.key) is not None]
            total[c.key] = sum(values) if values else None
        cov = p.coverage.get(g.unit, {})
        share = (numbers.share(cov.get("adopted", 0) / cov["units"], lang) if cov.get("units")
                 else "—")
        summary = L.t(lang, "coverage", models=L.count(cov.get("models", 0), lang),
                      units=L.count(cov.get("adopted", 0), lang), share=share)
        lines = [change_line(lang, {**c, "changes": [x for x in c["changes"]
                                                      if x["unit"] == g.unit]})
                 for c in p.changes if g.unit in c["sections"]]
        sections.append(Section(f"{g.name} ({g.unit})", cols, [*rows, total], key=g.unit,
                                summary=" · ".join([summary, *lines])))
    names = {g.unit: g.name for g in p.groups}
    sections.append(Section(
        L.t(lang, "continuous", start=p.start, end=p.end),
        [Column("section", L.t(lang, "unit"), max_width=24),
         Column("name", L.t(lang, "name"), max_width=28),
         Column("kind", L.t(lang, "kind")), Column("title", L.t(lang, "title_held")),
         Column("subject", L.t(lang, "code"))],
        [{**c, "section": names[c["section"]], "kind": L.t(lang, c["kind"]),
          "title": L.title_short(c["title"])} for c in p.continuous],
        key="continuous",
        summary=None if p.continuous else L.t(lang, "continuous_none")))
    sections.append(Section(
        L.t(lang, "replication"),
        [Column("section", L.t(lang, "unit"), max_width=22),
         Column("name", L.t(lang, "adopted_by"), max_width=24),
         Column("models", L.t(lang, "model"), max_width=26),
         Column("forms", L.t(lang, "form"), max_width=18),
         Column("years", L.t(lang, "years"))],
        [{**r, "section": names[r["section"]]} for r in p.replication], key="replication"))
    return Document(L.t(lang, "period_title", start=p.start, end=p.end), sections,
                    json=period_json(p), lang=lang)
