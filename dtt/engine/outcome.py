"""What a check returns (Outcome), and the comparison primitives the rule operators share:
enum-aware comparison, fast predicates, merging the values several checks read. They live
with the operators (dtt.rules.base); this module names them for the engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dtt.rules.base import (
    CROSS,
    TICK,
    YEAR_TEXT,
    Outcome,
    Rule,
    compare,
    gather,
    merge,
)
from dtt.rules.base import predicate as compiled
from dtt.rules.comparisons import Compare

__all__ = ["CROSS", "TICK", "YEAR_TEXT", "Outcome", "compare", "gather", "merge", "predicate",
           "rule_key"]


def predicate(rule: Compare, order: dict[str, int] | None) -> Callable[[Any], bool | None]:
    """A fast test of one recorded value against the rule (None: not comparable)."""
    return compiled(rule.op, rule.value, order)


def rule_key(rule: Rule | None) -> Any:
    """A key equal for rules that read alike: comparisons by content, others by identity."""
    return id(None) if rule is None else rule.read_key()
