"""Ranking a pool's eligible and cutting at the quota — never silently: every result says the
limit, how it was computed and where the subject stands."""

from __future__ import annotations

import math
from typing import Any

from dtt.criteria.model import Quota, Track
from dtt.engine.context import MISSING, Subject
from dtt.engine.describe import show
from dtt.engine.groups import Grouper
from dtt.engine.rules import Evaluator
from dtt.rules.base import TIE_BREAK_METRIC
from dtt.text import name_key, sort_key


def _round(x: float, how: str) -> int:
    if how == "ceil":
        return math.ceil(x - 1e-9)
    if how == "round":
        return math.floor(x + 0.5)
    return math.floor(x + 1e-9)


def limit(quota: Quota | None, track: Track, pool: tuple[str, str | None], grouper: Grouper,
          ev: Evaluator, year: int) -> tuple[int | None, str]:
    """(how many may be recommended in the pool, the sentence saying why); None: no quota."""
    if quota is None:
        return None, "no quota"
    group, level = pool
    if quota.kind == "fixed":
        where = "cluster" if group.startswith("cluster:") else "group"
        return quota.fixed, f"{quota.fixed} per {where}"
    if quota.of == "people":
        base, what = len(grouper.people_of(group)), "people"
    elif quota.of == "level_units":
        base, what = grouper.level_units(group, level), f"{level} units"
    else:
        other = ev.version.tracks[quota.of_track or ""]
        subjects = (grouper.people_of(group) if other.subject == "person"
                    else grouper.collectives_of(group, level))
        base = sum(1 for s in subjects if ev.track_checks(other.key, s, year)[0])
        what = f"eligible for {other.key}"
    raw = quota.share * base / 100.0
    n = max(quota.min, _round(raw, quota.rounding))
    basis = (f"{show(quota.share)}% of {base} {what} = {raw:.1f} → {n} ({quota.rounding}, "
             f"min {quota.min})")
    return n, basis


def rating_rank(ev: Evaluator, subj: Subject, year: int) -> int:
    metric = ev.ctx.criteria.metrics.get(subj.kind, TIE_BREAK_METRIC)
    if metric is None:
        return -1
    value = ev.ctx.value(subj.code, metric, year)
    if value is MISSING:
        return -1
    order = ev.order(metric) or {}
    return order.get(value, -1)


def tie_key(ev: Evaluator, subj: Subject, score: float | None, year: int) -> tuple:
    """Score (high first), then rating in the year (high first), then Vietnamese name order
    (people by given name), then code."""
    names = ev.ctx.name_keys
    name = names.get(subj.code)
    if name is None:
        name = names[subj.code] = (name_key(subj.name) if subj.kind == "person"
                                   else sort_key(subj.name))
    return (-(score or 0.0), -rating_rank(ev, subj, year), name, subj.code)


def cut(rows: list[dict[str, Any]], subjects: dict[str, Subject], quota: Quota | None,
        track: Track, pool: tuple[str, str | None], grouper: Grouper, ev: Evaluator,
        year: int) -> None:
    """Rank the pool's eligible rows in place and set rank, status and quota on every row."""
    eligible = [r for r in rows if r["eligible"]]
    eligible.sort(key=lambda r: tie_key(ev, subjects[r["subject"]], r["score"], year))
    n, basis = limit(quota, track, pool, grouper, ev, year)
    for position, row in enumerate(eligible, start=1):
        row["rank"] = position
        inside = n is None or position <= n
        row["status"] = "recommended" if inside else "eligible"
        if quota is not None:
            row["quota"] = {"limit": n, "basis": basis, "position": position,
                            "label": quota.label or None}
    for row in rows:
        if not row["eligible"]:
            row["rank"] = None
            # a deferred result (under review) keeps its status; the others are ineligible
            row["status"] = "deferred" if row["status"] == "deferred" else "ineligible"
            if quota is not None:
                row["quota"] = {"limit": n, "basis": basis, "position": None,
                                "label": quota.label or None}
