"""The roster of a year as people read it: each person's unit, post and headed unit in that
year's tree, a person of a unit closed by then following its successor."""

from __future__ import annotations

from typing import Any

from dtt.lineage import Lineage
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import people as store_people


def roster_in(store: Store, year: int, tree: UnitTree | None = None) -> list[dict[str, Any]]:
    """Every person as of `year`, with the personal columns of the people table, the unit
    (and headed unit) placed in the tree of `year`, and the unit's name in that tree."""
    tree = tree if tree is not None else UnitTree.load(store, year)
    units = tree.units
    lineage = Lineage.load(store)
    people = store_people.people_by_code(store)
    out = []
    for code, name, unit_code, position, heads in store_history.roster(store, year):
        if unit_code not in units:
            unit_code = lineage.follow(unit_code, units)
        if heads is not None and heads not in units:
            heads = None  # the unit they headed is closed: they head none until a roster says
        row = dict(people.get(code, {}))
        unit = units.get(unit_code)
        row.update(code=code, full_name=name, unit=unit_code, position=position, heads=heads,
                   unit_name=unit.name if unit else None)
        out.append(row)
    return out
