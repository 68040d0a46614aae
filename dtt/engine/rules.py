"""The rule operators: each check returns whether it passed, a sentence saying why, and the
structured values it read."""

from __future__ import annotations

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
from dtt.engine.outcome import CROSS, TICK, YEAR_TEXT, Outcome, compare, gather, predicate, rule_key


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
        self._members: dict[tuple[Any, int], dict[str, tuple[int, int]]] = {}
        self._tracks: dict[tuple[str, str, int], tuple[bool, list[dict]]] = {}
        self._needs: dict[int, str] = {}
        self._preds: dict[int, Callable[[Any], bool | None]] = {}
        self._desc: dict[int, str] = {}
        self._who: dict[int, str] = {}
        self._cmp: dict[int, tuple] = {}
        self._shown: dict[tuple[type, Any], str] = {}
        self._window: dict[tuple[int, int], str] = {}
        self._records = ctx.records
        self._value = ctx.value  # the one reading of a value: default, or MISSING

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
            spec = self._cmp.get(id(rule)) or self._compile(rule)
            have = self._value(subj.code, rule.metric, year + spec[3])
            return have is not MISSING and bool(spec[2](have))
        kind = type(rule)
        if kind is RecordLeaf:
            by_year = self._records.get(subj.code)
            return by_year is not None and year in by_year
        if kind is RegisteredLeaf:
            return (subj.code, track, year) in self.ctx.registered
        if kind is AnyOf:
            return any(self.passes(r, subj, year, track) for r in rule.rules)
        if kind is AllOf:
            return all(self.passes(r, subj, year, track) for r in rule.rules)
        return self.check(rule, subj, year, track).passed

    def _compile(self, rule: Compare) -> tuple:
        """A comparison's constants, worked out once: (metric key, what it needs, predicate,
        year offset)."""
        spec = (rule.metric.key, needs(rule.op, rule.value), self._pred(rule), rule.offset)
        self._cmp[id(rule)] = spec
        return spec

    def show(self, value: Any) -> str:
        """`show(value)`, remembered for the few values a record holds (never for lists)."""
        if type(value) is list:
            return show(value)
        key = (type(value), value)
        text = self._shown.get(key)
        if text is None:
            text = self._shown[key] = show(value)
        return text

    def _Compare(self, rule: Compare, subj, year, track, headed) -> Outcome:
        key, want, pred, offset = self._cmp.get(id(rule)) or self._compile(rule)
        y = year + offset
        have = self._value(subj.code, rule.metric, y)
        ys = YEAR_TEXT.get(y) or str(y)
        if have is MISSING:
            text = (f"{subj.code} {key} {ys} not recorded (headed unit), needs {want}" if headed
                    else f"{key} {ys} not recorded, needs {want}")
            return Outcome(False, text, {key: {ys: None}}, "not recorded")
        ok = pred(have)
        shown = have if type(have) is str else self.show(have)
        text = (f"{subj.code} {key} {ys} = {shown} (headed unit), needs {want}" if headed
                else f"{key} {ys} = {shown}, needs {want}")
        if ok is None:
            text += f" ('{have}' is not a value of {key})"
        return Outcome(bool(ok), text, {key: {ys: have}}, shown)

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

    def _cells(self, rule: Compare, code: str, years: range) -> tuple[list[Outcome], dict]:
        """A comparison over several years as a window shows it: per year only whether it
        passed and the value (no sentence), and the values read, merged as `gather` does."""
        key, _want, pred, offset = self._cmp.get(id(rule)) or self._compile(rule)
        value, metric = self._value, rule.metric
        read: dict[str, Any] = {}
        outs = []
        for y in years:
            y += offset
            ys = YEAR_TEXT.get(y) or str(y)
            have = value(code, metric, y)
            if have is MISSING:
                read[ys] = None
                outs.append(Outcome(False, "", None, "not recorded"))
            else:
                read[ys] = have
                outs.append(Outcome(bool(pred(have)), "", None,
                                    have if type(have) is str else self.show(have)))
        return outs, {key: read}

    def _joined_cells(self, rule: AllOf | AnyOf, code: str, years: range, every: bool
                      ) -> tuple[list[Outcome], dict]:
        """`all`/`any` of comparisons of distinct metrics over several years, as a window
        shows it: per year whether it passed and `metric value, …` (as `_combine` says)."""
        parts = [(r.metric.key, *self._cells(r, code, years)) for r in rule.rules]
        outs = []
        for i in range(len(years)):
            cells = [(key, cell_outs[i]) for key, cell_outs, _ in parts]
            passed = (all if every else any)(o.passed for _, o in cells)
            outs.append(Outcome(passed, "", None,
                                ", ".join([f"{key} {o.short}" for key, o in cells])))
        values: dict = {}
        for _key, _outs, read in parts:
            values.update(read)
        return outs, values

    def _over_years(self, rule: Rule, subj, years: range, track, headed
                    ) -> tuple[list[Outcome], dict]:
        kind = type(rule)
        if kind is Compare:
            return self._cells(rule, subj.code, years)
        if (kind is AllOf or kind is AnyOf) and rule.rules \
                and all(type(r) is Compare for r in rule.rules) \
                and len({r.metric.key for r in rule.rules}) == len(rule.rules):
            return self._joined_cells(rule, subj.code, years, kind is AllOf)
        outs = [self.check(rule, subj, y, track, headed) for y in years]
        return outs, gather(outs)

    def _Window(self, rule: Window, subj, year, track, headed) -> Outcome:
        years = range(year + rule.start, year + rule.end + 1)
        outs, values = self._over_years(rule.rule, subj, years, track, headed)
        hits = sum(o.passed for o in outs)
        if rule.mode in ("each", "streak"):
            passed = hits == len(outs)
        elif rule.mode == "any":
            passed = hits >= 1
        else:
            passed = hits >= rule.k
        head = self._window.get((id(rule), year))
        if head is None:
            words = {"each": "in each of", "any": "in any of",
                     "at_least": f"in at least {rule.k} of",
                     "streak": f"{rule.k} years running, in each of"}[rule.mode]
            head = self._window[(id(rule), year)] = (
                f"{self.describe(rule.rule)} {words} {span(rule.start, rule.end, year)}: ")
        marks = ", ".join([f"{y} {o.short} {TICK if o.passed else CROSS}"
                           for y, o in zip(years, outs, strict=True)])
        return Outcome(passed, head + marks, values, f"{hits} of {len(outs)} years")

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
        outs, values = self._over_years(rule.rule, subj, years, track, headed)
        hits = sum(o.passed for o in outs)
        passed = bool(compare(rule.op, hits, rule.value, None))
        marks = ", ".join(f"{y} {o.short} {TICK if o.passed else CROSS}"
                          for y, o in zip(years, outs, strict=True))
        detail = (f"{self.describe(rule.rule)} in {hits} of {span(rule.start, rule.end, year)}, "
                  f"needs {needs(rule.op, rule.value)}: {marks}")
        return Outcome(passed, detail, values, str(hits))

    def member_counts(self, where: Rule | None, year: int) -> dict[str, tuple[int, int]]:
        """unit → (members matching `where`, members with a record) for every unit, in one
        pass over the people (members of a unit: the people of its whole subtree). Rules that
        read alike (the same comparison in several tracks) share one pass."""
        key = (rule_key(where), year)
        hit = self._members.get(key)
        if hit is not None:
            return hit
        ctx = self.ctx
        own: dict[str, list[int]] = {}  # people of each unit itself
        records = ctx.records
        for code, person in ctx.people.items():
            by_year = records.get(code)
            if by_year is None or year not in by_year:
                continue
            ok = 1 if where is None or self.passes(where, person, year) else 0
            c = own.get(person.unit)
            if c is None:
                own[person.unit] = [ok, 1]
            else:
                c[0] += ok
                c[1] += 1
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
