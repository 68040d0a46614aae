"""Logic: `all`, `any`, `not` and `when` (a rule that applies to some subjects only)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from dtt.rules.base import (
    CROSS,
    TICK,
    Found,
    Outcome,
    Reads,
    Rule,
    gather,
    joined,
    picked_by_all,
    picked_by_any,
    register,
    wrap,
)
from dtt.rules.comparisons import Compare

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData


def _named(rule: Rule, out: Outcome) -> str:
    return f"{rule.metric.key} {out.short}" if isinstance(rule, Compare) else out.short


@dataclass(eq=False)
class Joined(Rule):
    """`all` / `any` of a list of rules."""

    rules: list[Rule]
    word = ""  # "and" | "or"

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        rules = p.rules_list(node, head, kind, where, line)
        return cls(line, rules) if rules else None

    def joins(self, results: Any) -> bool:
        raise NotImplementedError

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        outs = [r.check(ev, subj, year, track, headed) for r in self.rules]
        passed = self.joins(o.passed for o in outs)
        values = gather(outs)
        detail = f" {self.word} ".join(f"{o.detail} {TICK if o.passed else CROSS}"
                                       for o in outs)
        short = ", ".join(_named(r, o) for r, o in zip(self.rules, outs, strict=True))
        return Outcome(passed, detail, values, short)

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return self.joins(r.passes(ev, subj, year, track) for r in self.rules)

    def over_years(self, ev: Evaluator, subj: Subject, years: range, track: str,
                   headed: bool) -> tuple[list[Outcome], dict]:
        """Comparisons of distinct metrics over several years, as a window shows them: per
        year whether the join passed and `metric value, …`; other rules year by year."""
        rules = self.rules
        if not rules or not all(type(r) is Compare for r in rules) \
                or len({r.metric.key for r in rules}) != len(rules):  # type: ignore[attr-defined]
            return super().over_years(ev, subj, years, track, headed)
        parts = [(r.metric.key, *r.cells(ev, subj.code, years))  # type: ignore[attr-defined]
                 for r in rules]
        outs = []
        for i in range(len(years)):
            cells = [(key, cell_outs[i]) for key, cell_outs, _ in parts]
            passed = self.joins(o.passed for _, o in cells)
            outs.append(Outcome(passed, "", None,
                                ", ".join([f"{key} {o.short}" for key, o in cells])))
        values: dict = {}
        for _key, _outs, read in parts:
            values.update(read)
        return outs, values

    def describe(self) -> str:
        return f" {self.word} ".join(wrap(r) for r in self.rules)

    def reads(self) -> Reads | None:
        return joined(*(r.reads() for r in self.rules))


@register(all=set())
@dataclass(eq=False)
class AllOf(Joined):
    word = "and"

    def joins(self, results: Any) -> bool:
        return all(results)

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        found: Found | None = None
        for part in self.rules:
            got = part.discover(data, track, pool if found is None else set(found))
            found = got if found is None else {s: found[s] + got[s] for s in got if s in found}
        return found or {}

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        return picked_by_all((partial(part.picks, data, track, year) for part in self.rules),
                             pool)


@register(any=set())
@dataclass(eq=False)
class AnyOf(Joined):
    word = "or"

    def joins(self, results: Any) -> bool:
        return any(results)

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        out: Found = {}
        for part in self.rules:
            for s, reasons in part.discover(data, track, pool).items():
                out.setdefault(s, []).extend(reasons)
        return out

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        return picked_by_any((partial(part.picks, data, track, year) for part in self.rules),
                             pool)


@register(**{"not": set()})
@dataclass(eq=False)
class NotRule(Rule):
    rule: Rule

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        rule = p.parse(node["not"], kind, f"{where}.not", line)
        return cls(line, rule) if rule else None

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        out = self.rule.check(ev, subj, year, track, headed)
        return Outcome(not out.passed, f"not ({out.detail})", out.values, out.short)

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return not self.rule.passes(ev, subj, year, track)

    def describe(self) -> str:
        return f"not ({self.rule.describe()})"

    def reads(self) -> Reads | None:
        return self.rule.reads()

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        inner = self.rule.discover(data, track, pool)
        return {s: ["not: " + "; ".join(self.rule.reasons())] for s in pool if s not in inner}

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        inner = self.rule.picks(data, track, year, pool)
        return None if inner is None else pool - inner


@register(when={"then"})
@dataclass(eq=False)
class When(Rule):
    then: Rule
    leader: bool | None = None
    level_in: list[str] | None = None

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        cond = node["when"]
        if "then" not in node:
            p.report("when needs then: (the rule that applies)", line, where)
            return None
        if not isinstance(cond, dict) or len(cond) != 1 or not set(cond) <= {"leader",
                                                                                "level_in"}:
            p.report("when is {leader: true} or {level_in: [levels]}", line, f"{where}.when")
            return None
        then = p.parse(node["then"], kind, f"{where}.then", p.line_of(node, "then", line))
        if "leader" in cond:
            if kind != "person" or not isinstance(cond["leader"], bool):
                p.report("when: {leader: true|false} applies to people", line,
                         f"{where}.when.leader")
                return None
            return cls(line, then, leader=cond["leader"]) if then else None
        levels = cond["level_in"]
        if not p.check_levels(levels, line, f"{where}.when.level_in"):
            return None
        return cls(line, then, level_in=list(levels)) if then else None

    def applies(self, subj: Subject) -> bool:
        if self.leader is not None:
            return bool(subj.heads) == self.leader
        return subj.level in (self.level_in or [])

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        if not self.applies(subj):
            why = (("not a leader" if self.leader else "a leader") if self.leader is not None
                   else f"level {subj.level} is not one of {', '.join(self.level_in or [])}")
            return Outcome(True, f"not applicable: {why}", {"applicable": False}, "n/a")
        out = self.then.check(ev, subj, year, track, headed)
        return Outcome(out.passed, out.detail, out.values, out.short)

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return not self.applies(subj) or self.then.passes(ev, subj, year, track)

    def describe(self) -> str:
        cond = ("a leader" if self.leader else "not a leader") if self.leader is not None \
            else f"level in {', '.join(self.level_in or [])}"
        return f"if {cond}: {self.then.describe()}"
