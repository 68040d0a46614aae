"""Queries of the unit tree: levels, units, clusters and their members."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from dtt.store.db import Store

# `sub(code)`: a unit (the one parameter) and every unit below it; put before a SELECT
# (closed units left out: the current tree)
SUBTREE_CTE = ("WITH RECURSIVE sub(code) AS (SELECT ? UNION ALL "
               "SELECT u.code FROM units u JOIN sub ON u.parent = sub.code "
               "WHERE u.closed_on IS NULL) ")

# (key, name, parent, depth, position)
LevelRow = tuple[str, str, str | None, int, int]
# (code, name, level, parent, position, name_folded)
UnitRow = tuple[str, str, str, str | None, int, str]


def all_units(store: Store) -> list[dict[str, Any]]:
    """Every unit in tree order, with its level's name, head count and clusters (comma list)."""
    rows = store.query("""
        SELECT u.code, u.name, u.level, l.name AS level_name, u.parent, u.position,
               (SELECT COUNT(*) FROM people p WHERE p.unit = u.code) AS people,
               (SELECT group_concat(cm.cluster) FROM cluster_members cm
                 WHERE cm.unit = u.code) AS clusters
        FROM units u JOIN levels l ON l.key = u.level
        WHERE u.closed_on IS NULL
        ORDER BY u.position
    """)
    return [dict(r) for r in rows]


def get_unit(store: Store, code: str) -> dict[str, Any] | None:
    """The units row of `code`, or None."""
    row = store.one("SELECT * FROM units WHERE code = ?", (code,))
    return None if row is None else dict(row)


def unit_exists(store: Store, code: str) -> bool:
    return store.scalar("SELECT 1 FROM units WHERE code = ?", (code,)) is not None


def unit_codes(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT code FROM units")}


def count_units(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM units"))


def tree_counts(store: Store) -> dict[str, int]:
    """The levels, units and clusters the database holds now."""
    return {
        "levels": int(store.scalar("SELECT COUNT(*) FROM levels") or 0),
        "units": int(store.scalar("SELECT COUNT(*) FROM units") or 0),
        "clusters": int(store.scalar("SELECT COUNT(*) FROM clusters") or 0),
    }


def level_keys(store: Store) -> list[str]:
    """The level keys, top level first."""
    return [r[0] for r in store.query("SELECT key FROM levels ORDER BY position")]


def subtree_codes(store: Store, code: str) -> list[str]:
    """The unit and every unit below it (just `code` if it is no unit)."""
    return [r[0] for r in store.query(SUBTREE_CTE + "SELECT code FROM sub", (code,))]


# --- writing (inside store.write()) -------------------------------------------------------
def upsert_levels(store: Store, levels: Sequence[LevelRow]) -> None:
    """Insert or update levels by key; give parents before children."""
    store.executemany(
        "INSERT INTO levels(key, name, parent, depth, position) VALUES (?,?,?,?,?) "
        "ON CONFLICT(key) DO UPDATE SET name=excluded.name, parent=excluded.parent, "
        "depth=excluded.depth, position=excluded.position",
        levels,
    )


def upsert_units(store: Store, units: Sequence[UnitRow]) -> None:
    """Insert or update units by code; give parents before children."""
    store.executemany(
        "INSERT INTO units(code, name, level, parent, position, name_folded) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
        "level=excluded.level, parent=excluded.parent, position=excluded.position, "
        "name_folded=excluded.name_folded",
        units,
    )


def replace_clusters(store: Store, clusters: Iterable[tuple[str, str, list[str]]]) -> None:
    """Make (key, name, member codes) the only clusters."""
    items = list(clusters)
    store.execute("DELETE FROM cluster_members")
    store.execute("DELETE FROM clusters")
    store.executemany("INSERT INTO clusters(key, name) VALUES (?, ?)",
                      [(key, name) for key, name, _ in items])
    store.executemany("INSERT OR IGNORE INTO cluster_members(cluster, unit) VALUES (?, ?)",
                      [(key, m) for key, _, members in items for m in members])


def delete_units(store: Store, codes: Iterable[str]) -> None:
    """Delete these units (one statement, so a parent may go with its children)."""
    store.execute("DELETE FROM units WHERE code IN (SELECT value FROM json_each(?))",
                  (json.dumps(sorted(codes)),))


def delete_levels_except(store: Store, keys: Iterable[str]) -> None:
    store.execute("DELETE FROM levels WHERE key NOT IN (SELECT value FROM json_each(?))",
                  (json.dumps(list(keys)),))


# --- what refers to a unit ----------------------------------------------------------------
# (use, referring table joined as `t` on the unit code `x.value`, what to show, its order)
_REFERENCES: list[tuple[str, str, str, str]] = [
    ("people", "people t ON t.unit = x.value", "t.code", "t.rowid"),
    ("heads", "people t ON t.heads = x.value", "t.code", "t.rowid"),
    ("records", "records t ON t.subject = x.value", "t.year", "t.year"),
    ("nominations", "nominations t ON t.unit = x.value OR t.subject = x.value", "t.year",
     "t.year, t.rowid"),
    ("decisions", "decisions t ON t.unit = x.value OR t.subject = x.value", "t.year",
     "t.year, t.id"),
    ("replications", "replications t ON t.to_unit = x.value OR t.subject = x.value", "t.year",
     "t.year, t.id"),
]
REFERENCE_KINDS = tuple(use for use, *_ in _REFERENCES)


def references(store: Store, codes: Iterable[str], limit: int = 3
               ) -> dict[str, dict[str, list[str]]]:
    """What refers to each unit of `codes`: code -> {use: up to `limit` examples}, where use is
    one of REFERENCE_KINDS (people of the unit, its head, its records, nominations, council
    decisions, replications). Units nothing refers to are left out."""
    wanted = json.dumps(sorted(set(codes)))
    out: dict[str, dict[str, list[str]]] = {}
    if wanted == "[]":
        return out
    for use, join, shown, order in _REFERENCES:
        rows = store.query(
            f"SELECT code, ref FROM (SELECT x.value AS code, {shown} AS ref, "
            f"ROW_NUMBER() OVER (PARTITION BY x.value ORDER BY {order}) AS n "
            f"FROM json_each(?) x JOIN {join}) WHERE n <= ? ORDER BY code, n",
            (wanted, limit),
        )
        for code, ref in rows:
            out.setdefault(code, {}).setdefault(use, []).append(str(ref))
    return out


def closed_on(store: Store, date: str) -> list[str]:
    """The codes of the units closed on `date`, in tree order."""
    return [r[0] for r in store.query("SELECT code FROM units WHERE closed_on = ? "
                                      "ORDER BY position, code", (date,))]
