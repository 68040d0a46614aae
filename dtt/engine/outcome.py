"""What a check returns (Outcome), and the comparison primitives the rule operators share:
enum-aware comparison, fast predicates, merging the values several checks read."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from dtt.criteria.model import Compare, Rule

TICK, CROSS = "✓", "✗"
YEAR_TEXT = {y: str(y) for y in range(1900, 2200)}  # a year as a values key, made once


class Outcome:
    __slots__ = ("passed", "detail", "values", "short")

    def __init__(self, passed: bool, detail: str, values: dict | None = None,
                 short: str = "") -> None:
        self.passed = passed
        self.detail = detail
        self.values = values if values is not None else {}
        self.short = short


def gather(outs: list[Outcome]) -> dict:
    """The values read by several outcomes, merged one level deep ({metric: {year: v}})."""
    values: dict = {}
    for o in outs:
        for key, value in o.values.items():
            mine = values.get(key)
            if mine is None or type(mine) is not dict or type(value) is not dict:
                values[key] = value if type(value) is not dict else dict(value)
            else:
                mine.update(value)
    return values


def merge(into: dict, other: dict) -> dict:
    for key, value in other.items():
        mine = into.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            merge(mine, value)
        else:
            into[key] = value
    return into


def compare(op: str, have: Any, want: Any, order: dict[str, int] | None) -> bool | None:
    """have <op> want; enum values compare by declared order. None: not comparable."""
    if order is not None:
        if op in ("in", "not_in"):
            return (have in want) == (op == "in")
        a, b = order.get(have), order.get(want)
        if a is None or b is None:
            return None
        have, want = a, b
    elif op in ("in", "not_in"):
        return (have in want) == (op == "in")
    try:
        if op == "eq":
            return have == want
        if op == "ne":
            return have != want
        if op == "gt":
            return have > want
        if op == "gte":
            return have >= want
        if op == "lt":
            return have < want
        return have <= want
    except TypeError:
        return None


_OPS = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
        "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def predicate(rule: Compare, order: dict[str, int] | None) -> Callable[[Any], bool | None]:
    """A fast test of one recorded value against the rule (None: not comparable)."""
    op, want = rule.op, rule.value
    if op in ("in", "not_in"):
        wanted = frozenset(want)
        return (lambda v: v in wanted) if op == "in" else (lambda v: v not in wanted)
    fn = _OPS[op]
    if order is not None:
        target = order[want]
        get = order.get

        def enum_test(v: Any) -> bool | None:
            rank = get(v)
            return None if rank is None else fn(rank, target)

        return enum_test

    def test(v: Any) -> bool | None:
        try:
            return fn(v, want)
        except TypeError:
            return None

    return test


def rule_key(rule: Rule | None) -> Any:
    """A key equal for rules that read alike: comparisons by content, others by identity."""
    if type(rule) is Compare:
        value = tuple(rule.value) if isinstance(rule.value, list) else rule.value
        return ("compare", id(rule.metric), rule.op, value, rule.offset)
    return id(rule)
