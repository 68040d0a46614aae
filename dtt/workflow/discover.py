"""A track's discovery rule, evaluated set-wise over a whole year at once.

`discover(...)` returns, for each subject the rule picks, the reasons it was picked
(`record 2020`, `registered: <goal>`, `rating 2020 = HTXSNV`). Rules built of `record`,
`registered`, metric comparisons (any year offset) and `all` / `any` / `not` are computed here
in one pass over the year's records; any other rule node is handed to the engine's evaluator,
subject by subject.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dtt.criteria.metrics import Metric, fmt_value
from dtt.criteria.model import (
    OP_SYMBOL,
    AllOf,
    AnyOf,
    Compare,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    Track,
)
from dtt.store import Store

Found = dict[str, list[str]]  # subject -> reasons


class YearData:
    """The records and registrations a discovery needs, loaded once per nominate run."""

    def __init__(self, store: Store, year: int) -> None:
        self.store = store
        self.year = year
        self._records: dict[int, dict[str, dict[str, Any]]] = {}
        self._registered: dict[str, dict[str, str]] = {}
        self._evaluator: Any = None

    def records(self, year: int) -> dict[str, dict[str, Any]]:
        if year not in self._records:
            self._records[year] = {
                r[0]: json.loads(r[1])
                for r in self.store.query("SELECT subject, data FROM records WHERE year = ?",
                                          (year,))}
        return self._records[year]

    def evaluator(self) -> Any:
        """The engine's evaluator for this year (built on first use only)."""
        if self._evaluator is None:
            from dtt.engine.context import Context
            from dtt.engine.rules import Evaluator
            from dtt.workflow.policy import criteria

            crit = criteria(self.store)
            version = crit.version_for(self.year)
            self._evaluator = Evaluator(Context(self.store, crit, version, self.year), version)
        return self._evaluator

    def registered(self, track: str) -> dict[str, str]:
        if track not in self._registered:
            self._registered[track] = {
                r[0]: r[1] or "" for r in self.store.query(
                    "SELECT subject, goal FROM registrations WHERE year = ? AND track = ? "
                    "AND withdrawn_at IS NULL", (self.year, track))}
        return self._registered[track]


def discover(data: YearData, trk: Track, universe: Iterable[str]) -> Found:
    """The subjects of `universe` that the track's discovery rule picks, with reasons."""
    pool = set(universe)
    return _eval(trk.discovery, data, trk, pool)


def _eval(rule: Rule, data: YearData, trk: Track, pool: set[str]) -> Found:
    year = data.year
    if isinstance(rule, RecordLeaf):
        recs = data.records(year)
        return {s: [f"record {year}"] for s in pool if s in recs}
    if isinstance(rule, RegisteredLeaf):
        regs = data.registered(trk.key)
        return {s: [f"registered: {regs[s]}" if regs[s] else "registered"]
                for s in pool if s in regs}
    if isinstance(rule, Compare):
        return _compare(rule, data, pool)
    if isinstance(rule, AllOf):
        found: Found | None = None
        for part in rule.rules:
            got = _eval(part, data, trk, pool if found is None else set(found))
            found = got if found is None else {s: found[s] + got[s] for s in got if s in found}
        return found or {}
    if isinstance(rule, AnyOf):
        out: Found = {}
        for part in rule.rules:
            for s, reasons in _eval(part, data, trk, pool).items():
                out.setdefault(s, []).extend(reasons)
        return out
    if isinstance(rule, NotRule):
        inner = _eval(rule.rule, data, trk, pool)
        return {s: ["not: " + "; ".join(_eval_reasons(rule.rule))] for s in pool
                if s not in inner}
    return _fallback(rule, data, trk, pool)


def _eval_reasons(rule: Rule) -> list[str]:
    if isinstance(rule, Compare):
        return [f"{rule.metric.key} {OP_SYMBOL[rule.op]} {_show(rule.value)}"]
    return [type(rule).__name__.lower()]


def _compare(rule: Compare, data: YearData, pool: set[str]) -> Found:
    year = data.year + rule.offset
    recs = data.records(year)
    metric = rule.metric
    out: Found = {}
    for s in pool:
        rec = recs.get(s)
        if rec is None:
            continue
        value = rec.get(metric.key, metric.default if metric.has_default else None)
        if value is None:
            continue
        if _test(metric, rule.op, value, rule.value):
            out[s] = [f"{metric.key} {year} = {fmt_value(value)}"]
    return out


def _test(metric: Metric, op: str, value: Any, target: Any) -> bool:
    if op in ("in", "not_in"):
        inside = value in target
        return inside if op == "in" else not inside
    if metric.type == "enum":
        if value not in metric.values:
            return False
        left, right = metric.rank(value), metric.rank(target)
    else:
        left, right = value, target
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    if op == "gt":
        return left > right
    if op == "gte":
        return left >= right
    if op == "lt":
        return left < right
    return left <= right


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(fmt_value(v) for v in value) + "]"
    return fmt_value(value)


def _fallback(rule: Rule, data: YearData, trk: Track, pool: set[str]) -> Found:
    """Rules beyond the set-wise subset: the engine's evaluator, subject by subject."""
    ev = data.evaluator()
    label = f"discovery rule of {trk.key}"
    return {s: [label] for s in pool
            if ev.passes(rule, ev.ctx.subject(s), data.year, trk.key)}
