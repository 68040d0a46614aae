"""Reading the unit tree back: lists, subtrees, levels."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store
from dtt.store import units as store_units

# kept for modules that still build SQL on it; the query lives in dtt.store.units


def all_units(store: Store) -> list[dict[str, Any]]:
    """Every unit in tree order: code, name, level, level_name, parent, position, people (how
    many belong to it) and clusters (comma-separated keys, or None)."""
    return store_units.all_units(store)


def list_units(store: Store, level: str | None = None) -> list[dict[str, Any]]:
    """All units, or those of one level (InputError naming the levels if it is unknown)."""
    units = all_units(store)
    if level:
        keys = store_units.level_keys(store)
        if level not in keys:
            raise InputError(f"unknown level '{level}' (levels: {', '.join(keys)})",
                             field="--level")
        units = [u for u in units if u["level"] == level]
    return units


def children_map(units: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    """Units by parent code (None: the top units), in the given order."""
    out: dict[str | None, list[dict[str, Any]]] = {}
    for unit in units:
        out.setdefault(unit["parent"], []).append(unit)
    return out


def get_unit(store: Store, code: str, field: str = "--unit") -> dict[str, Any]:
    """The units row of `code`; InputError on `field` if there is no such unit."""
    row = store_units.get_unit(store, code)
    if row is None:
        raise InputError(f"unknown unit '{code}'", field=field)
    return row


def subtree_codes(store: Store, code: str) -> list[str]:
    """The unit and every unit below it."""
    return store_units.subtree_codes(store, code)


def units_in_year(store: Store, year: int, latest_tree: bool = False) -> list[dict[str, Any]]:
    """The units of the tree of `year` (with `latest_tree`, of the latest tree), as
    `all_units` gives them, with the people of that year's roster (a closed unit's people
    counted with its successor)."""
    from dtt.lineage import Lineage
    from dtt.sector import UnitTree
    from dtt.store import history as store_history

    tree = UnitTree.load(store, None if latest_tree else year)
    tree_id = store_history.tree_in_force(store, None if latest_tree else f"{year}-12-31")
    names = store_history.tree_level_names(store, tree_id) if tree_id is not None else {}
    lineage = Lineage.load(store)
    people: dict[str, int] = {}
    for _, _, unit, _, _ in store_history.roster(store, year):
        unit = unit if unit in tree.units else lineage.follow(unit, tree.units)
        people[unit] = people.get(unit, 0) + 1
    clusters: dict[str, list[str]] = {}
    for key, members in tree.clusters.items():
        for member in members:
            clusters.setdefault(member, []).append(key)
    return [{"code": u.code, "name": u.name, "level": u.level,
             "level_name": names.get(u.level, u.level), "parent": u.parent,
             "position": u.position, "people": people.get(u.code, 0),
             "clusters": ",".join(clusters[u.code]) if u.code in clusters else None}
            for u in tree.units.values()]


def unit_history(store: Store, code: str) -> dict[str, Any]:
    """A unit's lineage: its spans (dates, names, levels, parents), predecessors and
    successors; InputError for a code no tree ever held."""
    from dtt.lineage import Lineage

    history = Lineage.load(store).history(code)
    if not history["spans"]:
        raise InputError(f"unknown unit '{code}'", field="CODE")
    return history
