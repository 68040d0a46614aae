"""Everything one evaluation reads, loaded once: the tree (dtt.sector.UnitTree), people,
records, registrations, nominations — one query per table, no per-subject SQL afterwards.
`Subject` is dtt.sector.Subject, re-exported here."""

from __future__ import annotations

import json
from sys import intern
from typing import Any

from dtt.criteria.metrics import Metric
from dtt.criteria.model import MAX_BACK, Criteria, Version
from dtt.lineage import Lineage
from dtt.sector import Subject, UnitTree
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import sector as store_sector

__all__ = ["MISSING", "Context", "Subject"]


class _Missing:
    """The value of a metric that was not recorded."""

    def __repr__(self) -> str:
        return "not recorded"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class Context:
    """The data of one evaluation year, indexed for the engine: the unit tree (`tree`), the
    people, the records of the years the criteria can look back on, registrations and the
    year's nominations."""

    def __init__(self, store: Store, criteria: Criteria, version: Version, year: int,
                 tree: UnitTree | None = None) -> None:
        self.criteria = criteria
        self.version = version
        self.year = year
        self.first_year = min(version.start, year - MAX_BACK)
        self.name_keys: dict[str, tuple] = {}  # Vietnamese sort keys, computed once a subject
        self.tree = tree if tree is not None else UnitTree.load(store, year)
        self.lineage = Lineage.load(store)
        self.collectives: dict[str, Subject] = self.tree.collectives()
        self.ancestors: dict[str, tuple[str, ...]] = self.tree.chains  # code → self-first chain
        self._load_people(store)
        self._load_records(store)
        self._load_lineage_years()
        self._load_intentions(store)

    # --- loading ----------------------------------------------------------------------------
    def _load_people(self, store: Store) -> None:
        self.people: dict[str, Subject] = {}
        units = self.tree.units
        follow = self.lineage.follow
        personal = {code: (gender, born, recruited) for code, _n, _u, _p, _h, gender, born,
                    recruited in store_sector.people(store)}
        # the roster as of the year; a person of a unit closed by then follows its successor
        for code, name, unit_code, position, heads in store_history.roster(store, self.year):
            if unit_code not in units:
                unit_code = follow(unit_code, units)
            gender, born, recruited = personal.get(code, (None, None, None))
            unit = units.get(unit_code)
            code = intern(code)
            self.people[code] = Subject(code, "person", name, unit_code,
                                        unit.level if unit else "", position, heads,
                                        gender=gender, born=born, recruited=recruited)

    record_years: tuple[int, int] | None = None  # the years of records to load, if not all

    def _load_records(self, store: Store) -> None:
        self.records: dict[str, dict[int, dict[str, Any]]] = {}
        first, last = self.record_years or (self.first_year, self.year)
        rows = store_sector.records(store, first, last) if first <= last else []
        # one parse for all the records (far cheaper than one json.loads call per record), of
        # each distinct text once: records that say the same share one dict (about one in ten
        # at sector scale), read-only like every record the engine holds
        distinct = list(dict.fromkeys([r[2] or "{}" for r in rows]))
        parsed = dict(zip(distinct, json.loads("[" + ",".join(distinct) + "]"), strict=True))
        # a record without data (None or "" in the column)
        empty: dict[str, Any] = parsed["{}"] if "{}" in parsed else {}
        records = self.records
        for subject, year, text in rows:
            by_year = records.get(subject)
            if by_year is None:
                # the code as the people's (and units') own string: the engine's lookups by
                # code then find their keys by identity, without comparing the text
                by_year = records[intern(subject)] = {}
            by_year[year] = parsed[text] if text else empty

    def _load_lineage_years(self) -> None:
        """A collective formed after some of the years read takes those years from its
        principal predecessor (`borrowed`: (code, year) -> (predecessor, date, how)); the
        collective's own records stay in `own_records` for tracks with `lineage: none`."""
        self.own_records = self.records
        self.borrowed: dict[tuple[str, int], tuple[str, str, str]] = {}
        lineage = self.lineage
        if not lineage.formerly:
            return
        merged = dict(self.records)
        for code in self.tree.units:
            if lineage.formed_by(code) is None:
                continue
            for y in range(self.first_year, self.year + 1):
                step = lineage.in_year(code, y)
                if step is None:
                    continue
                data = self.records.get(step[0], {}).get(y)
                own = merged.get(code, {})
                if data is None or y in own:
                    continue
                merged[code] = {**own, y: data}
                self.borrowed[(code, y)] = step
        self.records = merged

    def value_own(self, code: str, metric: Metric, year: int) -> Any:
        """`value` from the subject's own records only (no predecessor's years)."""
        return self.value(code, metric, year, self.own_records)

    def _load_intentions(self, store: Store) -> None:
        self.registered: set[tuple[str, str, int]] = store_sector.registrations(store)
        # (track, subject, year) recognised by a council: the awards already given
        self.awards: set[tuple[str, str, int]] = store_sector.awards(store, self.first_year,
                                                                     self.year)
        self.nominations: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        for track, subject, unit, withdrawn, origin in store_sector.nominations(store,
                                                                                 self.year):
            self.nominations.setdefault((track, subject), []).append((withdrawn, origin, unit))

    # --- reading ----------------------------------------------------------------------------
    def subject(self, code: str) -> Subject | None:
        return self.people.get(code) or self.collectives.get(code)

    def has_record(self, code: str, year: int) -> bool:
        by_year = self.records.get(code)
        return by_year is not None and year in by_year

    def value(self, code: str, metric: Metric, year: int,
              records: dict[str, dict[int, dict[str, Any]]] | None = None) -> Any:
        """The metric's value for the subject and year, its default if the record lacks it,
        or MISSING (no record that year, or no value and no default). `records`: another
        set of records to read (default: the subject's years with its predecessors')."""
        by_year = (self.records if records is None else records).get(code)
        if by_year is None:
            return MISSING
        data = by_year.get(year)
        if data is None:
            return MISSING
        value = data.get(metric.key)
        if value is None or value == "":
            return metric.default if metric.has_default else MISSING
        return value
