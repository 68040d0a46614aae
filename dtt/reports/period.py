"""The period summary (e.g. 2016–2020): titles and exemplars per unit and year, who held a
title every year of the period, and which units took up an exemplar's model (replication).
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
from dtt.render import numbers
from dtt.render.model import Column, Document, Section
from dtt.reports import labels as L
from dtt.reports.data import UnitIndex, load_units, unit_sort_key
from dtt.reports.ranked import Group, scope_groups
from dtt.store import Store
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


def _homes(units: UnitIndex, how: str, groups: list[Group], unit: str | None) -> list[str]:
    """The section(s) a unit's subject falls in."""
    lineage = units.lineage(unit)
    if how == "cluster":
        return [g.unit for g in groups
                if any(u in units.clusters[g.unit]["members"] for u in lineage)]
    keys = {g.unit for g in groups}
    return [u for u in lineage if u in keys][:1]


def _coverage(store: Store, start: int, end: int) -> list[dict[str, Any]]:
    """The units that took up an exemplar's model from `start` to `end`."""
    from dtt.workflow.replicate import replication_coverage

    return [c for c in replication_coverage(store, start, end) if c["adopted"]]


def build_period(store: Store, unit_spec: str, start: int, end: int, *,
                 lang: str = "vi") -> PeriodSummary:
    lang = L.check_lang(lang)
    units = load_units(store)
    how, groups = scope_groups(units, unit_spec)
    out = PeriodSummary(start, end, lang, unit_spec, groups)
    people = store_reports.person_homes(store)
    span = range(start, end + 1)
    for g in groups:
        out.years[g.unit] = {y: {t: 0 for t in TITLES} for y in span}
    held: dict[str, dict[int, str]] = {}
    kinds: dict[str, str] = {}
    for subject, year, kind, title in store_reports.record_metric(store, TITLE_METRIC,
                                                                  start, end):
        if not title:
            continue
        home = people.get(subject, ("", None))[1] if kind == "person" else subject
        for key in _homes(units, how, groups, home):
            slot = out.years[key][year]
            slot[title] = slot.get(title, 0) + 1
        held.setdefault(subject, {})[year] = title
        kinds[subject] = kind
    evaluated = store_reports.evaluated_years(store, start, end)
    for g in groups:
        for y in span:
            slot = out.years[g.unit][y]
            slot["recommended"] = 0 if y in evaluated else None
            slot["recognised"] = 0 if y in evaluated else None
    for year, subject, kind, unit, status in store_reports.standings_of_tracks(
            store, start, end, EXEMPLAR_TRACKS):
        if status not in EXEMPLAR_COUNTED:
            continue
        home = subject if kind == "collective" else unit
        for key in _homes(units, how, groups, home):
            out.years[key][year][status] += 1
    order = {t: i for i, t in enumerate(PERSON_TITLES)}
    order.update({t: i for i, t in enumerate(COLLECTIVE_TITLES)})
    for subject, by_year in held.items():
        kind = kinds[subject]
        floor = order[CONTINUOUS_FROM[kind]]
        if len(by_year) != len(span) or any(order.get(t, -1) < floor for t in by_year.values()):
            continue
        lowest = min(by_year.values(), key=lambda t: order.get(t, -1))
        name, home = people.get(subject, (units.name(subject), subject))
        if kind == "collective":
            home = subject
        for key in _homes(units, how, groups, home):
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
    model_names = {**{c: n for c, (n, _) in people.items()}}
    models_by_section: dict[str, set[str]] = {}
    for c in _coverage(store, start, end):
        for key in _homes(units, how, groups, c["unit"]):
            out.coverage[key]["adopted"] += 1
            models_by_section.setdefault(key, set()).update(c["exemplars"])
            out.replication.append({
                "section": key, "unit": c["unit"], "name": units.name(c["unit"]),
                "models": [model_names.get(e) or units.name(e) for e in c["exemplars"]],
                "exemplars": list(c["exemplars"]), "forms": sorted(set(c["forms"])),
                "years": sorted(set(c["years"]))})
    for key, models in models_by_section.items():
        out.coverage[key]["models"] = len(models)
    out.replication.sort(key=lambda r: (rank[r["section"]], unit_sort_key(r["name"])))
    return out


def period_json(p: PeriodSummary) -> dict[str, Any]:
    return {
        "period": {"from": p.start, "to": p.end}, "scope": p.scope,
        "groups": [{"unit": g.unit, "name": g.name, "level": g.level,
                    "years": [{"year": y, **v} for y, v in p.years[g.unit].items()],
                    "replication": p.coverage.get(g.unit)} for g in p.groups],
        "continuous": p.continuous, "replication": p.replication,
    }


def period_document(p: PeriodSummary) -> Document:
    lang = p.lang
    cols = [Column("year", L.t(lang, "year"))]
    cols += [Column(t, L.title_short(t), "right") for t in TITLES]
    cols += [Column("recommended", L.t(lang, "exemplars_recommended"), "right"),
             Column("recognised", L.t(lang, "exemplars_recognised"), "right")]
    sections = []
    for g in p.groups:
        rows = [{"year": y, **v} for y, v in p.years[g.unit].items()]
        total: dict[str, Any] = {"year": L.t(lang, "total")}
        for c in cols[1:]:
            values = [r[c.key] for r in rows if r.get(c.key) is not None]
            total[c.key] = sum(values) if values else None
        cov = p.coverage.get(g.unit, {})
        share = (numbers.share(cov.get("adopted", 0) / cov["units"], lang) if cov.get("units")
                 else "—")
        sections.append(Section(f"{g.name} ({g.unit})", cols, [*rows, total], key=g.unit,
                                summary=L.t(lang, "coverage",
                                            models=L.count(cov.get("models", 0), lang),
                                            units=L.count(cov.get("adopted", 0), lang),
                                            share=share)))
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
