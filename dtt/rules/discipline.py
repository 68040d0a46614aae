"""`{discipline_term: {from: -2, to: 0}, until: discipline_until, term_months: 12}` — the years
a title reads lie wholly after every discipline term.

From 2024 achievements count only after a discipline term ends (NĐ 98/2023/NĐ-CP and NĐ
152/2025/NĐ-CP Điều 4 khoản 4): a year inside the term does not count, and neither does a year
before it — counting starts again after the term. So the rule passes when the window's first
year begins after the end of every term that started by the evaluated year.

A term starts in a year D whose record has a discipline (the `discipline` metric above its
lowest value, `none`) and ends on the date of D's record `until` (the metric
`discipline_until`, the day the decision stops having effect). When that date is not recorded,
the term is taken to run `term_months` from the end of D (the decision's day is not recorded:
its latest possible day) — a documented, editable default. A year counts only when the term
ended before the year began (a title rewards a whole year's achievement): dtt's reading,
labelled as such in the criterion's source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric
from dtt.rules.base import CROSS, MAX_BACK, TICK, Outcome, Rule, register, rel, span

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator

DISCIPLINE = "discipline"  # the enum metric of the discipline form; its lowest value is none
UNTIL = "discipline_until"  # the date metric: the day the discipline term ends


@register(discipline_term={"discipline", "until", "term_months"})
@dataclass(eq=False)
class DisciplineTerm(Rule):
    start: int
    end: int
    discipline: Metric
    until: Metric | None
    term_months: int = 12

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        if kind != "person":
            p.report("discipline_term applies to people only", line, where)
            return None
        span_ = p.window(node["discipline_term"], f"{where}.discipline_term", line)
        disc = p.lookup(node.get("discipline", DISCIPLINE), kind,
                        p.line_of(node, "discipline", line), f"{where}.discipline")
        if disc is not None and disc.type != "enum":
            p.report(f"discipline: needs an enum metric (lowest value: none); '{disc.key}' is "
                     f"{disc.type}", line, f"{where}.discipline")
            disc = None
        until = None
        if "until" in node:
            until = p.lookup(node["until"], kind, p.line_of(node, "until", line),
                             f"{where}.until")
            if until is not None and until.type != "date":
                p.report(f"until: needs a date metric; '{until.key}' is {until.type}",
                         p.line_of(node, "until", line), f"{where}.until")
                return None
            if until is None:
                return None
        months = node.get("term_months", 12)
        if not p.is_int(months) or not 1 <= months <= 12 * MAX_BACK:
            p.report(f"term_months is a number of months from 1 to {12 * MAX_BACK}, not "
                     f"'{months}'", p.line_of(node, "term_months", line),
                     f"{where}.term_months")
            return None
        if span_ is None or disc is None:
            return None
        return cls(line, span_[0], span_[1], disc, until, months)

    # --- the terms ------------------------------------------------------------------------------
    def _default_end(self, year: int) -> int:
        """The year a term begun in `year` ends when its end is not recorded."""
        return year + -(-self.term_months // 12)

    def terms(self, ev: Evaluator, subj: Subject, year: int
              ) -> list[tuple[int, str, str | None, int]]:
        """(year begun, form, recorded end date or None, year ended) of every term begun from
        MAX_BACK years before the window up to the evaluated year."""
        value, missing, code = ev.value, ev.missing, subj.code
        lowest = self.discipline.values[0]
        out: list[tuple[int, str, str | None, int]] = []
        for d in range(year + self.start - MAX_BACK, year + 1):
            form = value(code, self.discipline, d)
            if form is missing or not form or form == lowest:
                continue
            until = None if self.until is None else value(code, self.until, d)
            if until is missing or not until:
                out.append((d, str(form), None, self._default_end(d)))
            else:
                out.append((d, str(form), str(until), int(str(until)[:4])))
        return out

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        first = year + self.start
        return all(ended < first for _d, _f, _u, ended in self.terms(ev, subj, year))

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        first = year + self.start
        window = span(self.start, self.end, year)
        terms = self.terms(ev, subj, year)
        values: dict[str, Any] = {"discipline": {str(d): f for d, f, _u, _e in terms}}
        if self.until is not None:
            values[self.until.key] = {str(d): u for d, _f, u, _e in terms}
        if not terms:
            return Outcome(True, f"no discipline in {year + self.start - MAX_BACK}–{year}: the "
                                 f"years read, {window}, count {TICK}", values, "no term")
        parts = []
        for d, form, until, ended in terms:
            if until is not None:
                term = f"term until {until}"
            else:
                term = (f"term to the end of {ended} ({self.until.key if self.until else UNTIL}"
                        f" not recorded: {self.term_months} months from {d}, dtt's default)")
            mark = TICK if ended < first else CROSS
            parts.append(f"{self.discipline.key} {d} = {form}, {term}: achievements count from "
                         f"{ended + 1} {mark}")
        counts_from = max(e for _d, _f, _u, e in terms) + 1
        values["counts_from"] = counts_from
        passed = counts_from <= first
        head = (f"the years read, {window}, begin after every discipline term" if passed else
                f"the years read, {window}, lie inside or before a discipline term")
        return Outcome(passed, f"{head}: {'; '.join(parts)}", values,
                       f"counts from {counts_from}")

    def describe(self) -> str:
        until = self.until.key if self.until is not None else "—"
        return (f"the years {rel(self.start, self.end)} begin after every discipline term "
                f"(ends: {until}; not recorded: {self.term_months} months from the year "
                f"disciplined)")

    def reasons(self) -> list[str]:
        return ["outside discipline terms"]
