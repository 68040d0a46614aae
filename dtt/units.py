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
