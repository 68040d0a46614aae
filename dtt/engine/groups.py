"""Where a subject competes: its group (the nearest unit at a group level, or an emulation
cluster) and its pool (the group, and for collectives their level)."""

from __future__ import annotations

from dtt.criteria.model import Track
from dtt.engine.context import Context, Subject

CLUSTER = "cluster:"


class Grouper:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.tree = ctx.tree
        groups = ctx.criteria.groups
        self.levels = frozenset(groups.levels)
        self.cluster_levels = frozenset(groups.cluster_levels)
        self.root = self.tree.root or ""
        self._person: dict[str, str] = {}
        self._collective: dict[str, str] = {}
        self._people_by_group: dict[str, list[Subject]] | None = None
        self._level_units: dict[tuple[str, str], int] | None = None
        self._pools: dict[tuple[int, str], tuple[str, str | None]] = {}

    # --- groups -----------------------------------------------------------------------------
    def person_group(self, unit: str) -> str:
        """The nearest ancestor-or-self of `unit` at a group level, else the tree's root."""
        hit = self._person.get(unit)
        if hit is None:
            hit = self._person[unit] = self.tree.unit_at(unit, self.levels) or self.root
        return hit

    def collective_group(self, code: str) -> str:
        """A collective's cluster if its level competes by cluster, else the nearest STRICT
        ancestor at a group level, else the tree's root."""
        hit = self._collective.get(code)
        if hit is None:
            tree = self.tree
            if tree.level_of(code) in self.cluster_levels and code in tree.cluster_of:
                hit = CLUSTER + tree.cluster_of[code]
            else:
                hit = tree.unit_at(code, self.levels, strict=True) or self.root
            self._collective[code] = hit
        return hit

    def group(self, subj: Subject) -> str:
        if subj.kind == "person":
            return self.person_group(subj.unit)
        return self.collective_group(subj.code)

    def pool(self, track: Track, subj: Subject) -> tuple[str, str | None]:
        """The set a subject is ranked and cut in: (group, level for collectives). A
        person's depends on the track and the person's unit only: worked out once for each."""
        if subj.kind == "person":
            at = (id(track), subj.unit)
            hit = self._pools.get(at)
            if hit is None:
                hit = self._pools[at] = self._pool(track, subj)
            return hit
        return self._pool(track, subj)

    def pools(self, track: Track, subjects: dict[str, Subject]
              ) -> dict[str, tuple[str, str | None]]:
        """code → `pool(track, subject)` for every one of `subjects`."""
        return {code: self.pool(track, subj) for code, subj in subjects.items()}

    def _pool(self, track: Track, subj: Subject) -> tuple[str, str | None]:
        group = self.group(subj)
        level = subj.level if subj.kind == "collective" else None
        quota = track.quota.for_level(level) if track.quota else None
        if quota is not None and quota.per == "cluster" and not group.startswith(CLUSTER):
            cluster = self.tree.cluster_near(subj.unit)
            if cluster:
                group = CLUSTER + cluster
        return group, level

    def name(self, group: str) -> str:
        """A group's display name: a unit's name, a cluster's key (`cluster:…`) as it is."""
        if group.startswith(CLUSTER):
            return group
        return self.tree.name_of(group) or group

    # --- counts for quotas --------------------------------------------------------------
    def people_of(self, group: str) -> list[Subject]:
        """The people of a group: those whose own group it is (for a cluster: the people of
        the groups inside the cluster)."""
        if self._people_by_group is None:
            by_group: dict[str, list[Subject]] = {}
            for person in self.ctx.people.values():
                by_group.setdefault(self.person_group(person.unit), []).append(person)
            self._people_by_group = by_group
        if group.startswith(CLUSTER):
            key = group[len(CLUSTER):]
            cluster_of = self.tree.cluster_of
            return [p for g, people in self._people_by_group.items()
                    if cluster_of.get(g) == key for p in people]
        return self._people_by_group.get(group, [])

    def collectives_of(self, group: str, level: str | None) -> list[Subject]:
        """The collectives (the roots excepted) of `level` (any if None) that compete in
        `group`."""
        return [u for u in self.ctx.collectives.values()
                if not self.tree.is_root(u.code) and (level is None or u.level == level)
                and self.collective_group(u.code) == group]

    def level_units(self, group: str, level: str | None) -> int:
        """How many units of `level` compete in `group`."""
        if self._level_units is None:
            counts: dict[tuple[str, str], int] = {}
            for code, unit in self.tree.units.items():
                if self.tree.is_root(code):
                    continue
                key = (self.collective_group(code), unit.level)
                counts[key] = counts.get(key, 0) + 1
            self._level_units = counts
        return self._level_units.get((group, level or ""), 0)
