"""The unit tree: validating the YAML (levels, nested units, clusters) and applying it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from dtt.errors import Collector, InputError
from dtt.store import Store, now
from dtt.store import history as store_history
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
    formerly: list[str] = field(default_factory=list)  # the units it succeeds, principal first
    line: int | None = None  # the line of its `formerly:` (or of the unit)
    place: str | None = None  # `place:`, the place name of its documents' date line


@dataclass
class Tree:
    levels: list[Level]
    units: list[Unit]  # parents before children
    clusters: list[tuple[str, str, list[str]]] = field(default_factory=list)
    valid_from: str | None = None  # `valid_from:` of the file, YYYY-MM-DD


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
    valid_from = None
    if doc.get("valid_from") is not None:
        valid_from = parse_date(doc["valid_from"], filename, _line(doc, "valid_from"),
                                "valid_from", errors)
    errors.raise_if_any()
    ordered = sorted(levels.values(), key=lambda lv: lv.position)
    return Tree(ordered, units, clusters, valid_from)


def parse_date(value: Any, filename: str | None, line: int | None, field_: str,
               errors: Collector | None = None) -> str | None:
    """`value` as YYYY-MM-DD, or None with the problem added to `errors` (raised if None)."""
    text = str(value).strip()
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date()
    except ValueError:
        message = f"'{text}' is not a date (YYYY-MM-DD)"
        if errors is None:
            raise InputError(message, file=filename, row=line, field=field_) from None
        errors.add(message, file=filename, row=line, field=field_)
        return None


def _bad_date() -> str:
    raise ValueError("not YYYY-MM-DD")


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
    _not_plain(node, ("name", "level", "place"), filename, errors)  # reported; walk goes on
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
    formerly = node.get("formerly")
    if formerly is None:
        formerly = []
    elif not isinstance(formerly, list) or not all(clean(f) for f in formerly):
        errors.add(f"formerly of unit '{code}' must be a list of unit codes", file=filename,
                   row=_line(node, "formerly"), field="formerly")
        formerly = []
    unit = Unit(code, name or code, level, parent.code if parent else None, len(units),
                list(dict.fromkeys(clean(f) for f in formerly)),
                _line(node, "formerly") if formerly else line)
    unit.place = clean(node.get("place")) or None
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


def load_tree_file(store: Store, path: str | Path,
                   valid_from: str | None = None) -> dict[str, Any]:
    return load_tree_doc(store, load_yaml(path), str(path), valid_from)


def load_tree_text(store: Store, text: str, filename: str,
                   valid_from: str | None = None) -> dict[str, Any]:
    return load_tree_doc(store, load_yaml_text(text, filename), filename, valid_from)


def load_tree_doc(store: Store, doc: Any, filename: str,
                  valid_from: str | None = None) -> dict[str, Any]:
    """Validate and apply a tree. Dated (`valid_from` here, as `--from`, or in the file): a
    new tree in force from that date, the units of the tree before it that it lacks closed on
    that date. Undated: the latest tree is replaced (units added, renamed and moved; a unit
    of no other tree that is missing is removed, refused while in use)."""
    tree = parse_tree(doc, filename)
    if valid_from is not None:
        valid_from = parse_date(valid_from, None, None, "--from")
    when = valid_from or tree.valid_from
    with store.write():
        stored = store_history.trees(store)
        if when is None:
            when = stored[-1][1] if stored else store_history.BEGINNING
        else:
            field_ = "--from" if valid_from else "valid_from"
            row = None if valid_from else _line(doc, "valid_from")
            if any(d == when for _, d in stored):
                raise InputError(f"a tree is already in force from {when}; two trees cannot "
                                 "start on one date", file=filename, row=row, field=field_)
            if stored and when < stored[0][1]:
                raise InputError(f"{when} is before the first tree (in force from "
                                 f"{_shown_date(stored[0][1])})", file=filename, row=row,
                                 field=field_)
        latest = not stored or when >= stored[-1][1]
        lineage = _check_lineage(store, tree, when, filename)
        replaced = {c for c, *_ in store_history.tree_units(store, dict(
            (d, i) for i, d in stored)[when])} if when in {d for _, d in stored} else set()
        new_codes = {u.code for u in tree.units}
        existing = store_units.unit_codes(store)
        store_history.save_tree(
            store, when, filename, now(),
            [(lv.key, lv.name, lv.parent, lv.depth, lv.position) for lv in tree.levels],
            [(u.code, u.name, u.level, u.parent, u.position) for u in tree.units],
            tree.clusters, lineage)
        removed = (replaced - new_codes) - store_history.codes_in_trees(store)
        _refuse_removal_in_use(store, removed, filename)
        levels = [(lv.key, lv.name, lv.parent, lv.depth, lv.position)
                  for lv in sorted(tree.levels, key=lambda lv: lv.depth)]
        units = [(u.code, u.name, u.level, u.parent, u.position, fold(u.name))
                 for u in tree.units]
        if not latest:  # an earlier tree: only what the units table lacks
            known_levels = set(store_units.level_keys(store))
            levels = [lv for lv in levels if lv[0] not in known_levels]
            units = [u for u in units if u[0] not in existing]
        store_units.upsert_levels(store, levels)
        store_units.upsert_units(store, units)
        store_units.set_places(store, {u.code: u.place for u in tree.units
                                       if latest or u.code not in existing})
        if latest:
            store_units.replace_clusters(store, tree.clusters)
        if removed:
            store_units.delete_units(store, removed)
        store_units.delete_levels_except(store, store_history.levels_in_use(store))
        store_history.mark_closed(store)
        closed = store_units.closed_on(store, when)
        store.audit("units.load", detail={"file": filename, "units": len(tree.units),
                                          "valid_from": when, "removed": sorted(removed),
                                          "closed": closed})
    return {"levels": len(tree.levels), "units": len(tree.units),
            "clusters": len(tree.clusters), "added": len(new_codes - existing),
            "removed": len(removed), "closed": len(closed), "valid_from": _shown_date(when)}


def _shown_date(when: str) -> str:
    return "the beginning" if when == store_history.BEGINNING else when


def _check_lineage(store: Store, tree: Tree, when: str,
                   filename: str) -> list[tuple[str, str, int]]:
    """The (code, predecessor, ord) rows of the tree's `formerly:` lists, checked: each code
    a unit of a tree before `when`, never the unit's own code, and no cycle."""
    errors = Collector()
    before = store_history.codes_before(store, when)
    rows: list[tuple[str, str, int]] = []
    graph: dict[str, set[str]] = {}
    for _, code, pred, _ in store_history.lineage(store):
        graph.setdefault(code, set()).add(pred)
    for unit in tree.units:
        for i, pred in enumerate(unit.formerly):
            if pred == unit.code:
                errors.add(f"unit '{unit.code}' lists its own code in formerly; a unit that "
                           "keeps its code continues itself", file=filename, row=unit.line,
                           field="formerly")
            elif pred not in before:
                errors.add(f"formerly of '{unit.code}': '{pred}' was never a unit (no tree "
                           f"before {_shown_date(when)} holds it)", file=filename,
                           row=unit.line, field="formerly")
            else:
                rows.append((unit.code, pred, i))
                graph.setdefault(unit.code, set()).add(pred)
    errors.raise_if_any()
    line_of = {u.code: u.line for u in tree.units}
    for unit in tree.units:
        if unit.formerly and _reaches(graph, unit.formerly, unit.code):
            raise InputError(f"formerly of '{unit.code}' makes a cycle: '{unit.code}' would "
                             "succeed itself", file=filename, row=line_of[unit.code],
                             field="formerly")
    return rows


def _reaches(graph: dict[str, set[str]], start: list[str], target: str) -> bool:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        code = stack.pop()
        if code == target:
            return True
        if code not in seen:
            seen.add(code)
            stack.extend(graph.get(code, ()))
    return False


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
