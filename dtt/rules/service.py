"""`{service_months: recruited, gte: 10, review: "12-31", otherwise: RULE}` — the time from a
person's recruitment to the review of the year, in whole months.

The law measures LĐTT's time rule from recruitment (NĐ 91/2017/NĐ-CP Điều 10: "mới tuyển dụng
dưới 10 tháng"; from 2024 Luật 06/2022/QH15 Điều 24 with NĐ 98/2023/NĐ-CP Điều 4 khoản 5), and
counts maternity leave and training as time worked: so the rule reads the people column
`recruited`, never the months worked in the year. `review` is the day of the review in the
evaluated year (default 31 December). `otherwise` is the rule applied to a person whose date
of recruitment is not recorded (files made for earlier criteria): the explanation says so."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.personal import as_date, months_between
from dtt.rules.base import (
    OP_SYMBOL,
    YEAR_TEXT,
    Found,
    Outcome,
    Reads,
    Rule,
    joined,
    predicate,
    register,
)

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData

COLUMNS = ("recruited",)  # the people columns a service time is counted from
_REVIEW = re.compile(r"^(\d{2})-(\d{2})$")
_ORDERED = ("gt", "gte", "lt", "lte", "eq", "ne")


@register(service_months={"<cmp>", "review", "otherwise"})
@dataclass(eq=False)
class ServiceMonths(Rule):
    op: str
    months: int
    review: tuple[int, int] = (12, 31)  # (month, day) of the review in the evaluated year
    otherwise: Rule | None = None
    column: str = "recruited"

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        if kind != "person":
            p.report("service_months applies to people only", line, where)
            return None
        column = node["service_months"]
        if column not in COLUMNS:
            p.report(f"service_months counts from {', '.join(COLUMNS)}, not '{column}'",
                     p.line_of(node, "service_months", line), f"{where}.service_months")
            return None
        op = p.cmp_key(node, where, line)
        if op is None:
            return None
        if op not in _ORDERED:
            p.report(f"service_months compares with one of {', '.join(_ORDERED)}, not {op}",
                     p.line_of(node, op, line), f"{where}.{op}")
            return None
        months = node[op]
        if not p.is_int(months) or not 0 <= months <= 600:
            p.report(f"a number of months (0–600), not '{months}'", p.line_of(node, op, line),
                     f"{where}.{op}")
            return None
        review = (12, 31)
        if "review" in node:
            raw = str(node["review"])
            found = _REVIEW.match(raw)
            ok = found is not None
            if found:
                try:
                    dt.date(2024, int(found[1]), int(found[2]))  # a leap year: 02-29 is a day
                    review = (int(found[1]), int(found[2]))
                except ValueError:
                    ok = False
            if not ok:
                p.report(f"review is the day of the review as MM-DD (12-31), not '{raw}'",
                         p.line_of(node, "review", line), f"{where}.review")
                return None
        otherwise = None
        if "otherwise" in node:
            otherwise = p.parse(node["otherwise"], kind, f"{where}.otherwise",
                                p.line_of(node, "otherwise", line))
            if otherwise is None:
                return None
        return cls(line, op, months, review, otherwise, column)

    def __post_init__(self) -> None:
        self._fn = predicate(self.op, self.months, None)  # compiled once

    # --- the count ----------------------------------------------------------------------------
    def review_day(self, year: int) -> dt.date:
        month, day = self.review
        if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
            day = 28
        return dt.date(year, month, day)

    def months_at(self, recruited: dt.date, year: int) -> int:
        return months_between(recruited, self.review_day(year))

    def _test(self, months: int) -> bool:
        return bool(self._fn(months))

    @property
    def want(self) -> str:
        return f"{OP_SYMBOL[self.op]} {self.months} months"

    # --- evaluation -----------------------------------------------------------------------------
    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        start = as_date(subj.recruited)
        if start is None:
            return self.otherwise is not None and self.otherwise.passes(ev, subj, year, track)
        return self._test(self.months_at(start, year))

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        start = as_date(subj.recruited)
        ys = YEAR_TEXT.get(year) or str(year)
        if start is None:
            if self.otherwise is None:
                return Outcome(False, f"recruited not recorded, needs {self.want} from "
                                      f"recruitment to the review {self.review_day(year)}",
                               {"recruited": None}, "not recorded")
            out = self.otherwise.check(ev, subj, year, track, headed)
            return Outcome(out.passed, f"recruited not recorded, so instead: {out.detail}",
                           {"recruited": None, **out.values}, out.short)
        day = self.review_day(year)
        months = self.months_at(start, year)
        ok = self._test(months)
        if months < 0:
            text = f"recruited {start.isoformat()}, after the review {day}, needs {self.want}"
        else:
            text = (f"recruited {start.isoformat()}: {months} months at the review {day}, "
                    f"needs {self.want}")
        return Outcome(ok, text, {"recruited": start.isoformat(), "service_months": {ys: months}},
                       f"{months} months")

    def reads(self) -> Reads | None:
        other = self.otherwise.reads() if self.otherwise is not None else []
        return joined([("subject", "recruited", 0)], other)

    # --- words --------------------------------------------------------------------------------
    def describe(self) -> str:
        text = (f"months from recruitment to the review ({self.review[0]:02d}-"
                f"{self.review[1]:02d}) {self.want}")
        if self.otherwise is not None:
            text += f"; recruitment not recorded: {self.otherwise.describe()}"
        return text

    def reasons(self) -> list[str]:
        return [f"service {OP_SYMBOL[self.op]} {self.months} months"]

    # --- discovery ----------------------------------------------------------------------------
    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        dates = data.personal(self.column)
        out: Found = {}
        unknown: set[str] = set()
        for s in pool:
            if s not in dates:
                continue  # not a person
            start = as_date(dates[s])
            if start is None:
                unknown.add(s)
                continue
            months = self.months_at(start, data.year)
            if self._test(months):
                out[s] = [f"recruited {start.isoformat()}: {months} months at the review"]
        if unknown and self.otherwise is not None:
            for s, why in self.otherwise.discover(data, track, unknown).items():
                out[s] = ["recruited not recorded", *why]
        return out
