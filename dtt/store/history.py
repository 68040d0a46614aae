"""Queries of the sector through time: the dated unit trees (trees, tree_levels, tree_units,
tree_clusters), the lineage of units (unit_lineage) and the roster by year (roster)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from dtt.store.db import Store

BEGINNING = "0001-01-01"  # the date of a tree loaded without one: in force from the start


# --- trees ---------------------------------------------------------------------------------
def trees(store: Store) -> list[tuple[int, str]]:
    """Every tree as (id, valid_from), oldest first."""
    return [(r[0], r[1]) for r in store.query("SELECT id, valid_from FROM trees "
                                              "ORDER BY valid_from")]


def tree_in_force(store: Store, on: str | None) -> int | None:
    """The id of the tree in force on the date `on` (the latest tree if None, the first if
    `on` is before every tree), or None when there is no tree."""
    if on is None:
        row = store.scalar("SELECT id FROM trees ORDER BY valid_from DESC LIMIT 1")
    else:
        row = store.scalar("SELECT id FROM trees WHERE valid_from <= ? "
                           "ORDER BY valid_from DESC LIMIT 1", (on,))
        if row is None:
            row = store.scalar("SELECT id FROM trees ORDER BY valid_from LIMIT 1")
    return None if row is None else int(row)


def tree_levels(store: Store, tree: int) -> list[str]:
    return [r[0] for r in store.query("SELECT key FROM tree_levels WHERE tree = ? "
                                      "ORDER BY position", (tree,))]


def tree_units(store: Store, tree: int) -> list[tuple[str, str, str, str | None, int]]:
    """The units of a tree as (code, name, level, parent, position), in tree order."""
    rows = store.query("SELECT code, name, level, parent, position FROM tree_units "
                       "WHERE tree = ? ORDER BY position, code", (tree,))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def tree_cluster_members(store: Store, tree: int) -> list[tuple[str, str]]:
    rows = store.query("SELECT cluster, unit FROM tree_clusters WHERE tree = ? "
                       "ORDER BY cluster, unit", (tree,))
    return [(r[0], r[1]) for r in rows]


def unit_spans(store: Store) -> list[tuple[str, str, str, str, str | None, str]]:
    """Every unit of every tree as (code, valid_from of the tree, name, level, parent,
    valid_from of the next tree or ''), by code then date."""
    rows = store.query(
        "SELECT u.code, t.valid_from, u.name, u.level, u.parent, "
        "COALESCE((SELECT MIN(n.valid_from) FROM trees n WHERE n.valid_from > t.valid_from), '') "
        "FROM tree_units u JOIN trees t ON t.id = u.tree ORDER BY u.code, t.valid_from")
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def lineage(store: Store) -> list[tuple[str, str, str, int]]:
    """Every succession as (valid_from, code, predecessor, ord), by date, code, ord."""
    rows = store.query("SELECT t.valid_from, l.code, l.predecessor, l.ord FROM unit_lineage l "
                       "JOIN trees t ON t.id = l.tree ORDER BY t.valid_from, l.code, l.ord")
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def codes_before(store: Store, date: str) -> set[str]:
    """The codes of every unit of a tree in force before `date`."""
    return {r[0] for r in store.query(
        "SELECT DISTINCT u.code FROM tree_units u JOIN trees t ON t.id = u.tree "
        "WHERE t.valid_from < ?", (date,))}


def codes_in_trees(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT DISTINCT code FROM tree_units")}


# --- writing a tree (inside store.write()) -------------------------------------------------
def save_tree(store: Store, valid_from: str, source: str, loaded_at: str,
              levels: Sequence[tuple[str, str, str | None, int, int]],
              units: Sequence[tuple[str, str, str, str | None, int]],
              clusters: Iterable[tuple[str, str, list[str]]],
              lineage_rows: Sequence[tuple[str, str, int]]) -> int:
    """Store a tree in force from `valid_from`, replacing the tree of that date if any."""
    store.execute("DELETE FROM trees WHERE valid_from = ?", (valid_from,))
    tree = int(store.execute("INSERT INTO trees(valid_from, source, loaded_at) VALUES (?,?,?)",
                             (valid_from, source, loaded_at)).lastrowid or 0)
    store.executemany("INSERT INTO tree_levels VALUES (?,?,?,?,?,?)",
                      [(tree, *lv) for lv in levels])
    store.executemany("INSERT INTO tree_units VALUES (?,?,?,?,?,?)", [(tree, *u) for u in units])
    store.executemany("INSERT OR IGNORE INTO tree_clusters VALUES (?,?,?,?)",
                      [(tree, key, name, m) for key, name, members in clusters
                       for m in members])
    store.executemany("INSERT INTO unit_lineage VALUES (?,?,?,?)",
                      [(tree, *row) for row in lineage_rows])
    return tree


def mark_closed(store: Store) -> None:
    """Set units.closed_on: the date of the tree after the last one holding the unit (NULL
    for the units of the latest tree)."""
    store.execute(
        "UPDATE units SET closed_on = (SELECT MIN(n.valid_from) FROM trees n WHERE n.valid_from"
        " > (SELECT MAX(t.valid_from) FROM tree_units u JOIN trees t ON t.id = u.tree "
        "WHERE u.code = units.code))")


def levels_in_use(store: Store) -> set[str]:
    """Level keys of any tree or any stored unit."""
    return {r[0] for r in store.query("SELECT key FROM tree_levels UNION SELECT level FROM units")}


# --- the roster ----------------------------------------------------------------------------
def roster(store: Store, year: int) -> list[tuple[str, str, str, str | None, str | None]]:
    """Every person as of `year` as (code, full name, unit, position, heads), by code: the
    latest roster row of `year` or before, else the person's first row, else the people row."""
    rows = store.query(
        "SELECT p.code, p.full_name, COALESCE(r.unit, p.unit), "
        "CASE WHEN r.person IS NULL THEN p.position ELSE r.position END, "
        "CASE WHEN r.person IS NULL THEN p.heads ELSE r.heads END "
        "FROM people p LEFT JOIN roster r ON r.person = p.code AND r.year = COALESCE("
        "(SELECT MAX(x.year) FROM roster x WHERE x.person = p.code AND x.year <= ?), "
        "(SELECT MIN(x.year) FROM roster x WHERE x.person = p.code)) ORDER BY p.code", (year,))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def roster_of(store: Store, person: str) -> list[tuple[int, str, str | None, str | None]]:
    """A person's roster rows as (year, unit, position, heads), oldest first."""
    return [(r[0], r[1], r[2], r[3]) for r in store.query(
        "SELECT year, unit, position, heads FROM roster WHERE person = ? ORDER BY year",
        (person,))]


def heads_in(store: Store, year: int) -> dict[str, str]:
    """unit -> the first person (by code) heading it as of `year`."""
    out: dict[str, str] = {}
    for code, _, _, _, headed in roster(store, year):
        if headed is not None:
            out.setdefault(headed, code)
    return out


def upsert_roster(store: Store, year: int,
                  rows: Sequence[tuple[str, str, str | None, str | None]]) -> None:
    """Set the roster rows of `year`: (person, unit, position, heads)."""
    store.executemany(
        "INSERT INTO roster(person, year, unit, position, heads) VALUES (?,?,?,?,?) "
        "ON CONFLICT(person, year) DO UPDATE SET unit=excluded.unit, "
        "position=excluded.position, heads=excluded.heads",
        [(p, year, u, pos, h) for p, u, pos, h in rows])


def latest_roster_years(store: Store) -> dict[str, int]:
    """person -> the year of their latest roster row."""
    return {r[0]: r[1] for r in store.query("SELECT person, MAX(year) FROM roster "
                                            "GROUP BY person")}


def sync_people(store: Store, codes: Iterable[str]) -> None:
    """Make the people rows of `codes` hold their latest roster's unit, position and heads."""
    store.execute(
        "UPDATE people SET (unit, position, heads) = (SELECT r.unit, r.position, r.heads "
        "FROM roster r WHERE r.person = people.code ORDER BY r.year DESC LIMIT 1) "
        "WHERE code IN (SELECT value FROM json_each(?)) "
        "AND EXISTS (SELECT 1 FROM roster r WHERE r.person = people.code)",
        (json.dumps(sorted(set(codes))),))


def tree_level_names(store: Store, tree: int) -> dict[str, str]:
    return {r[0]: r[1] for r in store.query("SELECT key, name FROM tree_levels WHERE tree = ?",
                                            (tree,))}


def tree_cluster_names(store: Store, tree: int) -> dict[str, str]:
    return {r[0]: r[1] for r in store.query("SELECT DISTINCT cluster, name FROM tree_clusters "
                                            "WHERE tree = ?", (tree,))}
