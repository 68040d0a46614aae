"""Which subjects a rule picks, worked out over a whole pool at once: a track's candidates
(its discovery rule over the roster or the units) without asking the rule subject by subject.

`picked(ev, rule, pool, year, track)` is the set of codes of `pool` for which
`rule.passes(ev, subject, year, track)` holds — the same answer (tests/test_engine_setwise.py)
— for the operators discovery uses: `record`, `registered`, comparisons, `all`, `any`, `not`,
the windows each_year / any_year / at_least / streak, and `award`. For any other operator it
returns None, and the caller asks the rule of each subject."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric
from dtt.engine.context import MISSING, Subject
from dtt.rules import AllOf, AnyOf, Award, Compare, NotRule, RecordLeaf, RegisteredLeaf, Window
from dtt.rules.base import Rule

if TYPE_CHECKING:
    from dtt.engine.rules import Evaluator


def values(ev: Evaluator, metric: Metric, y: int, pool: Sequence[Subject]) -> list[Any]:
    """`ev.value(code, metric, y)` for each subject of `pool`, in order (from the records
    the evaluator reads at the moment)."""
    records = ev.ctx.records if ev.reads_from is None else ev.reads_from
    get = ev.readers.year(records, y).get
    key, has_default, default = metric.key, metric.has_default, metric.default
    fallback = default if has_default else MISSING
    return [MISSING if data is None else fallback if (v := data.get(key)) is None or v == ""
            else v for data in map(get, [s.code for s in pool])]


def picked(ev: Evaluator, rule: Rule, pool: Sequence[Subject], year: int,
           track: str = "") -> set[str] | None:
    """The codes of `pool` whose subject passes `rule` in `year` (None: not set-wise)."""
    kind = type(rule)
    if kind is RecordLeaf:
        has = ev.readers.year(ev.ctx.records, year)
        return {s.code for s in pool if s.code in has}
    if kind is RegisteredLeaf:
        registered = ev.ctx.registered
        return {s.code for s in pool if (s.code, track, year) in registered}
    if isinstance(rule, Compare) and kind is Compare:
        test = rule.test
        read = values(ev, rule.metric, year + rule.offset, pool)
        return {s.code for s, v in zip(pool, read, strict=True)
                if v is not MISSING and test(v)}
    if kind is Award:
        return _awarded(ev, rule, pool, year)  # type: ignore[arg-type]
    if kind is AnyOf or kind is AllOf:
        out: set[str] | None = None
        left = list(pool)
        for part in rule.rules:  # type: ignore[attr-defined]
            chosen = picked(ev, part, left if kind is AllOf else pool, year, track)
            if chosen is None:
                return None
            if kind is AllOf:
                left = [s for s in left if s.code in chosen]
                out = {s.code for s in left}
            else:
                out = chosen if out is None else out | chosen
        return out if out is not None else ({s.code for s in pool} if kind is AllOf
                                            else set())
    if kind is NotRule:
        inner = picked(ev, rule.rule, pool, year, track)  # type: ignore[attr-defined]
        return None if inner is None else {s.code for s in pool if s.code not in inner}
    if kind is Window:
        return _window(ev, rule, pool, year, track)  # type: ignore[arg-type]
    return None


def _awarded(ev: Evaluator, rule: Award, pool: Sequence[Subject], year: int) -> set[str]:
    """`award`: a council's recognition in `year`, or a recorded title at or above."""
    given = ev.readers.awarded(rule.track, year)
    out = {s.code for s in pool if s.code in given}
    if rule.metric is not None:
        order = ev.order(rule.metric) or {}
        least = order[rule.title or ""]
        out.update([subj.code for subj, v in zip(pool, values(ev, rule.metric, year, pool),
                                                  strict=True)
                    if isinstance(v, str) and order.get(v, -1) >= least])
    return out


def _window(ev: Evaluator, rule: Window, pool: Sequence[Subject], year: int,
            track: str) -> set[str] | None:
    """A window: the years of it each picked set-wise, then counted per subject."""
    years = range(year + rule.start, year + rule.end + 1)
    need = rule.hits_needed(len(years))
    hits: dict[str, int] = {}
    for y in years:
        got = picked(ev, rule.rule, pool, y, track)
        if got is None:
            return None
        for code in got:
            hits[code] = hits.get(code, 0) + 1
    return {code for code, n in hits.items() if n >= need} if need > 0 \
        else {s.code for s in pool}
