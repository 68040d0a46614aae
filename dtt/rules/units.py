"""Rules that look beyond the subject: `headed_unit` (the unit a person leads) and `track`
(eligibility for another track)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dtt.rules.base import Outcome, Rule, register

if TYPE_CHECKING:
    from dtt.criteria.rules import RuleParser
    from dtt.engine.context import Subject
    from dtt.engine.rules import Evaluator


@register(headed_unit=set())
@dataclass(eq=False)
class HeadedUnit(Rule):
    rule: Rule

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        if kind != "person":
            p.report("headed_unit applies to people only", line, where)
            return None
        rule = p.parse(node["headed_unit"], "collective", f"{where}.headed_unit", line)
        return cls(line, rule) if rule else None

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        unit = ev.ctx.collectives.get(subj.heads or "")
        if unit is None:
            return Outcome(False, "heads no unit", {"headed_unit": None}, "no unit")
        out = self.rule.check(ev, unit, year, track, True)
        return Outcome(out.passed, out.detail, {"headed_unit": {"unit": unit.code, **out.values}},
                       out.short)

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        unit = ev.ctx.collectives.get(subj.heads or "")
        return unit is not None and self.rule.passes(ev, unit, year, track)

    def describe(self) -> str:
        return f"headed unit: {self.rule.describe()}"


@register(track=set())
@dataclass(eq=False)
class TrackRef(Rule):
    track: str

    @classmethod
    def parse(cls, p: RuleParser, head: str, node: Any, kind: str, where: str,
              line: int) -> Rule | None:
        key = node["track"]
        if key not in p.track_keys:
            p.report(f"unknown track '{key}' (tracks: {', '.join(sorted(p.track_keys))})",
                     line, f"{where}.track")
            return None
        p.track_refs.add(key)
        return cls(line, key)

    def check(self, ev: Evaluator, subj: Subject, year: int, track: str,
              headed: bool = False) -> Outcome:
        # a year is judged under the version in force that year (a window reaching back
        # into an earlier version reads that version's track), and the detail names it
        version = ev.version_at(year) or ev.version
        spec = version.tracks.get(self.track)
        rules = f" (rules {version.key})" if version is not ev.version else ""
        if spec is None:
            return Outcome(False, f"{self.track} was not a track in {year}{rules}",
                           {"track": {self.track: {str(year): None}}}, "no track")
        if spec.subject != subj.kind:
            return Outcome(False, f"{self.track} applies to a {spec.subject}", {}, "n/a")
        eligible, checks = ev.track_checks(self.track, subj, year)
        values: dict[str, Any] = {"track": {self.track: {str(year): eligible}}}
        if rules:
            values["version"] = {str(year): version.key}
        if eligible:
            return Outcome(True, f"eligible for {self.track} ({spec.label}) in {year}{rules}",
                           values, "eligible")
        failed = "; ".join(f"{c['id']}: {c['detail']}" for c in checks if not c["passed"])
        return Outcome(False, f"not eligible for {self.track} ({spec.label}) in {year}{rules}"
                              f" — {failed}", values, "not eligible")

    def passes(self, ev: Evaluator, subj: Subject, year: int, track: str = "") -> bool:
        spec = (ev.version_at(year) or ev.version).tracks.get(self.track)
        if spec is None or spec.subject != subj.kind:
            return False
        return ev.track_checks(self.track, subj, year)[0]

    def describe(self) -> str:
        return f"eligible for {self.track}"
