"""The rule-operator registry: one class per operator, reached the same way by the criteria
loader, the engine, the prose and discovery."""

from __future__ import annotations

import pytest

import dtt.criteria.model as model
import dtt.engine.describe as describe_mod
import dtt.engine.outcome as outcome
import dtt.workflow.discover as discover_mod
from dtt.criteria.metrics import Metric, MetricSet
from dtt.criteria.rules import HEADS, RuleParser
from dtt.rules import OPERATORS, ORDER, Compare, Members, Rule, compare, member_desc
from dtt.rules.base import TITLE_METRIC


def _parser(problems: list) -> RuleParser:
    title = Metric(TITLE_METRIC, "person", "Title", "enum", values=["LDTT", "CSTDCS"],
                   value_labels={"LDTT": "LDTT", "CSTDCS": "CSTDCS"},
                   spellings={"ldtt": "LDTT", "cstdcs": "CSTDCS"})
    n = Metric("n", "person", "N", "int")
    metrics = MetricSet({"person": {"title": title, "n": n}, "collective": {}})
    return RuleParser(metrics, ["top", "mid"], {"ldtt"},
                      lambda message, line, where: problems.append((message, line, where)))


def test_every_operator_key_has_one_class_with_every_form() -> None:
    assert list(HEADS) == list(ORDER)
    for key in ORDER:
        cls, _allowed = OPERATORS[key]
        assert issubclass(cls, Rule)
        for method in ("parse", "check", "describe"):
            assert getattr(cls, method) is not getattr(Rule, method), (key, method)


def test_the_model_names_the_registry_classes() -> None:
    for cls, _ in OPERATORS.values():
        assert getattr(model, cls.__name__) is cls


def test_one_comparison_primitive() -> None:
    assert outcome.compare is compare
    assert not hasattr(discover_mod, "_test")
    order = {"C": 0, "B": 1, "A": 2}
    assert compare("gte", "A", "B", order) is True
    assert compare("gte", "Z", "B", order) is None
    assert compare("in", "Z", ["A"], order) is False
    assert compare("lt", "x", 1, None) is None


def test_parse_goes_through_the_registry() -> None:
    problems: list = []
    rule = _parser(problems).parse({"metric": "title", "gte": "ldtt"}, "person", "r", 3)
    assert isinstance(rule, Compare) and rule.value == "LDTT" and not problems
    assert describe_mod.describe(rule) == "title ≥ LDTT"
    members = Members(1, "share", rule, "gte", 50)
    assert member_desc(rule) == "LDTT+"
    assert members.describe() == "share of members LDTT+ ≥ 50%"


@pytest.mark.parametrize(("node", "message", "where"), [
    ({"metric": "title", "gte": "XX"}, "'XX' is not a value of 'title' (LDTT, CSTDCS)",
     "r.gte"),
    ({"metric": "n", "gte": 1, "year": 2}, "year must be an offset from -9 to 0, not '2'",
     "r.year"),
    ({"streak": 11, "rule": {"record": True}},
     "streak must be a number of years from 1 to 10, not '11'", "r.streak"),
    ({"members": "share", "where": {"record": True}, "gte": 50},
     "members aggregates apply to collectives only", "r"),
    ({"track": "nope"}, "unknown track 'nope' (tracks: ldtt)", "r.track"),
    ({"sum": "title", "gte": 1}, "sum needs a numeric metric; 'title' is enum", "r.sum"),
    ({"frob": 1}, "unknown operator key 'frob'; a rule starts with one of "
     + ", ".join(ORDER), "r"),
])
def test_errors_name_the_field(node: dict, message: str, where: str) -> None:
    problems: list = []
    assert _parser(problems).parse(node, "person", "r", 7) is None
    assert (message, 7, where) in problems
