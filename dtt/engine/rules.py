"""The rule operators: each check returns whether it passed, a sentence saying why, and the
structured values it read."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from dtt.criteria.model import (
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
    Version,
    When,
    Window,
)
from dtt.engine.context import MISSING, Context, Subject
from dtt.engine.describe import describe, member_desc, needs, show, span

TICK, CROSS = "✓", "✗"


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


class Evaluator:
    """Evaluates rules for subjects of one context; memoises track eligibility and member
    aggregates so each is computed once per run."""

    def __init__(self, ctx: Context, version: Version) -> None:
        self.ctx = ctx
        self.version = version
        self._orders: dict[int, dict[str, int] | None] = {}
        for metrics in ctx.criteria.metrics.by_kind.values():
            for metric in metrics.values():
                self.order(metric)
        self._dispatch = {cls: getattr(self, "_" + cls.__name__) for cls in (
            Compare, AllOf, AnyOf, NotRule, Window, SumRule, CountYears, Members, HeadedUnit,
            When, TrackRef, RecordLeaf, RegisteredLeaf)}
        self._members: dict[tuple[int, int], dict[str, tuple[int, int]]] = {}
        self._tracks: dict[tuple[str, str, int], tuple[bool, list[dict]]] = {}
        self._needs: dict[int, str] = {}
        self._preds: dict[int, Callable[[Any], bool | None]] = {}
        self._desc: dict[int, str] = {}
        self._who: dict[int, str] = {}

    def order(self, metric: Any) -> dict[str, int] | None:
        key = id(metric)
        if key not in self._orders:
            self._orders[key] = ({code: i for i, code in enumerate(metric.values)}
                                 if metric.type == "enum" else None)
        return self._orders[key]

    def _pred(self, rule: Compare) -> Callable[[Any], bool | None]:
        fn = self._preds.get(id(rule))
        if fn is None:
            fn = self._preds[id(rule)] = predicate(rule, self._orders[id(rule.metric)])
        return fn

    def describe(self, rule: Rule) -> str:
        text = self._desc.get(id(rule))
        if text is None:
            text = self._desc[id(rule)] = describe(rule)
        return text

    # --- tracks -----------------------------------------------------------------------------
    def track_checks(self, track: str, subj: Subject, year: int) -> tuple[bool, list[dict]]:
        """Every criterion of `track` for `subj` in `year`: (eligible, check dicts)."""
        key = (track, subj.code, year)
        hit = self._tracks.get(key)
        if hit is not None:
            return hit
        spec = self.version.tracks[track]
        checks = []
        for crit in spec.criteria:
            out = self.check(crit.rule, subj, year, track)
            checks.append({"id": crit.id, "label": crit.label, "source": crit.source,
                           "passed": out.passed, "detail": out.detail, "values": out.values})
        result = (all(c["passed"] for c in checks), checks)
        self._tracks[key] = result
        return result

    # --- rules ------------------------------------------------------------------------------
    def check(self, rule: Rule, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        return self._dispatch[type(rule)](rule, subj, year, track, headed)

    def passes(self, rule: Rule, subj: Subject, year: int, track: str = "") -> bool:
        """Whether the rule passes, without building prose where that is easy."""
        if type(rule) is Compare:
            have = self.ctx.value(subj.code, rule.metric, year + rule.offset)
            if have is MISSING:
                return False
            return bool(self._pred(rule)(have))
        return self.check(rule, subj, year, track).passed

    def _Compare(self, rule: Compare, subj, year, track, headed) -> Outcome:
        y = year + rule.offset
        by_year = self.ctx.records.get(subj.code)
        data = by_year.get(y) if by_year is not None else None
        if data is None:
            have = MISSING
        else:
            have = data.get(rule.metric.key)
            if have is None or have == "":
                have = rule.metric.default if rule.metric.has_default else MISSING
        prefix, suffix = (f"{subj.code} ", " (headed unit)") if headed else ("", "")
        want = self._needs.get(id(rule))
        if want is None:
            want = self._needs[id(rule)] = needs(rule.op, rule.value)
        key = rule.metric.key
        if have is MISSING:
            return Outcome(False, f"{prefix}{key} {y} not recorded{suffix}, needs {want}",
                           {key: {str(y): None}}, "not recorded")
        ok = self._pred(rule)(have)
        shown = have if type(have) is str else show(have)
        text = f"{prefix}{key} {y} = {shown}{suffix}, needs {want}"
        if ok is None:
            text += f" ('{have}' is not a value of {key})"
        return Outcome(bool(ok), text, {key: {str(y): have}}, shown)

    def _named(self, rule: Rule, out: Outcome) -> str:
        return f"{rule.metric.key} {out.short}" if isinstance(rule, Compare) else out.short

    def _AllOf(self, rule: AllOf, subj, year, track, headed) -> Outcome:
        outs = [self.check(r, subj, year, track, headed) for r in rule.rules]
        return self._combine(rule.rules, outs, all(o.passed for o in outs), "and")

    def _AnyOf(self, rule: AnyOf, subj, year, track, headed) -> Outcome:
        outs = [self.check(r, subj, year, track, headed) for r in rule.rules]
        return self._combine(rule.rules, outs, any(o.passed for o in outs), "or")

    def _combine(self, rules, outs, passed: bool, word: str) -> Outcome:
        values = gather(outs)
        detail = f" {word} ".join(f"{o.detail} {TICK if o.passed else CROSS}" for o in outs)
        short = ", ".join(self._named(r, o) for r, o in zip(rules, outs, strict=True))
        return Outcome(passed, detail, values, short)

    def _NotRule(self, rule: NotRule, subj, year, track, headed) -> Outcome:
        out = self.check(rule.rule, subj, year, track, headed)
        return Outcome(not out.passed, f"not ({out.detail})", out.values, out.short)

    def _Window(self, rule: Window, subj, year, track, headed) -> Outcome:
        years = range(year + rule.start, year + rule.end + 1)
        outs = [self.check(rule.rule, subj, y, track, headed) for y in years]
        hits = sum(o.passed for o in outs)
        if rule.mode in ("each", "streak"):
            passed = hits == len(outs)
        elif rule.mode == "any":
            passed = hits >= 1
        else:
            passed = hits >= rule.k
        words = {"each": "in each of", "any": "in any of",
                 "at_least": f"in at least {rule.k} of",
                 "streak": f"{rule.k} years running, in each of"}[rule.mode]
        inner = self.describe(rule.rule)
        marks = ", ".join(f"{y} {o.short} {TICK if o.passed else CROSS}"
                          for y, o in zip(years, outs, strict=True))
        values = gather(outs)
        detail = f"{inner} {words} {span(rule.start, rule.end, year)}: {marks}"
        return Outcome(passed, detail, values, f"{hits} of {len(outs)} years")

    def _SumRule(self, rule: SumRule, subj, year, track, headed) -> Outcome:
        years = range(year + rule.start, year + rule.end + 1)
        parts, total, values = [], 0.0, {}
        for y in years:
            v = self.ctx.value(subj.code, rule.metric, y)
            values[str(y)] = None if v is MISSING else v
            parts.append("not recorded" if v is MISSING else show(v))
            total += 0 if v is MISSING else v
        passed = bool(compare(rule.op, total, rule.value, None))
        sums = " + ".join(parts)
        head = f"{rule.metric.key} {span(rule.start, rule.end, year)} = "
        head += f"{sums} = {show(total)}" if len(parts) > 1 else show(total) \
            if parts[0] != "not recorded" else "not recorded"
        return Outcome(passed, f"{head}, needs {needs(rule.op, rule.value)}",
                       {rule.metric.key: values}, show(total))

    def _CountYears(self, rule: CountYears, subj, year, track, headed) -> Outcome:
        years = range(year + rule.start, year + rule.end + 1)
        outs = [self.check(rule.rule, subj, y, track, headed) for y in years]
        hits = sum(o.passed for o in outs)
        passed = bool(compare(rule.op, hits, rule.value, None))
        marks = ", ".join(f"{y} {o.short} {TICK if o.passed else CROSS}"
                          for y, o in zip(years, outs, strict=True))
        values = gather(outs)
        detail = (f"{self.describe(rule.rule)} in {hits} of {span(rule.start, rule.end, year)}, "
                  f"needs {needs(rule.op, rule.value)}: {marks}")
        return Outcome(passed, detail, values, str(hits))

    def member_counts(self, where: Rule | None, year: int) -> dict[str, tuple[int, int]]:
        """unit → (members matching `where`, members with a record) for every unit, in one
        pass over the people (members of a unit: the people of its whole subtree)."""
        key = (id(where), year)
        hit = self._members.get(key)
        if hit is not None:
            return hit
        counts: dict[str, list[int]] = {}
        ctx = self.ctx
        ancestors = ctx.ancestors
        for code, person in ctx.people.items():
            if not ctx.has_record(code, year):
                continue
            ok = 1 if where is None or self.passes(where, person, year) else 0
            for unit in ancestors.get(person.unit, (person.unit,)):
                c = counts.get(unit)
                if c is None:
                    counts[unit] = [ok, 1]
                else:
                    c[0] += ok
                    c[1] += 1
        result = {u: (c[0], c[1]) for u, c in counts.items()}
        self._members[key] = result
        return result

    def _Members(self, rule: Members, subj, year, track, headed) -> Outcome:
        matching, total = self.member_counts(rule.where, year).get(subj.code, (0, 0))
        who = self._who.get(id(rule))
        if who is None:
            who = self._who[id(rule)] = member_desc(rule.where)
        share = 100.0 * matching / total if total else None
        values = {f"members {who}": {str(year): {"matching": matching, "with_record": total,
                                                 "share": None if share is None
                                                 else round(share, 2)}}}
        want = {"all": "all", "none": "none", "any": "at least one"}.get(rule.agg)
        if want is None:
            want = needs(rule.op, rule.value) + ("%" if rule.agg == "share" else "")
        if total == 0:
            return Outcome(False, f"no member has a record in {year}, needs {want}", values,
                           "no members")
        head = f"{matching} of {total} members {who}"
        if rule.agg == "share":
            passed = bool(compare(rule.op, share, rule.value, None))
            head += f" = {show(round(share, 2))}%"
        elif rule.agg == "count":
            passed = bool(compare(rule.op, matching, rule.value, None))
        elif rule.agg == "all":
            passed = matching == total
        elif rule.agg == "none":
            passed = matching == 0
        else:
            passed = matching >= 1
        return Outcome(passed, f"{head}, needs {want}", values, f"{matching} of {total}")

    def _HeadedUnit(self, rule: HeadedUnit, subj, year, track, headed) -> Outcome:
        unit = self.ctx.collectives.get(subj.heads or "")
        if unit is None:
            return Outcome(False, "heads no unit", {"headed_unit": None}, "no unit")
        out = self.check(rule.rule, unit, year, track, True)
        return Outcome(out.passed, out.detail, {"headed_unit": {"unit": unit.code, **out.values}},
                       out.short)

    def _When(self, rule: When, subj, year, track, headed) -> Outcome:
        if rule.leader is not None:
            applies = bool(subj.heads) == rule.leader
            why = "not a leader" if rule.leader else "a leader"
        else:
            applies = subj.level in (rule.level_in or [])
            why = f"level {subj.level} is not one of {', '.join(rule.level_in or [])}"
        if not applies:
            return Outcome(True, f"not applicable: {why}", {"applicable": False}, "n/a")
        out = self.check(rule.then, subj, year, track, headed)
        return Outcome(out.passed, out.detail, out.values, out.short)

    def _TrackRef(self, rule: TrackRef, subj, year, track, headed) -> Outcome:
        spec = self.version.tracks[rule.track]
        if spec.subject != subj.kind:
            return Outcome(False, f"{rule.track} applies to a {spec.subject}", {}, "n/a")
        eligible, checks = self.track_checks(rule.track, subj, year)
        values = {"track": {rule.track: {str(year): eligible}}}
        if eligible:
            return Outcome(True, f"eligible for {rule.track} ({spec.label}) in {year}", values,
                           "eligible")
        failed = "; ".join(f"{c['id']}: {c['detail']}" for c in checks if not c["passed"])
        return Outcome(False, f"not eligible for {rule.track} ({spec.label}) in {year} — "
                              f"{failed}", values, "not eligible")

    def _RecordLeaf(self, rule: RecordLeaf, subj, year, track, headed) -> Outcome:
        ok = self.ctx.has_record(subj.code, year)
        return Outcome(ok, f"record {year} {'present' if ok else 'not recorded'}",
                       {"record": {str(year): ok}}, "yes" if ok else "no")

    def _RegisteredLeaf(self, rule: RegisteredLeaf, subj, year, track, headed) -> Outcome:
        ok = (subj.code, track, year) in self.ctx.registered
        text = f"registered for {track} in {year}" if ok else f"not registered for {track} " \
            f"in {year}"
        return Outcome(ok, text, {"registered": {str(year): ok}}, "yes" if ok else "no")
