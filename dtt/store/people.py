"""Queries of the people table (the roster)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from dtt.store.db import Store
from dtt.store.units import SUBTREE_CTE

# (code, full_name, unit, category, position, heads, name_folded, gender, born, recruited)
PersonRow = tuple[str, str, str, str, str | None, str | None, str, str | None, str | None,
                  str | None]


def person_codes(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT code FROM people")}


def count_people(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM people"))


def other_heads(store: Store, heads: Mapping[str, str]) -> dict[str, str]:
    """For each unit -> person code in `heads`: the stored head of that unit if it is another
    person (units headed by nobody else are left out)."""
    if not heads:
        return {}
    rows = store.query(
        "SELECT x.key, p.code FROM json_each(?) x JOIN people p "
        "ON p.heads = x.key AND p.code != x.value ORDER BY x.key, p.rowid",
        (json.dumps(dict(heads)),),
    )
    out: dict[str, str] = {}
    for unit, code in rows:
        out.setdefault(unit, code)
    return out


def people_rows(store: Store, unit: str | None = None) -> list[dict[str, Any]]:
    """Every person (or those of `unit`'s subtree) with their unit's name, in no set order."""
    sql = "SELECT p.*, u.name AS unit_name FROM people p JOIN units u ON u.code = p.unit"
    if unit is None:
        return [dict(r) for r in store.query(sql)]
    sql = SUBTREE_CTE + sql + " WHERE p.unit IN (SELECT code FROM sub)"
    return [dict(r) for r in store.query(sql, (unit,))]


PERSONAL = ("gender", "born", "recruited")


def upsert_people(store: Store, rows: Sequence[PersonRow],
                  personal: Sequence[str] = PERSONAL) -> None:
    """Insert or update people by code (inside store.write()). Of the optional columns
    gender, born and recruited, only those named in `personal` (the columns the file has)
    replace a stored person's values; the others keep them."""
    kept = "".join(f", {c}=excluded.{c}" for c in PERSONAL if c in personal)
    store.executemany(
        "INSERT INTO people(code, full_name, unit, category, position, heads, name_folded, "
        "gender, born, recruited) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
        "full_name=excluded.full_name, unit=excluded.unit, category=excluded.category, "
        "position=excluded.position, heads=excluded.heads, name_folded=excluded.name_folded"
        + kept,
        rows,
    )


def person_exists(store: Store, code: str) -> bool:
    return store.scalar("SELECT 1 FROM people WHERE code = ?", (code,)) is not None


def people_by_code(store: Store) -> dict[str, dict[str, Any]]:
    """Every person's stored fields (code, full_name, unit, category, position, heads, gender,
    born, recruited) by code."""
    rows = store.query("SELECT code, full_name, unit, category, position, heads, gender, born, "
                       "recruited FROM people")
    return {r[0]: dict(r) for r in rows}
