"""Rules over awards already given: `award` (a recognised award of a track in a year) and
`fresh_years` (each year of a window passes, and no year is used up by an earlier award).

An award of track T in year A is read from two places (docs/criteria.md, "Awards"):
  * a council decision that recognised the subject for T in year A (the latest decision of
    that year and track), and
  * the subject's record of year A, when `title:` is given: the `title` metric at or above
    that title (the record of an award given before dtt was used).

An award in year A uses the years of its own window, A+from … A+to: CSTĐ cấp bộ awarded in
2020 for the CSTĐCS years 2018–2020 uses those three years, and a second award needs three
new ones (NĐ 91/2017/NĐ-CP Điều 9 khoản 2; Luật TĐKT 06/2022/QH15 Điều 22).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric
from dtt.rules.base import (
    CROSS,
    MAX_BACK,
    TICK,
    Found,
    Outcome,
    Reads,
    Rule,
    enum_order,
    joined,
    register,
    rel,
    shifted,
    span,
    wrap,
)

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData

TITLE = "title"  # the record metric that holds a year's emulation title


@register(award={"title"})
@dataclass(eq=False)
class Award(Rule):
    """`{award: cstdn, title: CSTDN}` — the subject was awarded the track in the year: a
    recognised council decision for it, or (with `title:`) a recorded title at or above."""

    track: str
    metric: Metric | None = None
    title: str | None = None

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        key = node["award"]
        if key not in p.track_keys:
            p.report(f"unknown track '{key}' (tracks: {', '.join(sorted(p.track_keys))})",
                     line, f"{where}.award")
            return None
        if "title" not in node:
            return cls(line, str(key))
        metric = p.lookup(TITLE, kind, line, f"{where}.title")
        if metric is None:
            return None
        if metric.type != "enum":
            p.report(f"title: needs the enum metric '{TITLE}'", line, f"{where}.title")
            return None
        code = p.value_for(metric, "gte", node["title"], p.line_of(node, "title", line),
                           f"{where}.title")
        return cls(line, str(key), metric, code) if code is not None else None

    def _titled(self, ev: Evaluator, subj: Subject, year: int) -> Any:
        """The recorded title when it counts as the award, else None."""
        if self.metric is None:
            return None
        value = ev.value(subj.code, self.metric, year)
        order = ev.order(self.metric) or enum_order(self.metric) or {}
        rank = order.get(value) if isinstance(value, str) else None
        return value if rank is not None and rank >= order[self.title or ""] else None

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        decided = (self.track, subj.code, year) in ev.ctx.awards
        titled = self._titled(ev, subj, year)
        ways = []
        if decided:
            ways.append(f"council decision recognised {self.track} {year}")
        if titled is not None:
            ways.append(f"title {year} = {titled}")
        values = {"award": {str(year): self.track if ways else None}}
        if ways:
            return Outcome(True, f"awarded {self.track} in {year} ({'; '.join(ways)})",
                           values, "awarded")
        return Outcome(False, f"no {self.track} award in {year}", values, "no award")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return ((self.track, subj.code, year) in ev.ctx.awards
                or self._titled(ev, subj, year) is not None)

    def reads(self) -> Reads | None:
        return [("award", self.track, 0)] + ([("value", self.metric, 0)] if self.metric else [])

    def describe(self) -> str:
        also = f" or title ≥ {self.title}" if self.title else ""
        return f"awarded {self.track} (council decision{also})"

    def reasons(self) -> list[str]:
        return [f"award {self.track}"]

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        if not data.readable(year):
            return None
        got = pool & data.awarded(self.track, year)
        if self.metric is not None:  # a recorded title at or above the award's
            order = enum_order(self.metric) or {}
            need = order[self.title or ""]
            got |= pool & data.having(year, self.metric,
                                      {code for code, rank in order.items() if rank >= need})
        return got


@register(fresh_years={"rule", "used_by"})
@dataclass(eq=False)
class FreshYears(Rule):
    """`{fresh_years: {from: -2, to: 0}, rule: R, used_by: {award: T, title: X}}` — R passes
    in each year of the window, and no year of it was used by an earlier award: an award in
    year A (a year before the evaluated one where `used_by` passes) uses A+from … A+to."""

    start: int
    end: int
    rule: Rule
    used_by: Rule

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        span_ = p.window(node["fresh_years"], f"{where}.fresh_years", line)
        rule = p.inner(node, kind, where, line)
        if "used_by" not in node:
            p.report("needs 'used_by:' — the award that uses the years, e.g. "
                     "{award: cstdn, title: CSTDN}", line, where)
            return None
        used_by = p.parse(node["used_by"], kind, f"{where}.used_by",
                          p.line_of(node, "used_by", line))
        if span_ is None or rule is None or used_by is None:
            return None
        if span_[0] - span_[1] < -MAX_BACK:
            p.report(f"an earlier award's window reaches {span_[0] - span_[1]} years back; at "
                     f"most -{MAX_BACK}", line, f"{where}.fresh_years")
            return None
        return cls(line, span_[0], span_[1], rule, used_by)

    def used(self, ev: Evaluator, subj: Subject, year: int) -> dict[int, int]:
        """Year of the window → the year of the earlier award that used it."""
        out: dict[int, int] = {}
        first = year + self.start
        for award in range(year + self.start - self.end, year):
            if self.used_by.passes(ev, subj, award, ""):
                for y in range(max(first, award + self.start), award + self.end + 1):
                    out.setdefault(y, award)
        return out

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        years = range(year + self.start, year + self.end + 1)
        outs, values = self.rule.over_years(ev, subj, years, track, headed)
        used = self.used(ev, subj, year)
        marks = []
        for y, o in zip(years, outs, strict=True):
            mark = f"{y} {o.short} {TICK if o.passed else CROSS}"
            other = ev.other_version(y)
            if other is not None:
                mark += f" (rules {other})"
            if y in used:
                a = used[y]
                mark += (f" used by the {a} award ({span(self.start, self.end, a)}) {CROSS}")
            marks.append(mark)
        passed = all(o.passed for o in outs) and not used
        if used:
            values["used_by"] = {str(y): a for y, a in sorted(used.items())}
        head = (f"{ev.describe(self.rule)} in each of {span(self.start, self.end, year)}, "
                f"no year used by an earlier award: ")
        fresh = sum(1 for y, o in zip(years, outs, strict=True) if o.passed and y not in used)
        return Outcome(passed, head + ", ".join(marks), values,
                       f"{fresh} of {len(outs)} fresh years")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        rule = self.rule
        for y in range(year + self.start, year + self.end + 1):
            if not rule.passes(ev, subj, y, track):
                return False
        return not self.used(ev, subj, year)

    def reads(self) -> Reads | None:
        return joined(shifted(self.rule.reads(), range(self.start, self.end + 1)),
                      shifted(self.used_by.reads(), range(self.start - self.end, 0)))

    def describe(self) -> str:
        return (f"{wrap(self.rule)} in each of {rel(self.start, self.end)}, no year used by an "
                f"earlier award ({self.used_by.describe()})")

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        found = data.fallback(self, track, pool)
        return {s: [f"{self.rule.describe()} in each of "
                    f"{span(self.start, self.end, data.year)}, years fresh"] for s in found}

    def reasons(self) -> list[str]:
        return ["fresh_years"]

