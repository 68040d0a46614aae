"""The parsed criteria file: rule nodes, score terms, quotas, council rules, tracks, versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any  # noqa: F401 - for the version classes

from dtt.criteria.metrics import Metric, MetricSet
from dtt.criteria.ties import TieBreak
from dtt.errors import InputError

# --- rule nodes -----------------------------------------------------------------------------
# One class per operator, in dtt.rules (parsing, evaluation, prose and discovery together).
from dtt.rules import (  # noqa: F401 - re-exported
    COMPARISONS,
    MAX_BACK,
    OP_SYMBOL,
    AllOf,
    AnyOf,
    Award,
    Compare,
    CountYears,
    DisciplineTerm,
    FreshYears,
    HeadedUnit,
    Members,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    ServiceMonths,
    SumRule,
    TrackRef,
    When,
    Window,
)


# --- the rest of a track --------------------------------------------------------------------
@dataclass
class Criterion:
    id: str
    label: str
    source: str
    rule: Rule
    line: int = 0


@dataclass
class ScoreTerm:
    """One term of a track's score. `kind` is count_years | sum | metric | margin | members."""

    kind: str
    label: str
    weight: float = 1.0
    metric: Metric | None = None
    rule: Rule | None = None  # count_years: the rule counted; members: the `where`
    period: bool = False  # years: period (from the version's first year to Y)
    start: int = 0
    end: int = 0
    weight_by: Metric | None = None
    weights: dict[str, float] = field(default_factory=dict)
    otherwise: float = 0.0
    over: float | None = None
    under: float | None = None
    cap: float | None = None
    agg: str = ""  # members: share | count
    line: int = 0


@dataclass
class Quota:
    """How many of a pool's eligible are recommended. `kind`: share | fixed | by_level."""

    kind: str
    share: float = 0.0
    of: str = "people"  # people | eligible_of | level_units
    of_track: str | None = None
    rounding: str = "floor"
    min: int = 0
    fixed: int = 0
    per: str = "group"  # group | cluster
    by_level: dict[str, Quota] = field(default_factory=dict)
    default: Quota | None = None
    label: str = ""
    source: str = ""
    line: int = 0

    def for_level(self, level: str | None) -> Quota | None:
        if self.kind != "by_level":
            return self
        return self.by_level.get(level or "", self.default)


@dataclass
class Council:
    """A council's voting rule: the quorum, and the votes a recognition needs."""

    quorum_share: float = 66.67
    quorum_label: str = ""
    needs_share: float = 50.0
    needs_op: str = "gt"  # gt | gte
    needs_of: str = "members"  # members | present
    needs_label: str = ""
    source: str = ""

    def passes(self, members: int, votes_for: int, present: int | None = None) -> bool:
        base = members if self.needs_of == "members" else (present or 0)
        if base <= 0:
            return False
        share = 100.0 * votes_for / base
        return share > self.needs_share if self.needs_op == "gt" else share >= self.needs_share

    def quorate(self, members: int, present: int) -> bool:
        """Present share ≥ the quorum; shares are written to 2 decimals (2/3 as 66.67), so
        the comparison allows that rounding (6 of 9 present is a quorum of 66.67%)."""
        return members > 0 and 100.0 * present / members >= self.quorum_share - 0.005


@dataclass
class Track:
    key: str
    label: str
    subject: str  # person | collective
    source: str
    discovery: Rule
    criteria: list[Criterion]
    score: list[ScoreTerm]
    quota: Quota | None
    council: Council
    levels: list[str] | None = None  # collectives: the unit levels this track applies to
    depends: list[str] = field(default_factory=list)
    line: int = 0
    # collectives: a unit's years before it was formed are its principal predecessor's
    # ("principal", the default) or not recorded ("none")
    lineage: str = "principal"
    defer: str | None = None  # the id of the criterion whose failure defers (`<track>.defer`)


@dataclass
class Version:
    key: str
    label: str
    start: int
    end: int | None
    tracks: dict[str, Track]
    order: list[str]  # track keys in dependency order
    line: int = 0
    extends: str | None = None  # the version this one was written as a difference from
    period: int | None = None  # first year of the emulation period (score terms' `period`)
    tie_break: list[TieBreak] = field(default_factory=list)  # ties of score, in order

    @property
    def period_start(self) -> int:
        """The first year of the emulation period the version's years belong to (`period:`,
        default its `from`): score terms with `years: period` count from there."""
        return self.period if self.period is not None else self.start

    @property
    def years(self) -> str:
        if self.end == self.start:
            return str(self.start)
        return f"{self.start}–{self.end}" if self.end is not None else f"{self.start}–"

    def covers(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)


@dataclass
class Groups:
    levels: list[str]
    cluster_levels: list[str]


@dataclass
class Criteria:
    name: str
    filename: str
    sha256: str
    metrics: MetricSet
    groups: Groups
    council: Council
    versions: list[Version]
    levels: list[str]

    def version_for(self, year: int) -> Version:
        for version in self.versions:
            if version.covers(year):
                return version
        known = ", ".join(f"{v.key} {v.years}" for v in self.versions) or "none"
        raise InputError(f"no criteria version in force in {year} (versions: {known})",
                         file=self.filename, field="versions")
