"""The discovery leaves: `record: true` (a record in the year) and `registered: true` (a
registration for the track in the year)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.rules.base import Found, Outcome, Reads, Rule, register

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData


def _only_true(p: RuleParser, node: Any, key: str, where: str, line: int) -> bool:
    """A leaf written `KEY: true` (its only form); anything else is reported."""
    if node[key] is not True:
        p.report(f"{key}: true is the only form", line, f"{where}.{key}")
        return False
    return True


@register(record=set())
@dataclass(eq=False)
class RecordLeaf(Rule):
    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        return cls(line) if _only_true(p, node, "record", where, line) else None

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        ok = ev.ctx.has_record(subj.code, year)
        return Outcome(ok, f"record {year} {'present' if ok else 'not recorded'}",
                       {"record": {str(year): ok}}, "yes" if ok else "no")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        by_year = ev.ctx.records.get(subj.code)
        return by_year is not None and year in by_year

    def reads(self) -> Reads | None:
        return [("record", None, 0)]

    def describe(self) -> str:
        return "has a record"

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        year = data.year
        recs = data.records(year)
        return {s: [f"record {year}"] for s in pool if s in recs}

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        if not data.readable(year):
            return None
        return pool & data.records(year).keys()


@register(registered=set())
@dataclass(eq=False)
class RegisteredLeaf(Rule):
    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        return cls(line) if _only_true(p, node, "registered", where, line) else None

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        ok = (subj.code, track, year) in ev.ctx.registered
        text = f"registered for {track} in {year}" if ok else f"not registered for {track} " \
            f"in {year}"
        return Outcome(ok, text, {"registered": {str(year): ok}}, "yes" if ok else "no")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return (subj.code, track, year) in ev.ctx.registered

    def describe(self) -> str:
        return "registered"

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        regs = data.registered(track)
        return {s: [f"registered: {regs[s]}" if regs[s] else "registered"]
                for s in pool if s in regs}

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        if not data.readable(year):
            return None
        return pool & data.registered_in(track, year)
