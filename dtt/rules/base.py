"""What every rule operator shares: the node base class, the registry of operator keys, what a
check returns (Outcome), and the ONE comparison primitive (enum-aware) with its compiled form.

An operator is one class (a rule node) that
  * parses and validates its YAML mapping (`parse`, a classmethod, reporting through the
    criteria's RuleParser with file, line and field),
  * evaluates itself with an explanation (`check` → Outcome),
  * may offer a fast path without prose (`passes`, the same answer as `check(...).passed`),
  * describes itself in a few words (`describe`),
  * may pick subjects set-wise for nomination (`discover`; the default asks `passes` of each).

Nothing here imports the engine: the evaluator is handed in as `ev` (dtt.engine.rules.Evaluator)
and the discovery data as `data` (dtt.workflow.discover.YearData).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import Metric, fmt_value

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator
    from dtt.workflow.discover import YearData

COMPARISONS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in")
OP_SYMBOL = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤",
             "in": "in", "not_in": "not in"}
MAX_BACK = 9  # a window may reach back at most 9 years before the evaluated year

# --- the domain names the generic engine knows, in one place -------------------------------
# (metric keys of the shipped criteria; a criteria file without them still loads and runs)
TITLE_METRIC = "title"  # members picked by `title ≥ X` are written `X+` (`7 of 10 members LDTT+`)
# equal scores: the version's `tie_break:` (dtt.criteria.ties) decides; without one, the
# better value of this metric ranks first
TIE_BREAK_METRIC = "rating"

TICK, CROSS = "✓", "✗"
YEAR_TEXT = {y: str(y) for y in range(1900, 2200)}  # a year as a values key, made once

Found = dict[str, list[str]]  # discovery: subject -> reasons
Reads = list[tuple[str, Any, int]]  # what a rule reads: (kind, metric/track/rule, offset)


def shifted(reads: Reads | None, offsets: range) -> Reads | None:
    """`reads` once for each year offset of a window (None stays None), duplicates dropped."""
    if reads is None:
        return None
    out: Reads = []
    for off in offsets:
        for kind, what, at in reads:
            item = (kind, what, at + off)
            if item not in out:
                out.append(item)
    return out


def joined(*parts: Reads | None) -> Reads | None:
    """The reads of several rules together (None if any is None), duplicates dropped."""
    out: Reads = []
    for part in parts:
        if part is None:
            return None
        for item in part:
            if item not in out:
                out.append(item)
    return out


class Outcome:
    __slots__ = ("passed", "detail", "values", "short")

    def __init__(self, passed: bool, detail: str, values: dict | None = None,
                 short: str = "") -> None:
        self.passed = passed
        self.detail = detail
        self.values = values if values is not None else {}
        self.short = short


# --- the registry ---------------------------------------------------------------------------
# operator key -> (class, the other keys it allows; comparison operators are listed as "<cmp>")
OPERATORS: dict[str, tuple[type[Rule], set[str]]] = {}


def register(**heads: set[str]) -> Callable[[type[R]], type[R]]:
    """Class decorator: the operator keys a node class parses, each with the keys it allows."""

    def add(cls: type[R]) -> type[R]:
        for key, allowed in heads.items():
            OPERATORS[key] = (cls, allowed)
        return cls

    return add


@dataclass(eq=False)
class Rule:
    """A rule node. Subclasses are dataclasses (eq=False); the first field is `line`."""

    line: int

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        raise NotImplementedError

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        raise NotImplementedError

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        """The fast path: whether the rule passes, without prose where that is easy."""
        return self.check(ev, subj, year, track).passed

    def over_years(self, ev: Evaluator, subj: Subject, years: range, track: str,
                   headed: bool) -> tuple[list[Outcome], dict]:
        """The rule checked in each of `years` (as a window shows it) and the values read."""
        outs = [self.check(ev, subj, y, track, headed) for y in years]
        return outs, gather(outs)

    def describe(self) -> str:
        return type(self).__name__

    def discover(self, data: YearData, track: str, pool: set[str]) -> Found:
        """The subjects of `pool` the rule picks in data.year, with reasons. The default asks
        the engine's evaluator subject by subject."""
        return data.fallback(self, track, pool)

    def reasons(self) -> list[str]:
        """What a `not` of this rule says it was picked for."""
        return [type(self).__name__.lower()]

    def read_key(self) -> Any:
        """A key equal for rules that read alike: comparisons by content, others by identity."""
        return id(self)

    def reads(self) -> Reads | None:
        """Everything `check` reads of a subject, as (kind, what, year offset) items: `value`
        (a metric), `award` (a track's council decision), `record` (whether a record exists),
        `members` (the unit's member counts for a rule). With the rule and the year, those
        values decide the outcome, so equal readings may share one. None: the rule reads more
        (the subject's position, dates, other tracks), and is checked each time."""
        return None

    def picks(self, data: YearData, track: str, year: int, pool: set[str]) -> set[str] | None:
        """The subjects of `pool` for which the rule passes in `year` (as `passes` says),
        found all at once from the discovery data; None: the rule has no set-wise form, and
        discovery asks `passes` subject by subject."""
        return None


Picker = Callable[[set[str]], "set[str] | None"]  # a set-wise step: the subjects it picks


def picked_by_all(steps: Iterable[Picker], pool: set[str]) -> set[str] | None:
    """The subjects of `pool` every step picks, each step asked only about those the steps
    before it left (`all` of parts, a window's every year); None if a step has no set-wise
    form."""
    left = set(pool)
    for step in steps:
        got = step(left)
        if got is None:
            return None
        left = got
    return left


def picked_by_any(steps: Iterable[Picker], pool: set[str]) -> set[str] | None:
    """The subjects of `pool` some step picks, each step asked only about those no step
    before it picked (`any` of parts, a window's any year); None if a step has no set-wise
    form."""
    out: set[str] = set()
    rest = set(pool)
    for step in steps:
        got = step(rest)
        if got is None:
            return None
        out |= got
        rest -= got
    return out

if TYPE_CHECKING:
    from typing import TypeVar

    R = TypeVar("R", bound=Rule)
else:
    R = Rule


# --- the one comparison primitive -----------------------------------------------------------
def enum_order(metric: Metric) -> dict[str, int] | None:
    """An enum metric's codes by declared position (lowest first); None for other types."""
    return {code: i for i, code in enumerate(metric.values)} if metric.type == "enum" else None


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


def predicate(op: str, want: Any, order: dict[str, int] | None
              ) -> Callable[[Any], bool | None]:
    """`compare(op, v, want, order)` compiled once: a fast test of one value (None: not
    comparable)."""
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


# --- values and prose -----------------------------------------------------------------------
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


def wrap(rule: Rule) -> str:
    """A rule's words, in brackets when it joins several rules."""
    text = rule.describe()
    rules = getattr(rule, "rules", None)
    return f"({text})" if rules is not None and len(rules) > 1 else text
