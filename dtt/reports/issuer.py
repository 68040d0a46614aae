"""Who issues a document and where: the issuer lines from the year's unit tree (the body above,
the unit below) and the place of the date line (the unit's `place:`, else its province's).

    VSS (the sector, root)          → BẢO HIỂM XÃ HỘI VIỆT NAM
    BNH (province under the sector) → BẢO HIỂM XÃ HỘI VIỆT NAM / BHXH TỈNH BẮC NINH
    BNH-TD (district)               → BHXH TỈNH BẮC NINH / BHXH HUYỆN TIÊN DU
    BNH-TD-T1 (team)                → BHXH HUYỆN TIÊN DU / TỔ …
    a province as the tree's root   → BẢO HIỂM XÃ HỘI VIỆT NAM / BHXH TỈNH …
"""

from __future__ import annotations

from dtt.domain import HEADQUARTERS_PLACE
from dtt.reports.docmodel import SECTOR, place_of
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import units as store_units
from dtt.text import fold


def _upper(name: str) -> str:
    return name.upper()


def is_sector(tree: UnitTree, code: str, lang: str = "vi") -> bool:
    """The unit is the sector itself (VSS): the root named as the sector is."""
    name = tree.name_of(code) or ""
    return tree.is_root(code) and (tree.level_of(code) == "sector" or fold(name) in {
        fold(SECTOR["vi"]), fold(SECTOR["en"])})


def issuer_lines(tree: UnitTree, code: str | None, lang: str = "vi") -> list[str]:
    """The issuing body's lines, the body above first, the issuing unit last (in bold)."""
    sector = SECTOR.get(lang, SECTOR["vi"])
    if not code or code not in tree or is_sector(tree, code, lang):
        return [sector]
    parent = tree.parent_of(code)
    own = _upper(tree.name_of(code) or code)
    if tree.is_root(code) or parent is None:
        return [sector, own]
    if is_sector(tree, parent, lang):
        return [sector, own]
    return [_upper(tree.name_of(parent) or parent), own]


def province_of(tree: UnitTree, code: str | None) -> str | None:
    """The unit's province (or HQ unit): the ancestor just below the sector, or the root when
    the root is not the sector (a province's own tree); None for the sector itself."""
    if not code or code not in tree:
        return None
    chain = tree.ancestors(code)
    root = chain[-1]
    if not is_sector(tree, root):
        return root
    return chain[-2] if len(chain) >= 2 else None


def place_line(store: Store, tree: UnitTree, code: str | None, lang: str = "vi") -> str:
    """The place of the unit's documents: the nearest `place:` up its chain (to the province),
    else the province's name without its body ('BHXH tỉnh Bắc Ninh' → 'Bắc Ninh'), else the
    headquarters' place."""
    if lang != "vi":
        return HEADQUARTERS_PLACE.get(lang, HEADQUARTERS_PLACE["en"])
    places = store_units.places(store)
    if code and code in tree:
        for unit in tree.ancestors(code):
            if places.get(unit):
                return places[unit]
    province = province_of(tree, code)
    if province is None:
        return HEADQUARTERS_PLACE["vi"]
    return place_of(tree.name_of(province) or province)
