"""Everything one evaluation reads, loaded once: the tree, people, records, registrations,
nominations — one query per table, no per-subject SQL afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dtt.criteria.metrics import Metric
from dtt.criteria.model import MAX_BACK, Criteria, Version
from dtt.store import Store


class _Missing:
    """The value of a metric that was not recorded."""

    def __repr__(self) -> str:
        return "not recorded"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(slots=True)
class Subject:
    """A person or a collective (a unit as candidate)."""

    code: str
    kind: str  # person | collective
    name: str
    unit: str  # a person's unit; a collective's own code
    level: str  # the level of `unit`
    heads: str | None = None  # the unit a person leads


class Context:
    """The data of one evaluation year, indexed for the engine."""

    def __init__(self, store: Store, criteria: Criteria, version: Version, year: int) -> None:
        self.criteria = criteria
        self.version = version
        self.year = year
        self.first_year = min(version.start, year - MAX_BACK)
        self.name_keys: dict[str, tuple] = {}  # Vietnamese sort keys, computed once a subject
        self._load_tree(store)
        self._load_people(store)
        self._load_records(store)
        self._load_intentions(store)

    # --- loading ----------------------------------------------------------------------------
    def _load_tree(self, store: Store) -> None:
        rows = store.query("SELECT code, name, level, parent, position FROM units "
                           "ORDER BY position, code")
        self.collectives: dict[str, Subject] = {}
        self.parent: dict[str, str | None] = {}
        self.position: dict[str, int] = {}
        for r in rows:
            self.collectives[r["code"]] = Subject(r["code"], "collective", r["name"], r["code"],
                                                  r["level"])
            self.parent[r["code"]] = r["parent"]
            self.position[r["code"]] = r["position"]
        roots = [c for c, p in self.parent.items() if p is None or p not in self.parent]
        self.root: str | None = roots[0] if roots else None
        self.roots = set(roots)
        self.ancestors: dict[str, tuple[str, ...]] = {}
        for code in self.parent:
            self.ancestors[code] = self._chain(code)
        self.children: dict[str, list[str]] = {}
        for code, parent in self.parent.items():
            if parent is not None:
                self.children.setdefault(parent, []).append(code)
        self.cluster_of: dict[str, str] = {}
        for r in store.query("SELECT cluster, unit FROM cluster_members ORDER BY cluster, unit"):
            self.cluster_of.setdefault(r["unit"], r["cluster"])
        self.levels = [r["key"] for r in store.query("SELECT key FROM levels ORDER BY position")]

    def _chain(self, code: str) -> tuple[str, ...]:
        chain = [code]
        seen = {code}
        parent = self.parent.get(code)
        while parent is not None and parent not in seen and parent in self.parent:
            chain.append(parent)
            seen.add(parent)
            parent = self.parent.get(parent)
        return tuple(chain)

    def _load_people(self, store: Store) -> None:
        self.people: dict[str, Subject] = {}
        self.people_of_unit: dict[str, int] = {}
        for r in store.query("SELECT code, full_name, unit, heads FROM people ORDER BY code"):
            unit = self.collectives.get(r["unit"])
            level = unit.level if unit else ""
            self.people[r["code"]] = Subject(r["code"], "person", r["full_name"], r["unit"],
                                             level, r["heads"])
            self.people_of_unit[r["unit"]] = self.people_of_unit.get(r["unit"], 0) + 1

    def _load_records(self, store: Store) -> None:
        self.records: dict[str, dict[int, dict[str, Any]]] = {}
        rows = store.conn.execute(
            "SELECT subject, year, data FROM records WHERE year BETWEEN ? AND ?",
            (self.first_year, self.year)).fetchall()
        # one parse for all the records: far cheaper than one json.loads call per record
        values = json.loads("[" + ",".join([r[2] or "{}" for r in rows]) + "]")
        records = self.records
        for (subject, year, _), data in zip(rows, values, strict=True):
            by_year = records.get(subject)
            if by_year is None:
                by_year = records[subject] = {}
            by_year[year] = data

    def _load_intentions(self, store: Store) -> None:
        self.registered: set[tuple[str, str, int]] = {
            (r[0], r[1], r[2]) for r in store.conn.execute(
                "SELECT subject, track, year FROM registrations WHERE withdrawn_at IS NULL")}
        self.nominations: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        for r in store.query("SELECT track, subject, unit, withdrawn, origin FROM nominations "
                             "WHERE year = ? ORDER BY created_at, unit", (self.year,)):
            self.nominations.setdefault((r["track"], r["subject"]), []).append(
                (r["withdrawn"], r["origin"], r["unit"]))

    # --- reading ----------------------------------------------------------------------------
    def subject(self, code: str) -> Subject | None:
        return self.people.get(code) or self.collectives.get(code)

    def has_record(self, code: str, year: int) -> bool:
        by_year = self.records.get(code)
        return by_year is not None and year in by_year

    def value(self, code: str, metric: Metric, year: int) -> Any:
        """The metric's value for the subject and year, its default if the record lacks it,
        or MISSING (no record that year, or no value and no default)."""
        by_year = self.records.get(code)
        if by_year is None:
            return MISSING
        data = by_year.get(year)
        if data is None:
            return MISSING
        value = data.get(metric.key)
        if value is None or value == "":
            return metric.default if metric.has_default else MISSING
        return value

    def subtree(self, code: str) -> set[str]:
        out, stack = set(), [code]
        while stack:
            unit = stack.pop()
            out.add(unit)
            stack.extend(self.children.get(unit, ()))
        return out

    def in_scope(self, subject: Subject, scope: set[str] | None) -> bool:
        return scope is None or subject.unit in scope

    def cluster_near(self, unit: str) -> str | None:
        """The cluster of the nearest ancestor-or-self of `unit` that belongs to one."""
        for code in self.ancestors.get(unit, (unit,)):
            if code in self.cluster_of:
                return self.cluster_of[code]
        return None
