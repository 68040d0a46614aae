"""A track's score for one subject, term by term, each term with its own explanation."""

from __future__ import annotations

from typing import cast

from dtt.criteria.metrics import Metric
from dtt.criteria.model import ScoreTerm, Track
from dtt.engine.context import MISSING, Subject
from dtt.engine.describe import member_desc, show
from dtt.engine.rules import Evaluator, Plan
from dtt.rules.base import Reads, shifted


def score(ev: Evaluator, track: Track, subj: Subject, year: int) -> tuple[float, list[dict]]:
    """(total, [{label, kind, points, detail}]) — points rounded to 2 decimals. A term is
    shared by the subjects that read the same values for it (see `reads`)."""
    at = (track.key, year)
    whole_plan = whole_plan_of(ev, track, year)
    whole: tuple | None = None
    if whole_plan is not None:
        whole = (at, ev.reading(whole_plan, subj, year))
        try:
            known = ev.score_memo.get(whole)
        except TypeError:
            known, whole = None, None
        if known is not None:
            return known[0], list(known[1])
    total, terms = _terms(ev, track, subj, year)
    if whole is not None:
        ev.score_memo[whole] = (total, list(terms))
    return total, terms


def whole_plan_of(ev: Evaluator, track: Track, year: int) -> Plan | None:
    """The plan of the whole score, when every term says what it reads (made once)."""
    plans = ev.term_plans
    at = (track.key, year)
    if at not in plans:
        wanted: list | None = []
        for term in track.score:
            part = reads(ev, term, year)
            if part is None or wanted is None:
                wanted = None
                continue
            wanted.extend(item for item in part if item not in wanted)
        plans[at] = None if wanted is None else ev.plan(wanted)
    return plans[at]


def term_plan_of(ev: Evaluator, term: ScoreTerm, year: int) -> Plan | None:
    """The plan of one term (made once)."""
    plans = ev.term_plans
    at = (id(term), year)
    if at not in plans:
        wanted = reads(ev, term, year)
        plans[at] = None if wanted is None else ev.plan(wanted)
    return plans[at]


def score_all(ev: Evaluator, track: Track, subjects: list[Subject], year: int,
              among: list[Subject] | None = None) -> dict[str, tuple[float, list[dict]]]:
    """`score` of each of `subjects` (code → (total, terms)): what the whole score reads is
    read for all of them together (dtt.engine.readers), one score made per distinct
    reading and shared as `score` shares it. `among`: a list holding `subjects` (a track's
    candidates, of which `subjects` are the eligible), read whole when `subjects` are most
    of it — the values other tracks read of the same candidates are then read once."""
    whole_plan = whole_plan_of(ev, track, year)
    if whole_plan is None:
        return {s.code: score(ev, track, s, year) for s in subjects}
    at = (track.key, year)
    memo = ev.score_memo
    out: dict[str, tuple[float, list[dict]]] = {}
    if among is not None and 2 * len(subjects) > len(among):
        wanted = {s.code for s in subjects}
        pairs = [(s, got) for s, got in zip(among, ev.readers.keys(whole_plan, among, year,
                                                                   ev.ctx.records),
                                            strict=True) if s.code in wanted]
        subjects, keys = [s for s, _ in pairs], [got for _, got in pairs]
    else:
        keys = ev.readers.keys(whole_plan, subjects, year, ev.ctx.records)
    try:  # each distinct reading, with the first subject that reads it
        firsts = dict(zip(reversed(keys), reversed(subjects), strict=True))
    except TypeError:  # a value that is not hashable: subject by subject
        return {s.code: score(ev, track, s, year) for s in subjects}
    made: dict[tuple, tuple[float, list[dict]]] = {}
    for got, subj in firsts.items():
        known = memo.get((at, got))
        if known is None:
            known = memo[(at, got)] = _terms(ev, track, subj, year)
        made[got] = known
    for subj, got in zip(subjects, keys, strict=True):
        total, terms = made[got]
        out[subj.code] = (total, list(terms))
    return out


def _terms(ev: Evaluator, track: Track, subj: Subject, year: int) -> tuple[float, list[dict]]:
    terms = []
    total = 0.0
    plans, memo = ev.term_plans, ev.term_memo
    for term in track.score:
        at = (id(term), year)
        plan = plans[at] if at in plans else term_plan_of(ev, term, year)
        read: tuple | None = None
        if plan is not None:
            read = (at, ev.reading(plan, subj, year))
            try:
                shared = memo.get(read)
            except TypeError:  # a value that is not hashable
                read = shared = None
            if shared is not None:
                total += shared["points"]
                terms.append(shared)
                continue
        points, detail = _TERMS[term.kind](ev, term, track, subj, year)
        points = round(points, 2)
        total += points
        out = {"label": term.label, "kind": term.kind, "points": points, "detail": detail}
        if read is not None:
            memo[read] = out
        terms.append(out)
    return round(total, 2), terms


def reads(ev: Evaluator, term: ScoreTerm, year: int) -> Reads | None:
    """Everything the term reads of a subject in `year` (as a rule's `reads`), or None."""
    years = _years(ev, term, year)
    offsets = range(years.start - year, years.stop - year)
    if term.kind == "count_years":
        return shifted(term.rule.reads(), offsets) if term.rule is not None else None
    if term.kind in ("sum", "metric"):
        metrics = [term.metric] + ([term.weight_by] if term.weight_by is not None else [])
        return [("value", m, y) for y in offsets for m in metrics]
    if term.kind == "margin":
        return [("value", term.metric, term.start)]
    if term.kind == "members":
        return [("members", term.rule, 0)]
    return None


def _years(ev: Evaluator, term: ScoreTerm, year: int) -> range:
    if term.period:
        return range(min(ev.version.period_start, year), year + 1)
    return range(year + term.start, year + term.end + 1)


def _span(years: range) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _w(weight: float) -> str:
    return show(weight)


def _count_years(ev, term: ScoreTerm, track, subj, year) -> tuple[float, str]:
    years = _years(ev, term, year)
    passes = ev.passes
    hits = [y for y in years if passes(term.rule, subj, y, track.key)]
    points = len(hits) * term.weight
    which = ", ".join([str(y) for y in hits]) or "none"
    return points, (f"{ev.describe(term.rule)} in {len(hits)} of {_span(years)} ({which}) "
                    f"× {ev.show(term.weight)} = {ev.show(points)}")


def _sum(ev, term: ScoreTerm, track, subj, year) -> tuple[float, str]:
    parts, points = [], 0.0
    for y in _years(ev, term, year):
        v = ev.ctx.value(subj.code, term.metric, y)
        if v is MISSING:
            parts.append(f"{y} not recorded")
            continue
        if not v:
            continue
        if term.weight_by is not None:
            level = ev.ctx.value(subj.code, term.weight_by, y)
            w = term.weights.get(level, term.otherwise) if level is not MISSING \
                else term.otherwise
            tag = f" ({level})" if level is not MISSING else f" ({term.weight_by.key} "\
                "not recorded)"
            w *= term.weight
        else:
            w, tag = term.weight, ""
        points += v * w
        parts.append(f"{y} {show(v)} × {_w(w)}{tag}")
    body = "; ".join(parts) or "none"
    return points, f"{cast(Metric, term.metric).key}: {body} = {show(points)}"


def _metric(ev, term: ScoreTerm, track, subj, year) -> tuple[float, str]:
    parts, points = [], 0.0
    for y in _years(ev, term, year):
        v = ev.ctx.value(subj.code, term.metric, y)
        if v is MISSING:
            continue
        kind = cast(Metric, term.metric).type
        if kind == "enum":
            p = term.weights.get(v, 0.0) * term.weight
        elif kind == "bool":
            p = term.weight if v else 0.0
        else:
            p = v * term.weight
        points += p
        parts.append(f"{y} {show(v)} {show(p)}")
    body = ", ".join(parts) or "none recorded"
    return points, f"{cast(Metric, term.metric).key}: {body} = {show(points)}"


def _margin(ev, term: ScoreTerm, track, subj, year) -> tuple[float, str]:
    y = year + term.start
    v = ev.ctx.value(subj.code, term.metric, y)
    key = cast(Metric, term.metric).key
    if v is MISSING:
        return 0.0, f"{key} {y} not recorded = 0"
    if term.over is not None:
        margin, side = max(0.0, v - term.over), f"over {show(term.over)}"
    else:
        margin, side = max(0.0, term.under - v), f"under {show(term.under)}"
    points = margin * term.weight
    capped = ""
    if term.cap is not None and points > term.cap:
        points, capped = term.cap, f", capped at {show(term.cap)}"
    return points, (f"{key} {y} = {show(v)}, {side} by {show(margin)} × {_w(term.weight)}"
                    f"{capped} = {show(points)}")


def _members(ev, term: ScoreTerm, track, subj, year) -> tuple[float, str]:
    matching, total = ev.member_counts(term.rule, year).get(subj.code, (0, 0))
    who = member_desc(term.rule)
    if term.agg == "share":
        share = 100.0 * matching / total if total else 0.0
        points = share * term.weight
        return points, (f"{matching} of {total} members {who} = {show(round(share, 2))}% "
                        f"× {_w(term.weight)} = {show(points)}")
    points = matching * term.weight
    return points, f"{matching} members {who} × {_w(term.weight)} = {show(points)}"


_TERMS = {"count_years": _count_years, "sum": _sum, "metric": _metric, "margin": _margin,
          "members": _members}
