"""Ranking a pool's eligible and cutting at the quota — never silently: every result says the
limit, how it was computed and where the subject stands."""

from __future__ import annotations

import math
from typing import Any

from dtt.criteria.model import Quota, Track
from dtt.criteria.ties import TieBreak
from dtt.engine.context import MISSING, Subject
from dtt.engine.describe import show
from dtt.engine.groups import Grouper
from dtt.engine.rules import Evaluator
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


def _women(ev: Evaluator, gender: str) -> dict[str, tuple[int, int]]:
    """unit → (people of `gender`, people) over its whole subtree's roster, once a run."""
    key = (("gender", gender), 0)
    hit = ev.member_memo.get(key)
    if hit is not None:
        return hit
    counts: dict[str, list[int]] = {}
    ancestors = ev.ctx.ancestors
    for person in ev.ctx.people.values():
        match = 1 if person.gender == gender else 0
        for anc in ancestors.get(person.unit, (person.unit,)):
            c = counts.get(anc)
            if c is None:
                counts[anc] = [match, 1]
            else:
                c[0] += match
                c[1] += 1
    out = ev.member_memo[key] = {u: (c[0], c[1]) for u, c in counts.items()}
    return out


def tie_rank(tie: TieBreak, ev: Evaluator, subj: Subject, year: int) -> float:
    """Where the subject stands on one tie-break key: higher ranks first."""
    if tie.kind == "gender":
        if subj.kind == "person":
            return 1 if subj.gender == tie.gender else 0
        match, total = _women(ev, tie.gender).get(subj.code, (0, 0))
        return 1 if total and 100.0 * match / total >= tie.share - 1e-9 else 0
    metric = tie.metrics.get(subj.kind)
    if metric is None:
        return -1
    value = ev.ctx.value(subj.code, metric, year)
    if value is MISSING:
        return -1
    if metric.type == "enum":
        return (ev.order(metric) or {}).get(value, -1)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else -1


def tie_key(ev: Evaluator, subj: Subject, score: float | None, year: int) -> tuple:
    """Score (high first), then the version's tie-break keys in order (`tie_break:`, by
    default the rating in the year, high first), then Vietnamese name order (people by given
    name), then code."""
    at = (subj.kind, subj.code, year)
    tail = ev.tie_memo.get(at)  # all but the score: the same in every track, made once
    if tail is None:
        names = ev.ctx.name_keys
        name = names.get(subj.code)
        if name is None:
            name = names[subj.code] = (name_key(subj.name) if subj.kind == "person"
                                       else sort_key(subj.name))
        ranks = tuple(-tie_rank(t, ev, subj, year) for t in ev.version.tie_break)
        tail = ev.tie_memo[at] = (*ranks, name, subj.code)
    return (-(score or 0.0), *tail)


NAME_ORDER = "name order (thứ tự tên tiếng Việt, mặc định dtt)"


def _tie_reason(ev: Evaluator, a: tuple, b: tuple) -> str:
    """What decided between two equal scores: the first key where their tie keys differ."""
    ties = ev.version.tie_break
    for i, tie in enumerate(ties, start=1):
        if a[i] != b[i]:
            return tie.reason
    return NAME_ORDER if a[len(ties) + 1] != b[len(ties) + 1] else "code"


def explain_ties(ev: Evaluator, eligible: list[dict[str, Any]], keys: list[tuple]) -> None:
    """Beside each ranked row whose score equals a neighbour's, say what broke the tie."""
    for i in range(1, len(eligible)):
        upper, lower = eligible[i - 1], eligible[i]
        if keys[i - 1][0] != keys[i][0]:
            continue
        reason = _tie_reason(ev, keys[i - 1], keys[i])
        upper.setdefault("tie", []).append(
            f"ranked above {lower['subject']} (same score): tie broken by: {reason}")
        lower.setdefault("tie", []).append(
            f"ranked below {upper['subject']} (same score): tie broken by: {reason}")


def cut(rows: list[dict[str, Any]], subjects: dict[str, Subject], quota: Quota | None,
        track: Track, pool: tuple[str, str | None], grouper: Grouper, ev: Evaluator,
        year: int) -> None:
    """Rank the pool's eligible rows in place and set rank, status and quota on every row."""
    eligible = [r for r in rows if r["eligible"]]
    keys = [tie_key(ev, subjects[r["subject"]], r["score"], year) for r in eligible]
    order = sorted(range(len(eligible)), key=keys.__getitem__)
    eligible = [eligible[i] for i in order]
    explain_ties(ev, eligible, [keys[i] for i in order])
    n, basis = limit(quota, track, pool, grouper, ev, year)
    for position, row in enumerate(eligible, start=1):
        row["rank"] = position
        inside = n is None or position <= n
        row["status"] = "recommended" if inside else "eligible"
        if quota is not None:
            row["quota"] = {"limit": n, "basis": basis, "position": position,
                            "label": quota.label or None}
    # the quota of every ineligible row of the pool says the same: one dict, read only
    outside = {"limit": n, "basis": basis, "position": None,
               "label": quota.label or None} if quota is not None else None
    for row in rows:
        if not row["eligible"]:
            row["rank"] = None
            # a deferred result (under review) keeps its status; the others are ineligible
            row["status"] = "deferred" if row["status"] == "deferred" else "ineligible"
            if outside is not None:
                row["quota"] = outside
