"""Evaluating rules for the subjects of one context. Each operator checks itself (dtt.rules:
whether it passed, a sentence saying why, the structured values it read); the evaluator holds
what they share in a run: the context, the version, the memoised track checks and member
aggregates, and the remembered prose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dtt.criteria.metrics import Metric
from dtt.criteria.model import Rule, Version
from dtt.engine.context import MISSING, Context, Subject
from dtt.engine.outcome import Outcome
from dtt.rules import enum_order, member_counts, member_desc, show
from dtt.rules.members import Members


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
        self._desc: dict[int, str] = {}
        self._who: dict[int, str] = {}
        self._shown: dict[tuple[type, Any], str] = {}
        # the one reading of a value: default, or MISSING
        self.value: Callable[[str, Metric, int], Any] = ctx.value
        self._versions: dict[int, Version | None] = {}

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
        spec = (self.version_at(year) or self.version).tracks[track]
        checks = []
        own = spec.lineage == "none"
        value = self.value
        if own:
            self.value = self.ctx.value_own
        try:
            for crit in spec.criteria:
                out = crit.rule.check(self, subj, year, track)
                checks.append({"id": crit.id, "label": crit.label, "source": crit.source,
                               "passed": out.passed, "detail": out.detail,
                               "values": out.values})
        finally:
            self.value = value
        if not own and subj.kind == "collective" and self.ctx.borrowed:
            self._note_lineage(subj.code, year, checks)
        result = (all(c["passed"] for c in checks), checks)
        self._tracks[key] = result
        return result

    def _note_lineage(self, code: str, year: int, checks: list[dict]) -> None:
        """Say in each check which of its years were a predecessor's."""
        borrowed = self.ctx.borrowed
        years = [(y, borrowed[(code, y)]) for y in range(self.ctx.first_year, year + 1)
                 if (code, y) in borrowed]
        for check in checks:
            notes = [f"{y}: {pred}, predecessor of {code} ({how} {when})"
                     for y, (pred, when, how) in years if str(y) in check["detail"]]
            if notes:
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
        """unit → (members matching `where`, members with a record) for every unit."""
        return member_counts(self, where, year)
