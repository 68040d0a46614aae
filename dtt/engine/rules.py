"""Evaluating rules for the subjects of one context. Each operator checks itself (dtt.rules:
whether it passed, a sentence saying why, the structured values it read); the evaluator holds
what they share in a run: the context, the version, the memoised track checks and member
aggregates, and the remembered prose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from dtt.criteria.metrics import Metric
from dtt.criteria.model import Criterion, Rule, Track, Version
from dtt.engine.context import MISSING, Context, Subject
from dtt.engine.outcome import Outcome, rule_key
from dtt.engine.readers import Readers, token
from dtt.engine.select import picked
from dtt.rules import enum_order, member_counts, member_desc, show
from dtt.rules.base import Reads
from dtt.rules.members import Members
from dtt.rules.units import TrackRef

Plan = list[tuple[str, int, Any]]  # reads made ready: (kind, year offset, what)


class Evaluator:
    """Evaluates rules for subjects of one context; memoises track eligibility and member
    aggregates so each is computed once per run."""

    missing: Any = MISSING  # what `value` returns for a value not recorded

    def __init__(self, ctx: Context, version: Version) -> None:
        self.ctx = ctx
        self.version = version
        self._orders: dict[int, dict[str, int] | None] = {}
        for metrics in ctx.criteria.metrics.by_kind.values():
            for metric in metrics.values():
                self.order(metric)
        self.member_memo: dict[tuple[Any, int], dict[str, tuple[int, int]]] = {}
        self._tracks: dict[tuple[str, str, int], tuple[bool, list[dict]]] = {}
        # a criterion's check, shared by the subjects that read the same values (see reading)
        self._plans: dict[int, Plan | None] = {}
        self._checks: dict[tuple, dict[str, Any]] = {}
        self._track_plans: dict[tuple[str, int], Plan | None] = {}
        # a track's whole list of checks (and whether all passed)
        self._lists: dict[tuple, tuple[bool, list[dict[str, Any]]]] = {}
        self.term_plans: dict[tuple, Plan | None] = {}  # dtt.engine.score
        self.score_memo: dict[tuple, tuple[float, list[dict[str, Any]]]] = {}
        self.term_memo: dict[tuple, dict[str, Any]] = {}
        self._desc: dict[int, str] = {}
        self._who: dict[int, str] = {}
        self._shown: dict[tuple[type, Any], str] = {}
        # the one reading of a value: default, or MISSING
        self.value: Callable[[str, Metric, int], Any] = ctx.value
        self._records: dict[str, dict[int, dict[str, Any]]] | None = None  # None: ctx.records
        self._versions: dict[int, Version | None] = {}
        self.readers = Readers(self)  # plans read for many subjects at once
        self.tie_memo: dict[tuple[str, str, int], tuple] = {}  # dtt.engine.quota.tie_key

    # --- the version in force each year -------------------------------------------------------
    def version_at(self, year: int) -> Version | None:
        """The criteria version in force in `year` (each year is judged under its own rules);
        None when no version covers it."""
        version = self.version
        if version is None or version.covers(year):
            return version
        if year not in self._versions:
            self._versions[year] = next(
                (v for v in self.ctx.criteria.versions if v.covers(year)), None)
        return self._versions[year]

    def other_version(self, year: int) -> str | None:
        """The key of the version in force in `year` when it is not the evaluated year's."""
        version = self.version_at(year)
        return None if version is None or version is self.version else version.key

    def order(self, metric: Metric) -> dict[str, int] | None:
        key = id(metric)
        if key not in self._orders:
            self._orders[key] = enum_order(metric)
        return self._orders[key]

    def describe(self, rule: Rule) -> str:
        text = self._desc.get(id(rule))
        if text is None:
            text = self._desc[id(rule)] = rule.describe()
        return text

    def who(self, rule: Members) -> str:
        """How a members rule picks its members, worked out once."""
        text = self._who.get(id(rule))
        if text is None:
            text = self._who[id(rule)] = member_desc(rule.where)
        return text

    def show(self, value: Any) -> str:
        """`show(value)`, remembered for the few values a record holds (never for lists)."""
        if type(value) is list:
            return show(value)
        key = (type(value), value)
        text = self._shown.get(key)
        if text is None:
            text = self._shown[key] = show(value)
        return text

    # --- tracks -----------------------------------------------------------------------------
    def track_checks(self, track: str, subj: Subject, year: int) -> tuple[bool, list[dict]]:
        """Every criterion of `track` for `subj` in `year`, under the version in force in
        `year` (the evaluated year's version when none covers it): (eligible, check dicts)."""
        key = (track, subj.code, year)
        hit = self._tracks.get(key)
        if hit is not None:
            return hit
        spec = self.spec_at(track, year)
        checks = []
        own = spec.lineage == "none"
        value, records = self.value, self._records
        if own:
            self.value = self.ctx.value_own
            self._records = self.ctx.own_records
        plans, memo = self._plans, self._checks
        whole: tuple | None = None  # the key of the whole list, when every criterion has one
        known: tuple[bool, list[dict[str, Any]]] | None = None
        try:
            # the plan of the track's criteria in the version that judges `year`
            plan = self.track_plan(track, spec)
            if plan is not None:
                whole = (track, id(spec), year, self.reading(plan, subj, year))
                try:
                    known = self._lists.get(whole)
                except TypeError:
                    whole = known = None
                if known is not None:
                    checks = list(known[1])
            for crit in spec.criteria if not checks else ():
                rule = crit.rule
                plan = plans[id(rule)] if id(rule) in plans else self.rule_plan(rule)
                read: tuple | None = None
                if plan is not None:
                    read = (id(crit), year, self.reading(plan, subj, year))
                    try:
                        shared = memo.get(read)
                    except TypeError:  # a value that is not hashable (a list)
                        read = shared = None
                    if shared is not None:
                        checks.append(shared)
                        continue
                check = self._check(crit, subj, year, track)
                if read is not None:
                    memo[read] = check
                checks.append(check)
            if whole is not None and known is None:
                self._lists[whole] = (all(c["passed"] for c in checks), list(checks))
        finally:
            self.value, self._records = value, records
        if not own and subj.kind == "collective" and self.ctx.borrowed:
            self._note_lineage(subj.code, year, checks)
        eligible = known[0] if whole is not None and known is not None \
            else all(c["passed"] for c in checks)
        result = (eligible, checks)
        self._tracks[key] = result
        return result

    def _check(self, crit: Criterion, subj: Subject, year: int, track: str) -> dict[str, Any]:
        """One criterion checked for one subject, as a track's list holds it."""
        out = crit.rule.check(self, subj, year, track)
        return {"id": crit.id, "label": crit.label, "source": crit.source,
                "passed": out.passed, "detail": out.detail, "values": out.values}

    def track_checks_all(self, track: str, subjects: list[Subject], year: int
                         ) -> dict[str, tuple[bool, list[dict]]]:
        """`track_checks` for every one of `subjects` at once, remembered for each: criterion
        by criterion, the values each reads are read for all the subjects together
        (dtt.engine.readers) and one check is made per distinct reading, shared as
        `track_checks` shares it. A criterion that reads more than a plan says is checked
        subject by subject. Returns code → (eligible, checks) for each of `subjects`."""
        tracks = self._tracks
        todo = [s for s in subjects if (track, s.code, year) not in tracks]
        if not todo:
            return {s.code: tracks[(track, s.code, year)] for s in subjects}
        spec = self.spec_at(track, year)
        own = spec.lineage == "none"
        value, records = self.value, self._records
        if own:
            self.value = self.ctx.value_own
            self._records = self.ctx.own_records
        memo, make = self._checks, self._check
        columns: list[list[dict[str, Any]]] = []
        try:
            read_from = self.ctx.records if self._records is None else self._records
            for crit in spec.criteria:
                plan = self.rule_plan(crit.rule)
                if plan is None:
                    if type(crit.rule) is TrackRef:
                        columns.append(self._track_ref(crit, todo, year, track))
                    else:
                        columns.append([make(crit, s, year, track) for s in todo])
                    continue
                cid = id(crit)
                got_all = self.readers.keys(plan, todo, year, read_from)
                try:  # each distinct reading, with the first subject that reads it
                    firsts = dict(zip(reversed(got_all), reversed(todo), strict=True))
                except TypeError:  # a value that is not hashable (a list): one by one
                    columns.append(self._one_by_one(crit, todo, got_all, year, track))
                    continue
                made: dict[tuple, dict[str, Any]] = {}
                for got, subj in firsts.items():
                    read = (cid, year, got)
                    check = memo.get(read)
                    if check is None:
                        check = memo[read] = make(crit, subj, year, track)
                    made[got] = check
                columns.append(list(map(made.__getitem__, got_all)))
        finally:
            self.value, self._records = value, records
        if not columns:
            lists: list[list[dict[str, Any]]] = [[] for _ in todo]
            eligible: list[bool] = [True] * len(todo)
        else:
            lists = [list(row) for row in zip(*columns, strict=True)]
            eligible = list(map(all, zip(*[[c["passed"] for c in column]
                                           for column in columns], strict=True)))
        if not own and self.ctx.borrowed:  # a predecessor's years said in the checks
            for subj, checks in zip(todo, lists, strict=True):
                if subj.kind == "collective":
                    self._note_lineage(subj.code, year, checks)
        out = {subj.code: (ok, checks)
               for subj, ok, checks in zip(todo, eligible, lists, strict=True)}
        for subj, verdict in zip(todo, out.values(), strict=True):
            tracks[(track, subj.code, year)] = verdict
        if len(todo) == len(subjects):
            return out
        return {s.code: tracks[(track, s.code, year)] for s in subjects}

    def _track_ref(self, crit: Criterion, todo: list[Subject], year: int, track: str
                   ) -> list[dict[str, Any]]:
        """A `track` criterion for all of `todo`: the other track's verdicts worked out for
        all of them at once, then one check per distinct verdict (its eligibility and the
        very check dicts that failed), as the rule says it."""
        rule = cast(TrackRef, crit.rule)
        spec = (self.version_at(year) or self.version).tracks.get(rule.track)
        kinds = {s.kind for s in todo}
        if spec is None or kinds != {spec.subject}:  # said alike for all, or not applicable
            return [self._check(crit, s, year, track) for s in todo]
        verdicts = self.track_checks_all(rule.track, todo, year)
        made: dict[tuple, dict[str, Any]] = {}
        column = []
        for subj in todo:
            eligible, checks = verdicts[subj.code]
            got = (eligible, *[id(c) for c in checks if not c["passed"]])
            check = made.get(got)
            if check is None:
                check = made[got] = self._check(crit, subj, year, track)
            column.append(check)
        return column

    def _one_by_one(self, crit: Criterion, todo: list[Subject], got_all: list[tuple],
                    year: int, track: str) -> list[dict[str, Any]]:
        """A criterion's checks subject by subject, shared where the reading is hashable."""
        memo, cid = self._checks, id(crit)
        column = []
        for subj, got in zip(todo, got_all, strict=True):
            read = (cid, year, got)
            try:
                check = memo.get(read)
            except TypeError:  # this subject's reading is not hashable
                column.append(self._check(crit, subj, year, track))
                continue
            if check is None:
                check = memo[read] = self._check(crit, subj, year, track)
            column.append(check)
        return column

    def track_plan(self, track: str, spec: Track) -> Plan | None:
        """The plan of everything the criteria of `spec` (track `track`) read, made once."""
        spec_key = (track, id(spec))
        if spec_key not in self._track_plans:
            self._track_plans[spec_key] = self._whole_plan(spec.criteria)
        return self._track_plans[spec_key]

    def rule_plan(self, rule: Rule) -> Plan | None:
        """The plan of what `rule` reads (None: it reads more), made once."""
        plans = self._plans
        if id(rule) not in plans:
            reads = rule.reads()
            plans[id(rule)] = None if reads is None else self.plan(reads)
        return plans[id(rule)]

    @property
    def reads_from(self) -> dict[str, dict[int, dict[str, Any]]] | None:
        """The records `value` reads now: None for the context's (with predecessors' years),
        else a track's own (`lineage: none`)."""
        return self._records

    def spec_at(self, track: str, year: int) -> Track:
        """The track as the version in force in `year` has it (the evaluated year's version
        when none covers it)."""
        return (self.version_at(year) or self.version).tracks[track]

    def _whole_plan(self, criteria: list) -> Plan | None:
        """The plan of everything a track's criteria read (None if one of them reads more)."""
        reads: Reads = []
        for crit in criteria:
            part = crit.rule.reads()
            if part is None:
                return None
            reads.extend(item for item in part if item not in reads)
        return self.plan(reads)

    def plan(self, reads: Reads) -> Plan:
        """`reads` made ready for `reading`: the metrics of one year read from one record."""
        steps: list[tuple[str, int, Any]] = []
        by_offset: dict[int, list[tuple[str, Any]]] = {}
        for kind, what, offset in reads:
            if kind != "value":
                steps.append((kind, offset, what))
                continue
            metrics = by_offset.get(offset)
            if metrics is None:
                metrics = by_offset[offset] = []
                steps.append(("values", offset, metrics))
            fallback = token(what.default) if what.has_default else MISSING
            metrics.append((what.key, fallback))
        return [(kind, offset, tuple(what) if kind == "values" else what)
                for kind, offset, what in steps]

    def reading(self, plan: Plan, subj: Subject, year: int) -> tuple:
        """What a rule with this plan (of its `reads`) reads of the subject in `year`: with
        the rule and the year, the key of its outcome. Values are read as Context.value
        reads them (a default for a value not given), each year's record looked up once."""
        ctx, code = self.ctx, subj.code
        by_year = (ctx.records if self._records is None else self._records).get(code) or {}
        out: list[Any] = []
        append = out.append
        for kind, offset, what in plan:
            y = year + offset
            if kind == "values":
                data = by_year.get(y)
                if data is None:
                    # no record: None for each metric, never a value's token (so keys stay
                    # distinct), one item per metric (as dtt.engine.readers reads them)
                    out.extend([None] * len(what))
                    continue
                for key, fallback in what:
                    v = data.get(key)
                    if v is None or v == "":
                        append(fallback)
                    else:
                        append(v if type(v) is str else token(v))
            elif kind == "award":
                out.append((what, code, y) in ctx.awards)
            elif kind == "record":
                out.append(ctx.has_record(code, y))
            elif kind == "subject":  # one of the subject's own columns
                out.append(getattr(subj, what))
            else:  # members
                out.append(member_counts(self, what, y).get(code, (0, 0)))
        return tuple(out)

    def _note_lineage(self, code: str, year: int, checks: list[dict]) -> None:
        """Say in each check which of its years were a predecessor's (a check shared with
        other subjects is copied first)."""
        borrowed = self.ctx.borrowed
        years = [(y, borrowed[(code, y)]) for y in range(self.ctx.first_year, year + 1)
                 if (code, y) in borrowed]
        for i, check in enumerate(checks):
            notes = [f"{y}: {pred}, predecessor of {code} ({how} {when})"
                     for y, (pred, when, how) in years if str(y) in check["detail"]]
            if notes:
                check = checks[i] = dict(check)
                check["detail"] += " — " + "; ".join(notes)
                check["lineage"] = {str(y): pred for y, (pred, _, _) in years
                                    if str(y) in check["detail"]}

    # --- rules ------------------------------------------------------------------------------
    def check(self, rule: Rule, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        """The rule with its explanation."""
        return rule.check(self, subj, year, track, headed)

    def passes(self, rule: Rule, subj: Subject, year: int, track: str = "") -> bool:
        """Whether the rule passes, without building prose where that is easy."""
        return rule.passes(self, subj, year, track)

    def member_counts(self, where: Rule | None, year: int) -> dict[str, tuple[int, int]]:
        """unit → (members matching `where`, members with a record) for every unit: the
        members matching `where` picked over the year's roster at once (dtt.engine.select)
        where the rule allows, then counted in one pass (dtt.rules.members.member_counts)."""
        hit = self.member_memo.get((rule_key(where), year))
        if hit is not None:
            return hit
        matching = None
        if where is not None:
            has = self.readers.year(self.ctx.records, year)
            people = [p for code, p in self.ctx.people.items() if code in has]
            matching = picked(self, where, people, year)
        return member_counts(self, where, year, matching)
