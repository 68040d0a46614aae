"""Reading the unit tree back: lists, subtrees, ancestors, levels."""

from __future__ import annotations

from typing import Any

from dtt.errors import InputError
from dtt.store import Store


def all_units(store: Store) -> list[dict[str, Any]]:
    sql = """
        SELECT u.code, u.name, u.level, l.name AS level_name, u.parent, u.position,
               (SELECT COUNT(*) FROM people p WHERE p.unit = u.code) AS people,
               (SELECT group_concat(cm.cluster) FROM cluster_members cm
                 WHERE cm.unit = u.code) AS clusters
        FROM units u JOIN levels l ON l.key = u.level
        ORDER BY u.position
    """
    return [dict(r) for r in store.query(sql)]


def list_units(store: Store, level: str | None = None) -> list[dict[str, Any]]:
    units = all_units(store)
    if level:
        if store.scalar("SELECT 1 FROM levels WHERE key = ?", (level,)) is None:
            keys = ", ".join(r[0] for r in store.query("SELECT key FROM levels ORDER BY position"))
            raise InputError(f"unknown level '{level}' (levels: {keys})", field="--level")
        units = [u for u in units if u["level"] == level]
    return units


def children_map(units: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for unit in units:
        out.setdefault(unit["parent"], []).append(unit)
    return out


def get_unit(store: Store, code: str, field: str = "--unit") -> dict[str, Any]:
    row = store.one("SELECT * FROM units WHERE code = ?", (code,))
    if row is None:
        raise InputError(f"unknown unit '{code}'", field=field)
    return dict(row)


# `sub(code)`: a unit (the one parameter) and every unit below it; put before a SELECT
SUBTREE_CTE = ("WITH RECURSIVE sub(code) AS (SELECT ? UNION ALL "
               "SELECT u.code FROM units u JOIN sub ON u.parent = sub.code) ")


def subtree_codes(store: Store, code: str) -> list[str]:
    """The unit and every unit below it."""
    rows = store.query(SUBTREE_CTE + "SELECT code FROM sub", (code,))
    return [r[0] for r in rows]
