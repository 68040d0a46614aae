"""The unit tree: validating the YAML (levels, nested units, clusters) and applying it."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from dtt.errors import Collector, InputError
from dtt.store import Store
from dtt.store import units as store_units
from dtt.text import clean, fold
from dtt.yamlio import load_yaml, load_yaml_text


@dataclass
class Level:
    key: str
    name: str
    parent: str | None
    depth: int
    position: int


@dataclass
class Unit:
    code: str
    name: str
    level: str
    parent: str | None
    position: int


@dataclass
class Tree:
    levels: list[Level]
    units: list[Unit]  # parents before children
    clusters: list[tuple[str, str, list[str]]] = field(default_factory=list)


def sample_tree_text() -> str:
    return files("dtt").joinpath("data", "units.yaml").read_text(encoding="utf-8")


def _line(node: Any, key: Any = None) -> int | None:
    if key is not None and hasattr(node, "line_of"):
        return node.line_of(key)
    return getattr(node, "line", None)


def parse_tree(doc: Any, filename: str) -> Tree:
    """Validate a tree document; every problem found is raised at once as InputErrors."""
    errors = Collector()
    if not isinstance(doc, dict):
        raise InputError("a unit tree must be a mapping with levels, units, clusters",
                         file=filename, row=1)
    for key in ("levels", "units"):
        if key not in doc:
            errors.add(f"missing '{key}:' section", file=filename, row=1, field=key)
    errors.raise_if_any()
    levels = _parse_levels(doc["levels"], filename, errors)
    units: list[Unit] = []
    seen: dict[str, int | None] = {}
    roots = doc["units"]
    if not isinstance(roots, list) or not roots:
        errors.add("must be a non-empty list of units", file=filename, row=_line(doc, "units"),
                   field="units")
    else:
        for node in roots:
            _walk(node, None, None, levels, units, seen, filename, errors)
    clusters = _parse_clusters(doc.get("clusters") or [], seen, filename, errors)
    errors.raise_if_any()
    ordered = sorted(levels.values(), key=lambda lv: lv.position)
    return Tree(ordered, units, clusters)


def _parse_levels(items: Any, filename: str, errors: Collector) -> dict[str, Level]:
    levels: dict[str, Level] = {}
    if not isinstance(items, list) or not items:
        errors.add("must be a non-empty list of {key, name, parent}", file=filename,
                   row=_line(items), field="levels")
        return levels
    raw: list[tuple[dict, str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("key"):
            errors.add("each level needs a key", file=filename, row=_line(item), field="levels")
            continue
        if _not_plain(item, ("key", "name", "parent"), filename, errors):
            continue
        key = clean(item["key"])
        if key in levels:
            errors.add(f"duplicate level '{key}'", file=filename, row=_line(item), field="key")
            continue
        levels[key] = Level(key, clean(item.get("name") or key),
                            clean(item.get("parent")) or None, 0, i)
        raw.append((item, key))
    for item, key in raw:
        parent = levels[key].parent
        if parent is not None and parent not in levels:
            errors.add(f"unknown parent level '{parent}'", file=filename,
                       row=_line(item, "parent"), field="parent")
    # depths; a cycle is an error
    for level in levels.values():
        depth, cursor, seen = 0, level, set()
        while cursor.parent and cursor.parent in levels:
            if cursor.key in seen:
                errors.add(f"levels form a cycle through '{level.key}'", file=filename,
                           field="levels")
                break
            seen.add(cursor.key)
            cursor = levels[cursor.parent]
            depth += 1
        level.depth = depth
    return levels


def _walk(node, parent: Unit | None, parent_line, levels, units, seen, filename, errors) -> None:
    if not isinstance(node, dict):
        errors.add("each unit must be a mapping with code, name, level", file=filename,
                   row=_line(node) or parent_line, field="units")
        return
    line = _line(node)
    if _not_plain(node, ("code",), filename, errors):
        return
    _not_plain(node, ("name", "level"), filename, errors)  # reported; the walk goes on
    code = clean(node.get("code"))
    if not code:
        errors.add("a unit needs a code", file=filename, row=line, field="code")
        return
    if code in seen:
        errors.add(f"duplicate unit code '{code}' (first on line {seen[code]})",
                   file=filename, row=_line(node, "code"), field="code")
        return
    seen[code] = line
    name = clean(node.get("name"))
    if not name:
        errors.add(f"unit '{code}' needs a name", file=filename, row=line, field="name")
    level = clean(node.get("level"))
    if level not in levels:
        errors.add(f"unknown level '{level}' for unit '{code}' (levels: {', '.join(levels)})",
                   file=filename, row=_line(node, "level"), field="level")
    else:
        expected = levels[level].parent
        actual = parent.level if parent else None
        if expected != actual:
            where = f"under '{parent.code}' ({actual})" if parent else "at the top"
            needs = f"under a unit of level '{expected}'" if expected else "at the top"
            errors.add(f"unit '{code}' of level '{level}' is {where}; it belongs {needs}",
                       file=filename, row=_line(node, "level"), field="level")
    unit = Unit(code, name or code, level, parent.code if parent else None, len(units))
    units.append(unit)
    children = node.get("children") or []
    if not isinstance(children, list):
        errors.add("children must be a list of units", file=filename,
                   row=_line(node, "children"), field="children")
        return
    for child in children:
        _walk(child, unit, line, levels, units, seen, filename, errors)


def _not_plain(node: dict, keys: tuple[str, ...], filename: str, errors: Collector) -> bool:
    """Report each of `keys` whose value is a mapping or a list (a name must be text)."""
    bad = False
    for key in keys:
        if isinstance(node.get(key), dict | list):
            errors.add("must be text, not a mapping or a list", file=filename,
                       row=_line(node, key), field=key)
            bad = True
    return bad


def _parse_clusters(items, seen, filename, errors) -> list[tuple[str, str, list[str]]]:
    clusters: list[tuple[str, str, list[str]]] = []
    if not isinstance(items, list):
        errors.add("must be a list of {key, name, members}", file=filename, field="clusters")
        return clusters
    keys: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not item.get("key"):
            errors.add("each cluster needs a key", file=filename, row=_line(item),
                       field="clusters")
            continue
        if _not_plain(item, ("key", "name"), filename, errors):
            continue
        if isinstance(item.get("members"), list) and any(
                isinstance(m, dict | list) for m in item["members"]):
            errors.add("members must be a list of unit codes", file=filename,
                       row=_line(item, "members"), field="members")
            continue
        key = clean(item["key"])
        if key in keys:
            errors.add(f"duplicate cluster '{key}'", file=filename, row=_line(item, "key"),
                       field="key")
            continue
        keys.add(key)
        members = item.get("members") or []
        if not isinstance(members, list):
            errors.add("members must be a list of unit codes", file=filename,
                       row=_line(item, "members"), field="members")
            continue
        codes = [clean(m) for m in members]
        for code in codes:
            if code not in seen:
                errors.add(f"cluster '{key}' member '{code}' is not a unit of the tree",
                           file=filename, row=_line(item, "members"), field="members")
        clusters.append((key, clean(item.get("name") or key), codes))
    return clusters


def load_tree_file(store: Store, path: str | Path) -> dict[str, int]:
    return load_tree_doc(store, load_yaml(path), str(path))


def load_tree_text(store: Store, text: str, filename: str) -> dict[str, int]:
    return load_tree_doc(store, load_yaml_text(text, filename), filename)


def load_tree_doc(store: Store, doc: Any, filename: str) -> dict[str, int]:
    """Validate and apply a tree: add, rename and move units; refuse removals still in use."""
    tree = parse_tree(doc, filename)
    new_codes = {u.code for u in tree.units}
    with store.write():
        existing = store_units.unit_codes(store)
        removed = existing - new_codes
        _refuse_removal_in_use(store, removed, filename)
        store_units.upsert_levels(store, [
            (lv.key, lv.name, lv.parent, lv.depth, lv.position)
            for lv in sorted(tree.levels, key=lambda lv: lv.depth)])
        store_units.upsert_units(store, [
            (u.code, u.name, u.level, u.parent, u.position, fold(u.name)) for u in tree.units])
        store_units.replace_clusters(store, tree.clusters)
        if removed:
            store_units.delete_units(store, removed)
        store_units.delete_levels_except(store, [lv.key for lv in tree.levels])
        store.audit("units.load", detail={"file": filename, "units": len(tree.units),
                                          "removed": sorted(removed)})
    return {"levels": len(tree.levels), "units": len(tree.units),
            "clusters": len(tree.clusters), "added": len(new_codes - existing),
            "removed": len(removed)}


# what a reference of each kind (dtt.store.units.REFERENCE_KINDS) says about the unit
_USES = {
    "people": "has people",
    "heads": "is headed by",
    "records": "has records for",
    "nominations": "has nominations in",
    "decisions": "has council decisions in",
    "replications": "has replications in",
}


def _refuse_removal_in_use(store: Store, removed: set[str], filename: str) -> None:
    errors = Collector()
    refs = store_units.references(store, removed)
    for code in sorted(removed):
        for use in store_units.REFERENCE_KINDS:
            found = refs.get(code, {}).get(use)
            if found:
                errors.add(f"unit '{code}' is missing from the file but still {_USES[use]} "
                           f"{', '.join(found)}; move or remove those first",
                           file=filename, field="units")
                break
    errors.raise_if_any()
