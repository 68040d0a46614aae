"""`members: share|count|all|none|any` with `where` (a person rule) over a unit's subtree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.rules.base import TITLE_METRIC, Outcome, Reads, Rule, compare, needs, register, show
from dtt.rules.comparisons import Compare

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator

MEMBER_AGGS = ("share", "count", "all", "none", "any")


def member_desc(where: Rule | None) -> str:
    """How members are picked: `LDTT+` for title ≥ LDTT, else the rule's words."""
    if where is None:
        return "with a record"
    if isinstance(where, Compare) and where.metric.type == "enum" and where.op == "gte" \
            and where.metric.key == TITLE_METRIC and not where.offset:
        return f"{where.value}+"
    return where.describe()


def member_counts(ev: Evaluator, where: Rule | None, year: int,
                  matching: set[str] | None = None) -> dict[str, tuple[int, int]]:
    """unit → (members matching `where`, members with a record) for every unit, in one
    pass over the people (members of a unit: the people of its whole subtree). Rules that
    read alike (the same comparison in several tracks) share one pass. `matching`: the
    people who pass `where` in `year`, when the caller has worked them out already."""
    key = (where.read_key() if where is not None else id(None), year)
    memo = ev.member_memo
    hit = memo.get(key)
    if hit is not None:
        return hit
    ctx = ev.ctx
    records = ctx.records
    members = [(code, person) for code, person in ctx.people.items()
               if (by_year := records.get(code)) is not None and year in by_year]
    if where is None:
        matched = [person.unit for _, person in members]
    elif matching is not None:
        matched = [person.unit for code, person in members if code in matching]
    else:
        matched = [person.unit for _, person in members if where.passes(ev, person, year)]
    # people of each unit itself: (matching, with a record)
    ok_of = Counter(matched)
    own = {unit: (ok_of.get(unit, 0), total)
           for unit, total in Counter([person.unit for _, person in members]).items()}
    counts: dict[str, list[int]] = {}
    ancestors = ctx.ancestors
    for unit, (ok, total) in own.items():
        for anc in ancestors.get(unit, (unit,)):
            c = counts.get(anc)
            if c is None:
                counts[anc] = [ok, total]
            else:
                c[0] += ok
                c[1] += total
    result = {u: (c[0], c[1]) for u, c in counts.items()}
    memo[key] = result
    return result


@register(members={"where", "<cmp>"})
@dataclass(eq=False)
class Members(Rule):
    """`members: share|count|all|none|any` with `where` (a person rule) over the subtree."""

    agg: str
    where: Rule | None
    op: str | None = None
    value: float | None = None

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        agg = node["members"]
        if kind != "collective":
            p.report("members aggregates apply to collectives only", line, where)
            return None
        if agg not in MEMBER_AGGS:
            p.report(f"members must be one of {', '.join(MEMBER_AGGS)}, not '{agg}'", line,
                     f"{where}.members")
            return None
        member_rule = None
        if "where" in node:
            member_rule = p.parse(node["where"], "person", f"{where}.where",
                                  p.line_of(node, "where", line))
            if member_rule is None:
                return None
        elif agg != "count":
            p.report(f"members: {agg} needs where: (the rule each member is tested by)",
                     line, where)
            return None
        op = p.cmp_key(node, where, line, required=agg in ("share", "count"))
        if agg in ("all", "none", "any") and op:
            p.report(f"members: {agg} takes no comparison", line, f"{where}.{op}")
            return None
        value = None
        if op:
            if op in ("in", "not_in"):
                p.report("members compares with eq, ne, gt, gte, lt or lte", line, where)
                return None
            value = p.number(node[op], line, f"{where}.{op}", op)
            if value is None:
                return None
            if agg == "share" and not 0 <= value <= 100:
                p.report(f"a share is a percentage from 0 to 100, not {value}", line,
                         f"{where}.{op}")
                return None
        elif agg in ("share", "count"):
            return None
        return cls(line, agg, member_rule, op, value)

    def decide(self, matching: int, total: int) -> bool:
        if total == 0:
            return False
        if self.agg == "share":
            return bool(compare(self.op or "", 100.0 * matching / total, self.value, None))
        if self.agg == "count":
            return bool(compare(self.op or "", matching, self.value, None))
        if self.agg == "all":
            return matching == total
        if self.agg == "none":
            return matching == 0
        return matching >= 1

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        matching, total = member_counts(ev, self.where, year).get(subj.code, (0, 0))
        who = ev.who(self)
        share = 100.0 * matching / total if total else None
        values = {f"members {who}": {str(year): {"matching": matching, "with_record": total,
                                                 "share": None if share is None
                                                 else round(share, 2)}}}
        want = {"all": "all", "none": "none", "any": "at least one"}.get(self.agg)
        if want is None:
            want = needs(self.op or "", self.value) + ("%" if self.agg == "share" else "")
        if total == 0:
            return Outcome(False, f"no member has a record in {year}, needs {want}", values,
                           "no members")
        head = f"{matching} of {total} members {who}"
        if self.agg == "share" and share is not None:
            head += f" = {show(round(share, 2))}%"
        return Outcome(self.decide(matching, total), f"{head}, needs {want}", values,
                       f"{matching} of {total}")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        return self.decide(*member_counts(ev, self.where, year).get(subj.code, (0, 0)))

    def reads(self) -> Reads | None:
        return [("members", self.where, 0)]

    def describe(self) -> str:
        who = member_desc(self.where)
        if self.agg == "share":
            return f"share of members {who} {needs(self.op or '', self.value)}%"
        if self.agg == "count":
            return f"members {who} {needs(self.op or '', self.value)}"
        return {"all": f"all members {who}", "none": f"no member {who}",
                "any": f"some member {who}"}[self.agg]
