"""A track's discovery rule, evaluated set-wise over a whole year at once.

`discover(...)` returns, for each subject the rule picks, the reasons it was picked
(`record 2020`, `registered: <goal>`, `rating 2020 = HTXSNV`). Each operator discovers itself
(dtt.rules, `Rule.discover`): `record`, `registered`, metric comparisons (any year offset) and
`all` / `any` / `not` in one pass over the year's records. Any other rule is picked set-wise
where its operators can say at once which subjects pass (`Rule.picks`: windows, `count_years`,
`award`, comparisons, `record`, `registered`, `all` / `any` / `not`), and otherwise asks the
engine's evaluator subject by subject (`YearData.fallback`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dtt.criteria.metrics import Metric
from dtt.criteria.model import MAX_BACK, Rule, Track
from dtt.lineage import Lineage
from dtt.rules import Found
from dtt.store import Store
from dtt.store import discovery as store_discovery
from dtt.store import sector as store_sector

__all__ = ["Found", "YearData", "discover"]


class YearData:
    """The records and registrations a discovery needs, loaded once per nominate run."""

    def __init__(self, store: Store, year: int, lineage: Lineage | None = None) -> None:
        self.store = store
        self.year = year
        self.lineage = lineage  # the units' lineage, if the caller has read it
        self._records: dict[int, dict[str, dict[str, Any]]] = {}
        self._registered: dict[str, dict[str, str]] = {}
        self._evaluator: Any = None
        self._years: tuple[int, int] | None = None  # the evaluator's years of records
        self._want: tuple[int, int] | None = None  # the years the next rule reads (None: all)
        self._values: dict[tuple[int, str], dict[str, Any]] = {}
        self._registered_in: dict[tuple[str, int], set[str]] = {}
        self._awards: dict[tuple[str, int], set[str]] | None = None
        self._borrowers: set[str] | None = None

    def records(self, year: int) -> dict[str, dict[str, Any]]:
        if year not in self._records:
            self._records[year] = store_discovery.records_of_year(self.store, year)
        return self._records[year]

    def evaluator(self) -> Any:
        """The engine's evaluator for this year, built on first use, with the years of
        records the rule being discovered reads (`fallback`; all the years the criteria can
        look back on if it does not say); rebuilt with every year if a later rule reads
        years outside them."""
        years = self._want
        have = self._years
        if self._evaluator is None or (have is not None and (
                years is None or years[0] < have[0] or years[1] > have[1])):
            from dtt.engine.rules import Evaluator
            from dtt.workflow.policy import criteria

            if self._evaluator is not None:
                years = None
            crit = criteria(self.store)
            version = crit.version_for(self.year)
            self._evaluator = Evaluator(_context(self.store, crit, version, self.year, years),
                                        version)
            self._years = years
        return self._evaluator

    def fallback(self, rule: Rule, track: str, pool: set[str]) -> Found:
        """Rules without a discovery of their own: the subjects the rule picks set-wise
        (`Rule.picks`), and the engine's evaluator, subject by subject, for the rest — every
        subject if the rule has no set-wise form, else the collectives that may read a
        predecessor's records (the engine's lineage, which `picks` does not follow)."""
        label = f"discovery rule of {track}"
        plain = pool - self.borrowers()
        got = rule.picks(self, track, self.year, plain)
        if got is None:
            plain, got = set(), set()
        found: Found = {s: [label] for s in got}
        rest = pool - plain
        if rest:
            self._want = _record_years(rule, self.year)
            ev = self.evaluator()
            subject = ev.ctx.subject
            found.update({s: [label] for s in rest if (subj := subject(s)) is not None
                          and ev.passes(rule, subj, self.year, track)})
        return found

    # --- what `Rule.picks` reads ------------------------------------------------------------
    def readable(self, year: int) -> bool:
        """Whether a set-wise pick may read `year`: the years the engine's context holds for
        every criteria version (MAX_BACK before the evaluated year up to it)."""
        return self.year - MAX_BACK <= year <= self.year

    def values(self, year: int, metric: Metric) -> dict[str, Any]:
        """subject → the metric's value in `year`, for the subjects that have one: recorded,
        or the metric's default when the record lacks it (the engine's one reading)."""
        key = (year, metric.key)
        got = self._values.get(key)
        if got is None:
            default, has_default = metric.default, metric.has_default
            got = {}
            for s, value in self.metric_of_year(year, metric.key).items():
                if value is None or value == "":
                    if not has_default:
                        continue
                    value = default
                got[s] = value
            self._values[key] = got
        return got

    def metric_of_year(self, year: int, key: str) -> dict[str, Any]:
        """subject → the value under `key` in its record of `year` (None: not in the record);
        from the parsed records when they are already read, else straight from the table."""
        recs = self._records.get(year)
        if recs is not None:
            return {s: rec.get(key) for s, rec in recs.items()}
        return store_discovery.metric_of_year(self.store, year, key)

    def having(self, year: int, metric: Metric, codes: set[str]) -> set[str]:
        """The subjects whose value of `metric` in `year` (its default where the record lacks
        it) is one of the strings `codes`."""
        unrecorded = metric.has_default and metric.default in codes
        recs = self._records.get(year)
        if recs is None:
            return store_discovery.subjects_with(self.store, year, metric.key, codes, unrecorded)
        return {s for s, v in self.values(year, metric).items()
                if isinstance(v, str) and v in codes}

    def registered_in(self, track: str, year: int) -> set[str]:
        """The subjects registered (not withdrawn) for `track` in `year`."""
        key = (track, year)
        if key not in self._registered_in:
            regs = (self.registered(track) if year == self.year
                    else store_discovery.registrations_of(self.store, year, track))
            self._registered_in[key] = set(regs)
        return self._registered_in[key]

    def awarded(self, track: str, year: int) -> set[str]:
        """The subjects a council recognised for `track` in `year` (the awards given)."""
        if self._awards is None:
            self._awards = {}
            for t, s, y in store_sector.awards(self.store, self.year - MAX_BACK, self.year):
                self._awards.setdefault((t, y), set()).add(s)
        return self._awards.get((track, year), set())

    def borrowers(self) -> set[str]:
        """Units that may read a predecessor's records (their `formerly:` lineage)."""
        if self._borrowers is None:
            self._borrowers = set((self.lineage or Lineage.load(self.store)).formerly)
        return self._borrowers

    def personal(self, column: str) -> dict[str, str | None]:
        """person code → one of its personal columns (gender, born, recruited)."""
        return store_discovery.people_columns(self.store, column)

    def registered(self, track: str) -> dict[str, str]:
        if track not in self._registered:
            self._registered[track] = store_discovery.registrations_of(self.store, self.year,
                                                                       track)
        return self._registered[track]


def _record_years(rule: Rule, year: int) -> tuple[int, int] | None:
    """The span of years whose records `rule` reads for `year` (first > last: none), or
    None if the rule does not say what it reads (`Rule.reads`)."""
    reads = rule.reads()
    if reads is None:
        return None
    years = [year + off for kind, _, off in reads if kind != "award"]
    return (min(years), max(years)) if years else (year + 1, year)


def _context(store: Store, crit: Any, version: Any, year: int,
             years: tuple[int, int] | None) -> Any:
    """The engine's context for a discovery rule: everything the rule reads — the records of
    `years` only (all if None), and not the year's nominations (no rule reads them; only a
    stored evaluation does, dtt.engine.run), the largest read at sector scale."""
    from dtt.engine.context import Context

    class DiscoveryContext(Context):
        record_years = years

        def _load_intentions(self, store: Store) -> None:
            self.registered = store_sector.registrations(store)
            self.awards = store_sector.awards(store, self.first_year, self.year)
            self.nominations = {}

    return DiscoveryContext(store, crit, version, year)


def discover(data: YearData, trk: Track, universe: Iterable[str]) -> Found:
    """The subjects of `universe` that the track's discovery rule picks, with reasons."""
    pool = set(universe)
    return trk.discovery.discover(data, trk.key, pool)
