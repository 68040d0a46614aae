"""Replication (phổ biến, nhân rộng): units take up recognised exemplars' models.

`replication_coverage(store, year_from, year_to, unit=None)` is the library entry point for
reports: one row per unit of the scope, saying which models it adopted in the years.
"""

from __future__ import annotations

from typing import Any

from dtt.domain import EXEMPLAR_TRACKS
from dtt.errors import InputError
from dtt.store import Store, now
from dtt.store import decisions as store_decisions
from dtt.store import workflow as store_workflow
from dtt.text import clean, fold
from dtt.workflow import policy, status

FORMS = ("hội nghị", "bài viết", "tham quan học tập", "tập huấn")
"""Suggested forms (free text is accepted; a suggestion's spelling is used when it matches)."""


def canonical_form(text: str) -> str:
    form = clean(text)
    for known in FORMS:
        if fold(form) == fold(known):
            return known
    return form


def replicate(store: Store, subject: str, *, to: str, year: int | None, form: str,
              note: str | None = None) -> dict[str, Any]:
    """Record that unit `to` took up `subject`'s model in `year`, in the given form."""
    subj = policy.subject(store, subject)
    target = policy.unit_row(store, to, field="--to")
    year = policy.year_or_latest(store, year)
    text = canonical_form(form)
    if not text:
        raise InputError(f"say how the model was taken up (e.g. {', '.join(FORMS)})",
                         field="--form")
    if target["code"] == subj.code:
        raise InputError(f"{subj.code} cannot replicate its own model", field="--to")
    recognised = [d for d in status.recognitions(store, subj.code, up_to=year)
                  if d["track"] in EXEMPLAR_TRACKS]
    if not recognised:
        raise InputError(f"{subj.code} is not a recognised exemplar (no council recognised it "
                         f"as {' or '.join(EXEMPLAR_TRACKS)} in {year} or before)",
                         field="SUBJECT")
    basis = recognised[-1]
    remark = clean(note) or None
    stamp = now()
    with store.write():
        replication = store_workflow.insert_replication(store, subj.code, target["code"], year,
                                                        text, remark, stamp)
        store.audit("replicate", subject=subj.code, year=year, detail={
            "replication": replication, "to": target["code"], "form": text, "note": remark,
            "recognised": {"track": basis["track"], "year": basis["year"],
                           "decision": basis["id"]}})
    return {"id": replication, "subject": subj.code, "name": subj.name,
            "to": target["code"], "to_name": target["name"], "year": year, "form": text,
            "note": remark, "recognised": f"{basis['track']} {basis['year']}"}


def _scope(store: Store, unit: str | None) -> list[dict[str, Any]]:
    if unit is not None:
        policy.unit_row(store, unit)
    return store_workflow.units_in_scope(store, unit)


def replication_coverage(store: Store, year_from: int | None, year_to: int | None,
                         unit: str | None = None) -> list[dict[str, Any]]:
    """One dict per unit of `unit`'s subtree (all units if None), in tree order:
    `unit`, `name`, `level`, `parent`, `adopted` (bool), `replications` (count),
    `models` (distinct exemplars), `exemplars` (codes), `forms`, `years` — for
    replications with year_from ≤ year ≤ year_to (None: open-ended)."""
    units = _scope(store, unit)
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for rep in store_workflow.replications(store, year_from, year_to):
        by_unit.setdefault(rep["to_unit"], []).append(rep)
    out = []
    for u in units:
        reps = by_unit.get(u["code"], [])
        exemplars = list(dict.fromkeys(r["subject"] for r in reps))
        out.append({"unit": u["code"], "name": u["name"], "level": u["level"],
                    "parent": u["parent"], "adopted": bool(reps), "replications": len(reps),
                    "models": len(exemplars), "exemplars": exemplars,
                    "forms": sorted({r["form"] for r in reps}),
                    "years": sorted({r["year"] for r in reps})})
    return out


def report(store: Store, *, year: int | None = None, unit: str | None = None) -> dict[str, Any]:
    """Who spread what where (per exemplar), what each unit adopted, and who adopted nothing."""
    coverage = replication_coverage(store, year, year, unit)
    scope = {c["unit"] for c in coverage}
    names = {c["unit"]: c["name"] for c in coverage}
    reps = [r for r in store_workflow.replications(store, year, year) if r["to_unit"] in scope]
    recognised: dict[str, dict[str, Any]] = {}
    for rec in store_decisions.recognised_on(store, EXEMPLAR_TRACKS, up_to=year):
        entry = recognised.setdefault(rec["subject"], {
            "subject": rec["subject"], "name": rec["name"], "home": rec["home"],
            "recognised": [], "spread": []})
        entry["recognised"].append(f"{rec['track']} {rec['year']}")
    for rep in reps:
        entry = recognised.setdefault(rep["subject"], {
            "subject": rep["subject"], "name": rep["name"], "home": None, "recognised": [],
            "spread": []})
        entry["spread"].append({"to": rep["to_unit"], "to_name": names.get(rep["to_unit"], ""),
                                "year": rep["year"], "form": rep["form"], "note": rep["note"]})
    exemplars = {k: v for k, v in recognised.items()
                 if unit is None or v["spread"] or v["home"] in scope}
    adopted = [{"unit": c["unit"], "name": c["name"], "level": c["level"],
                "models": c["models"], "exemplars": c["exemplars"], "forms": c["forms"]}
               for c in coverage if c["adopted"]]
    without = [{"unit": c["unit"], "name": c["name"], "level": c["level"]}
               for c in coverage if not c["adopted"]]
    return {"year": year, "unit": unit, "exemplars": list(exemplars.values()),
            "units": adopted, "without": without,
            "coverage": {"units": len(coverage), "adopted": len(adopted)}}
