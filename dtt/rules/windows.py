"""Rules over several years: each_year / any_year / at_least / streak, sum, count_years."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric
from dtt.rules.base import (
    CROSS,
    MAX_BACK,
    TICK,
    Outcome,
    Reads,
    Rule,
    compare,
    needs,
    picked_by_all,
    picked_by_any,
    register,
    rel,
    shifted,
    show,
    span,
    wrap,
)

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData

_WORDS = {"each": "in each of", "any": "in any of", "at_least": "in at least {k} of",
          "streak": "{k} years running, in each of"}


def _mark(ev: Evaluator, year: int, out: Outcome) -> str:
    """One year of a window: `2022 CSTDCS ✓`, naming the version in force that year where it
    is not the evaluated year's: `2022 CSTDCS ✓ (rules 2021-2023)`."""
    mark = f"{year} {out.short} {TICK if out.passed else CROSS}"
    other = ev.other_version(year)
    return mark if other is None else f"{mark} (rules {other})"


class _Heads:
    """A window's sentence head per evaluated year (not a dataclass field)."""

    _heads: dict[int, str] | None = None


@register(each_year={"rule"}, any_year={"rule"}, at_least={"of_years", "rule"},
          streak={"rule"})
@dataclass(eq=False)
class Window(Rule, _Heads):
    """each_year / any_year / at_least K of_years / streak N over years Y+start … Y+end."""

    mode: str  # each | any | at_least | streak
    start: int
    end: int
    rule: Rule
    k: int = 0

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        if head in ("each_year", "any_year"):
            span_ = p.window(node[head], f"{where}.{head}", line)
            rule = p.inner(node, kind, where, line)
            mode = "each" if head == "each_year" else "any"
            return cls(line, mode, *span_, rule) if span_ and rule else None
        if head == "at_least":
            k = node["at_least"]
            if "of_years" not in node:
                p.report("at_least needs of_years: {from, to}", line, where)
                return None
            span_ = p.window(node["of_years"], f"{where}.of_years", line)
            rule = p.inner(node, kind, where, line)
            if not p.is_int(k) or k < 1 or (span_ and k > span_[1] - span_[0] + 1):
                p.report(f"at_least must be a whole number from 1 to the window's length, not "
                         f"'{k}'", line, f"{where}.at_least")
                return None
            return cls(line, "at_least", *span_, rule, k=k) if span_ and rule else None
        n = node["streak"]
        if not p.is_int(n) or not 1 <= n <= MAX_BACK + 1:
            p.report(f"streak must be a number of years from 1 to {MAX_BACK + 1}, not '{n}'",
                     line, f"{where}.streak")
            return None
        rule = p.inner(node, kind, where, line)
        return cls(line, "streak", -(n - 1), 0, rule, k=n) if rule else None

    def hits_needed(self, n: int) -> int:
        return n if self.mode in ("each", "streak") else 1 if self.mode == "any" else self.k

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        years = range(year + self.start, year + self.end + 1)
        outs, values = self.rule.over_years(ev, subj, years, track, headed)
        hits = sum(o.passed for o in outs)
        passed = hits >= self.hits_needed(len(outs))
        heads = self._heads
        if heads is None:
            heads = self._heads = {}
        head = heads.get(year)
        if head is None:
            words = _WORDS[self.mode].format(k=self.k)
            head = heads[year] = (
                f"{ev.describe(self.rule)} {words} {span(self.start, self.end, year)}: ")
        marks = ", ".join([_mark(ev, y, o) for y, o in zip(years, outs, strict=True)])
        return Outcome(passed, head + marks, values, f"{hits} of {len(outs)} years")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        rule = self.rule
        years = range(year + self.start, year + self.end + 1)
        need = self.hits_needed(len(years))
        hits = 0
        left = len(years)
        for y in years:
            if rule.passes(ev, subj, y, track):
                hits += 1
                if hits >= need:
                    return True
            left -= 1
            if hits + left < need:
                return False
        return hits >= need

    def reads(self) -> Reads | None:
        return shifted(self.rule.reads(), range(self.start, self.end + 1))

    def describe(self) -> str:
        inner = wrap(self.rule)
        if self.mode == "each":
            return f"{inner} in each of {rel(self.start, self.end)}"
        if self.mode == "any":
            return f"{inner} in any of {rel(self.start, self.end)}"
        if self.mode == "at_least":
            return f"{inner} in at least {self.k} of {rel(self.start, self.end)}"
        return f"{inner} {self.k} years running to Y"

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        years = range(year + self.start, year + self.end + 1)
        rule = self.rule
        if self.mode in ("each", "streak"):  # every year: narrow the pool year by year
            return picked_by_all((partial(rule.picks, data, track, y) for y in years), pool)
        if self.mode == "any":  # some year: a subject picked once is not asked again
            return picked_by_any((partial(rule.picks, data, track, y) for y in years), pool)
        hits = year_hits(rule, data, track, years, pool)
        need = self.hits_needed(len(years))
        return None if hits is None else {s for s, n in hits.items() if n >= need}


@register(sum={"years", "<cmp>"})
@dataclass(eq=False)
class SumRule(Rule):
    metric: Metric
    start: int
    end: int
    op: str
    value: float

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        metric = p.lookup(node["sum"], kind, line, f"{where}.sum")
        if metric is not None and metric.type not in ("int", "number"):
            p.report(f"sum needs a numeric metric; '{metric.key}' is {metric.type}", line,
                     f"{where}.sum")
            metric = None
        span_ = p.window(node.get("years", {"from": 0, "to": 0}), f"{where}.years", line)
        op = p.cmp_key(node, where, line)
        value = p.number(node[op], line, f"{where}.{op}", op) if op else None
        if op in ("in", "not_in"):
            p.report("sum compares with eq, ne, gt, gte, lt or lte", line, where)
            return None
        if metric is None or span_ is None or value is None or op is None:
            return None
        return cls(line, metric, span_[0], span_[1], op, value)

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        years = range(year + self.start, year + self.end + 1)
        parts, total, values = [], 0.0, {}
        missing = ev.missing
        for y in years:
            v = ev.value(subj.code, self.metric, y)
            values[str(y)] = None if v is missing else v
            parts.append("not recorded" if v is missing else show(v))
            total += 0 if v is missing else v
        passed = bool(compare(self.op, total, self.value, None))
        sums = " + ".join(parts)
        head = f"{self.metric.key} {span(self.start, self.end, year)} = "
        head += f"{sums} = {show(total)}" if len(parts) > 1 else show(total) \
            if parts[0] != "not recorded" else "not recorded"
        return Outcome(passed, f"{head}, needs {needs(self.op, self.value)}",
                       {self.metric.key: values}, show(total))

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        total = 0.0
        missing, value, metric, code = ev.missing, ev.value, self.metric, subj.code
        for y in range(year + self.start, year + self.end + 1):
            v = value(code, metric, y)
            total += 0 if v is missing else v
        return bool(compare(self.op, total, self.value, None))

    def reads(self) -> Reads | None:
        return [("value", self.metric, y) for y in range(self.start, self.end + 1)]

    def describe(self) -> str:
        return (f"sum of {self.metric.key} {rel(self.start, self.end)} "
                f"{needs(self.op, self.value)}")


@register(count_years={"rule", "<cmp>"})
@dataclass(eq=False)
class CountYears(Rule):
    start: int
    end: int
    rule: Rule
    op: str
    value: float

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        span_ = p.window(node["count_years"], f"{where}.count_years", line)
        rule = p.inner(node, kind, where, line)
        op = p.cmp_key(node, where, line)
        value = p.number(node[op], line, f"{where}.{op}", op) if op else None
        if span_ is None or rule is None or value is None or op is None:
            return None
        return cls(line, span_[0], span_[1], rule, op, value)

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        years = range(year + self.start, year + self.end + 1)
        outs, values = self.rule.over_years(ev, subj, years, track, headed)
        hits = sum(o.passed for o in outs)
        passed = bool(compare(self.op, hits, self.value, None))
        marks = ", ".join(_mark(ev, y, o) for y, o in zip(years, outs, strict=True))
        detail = (f"{ev.describe(self.rule)} in {hits} of "
                  f"{span(self.start, self.end, year)}, "
                  f"needs {needs(self.op, self.value)}: {marks}")
        return Outcome(passed, detail, values, str(hits))

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        rule = self.rule
        hits = sum(rule.passes(ev, subj, y, track)
                   for y in range(year + self.start, year + self.end + 1))
        return bool(compare(self.op, hits, self.value, None))

    def reads(self) -> Reads | None:
        return shifted(self.rule.reads(), range(self.start, self.end + 1))

    def describe(self) -> str:
        return (f"years with {wrap(self.rule)} in {rel(self.start, self.end)} "
                f"{needs(self.op, self.value)}")

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        hits = year_hits(self.rule, data, track,
                         range(year + self.start, year + self.end + 1), pool)
        if hits is None:
            return None
        op, value = self.op, self.value
        return {s for s in pool if compare(op, hits.get(s, 0), value, None)}


def year_hits(rule: Rule, data: YearData, track: str, years: range,
              pool: set[str]) -> Counter[str] | None:
    """In how many of `years` the rule picks each subject of `pool` (absent: none); None if
    the rule has no set-wise form."""
    hits: Counter[str] = Counter()
    for y in years:
        got = rule.picks(data, track, y, pool)
        if got is None:
            return None
        hits.update(got)
    return hits
