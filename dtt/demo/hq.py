"""The headquarters of the demo sector through the 2025 reorganisation, and the leaders whose
headed unit changes.

From 1 March 2025 VSS is a unit of the Ministry of Finance and its headquarters went from 21
units to 14 (LAW.md, "The sector's own tree changed in 2025"). The demo models it with seven
mergers into units that keep their code (`formerly:` lists the units absorbed): the absorbed
unit closes, its rooms continue under the unit that absorbed it, its people follow it. The
pairing of departments is the demo's, modelled on that reorganisation.

Leaders change too: every few years two heads of district offices of one province swap
offices (a later roster in which each heads the other's unit); and when a unit closes in 2025
its head becomes a deputy of the unit that absorbed it (or heads the new unit that succeeds
it), and the heads of abolished teams and closed rooms become staff of the unit their people
go to.
"""

from __future__ import annotations

import copy
from typing import Any

from dtt.demo.generate import Person, Unit, head_titles

HQ_VALID_FROM = "2025-03-01"
# the unit that absorbs (keeping its code) → the units it absorbs
HQ_MERGERS: dict[str, tuple[str, ...]] = {
    "VP": ("VPHDQL",),
    "TCCB": ("TDKT",),
    "PC": ("HTQT",),
    "BTHU": ("BST",),
    "BCSYT": ("BDUOC",),
    "TTCNTT": ("TTLT",),
    "TCBHXH": ("BAO",),
}
# the names the units carry from 1 March 2025 (the others keep theirs)
HQ_NAMES: dict[str, str] = {
    "TCCB": "Ban Tổ chức cán bộ",
    "KHTC": "Ban Tài chính – Kế toán",
    "PC": "Ban Pháp chế và Hợp tác quốc tế",
    "BTHU": "Ban Quản lý Thu – Sổ, thẻ",
    "BTT": "Ban Truyền thông",
    "TTCNTT": "Trung tâm Công nghệ thông tin và Chuyển đổi số",
}
LEADER_YEARS = (2019, 2023)  # the years in which heads of district offices swap
SWAPS = 2  # pairs of heads swapping each of those years


def tree_hq_2025(tree: dict[str, Any]) -> dict[str, Any]:
    """The tree in force from HQ_VALID_FROM: the headquarters merged, the rest unchanged."""
    out = copy.deepcopy(tree)
    out["valid_from"] = HQ_VALID_FROM
    root = out["units"][0]
    hq = {u["code"]: u for u in root["children"] if u["level"] == "hq_unit"}
    absorbed = {code for codes in HQ_MERGERS.values() for code in codes if code in hq}
    children = []
    for unit in root["children"]:
        code = unit["code"]
        if code in absorbed:
            continue
        if code in HQ_NAMES and code in hq:
            unit["name"] = HQ_NAMES[code]
        merged = [c for c in HQ_MERGERS.get(code, ()) if c in hq]
        if merged:
            unit["formerly"] = merged
            for other in merged:  # the absorbed unit's rooms continue under this one
                unit.setdefault("children", []).extend(hq[other].get("children") or [])
        children.append(unit)
    root["children"] = children
    return out


def _parents(tree: dict[str, Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    stack: list[tuple[dict[str, Any], str | None]] = [(u, None) for u in tree["units"]]
    while stack:
        unit, parent = stack.pop()
        out[unit["code"]] = parent
        stack.extend((c, unit["code"]) for c in unit.get("children") or [])
    return out


def _formerly(tree: dict[str, Any]) -> dict[str, list[str]]:
    """code → the units it succeeds, over one tree."""
    out: dict[str, list[str]] = {}
    stack = list(tree["units"])
    while stack:
        unit = stack.pop()
        if unit.get("formerly"):
            out[unit["code"]] = list(unit["formerly"])
        stack.extend(unit.get("children") or [])
    return out


def leader_changes(people: list[Person], units: list[Unit], later: list[dict[str, Any]],
                   reform_year: int, rng: Any) -> dict[int, list[dict[str, str]]]:
    """year → the roster rows of the leaders whose unit or headed unit changes that year:
    heads of district offices of one province swapping offices (LEADER_YEARS), and the
    heads of the units the later trees close (in `reform_year`)."""
    by_code = {u.code: u for u in units}
    heads = {p.heads: p for p in people if p.heads}
    out: dict[int, list[dict[str, str]]] = {}
    by_province: dict[str | None, list[str]] = {}
    for unit in units:
        if unit.level == "district" and unit.code in heads:
            by_province.setdefault(unit.group, []).append(unit.code)
    headed = {p.code: p.heads for p in people if p.heads}  # person → unit headed now
    home = {p.code: p.unit for p in people}
    for year in LEADER_YEARS:
        rows = []
        provinces = sorted(g for g, ds in by_province.items() if g and len(ds) >= 2)
        for group in rng.sample(provinces, min(SWAPS, len(provinces))):
            first, second = rng.sample(by_province[group], 2)
            a = next(c for c, u in headed.items() if u == first)
            b = next(c for c, u in headed.items() if u == second)
            for person, unit in ((a, second), (b, first)):
                headed[person] = home[person] = unit
                row = next(p for p in people if p.code == person).as_row()
                rows.append({**row, "unit": unit, "heads": unit})
        out[year] = rows
    out[reform_year] = _closed_heads(people, by_code, later, headed, home)
    return out


def _closed_heads(people: list[Person], by_code: dict[str, Unit], later: list[dict[str, Any]],
                  headed: dict[str, str], home: dict[str, str]) -> list[dict[str, str]]:
    """The roster rows, as of the reform year, of the heads of the units closed by the later
    trees: the head of a unit absorbed becomes a deputy of the unit that absorbed it (the head
    of a new unit's principal predecessor heads the new unit); the head of an abolished team
    or a closed room becomes staff of the unit above (the same room of the province that
    absorbed it, where there is one)."""
    final = later[-1]
    parents = _parents(final)
    successor: dict[str, tuple[str, int]] = {}  # closed unit → (successor, its order)
    for tree in later:
        for code, preds in _formerly(tree).items():
            for order, pred in enumerate(preds):
                successor.setdefault(pred, (code, order))
    taken: set[str] = set(headed.values())
    rows = []
    for person in people:
        unit = headed.get(person.code)
        if unit is None or unit in parents:
            continue
        row = person.as_row()
        if unit in successor:
            target, order = successor[unit]
            if order == 0 and target not in taken:  # a new unit: its principal's head
                taken.add(target)
                rows.append({**row, "unit": target, "heads": target})
                continue
            level = by_code[target].level if target in by_code else by_code[unit].level
            deputy = head_titles(Unit(target, _name(final, target), level, None, None, ""))[1]
            rows.append({**row, "unit": target, "position": deputy, "heads": ""})
            continue
        level = by_code[unit].level
        above = by_code[unit].parent
        while above is not None and above not in parents:
            above = successor.get(above, (by_code[above].parent, 0))[0] \
                if above in by_code else None
        if above is None:
            continue
        target = above
        if level == "province_room":  # the same room of the province that absorbed it
            twin = f"{above}-{unit.rsplit('-', 1)[-1]}"
            if twin in parents:
                target = twin
        position = "Chuyên viên"
        if target != above and target in by_code:  # a room's head: a deputy of its twin
            position = head_titles(by_code[target])[1]
        home[person.code] = target
        rows.append({**row, "unit": target, "position": position, "heads": ""})
    return rows


def _name(tree: dict[str, Any], code: str) -> str:
    stack = list(tree["units"])
    while stack:
        unit = stack.pop()
        if unit["code"] == code:
            return str(unit["name"])
        stack.extend(unit.get("children") or [])
    return code
