"""One in-memory model of the sector: the unit tree (levels, units, clusters) and the subjects
(people and collectives) that the engine evaluates.

`UnitTree.load(store)` reads the tree with one query per table (dtt.store.sector); every
question the engine asks about the tree — parents, ancestors, subtrees, roots, clusters, the
unit of a level above a unit — goes through it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import sector as store_sector


@dataclass(slots=True)
class Subject:
    """A person or a collective (a unit as candidate)."""

    code: str
    kind: str  # person | collective
    name: str
    unit: str  # a person's unit; a collective's own code
    level: str  # the level of `unit`
    position: str | None = None  # a person's position (job title)
    heads: str | None = None  # the unit a person leads
    parent: str | None = None  # a collective's parent unit
    gender: str | None = None  # a person's gender: nam | nu (None: not recorded)
    born: str | None = None  # a person's date of birth, ISO
    recruited: str | None = None  # a person's date of recruitment, ISO

    @property
    def introducer(self) -> str | None:
        """The unit that introduces this subject: a person's own unit, a unit's parent."""
        return self.unit if self.kind == "person" else self.parent

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.code, "kind": self.kind, "name": self.name, "unit": self.unit,
                "level": self.level, "position": self.position, "heads": self.heads}


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None
    position: int


class UnitTree:
    """The units, their levels and clusters, indexed for the questions the engine asks.

    A unit whose parent is missing or not a unit is a root. `ancestors(code)` is the chain
    from `code` itself up to its root, nearest first (a cycle stops the chain)."""

    def __init__(self, levels: list[str], units: list[Unit],
                 cluster_members: list[tuple[str, str]]) -> None:
        self.levels = list(levels)  # top level first
        self.units: dict[str, Unit] = {u.code: u for u in units}  # in tree order
        self.roots: list[str] = [c for c, u in self.units.items()
                                 if u.parent is None or u.parent not in self.units]
        self.root: str | None = self.roots[0] if self.roots else None
        self.children: dict[str, list[str]] = {}
        for code, unit in self.units.items():
            if unit.parent is not None:
                self.children.setdefault(unit.parent, []).append(code)
        # code → (code, parent, grandparent, …), computed once for every unit
        self.chains: dict[str, tuple[str, ...]] = {code: self._chain(code)
                                                   for code in self.units}
        self.clusters: dict[str, list[str]] = {}  # cluster → its member units
        self.cluster_of: dict[str, str] = {}  # unit → its first cluster (by cluster key)
        for cluster, unit_code in cluster_members:
            self.clusters.setdefault(cluster, []).append(unit_code)
            self.cluster_of.setdefault(unit_code, cluster)

    valid_from: str | None = None  # the date the tree came into force (None: undated store)

    @classmethod
    def load(cls, store: Store, year: int | None = None) -> UnitTree:
        """The tree of `year` (the one in force on 31 December of it; the first tree for a
        year before every tree), or the latest tree when `year` is None."""
        tree_id = store_history.tree_in_force(store, None if year is None else f"{year}-12-31")
        if tree_id is None:
            return cls.every_unit(store)
        tree = cls(store_history.tree_levels(store, tree_id),
                   [Unit(*row) for row in store_history.tree_units(store, tree_id)],
                   store_history.tree_cluster_members(store, tree_id))
        tree.valid_from = dict((i, d) for i, d in store_history.trees(store))[tree_id]
        return tree

    @classmethod
    def every_unit(cls, store: Store) -> UnitTree:
        """Every unit stored, closed ones included, with the current levels and clusters."""
        return cls(store_sector.levels(store), [Unit(*row) for row in store_sector.units(store)],
                   store_sector.cluster_members(store))

    def _chain(self, code: str) -> tuple[str, ...]:
        chain = [code]
        seen = {code}
        parent = self.units[code].parent
        while parent is not None and parent not in seen and parent in self.units:
            chain.append(parent)
            seen.add(parent)
            parent = self.units[parent].parent
        return tuple(chain)

    # --- questions ------------------------------------------------------------------------
    def __contains__(self, code: object) -> bool:
        return code in self.units

    def is_root(self, code: str) -> bool:
        unit = self.units.get(code)
        return unit is not None and (unit.parent is None or unit.parent not in self.units)

    def level_of(self, code: str) -> str | None:
        unit = self.units.get(code)
        return unit.level if unit else None

    def name_of(self, code: str) -> str | None:
        unit = self.units.get(code)
        return unit.name if unit else None

    def parent_of(self, code: str) -> str | None:
        unit = self.units.get(code)
        return unit.parent if unit else None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """`code` and every unit above it, nearest first (`(code,)` for an unknown code)."""
        return self.chains.get(code, (code,))

    def subtree(self, code: str) -> set[str]:
        """`code` and every unit below it."""
        out, stack = set(), [code]
        while stack:
            unit = stack.pop()
            out.add(unit)
            stack.extend(self.children.get(unit, ()))
        return out

    def unit_at(self, code: str, levels: set[str] | frozenset[str],
                strict: bool = False) -> str | None:
        """The nearest unit at or above `code` (strictly above if `strict`) whose level is one
        of `levels`; None if there is none."""
        chain = self.ancestors(code)
        units = self.units
        for anc in chain[1:] if strict else chain:
            unit = units.get(anc)
            if unit is not None and unit.level in levels:
                return anc
        return None

    def cluster_near(self, code: str) -> str | None:
        """The cluster of the nearest ancestor-or-self of `code` that belongs to one."""
        for anc in self.ancestors(code):
            if anc in self.cluster_of:
                return self.cluster_of[anc]
        return None

    def collective(self, code: str) -> Subject:
        """The unit `code` as a subject."""
        u = self.units[code]
        return Subject(u.code, "collective", u.name, u.code, u.level, parent=u.parent)

    def collectives(self) -> dict[str, Subject]:
        """Every unit as a subject, in tree order."""
        return {code: self.collective(code) for code in self.units}
