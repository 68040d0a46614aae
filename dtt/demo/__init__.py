"""Deterministic demo data: a unit tree, its people, ten years of records (2016–2025) and
registrations.

`build("sample")` staffs the bundled sample tree (`dtt/data/units.yaml`, about 3,000 people);
`build("sector")` a synthetic full-size sector (63 provinces, about 700 district offices and
25,000 people). The same seed always gives the same data; nothing reads the clock or the global
random state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import yaml

from dtt.demo.generate import flatten, staff
from dtt.demo.hq import leader_changes, tree_hq_2025
from dtt.demo.records import YEARS, person_records, registrations, unit_records
from dtt.demo.reform import REFORM_YEAR, carry, successors, transfers, tree_2025, unit_codes
from dtt.demo.sector import sector_tree

__all__ = ["DemoData", "SCALES", "YEARS", "build", "sample_tree"]

SCALES = ("sample", "sector")


@dataclass
class DemoData:
    tree: dict  # levels, units (nested), clusters — the units.yaml structure
    people: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    registrations: list[dict] = field(default_factory=list)
    # the trees that came into force later, each with its `valid_from:` (the 2025 reform)
    later_trees: list[dict] = field(default_factory=list)
    # year -> the roster rows of the people who moved that year (`people` is the first roster)
    moves: dict[int, list[dict]] = field(default_factory=dict)


def sample_tree() -> dict[str, Any]:
    """The bundled sample unit tree, as yaml.safe_load gives it."""
    text = files("dtt").joinpath("data", "units.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _rng(seed: int, stream: str) -> random.Random:
    # one independent stream per part, so that changing one part leaves the others alone
    return random.Random(f"dtt-demo:{seed}:{stream}")


def build(scale: str = "sample", seed: int = 2861) -> DemoData:
    """Build the demo data set for `scale` ("sample" or "sector") from `seed`."""
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale '{scale}' (use one of: {', '.join(SCALES)})")
    tree = sample_tree()
    if scale == "sector":
        tree = sector_tree(tree, _rng(seed, "tree"))
    units = flatten(tree)
    people = staff(units, scale, _rng(seed, "people"))
    persons = person_records(people, _rng(seed, "person-records"))
    collectives = unit_records(units, people, persons, _rng(seed, "unit-records"))
    records: list[dict[str, Any]] = []
    for year in YEARS:
        records.extend(persons[year])
        records.extend(collectives[year])
    regs = registrations(units, people, persons, collectives, _rng(seed, "registrations"))
    headquarters = tree_hq_2025(tree)  # from 1 March 2025, then the provinces from 1 July
    reformed = tree_2025(headquarters)
    closed = successors(tree, reformed)
    before, after = unit_codes(tree), unit_codes(reformed)
    moved = transfers(people, units, {y: after if y >= REFORM_YEAR else before for y in YEARS},
                      range(YEARS[1], YEARS[-1] + 1), _rng(seed, "transfers"))
    leaders = leader_changes(people, units, [headquarters, reformed], REFORM_YEAR,
                             _rng(seed, "leaders"))
    for year, rows in leaders.items():
        moved[year] = moved.get(year, []) + rows
    return DemoData(
        tree=tree,
        people=[p.as_row() for p in people],
        records=carry(records, closed),
        registrations=carry(regs, closed),
        later_trees=[headquarters, reformed],
        moves=moved,
    )
