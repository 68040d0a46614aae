"""Rules as short prose for explanations: `title ≥ CSTDCS`, `7 of 10 members LDTT+`."""

from __future__ import annotations

from typing import Any

from dtt.criteria.metrics import fmt_value
from dtt.criteria.model import (
    OP_SYMBOL,
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


def show(value: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return fmt_value(value)


def needs(op: str, value: Any) -> str:
    """What a comparison needs: `HTXSNV`, `≥ HTTNV`, `one of A, B`."""
    if op == "eq":
        return show(value)
    if op == "in":
        return f"one of {show(value)}"
    if op == "not_in":
        return f"none of {show(value)}"
    return f"{OP_SYMBOL[op]} {show(value)}"


def span(start: int, end: int, year: int) -> str:
    a, b = year + start, year + end
    return str(a) if a == b else f"{a}–{b}"


def rel(start: int, end: int) -> str:
    def one(n: int) -> str:
        return "Y" if n == 0 else f"Y{n:+d}"

    return one(start) if start == end else f"{one(start)}..{one(end)}"


def describe(rule: Rule) -> str:
    """A rule in a few words, years relative to the evaluated year Y."""
    if isinstance(rule, Compare):
        year = f" {rel(rule.offset, rule.offset)}" if rule.offset else ""
        return f"{rule.metric.key}{year} {OP_SYMBOL[rule.op]} {_brace(rule)}"
    if isinstance(rule, AllOf):
        return " and ".join(_wrap(r) for r in rule.rules)
    if isinstance(rule, AnyOf):
        return " or ".join(_wrap(r) for r in rule.rules)
    if isinstance(rule, NotRule):
        return f"not ({describe(rule.rule)})"
    if isinstance(rule, Window):
        inner = _wrap(rule.rule)
        if rule.mode == "each":
            return f"{inner} in each of {rel(rule.start, rule.end)}"
        if rule.mode == "any":
            return f"{inner} in any of {rel(rule.start, rule.end)}"
        if rule.mode == "at_least":
            return f"{inner} in at least {rule.k} of {rel(rule.start, rule.end)}"
        return f"{inner} {rule.k} years running to Y"
    if isinstance(rule, SumRule):
        return f"sum of {rule.metric.key} {rel(rule.start, rule.end)} {needs(rule.op, rule.value)}"
    if isinstance(rule, CountYears):
        return (f"years with {_wrap(rule.rule)} in {rel(rule.start, rule.end)} "
                f"{needs(rule.op, rule.value)}")
    if isinstance(rule, Members):
        who = member_desc(rule.where)
        if rule.agg == "share":
            return f"share of members {who} {needs(rule.op, rule.value)}%"
        if rule.agg == "count":
            return f"members {who} {needs(rule.op, rule.value)}"
        return {"all": f"all members {who}", "none": f"no member {who}",
                "any": f"some member {who}"}[rule.agg]
    if isinstance(rule, HeadedUnit):
        return f"headed unit: {describe(rule.rule)}"
    if isinstance(rule, When):
        cond = ("a leader" if rule.leader else "not a leader") if rule.leader is not None \
            else f"level in {', '.join(rule.level_in or [])}"
        return f"if {cond}: {describe(rule.then)}"
    if isinstance(rule, TrackRef):
        return f"eligible for {rule.track}"
    if isinstance(rule, RecordLeaf):
        return "has a record"
    if isinstance(rule, RegisteredLeaf):
        return "registered"
    return type(rule).__name__


def member_desc(where: Rule | None) -> str:
    """How members are picked: `LDTT+` for title ≥ LDTT, else the rule's words."""
    if where is None:
        return "with a record"
    if isinstance(where, Compare) and where.metric.type == "enum" and where.op == "gte" \
            and where.metric.key == "title" and not where.offset:
        return f"{where.value}+"
    return describe(where)


def _brace(rule: Compare) -> str:
    if rule.op in ("in", "not_in"):
        return "{" + show(rule.value) + "}"
    return show(rule.value)


def _wrap(rule: Rule) -> str:
    text = describe(rule)
    return f"({text})" if isinstance(rule, AllOf | AnyOf) and len(rule.rules) > 1 else text
