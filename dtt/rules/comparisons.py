"""`{metric: M, <op>: value, year: -1}` — one metric of the subject in one year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric, fmt_value
from dtt.rules.base import (
    MAX_BACK,
    OP_SYMBOL,
    YEAR_TEXT,
    Found,
    Outcome,
    Reads,
    Rule,
    enum_order,
    needs,
    predicate,
    register,
    rel,
    show,
)

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData


class _Compiled:
    """The comparison worked out once (not a dataclass field: never shown nor compared)."""

    _test: Callable[[Any], bool | None] | None = None
    _want: str = ""


@register(metric={"<cmp>", "year"})
@dataclass(eq=False)
class Compare(Rule, _Compiled):
    """`{metric: M, <op>: value, year: -1}` — one metric of the subject in one year."""

    metric: Metric
    op: str
    value: Any  # canonical: enum code, number, bool, or a list of those for in / not_in
    offset: int = 0

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        metric = p.lookup(node["metric"], kind, p.line_of(node, "metric", line),
                          f"{where}.metric")
        op = p.cmp_key(node, where, line)
        offset = node.get("year", 0)
        if not p.is_int(offset) or not -MAX_BACK <= offset <= 0:
            p.report(f"year must be an offset from -{MAX_BACK} to 0, not '{offset}'",
                     p.line_of(node, "year", line), f"{where}.year")
            return None
        if metric is None or op is None:
            return None
        value = p.value_for(metric, op, node[op], p.line_of(node, op, line), f"{where}.{op}")
        if value is None:
            return None
        return cls(line, metric, op, value, offset)

    # --- the compiled comparison ------------------------------------------------------------
    @property
    def test(self) -> Callable[[Any], bool | None]:
        """The comparison of one value, compiled on first use (None: not comparable)."""
        fn = self._test
        if fn is None:
            fn = self._test = predicate(self.op, self.value, enum_order(self.metric))
            self._want = needs(self.op, self.value)
        return fn

    @property
    def want(self) -> str:
        if self._test is None:
            self.test  # noqa: B018 - compiles
        return self._want

    def read_key(self) -> Any:
        value = tuple(self.value) if isinstance(self.value, list) else self.value
        return ("compare", id(self.metric), self.op, value, self.offset)

    def reads(self) -> Reads | None:
        return [("value", self.metric, self.offset)]

    # --- evaluation -------------------------------------------------------------------------
    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        test = self._test or self.test
        have = ev.value(subj.code, self.metric, year + self.offset)
        return have is not ev.missing and bool(test(have))

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        test = self._test or self.test
        key = self.metric.key
        want = self._want
        y = year + self.offset
        have = ev.value(subj.code, self.metric, y)
        ys = YEAR_TEXT.get(y) or str(y)
        if have is ev.missing:
            text = (f"{subj.code} {key} {ys} not recorded (headed unit), needs {want}" if headed
                    else f"{key} {ys} not recorded, needs {want}")
            return Outcome(False, text, {key: {ys: None}}, "not recorded")
        ok = test(have)
        shown = have if type(have) is str else ev.show(have)
        text = (f"{subj.code} {key} {ys} = {shown} (headed unit), needs {want}" if headed
                else f"{key} {ys} = {shown}, needs {want}")
        if ok is None:
            text += f" ('{have}' is not a value of {key})"
        return Outcome(bool(ok), text, {key: {ys: have}}, shown)

    def cells(self, ev: Evaluator, code: str, years: range) -> tuple[list[Outcome], dict]:
        """The comparison over several years as a window shows it: per year only whether it
        passed and the value (no sentence), and the values read, merged as `gather` does."""
        test = self._test or self.test
        value, metric, missing, offset = ev.value, self.metric, ev.missing, self.offset
        read: dict[str, Any] = {}
        outs = []
        for y in years:
            y += offset
            ys = YEAR_TEXT.get(y) or str(y)
            have = value(code, metric, y)
            if have is missing:
                read[ys] = None
                outs.append(Outcome(False, "", None, "not recorded"))
            else:
                read[ys] = have
                outs.append(Outcome(bool(test(have)), "", None,
                                    have if type(have) is str else ev.show(have)))
        return outs, {metric.key: read}

    def over_years(self, ev: Evaluator, subj: Subject, years: range, track: str,
                   headed: bool) -> tuple[list[Outcome], dict]:
        return self.cells(ev, subj.code, years)

    # --- words ------------------------------------------------------------------------------
    def describe(self) -> str:
        year = f" {rel(self.offset, self.offset)}" if self.offset else ""
        brace = ("{" + show(self.value) + "}" if self.op in ("in", "not_in")
                 else show(self.value))
        return f"{self.metric.key}{year} {OP_SYMBOL[self.op]} {brace}"

    def reasons(self) -> list[str]:
        value = self.value
        shown = ("[" + ", ".join(fmt_value(v) for v in value) + "]" if isinstance(value, list)
                 else fmt_value(value))
        return [f"{self.metric.key} {OP_SYMBOL[self.op]} {shown}"]

    # --- discovery --------------------------------------------------------------------------
    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        year = data.year + self.offset
        recs = data.records(year)
        metric, test = self.metric, self._test or self.test
        key, default, has_default = metric.key, metric.default, metric.has_default
        out: Found = {}
        for s in pool:
            rec = recs.get(s)
            if rec is None:
                continue
            value = rec.get(key)
            if value is None or value == "":  # the one reading, as Context.value has it
                if not has_default:
                    continue
                value = default
            if test(value):
                out[s] = [f"{key} {year} = {fmt_value(value)}"]
        return out

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        y = year + self.offset
        if not data.readable(y):
            return None
        values = data.values(y, self.metric)  # only the subjects with a value
        test = self._test or self.test
        if len(pool) < len(values):
            return {s for s in pool if s in values and test(values[s])}
        return {s for s, v in values.items() if s in pool and test(v)}
