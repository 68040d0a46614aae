"""Parsing one rule of the criteria file into rule nodes, checked against the declared metrics.

The operator set is fixed (see docs/criteria.md); nothing is ever evaluated as code. Each
operator parses its own mapping (dtt.rules, one class per operator, found through the registry
`OPERATORS`); the parser here finds the operator and offers the shared checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from dtt.criteria.metrics import Metric, MetricSet
from dtt.limits import RULE_DEPTH, RULE_NODES
from dtt.rules import COMPARISONS, HEADS, MAX_BACK, MEMBER_AGGS, OPERATORS, Rule
from dtt.text import fold_code

__all__ = ["HEADS", "MEMBER_AGGS", "Report", "RuleParser", "is_int", "is_number", "line_of"]

Report = Callable[[str, int, str], None]  # (message, line, field)


def line_of(node: Any, key: Any, default: int) -> int:
    if hasattr(node, "line_of"):
        return node.line_of(key) or default
    return getattr(node, "line", 0) or default


def is_number(value: Any) -> bool:
    """A finite number (NaN and infinity are refused as thresholds and weights)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


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
        self.nodes = 0  # operators parsed for this track: past RULE_NODES the track is refused
        self.depth = 0

    def parse(self, node: Any, kind: str, where: str, line: int) -> Rule | None:
        self.nodes += 1
        if self.nodes > RULE_NODES:
            if self.nodes == RULE_NODES + 1:
                self.report(f"the track's rules have more than {RULE_NODES:,} operators; "
                            "the limit keeps an evaluation quick (see docs/criteria.md)",
                            getattr(node, "line", 0) or line, where)
            return None
        if self.depth >= RULE_DEPTH:
            self.report(f"rules nested more than {RULE_DEPTH} deep", getattr(node, "line", 0)
                        or line, where)
            return None
        self.depth += 1
        try:
            return self._parse(node, kind, where, line)
        finally:
            self.depth -= 1

    def _parse(self, node: Any, kind: str, where: str, line: int) -> Rule | None:
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
        return OPERATORS[head][0].parse(self, head, node, kind, where, line)

    # --- helpers the operators parse with -----------------------------------------------------
    line_of = staticmethod(line_of)
    is_int = staticmethod(is_int)

    def lookup(self, name: Any, kind: str, line: int, where: str) -> Metric | None:
        metric = self.metrics.get(kind, str(name))
        if metric is None:
            known = ", ".join(self.metrics.for_kind(kind)) or "none"
            self.report(f"unknown {kind} metric '{name}' (declared: {known})", line, where)
        return metric

    def cmp_key(self, node: Any, where: str, line: int, required: bool = True) -> str | None:
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
        start: Any = spec.get("from")
        end: Any = spec.get("to", 0)
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
        if metric.type == "date":
            try:
                return metric.parse(raw)
            except ValueError:
                self.report(f"'{metric.key}' is a date: compare with a date (yyyy-mm-dd), not "
                            f"'{raw}'", line, where)
                return None
        if not is_number(raw):
            self.report(f"'{metric.key}' is a number: compare with a number, not '{raw}'",
                        line, where)
            return None
        return raw

    def number(self, raw: Any, line: int, where: str, what: str) -> float | None:
        if not is_number(raw):
            self.report(f"{what} must be a number, not '{raw}'", line, where)
            return None
        return raw

    def rules_list(self, node: Any, key: str, kind: str, where: str, line: int
                   ) -> list[Rule] | None:
        items = node[key]
        if not isinstance(items, list) or not items:
            self.report(f"'{key}' needs a non-empty list of rules", line, f"{where}.{key}")
            return None
        rules = [self.parse(item, kind, f"{where}.{key}[{i}]", getattr(items, "line", line))
                 for i, item in enumerate(items)]
        return None if any(r is None for r in rules) else rules  # type: ignore[return-value]

    def inner(self, node: Any, kind: str, where: str, line: int) -> Rule | None:
        if "rule" not in node:
            self.report("needs 'rule:' — the rule checked in each year", line, where)
            return None
        return self.parse(node["rule"], kind, f"{where}.rule", line_of(node, "rule", line))

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

    _lookup = lookup  # the name terms.py reads
