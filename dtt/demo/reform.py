"""The 2025 reorganisation of the demo sector (LAW.md, "The sector's own tree changed in 2025"):
the tree in force from 1 July 2025. Cluster 1's provinces merge (Hải Dương into Hải Phòng;
Thái Bình into Hưng Yên; Nam Định and Hà Nam into Ninh Bình; Quảng Ninh unchanged), district
offices become BHXH cơ sở (same code, new name), the professional teams are abolished (their
people go with their district office) and an absorbed province's rooms close (their people go
to the province that absorbed it). Records and registrations of 2025 follow: a unit closed on
that date has none, a new unit takes its principal predecessor's."""

from __future__ import annotations

import copy
import re
from typing import Any

VALID_FROM = "2025-07-01"
REFORM_YEAR = 2025
# the unit that absorbs → the units it absorbs (principal first if the unit is new)
MERGERS: dict[str, tuple[str, ...]] = {"HPG": ("HDG",), "HYN": ("TBH",), "NBH": ("NDH", "HNM")}
NAMES = {"NBH": "BHXH tỉnh Ninh Bình"}
_DISTRICT = re.compile(r"^BHXH (quận|huyện|thị xã|thành phố|thị trấn)\s+", re.IGNORECASE)


def tree_2025(tree: dict[str, Any]) -> dict[str, Any]:
    """The tree in force from VALID_FROM, made from the tree before it."""
    out = copy.deepcopy(tree)
    out["valid_from"] = VALID_FROM
    stack = list(out["units"])
    while stack:  # the successions of an earlier tree are that tree's, not this one's
        unit = stack.pop()
        unit.pop("formerly", None)
        stack.extend(unit.get("children") or [])
    out["levels"] = [dict(lv, name="BHXH cơ sở") if lv["key"] == "district" else lv
                     for lv in out["levels"] if lv["key"] != "team"]
    root = out["units"][0]
    provinces = {u["code"]: u for u in root["children"] if u["level"] == "province"}
    absorbed = {code for codes in MERGERS.values() for code in codes if code in provinces}
    new_units = {preds[0]: code for code, preds in MERGERS.items()
                 if code not in provinces and preds[0] in provinces}
    children = []
    for unit in root["children"]:
        code = unit["code"]
        if code in absorbed and code not in new_units:
            continue
        if code in new_units:  # a new unit in its principal predecessor's place
            code = new_units[code]
            unit = {"code": code, "name": NAMES[code], "level": "province",
                    "children": list(unit.get("children") or [])}
        merged = [c for c in MERGERS.get(code, ()) if c in provinces]
        if merged:
            unit["formerly"] = merged
        for other in merged:
            if other != merged[0] or unit["code"] not in new_units.values():
                unit.setdefault("children", []).extend(
                    u for u in provinces[other].get("children") or []
                    if u["level"] == "district")
        children.append(unit)
    root["children"] = children
    for unit in root["children"]:
        for child in unit.get("children") or []:
            if child["level"] == "district":
                child["name"] = _DISTRICT.sub("BHXH cơ sở ", child["name"])
                child.pop("children", None)  # teams abolished
    kept = {code for code in MERGERS if any(c in provinces for c in MERGERS[code])}
    into = {old: new for new in kept for old in MERGERS[new]}
    clusters = []
    for i, cluster in enumerate(out.get("clusters") or []):
        members = list(dict.fromkeys(into.get(m, m) for m in cluster["members"]))
        if i > 0:
            members = [m for m in members if m not in kept]
        clusters.append(dict(cluster, members=members))
    out["clusters"] = clusters
    return out


def successors(before: dict[str, Any], after: dict[str, Any]) -> dict[str, str | None]:
    """Units of `before` closed in `after` → the new unit that takes their records (a new
    unit's principal predecessor) or None (the records of the reform year are dropped)."""
    old, new = unit_codes(before), unit_codes(after)
    taken = {preds[0]: code for code, preds in MERGERS.items()
             if code in new and code not in old and preds[0] in old}
    return {code: taken.get(code) for code in old - new}


def carry(rows: list[dict[str, Any]], closed: dict[str, str | None]) -> list[dict[str, Any]]:
    """Rows (records, registrations) of the reform year moved to the successor of a closed
    unit, or dropped; other rows unchanged."""
    out = []
    for row in rows:
        if row.get("year") == REFORM_YEAR and row.get("subject") in closed:
            target = closed[row["subject"]]
            if target is None:
                continue
            row = {**row, "subject": target}
        out.append(row)
    return out


def unit_codes(tree: dict[str, Any]) -> set[str]:
    out, stack = set(), list(tree["units"])
    while stack:
        unit = stack.pop()
        out.add(unit["code"])
        stack.extend(unit.get("children") or [])
    return out


def transfers(people: list[Any], units: list[Any], trees: dict[int, set[str]],
              years: range, rng: Any, share: float = 0.005) -> dict[int, list[dict[str, str]]]:
    """A few people move each year: year -> roster rows of those who moved, each to another
    unit of the same level and group that is in force that year. Leaders stay (a unit keeps
    one head)."""
    by_slot: dict[tuple[str, str | None], list[str]] = {}
    level_of = {}
    for unit in units:
        by_slot.setdefault((unit.level, unit.group), []).append(unit.code)
        level_of[unit.code] = unit.level
    current = {p.code: p.unit for p in people}
    out: dict[int, list[dict[str, str]]] = {}
    movable = [p for p in people if not p.heads]
    for year in years:
        in_force = trees[year]
        rows = []
        for person in rng.sample(movable, max(1, int(len(movable) * share))):
            here = current[person.code]
            choices = [c for c in by_slot.get((level_of[here], person.group), [])
                       if c != here and c in in_force]
            if here not in in_force or not choices:
                continue
            current[person.code] = rng.choice(choices)
            rows.append({**person.as_row(), "unit": current[person.code]})
        out[year] = rows
    return out
