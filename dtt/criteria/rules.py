"""Parsing one rule of the criteria file into rule nodes, checked against the declared metrics.

The operator set is fixed (see docs/criteria.md); nothing is ever evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dtt.criteria.metrics import Metric, MetricSet
from dtt.criteria.model import (
    COMPARISONS,
    MAX_BACK,
    AllOf,
    AnyOf,
    Compare,
    CountYears,
    HeadedUnit,
    Members,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    SumRule,
    TrackRef,
    When,
    Window,
)
from dtt.text import fold_code

# head key -> the other keys it allows (comparison operators are listed as "<cmp>")
HEADS: dict[str, set[str]] = {
    "metric": {"<cmp>", "year"},
    "all": set(),
    "any": set(),
    "not": set(),
    "each_year": {"rule"},
    "any_year": {"rule"},
    "at_least": {"of_years", "rule"},
    "streak": {"rule"},
    "sum": {"years", "<cmp>"},
    "count_years": {"rule", "<cmp>"},
    "members": {"where", "<cmp>"},
    "headed_unit": set(),
    "when": {"then"},
    "track": set(),
    "record": set(),
    "registered": set(),
}
MEMBER_AGGS = ("share", "count", "all", "none", "any")

Report = Callable[[str, int, str], None]  # (message, line, field)


def line_of(node: Any, key: Any, default: int) -> int:
    if hasattr(node, "line_of"):
        return node.line_of(key) or default
    return getattr(node, "line", 0) or default


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class RuleParser:
    """Turns rule mappings into rule nodes; every problem goes to `report` with line and field."""

    def __init__(self, metrics: MetricSet, levels: list[str], track_keys: set[str],
                 report: Report) -> None:
        self.metrics = metrics
        self.levels = levels
        self.track_keys = track_keys
        self.report = report
        self.track_refs: set[str] = set()

    def parse(self, node: Any, kind: str, where: str, line: int) -> Rule | None:
        if not isinstance(node, dict):
            self.report("a rule must be a mapping such as {metric: rating, gte: HTTNV}",
                        getattr(node, "line", line), where)
            return None
        line = getattr(node, "line", 0) or line
        heads = [k for k in node if k in HEADS]
        if len(heads) != 1:
            if not heads:
                unknown = ", ".join(repr(str(k)) for k in node)
                self.report(f"unknown operator key {unknown}; a rule starts with one of "
                            f"{', '.join(HEADS)}", line, where)
            else:
                self.report(f"a rule has one head key, not {', '.join(heads)}", line, where)
            return None
        head = heads[0]
        allowed = HEADS[head]
        ok = True
        for key in node:
            if key == head or key in allowed or (key in COMPARISONS and "<cmp>" in allowed):
                continue
            self.report(f"unknown operator key '{key}' beside '{head}'",
                        line_of(node, key, line), f"{where}.{key}")
            ok = False
        if not ok:
            return None
        return getattr(self, "_" + head)(node, kind, where, line)

    # --- helpers ----------------------------------------------------------------------------
    def _lookup(self, name: Any, kind: str, line: int, where: str) -> Metric | None:
        metric = self.metrics.get(kind, str(name))
        if metric is None:
            known = ", ".join(self.metrics.for_kind(kind)) or "none"
            self.report(f"unknown {kind} metric '{name}' (declared: {known})", line, where)
        return metric

    def _cmp_key(self, node: Any, where: str, line: int, required: bool = True) -> str | None:
        ops = [k for k in node if k in COMPARISONS]
        if len(ops) > 1:
            self.report(f"one comparison only, not {', '.join(ops)}", line, where)
            return None
        if not ops:
            if required:
                self.report(f"needs a comparison ({', '.join(COMPARISONS)})", line, where)
            return None
        return ops[0]

    def window(self, spec: Any, where: str, line: int) -> tuple[int, int] | None:
        if not isinstance(spec, dict) or set(spec) - {"from", "to"} or "from" not in spec:
            self.report("a window is {from: -2, to: 0} (years relative to the evaluated year)",
                        getattr(spec, "line", line), where)
            return None
        start, end = spec.get("from"), spec.get("to", 0)
        if not is_int(start) or not is_int(end):
            self.report("from and to must be whole numbers of years", line, where)
            return None
        if start > end:
            self.report(f"window from {start} is after to {end}", line, where)
            return None
        if start < -MAX_BACK or end > 0:
            self.report(f"window {start}..{end} is longer than the data can hold (from ≥ "
                        f"-{MAX_BACK}, to ≤ 0)", line, where)
            return None
        return start, end

    def value_for(self, metric: Metric, op: str, raw: Any, line: int, where: str) -> Any:
        """Check and canonicalise the value compared with `metric` by `op`; None if bad."""
        if op in ("in", "not_in"):
            if not isinstance(raw, list) or not raw:
                self.report(f"{op} needs a list of values", line, where)
                return None
            values = [self.value_for(metric, "eq", item, line, where) for item in raw]
            return None if any(v is None for v in values) else values
        if metric.type == "bool":
            if op not in ("eq", "ne"):
                self.report(f"operator {op} does not apply to the yes/no metric '{metric.key}' "
                            "(use eq or ne)", line, where)
                return None
            if not isinstance(raw, bool):
                self.report(f"'{metric.key}' is yes/no: compare with true or false, not "
                            f"'{raw}'", line, where)
                return None
            return raw
        if metric.type == "enum":
            code = metric.spellings.get(fold_code(str(raw))) if isinstance(raw, str) else None
            if code is None:
                self.report(f"'{raw}' is not a value of '{metric.key}' "
                            f"({', '.join(metric.values)})", line, where)
            return code
        if not is_number(raw):
            self.report(f"'{metric.key}' is a number: compare with a number, not '{raw}'",
                        line, where)
            return None
        return raw

    def _number(self, raw: Any, line: int, where: str, what: str) -> float | None:
        if not is_number(raw):
            self.report(f"{what} must be a number, not '{raw}'", line, where)
            return None
        return raw

    # --- heads ------------------------------------------------------------------------------
    def _metric(self, node, kind, where, line):
        metric = self._lookup(node["metric"], kind, line_of(node, "metric", line),
                              f"{where}.metric")
        op = self._cmp_key(node, where, line)
        offset = node.get("year", 0)
        if not is_int(offset) or not -MAX_BACK <= offset <= 0:
            self.report(f"year must be an offset from -{MAX_BACK} to 0, not '{offset}'",
                        line_of(node, "year", line), f"{where}.year")
            return None
        if metric is None or op is None:
            return None
        value = self.value_for(metric, op, node[op], line_of(node, op, line), f"{where}.{op}")
        if value is None:
            return None
        return Compare(line, metric, op, value, offset)

    def _list(self, node, key, kind, where, line) -> list[Rule] | None:
        items = node[key]
        if not isinstance(items, list) or not items:
            self.report(f"'{key}' needs a non-empty list of rules", line, f"{where}.{key}")
            return None
        rules = [self.parse(item, kind, f"{where}.{key}[{i}]", getattr(items, "line", line))
                 for i, item in enumerate(items)]
        return None if any(r is None for r in rules) else rules  # type: ignore[return-value]

    def _all(self, node, kind, where, line):
        rules = self._list(node, "all", kind, where, line)
        return AllOf(line, rules) if rules else None

    def _any(self, node, kind, where, line):
        rules = self._list(node, "any", kind, where, line)
        return AnyOf(line, rules) if rules else None

    def _not(self, node, kind, where, line):
        rule = self.parse(node["not"], kind, f"{where}.not", line)
        return NotRule(line, rule) if rule else None

    def _inner(self, node, kind, where, line) -> Rule | None:
        if "rule" not in node:
            self.report("needs 'rule:' — the rule checked in each year", line, where)
            return None
        return self.parse(node["rule"], kind, f"{where}.rule", line_of(node, "rule", line))

    def _each_year(self, node, kind, where, line):
        span = self.window(node["each_year"], f"{where}.each_year", line)
        rule = self._inner(node, kind, where, line)
        return Window(line, "each", *span, rule) if span and rule else None

    def _any_year(self, node, kind, where, line):
        span = self.window(node["any_year"], f"{where}.any_year", line)
        rule = self._inner(node, kind, where, line)
        return Window(line, "any", *span, rule) if span and rule else None

    def _at_least(self, node, kind, where, line):
        k = node["at_least"]
        if "of_years" not in node:
            self.report("at_least needs of_years: {from, to}", line, where)
            return None
        span = self.window(node["of_years"], f"{where}.of_years", line)
        rule = self._inner(node, kind, where, line)
        if not is_int(k) or k < 1 or (span and k > span[1] - span[0] + 1):
            self.report(f"at_least must be a whole number from 1 to the window's length, not "
                        f"'{k}'", line, f"{where}.at_least")
            return None
        return Window(line, "at_least", *span, rule, k=k) if span and rule else None

    def _streak(self, node, kind, where, line):
        n = node["streak"]
        if not is_int(n) or not 1 <= n <= MAX_BACK + 1:
            self.report(f"streak must be a number of years from 1 to {MAX_BACK + 1}, not '{n}'",
                        line, f"{where}.streak")
            return None
        rule = self._inner(node, kind, where, line)
        return Window(line, "streak", -(n - 1), 0, rule, k=n) if rule else None

    def _sum(self, node, kind, where, line):
        metric = self._lookup(node["sum"], kind, line, f"{where}.sum")
        if metric is not None and metric.type not in ("int", "number"):
            self.report(f"sum needs a numeric metric; '{metric.key}' is {metric.type}", line,
                        f"{where}.sum")
            metric = None
        span = self.window(node.get("years", {"from": 0, "to": 0}), f"{where}.years", line)
        op = self._cmp_key(node, where, line)
        value = self._number(node[op], line, f"{where}.{op}", op) if op else None
        if op in ("in", "not_in"):
            self.report("sum compares with eq, ne, gt, gte, lt or lte", line, where)
            return None
        if metric is None or span is None or value is None:
            return None
        return SumRule(line, metric, span[0], span[1], op, value)

    def _count_years(self, node, kind, where, line):
        span = self.window(node["count_years"], f"{where}.count_years", line)
        rule = self._inner(node, kind, where, line)
        op = self._cmp_key(node, where, line)
        value = self._number(node[op], line, f"{where}.{op}", op) if op else None
        if span is None or rule is None or value is None:
            return None
        return CountYears(line, span[0], span[1], rule, op, value)

    def _members(self, node, kind, where, line):
        agg = node["members"]
        if kind != "collective":
            self.report("members aggregates apply to collectives only", line, where)
            return None
        if agg not in MEMBER_AGGS:
            self.report(f"members must be one of {', '.join(MEMBER_AGGS)}, not '{agg}'", line,
                        f"{where}.members")
            return None
        member_rule = None
        if "where" in node:
            member_rule = self.parse(node["where"], "person", f"{where}.where",
                                     line_of(node, "where", line))
            if member_rule is None:
                return None
        elif agg != "count":
            self.report(f"members: {agg} needs where: (the rule each member is tested by)",
                        line, where)
            return None
        op = self._cmp_key(node, where, line, required=agg in ("share", "count"))
        if agg in ("all", "none", "any") and op:
            self.report(f"members: {agg} takes no comparison", line, f"{where}.{op}")
            return None
        value = None
        if op:
            if op in ("in", "not_in"):
                self.report("members compares with eq, ne, gt, gte, lt or lte", line, where)
                return None
            value = self._number(node[op], line, f"{where}.{op}", op)
            if value is None:
                return None
            if agg == "share" and not 0 <= value <= 100:
                self.report(f"a share is a percentage from 0 to 100, not {value}", line,
                            f"{where}.{op}")
                return None
        elif agg in ("share", "count"):
            return None
        return Members(line, agg, member_rule, op, value)

    def _headed_unit(self, node, kind, where, line):
        if kind != "person":
            self.report("headed_unit applies to people only", line, where)
            return None
        rule = self.parse(node["headed_unit"], "collective", f"{where}.headed_unit", line)
        return HeadedUnit(line, rule) if rule else None

    def _when(self, node, kind, where, line):
        cond = node["when"]
        if "then" not in node:
            self.report("when needs then: (the rule that applies)", line, where)
            return None
        if not isinstance(cond, dict) or len(cond) != 1 or not set(cond) <= {"leader",
                                                                                "level_in"}:
            self.report("when is {leader: true} or {level_in: [levels]}", line, f"{where}.when")
            return None
        then = self.parse(node["then"], kind, f"{where}.then", line_of(node, "then", line))
        if "leader" in cond:
            if kind != "person" or not isinstance(cond["leader"], bool):
                self.report("when: {leader: true|false} applies to people", line,
                            f"{where}.when.leader")
                return None
            return When(line, then, leader=cond["leader"]) if then else None
        levels = cond["level_in"]
        if not self.check_levels(levels, line, f"{where}.when.level_in"):
            return None
        return When(line, then, level_in=list(levels)) if then else None

    def check_levels(self, levels: Any, line: int, where: str) -> bool:
        if not isinstance(levels, list) or not levels:
            self.report("needs a list of level keys", line, where)
            return False
        bad = [str(x) for x in levels if x not in self.levels]
        if bad:
            self.report(f"unknown level {', '.join(bad)} (levels: {', '.join(self.levels)})",
                        line, where)
            return False
        return True

    def _track(self, node, kind, where, line):
        key = node["track"]
        if key not in self.track_keys:
            self.report(f"unknown track '{key}' (tracks: {', '.join(sorted(self.track_keys))})",
                        line, f"{where}.track")
            return None
        self.track_refs.add(key)
        return TrackRef(line, key)

    def _record(self, node, kind, where, line):
        if node["record"] is not True:
            self.report("record: true is the only form", line, f"{where}.record")
            return None
        return RecordLeaf(line)

    def _registered(self, node, kind, where, line):
        if node["registered"] is not True:
            self.report("registered: true is the only form", line, f"{where}.registered")
            return None
        return RegisteredLeaf(line)
