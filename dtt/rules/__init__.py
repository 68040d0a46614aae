"""The rule operators, one class each, and the one registry that maps operator keys to them.

The criteria loader parses through `OPERATORS`, the engine evaluates through the node's
`check` / `passes`, explanations read `describe`, nomination discovers through `discover`.
"""

from dtt.rules.awards import Award, FreshYears
from dtt.rules.base import (
    COMPARISONS,
    CROSS,
    MAX_BACK,
    OP_SYMBOL,
    OPERATORS,
    TICK,
    YEAR_TEXT,
    Found,
    Outcome,
    Rule,
    compare,
    enum_order,
    gather,
    merge,
    needs,
    predicate,
    rel,
    show,
    span,
)
from dtt.rules.comparisons import Compare
from dtt.rules.discipline import DisciplineTerm
from dtt.rules.leaves import RecordLeaf, RegisteredLeaf
from dtt.rules.logic import AllOf, AnyOf, NotRule, When
from dtt.rules.members import MEMBER_AGGS, Members, member_counts, member_desc
from dtt.rules.service import ServiceMonths
from dtt.rules.units import HeadedUnit, TrackRef
from dtt.rules.windows import CountYears, SumRule, Window

# the operator keys in the order the criteria documentation lists them (and errors name them)
ORDER = ("metric", "all", "any", "not", "each_year", "any_year", "at_least", "streak", "sum",
         "count_years", "members", "headed_unit", "when", "track", "record", "registered",
         "service_months", "award", "fresh_years", "discipline_term")
assert set(ORDER) == set(OPERATORS), "every operator key is listed once"
HEADS: dict[str, set[str]] = {key: OPERATORS[key][1] for key in ORDER}

__all__ = ["COMPARISONS", "CROSS", "HEADS", "MAX_BACK", "MEMBER_AGGS", "OPERATORS", "OP_SYMBOL",
           "ORDER", "TICK", "YEAR_TEXT", "AllOf", "AnyOf", "Award", "Compare", "CountYears",
           "DisciplineTerm", "FreshYears", "Found",
           "HeadedUnit", "Members", "NotRule", "Outcome", "RecordLeaf", "RegisteredLeaf",
           "Rule", "ServiceMonths", "SumRule", "TrackRef", "When", "Window", "compare",
           "enum_order", "gather", "member_counts", "member_desc", "merge", "needs", "predicate",
           "rel", "show", "span"]
