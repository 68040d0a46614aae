"""What the workflow needs from the criteria and the tree: tracks, subjects, groups, councils.

Validates the common options of every workflow command (subject, track, year, unit) and raises
`InputError` naming the option, so that nothing is written on bad input.
"""

from __future__ import annotations

from dtt.criteria.model import Council, Track, Version
from dtt.criteria.source import active_criteria
from dtt.errors import InputError
from dtt.sector import Subject, UnitTree
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import workflow as store_workflow
from dtt.units import get_unit
from dtt.years import resolve_year

criteria = active_criteria


def version(store: Store, year: int) -> Version:
    return criteria(store).version_for(year)


def track(store: Store, key: str, year: int, field: str = "--track") -> Track:
    """The track `key` in force in `year`; InputError naming the known tracks otherwise."""
    tracks = version(store, year).tracks
    if key not in tracks:
        raise InputError(f"unknown track '{key}' in {year} (tracks: {', '.join(tracks)})",
                         field=field)
    return tracks[key]


def council_rule(store: Store, trk: Track) -> Council:
    return trk.council or criteria(store).council


year_or_latest = resolve_year


def subject(store: Store, code: str, field: str = "SUBJECT") -> Subject:
    """Look a person or unit code up; InputError if it is neither."""
    found = store_workflow.person(store, code)
    if found is not None:
        return Subject(found[0], "person", found[1], found[2], found[3], found[4], found[5])
    unit = store_workflow.unit(store, code)
    if unit is None:
        raise InputError(f"unknown subject '{code}' (not a person or unit code)", field=field)
    return Subject(unit[0], "collective", unit[1], unit[0], unit[2], parent=unit[3])


def check_applies(trk: Track, subj: Subject, field: str = "--track") -> None:
    """InputError if the track is not for this kind of subject or this unit level."""
    if trk.subject != subj.kind:
        kind = "a person" if subj.kind == "person" else "a collective (unit)"
        raise InputError(f"track '{trk.key}' is for a {trk.subject}; {subj.code} is {kind}",
                         field=field)
    if subj.kind == "collective" and trk.levels is not None and subj.level not in trk.levels:
        raise InputError(f"track '{trk.key}' does not apply to units of level '{subj.level}' "
                         f"({subj.code}); levels: {', '.join(trk.levels)}", field=field)


unit_row = get_unit  # the unit's row, or InputError naming the option


def tree(store: Store, year: int | None = None, code: str | None = None) -> UnitTree:
    """The tree of `year` (in force on 31 December of it; the latest tree if None). A `code`
    that tree lacks (a unit closed by then, asked about without a year) is read in the tree
    of every unit stored, where it keeps its last place."""
    found = UnitTree.load(store, year)
    if code is not None and code not in found and year is None:
        return UnitTree.every_unit(store)
    return found


def as_of(store: Store, subj: Subject, year: int) -> Subject:
    """`subj` as it stood in `year`: a person's unit, position and headed unit from the
    roster of that year (a closed unit's people with its successor); a collective's level
    and parent from that year's tree."""
    year_tree = UnitTree.load(store, year)
    if subj.kind == "collective":
        unit = year_tree.units.get(subj.code)
        if unit is None:
            return subj
        return Subject(subj.code, "collective", unit.name, subj.code, unit.level,
                       parent=unit.parent)
    rows = store_history.roster_of(store, subj.code)
    held = [r for r in rows if r[0] <= year] or rows[:1]
    if not held:
        return subj
    _, unit_code, position, heads = held[-1]
    if unit_code not in year_tree:
        from dtt.lineage import Lineage

        unit_code = Lineage.load(store).follow(unit_code, year_tree.units)
    return Subject(subj.code, "person", subj.name, unit_code,
                   year_tree.level_of(unit_code) or subj.level, position, heads,
                   gender=subj.gender, born=subj.born, recruited=subj.recruited)


def ancestors(store: Store, code: str, year: int | None = None) -> list[str]:
    """`code` and every unit above it, nearest first, in the tree of `year` (default: the
    latest tree)."""
    return list(tree(store, year, code).ancestors(code))


def group_unit(store: Store, subj: Subject, year: int | None = None) -> str:
    """The unit whose council decides by default: the nearest unit at a group level (province,
    HQ unit) at or above a person's unit, strictly above a collective; else the top unit — in
    the tree of `year` (default: the latest tree)."""
    year_tree = tree(store, year, subj.unit)
    chain = list(year_tree.ancestors(subj.unit))
    if subj.kind == "collective":
        chain = chain[1:] or chain
    levels = set(criteria(store).groups.levels)
    for code in chain:
        if year_tree.level_of(code) in levels:
            return code
    return chain[-1]


def in_subtree(store: Store, unit: str, subj: Subject, year: int | None = None) -> bool:
    """Whether `subj` belongs to `unit`'s subtree (a collective: strictly below `unit`) in the
    tree of `year` (default: the latest tree)."""
    chain = ancestors(store, subj.unit, year)
    if subj.kind == "collective":
        chain = chain[1:]
    return unit in chain


def parent(store: Store, code: str, year: int | None = None) -> str | None:
    """The unit above `code` in the tree of `year` (default: the latest tree)."""
    return tree(store, year, code).parent_of(code)


def placed(store: Store, rows: list[dict], unit: str | None = None) -> list[dict]:
    """Rows of several years (each with `year` and `subject`) with `unit` set to where the
    subject stood that year — a person's unit of that year's roster, a unit's parent in that
    year's tree — keeping only those in `unit`'s subtree of that year (a unit itself
    included) if `unit` is given."""
    from dtt.lineage import Lineage

    years: dict[int, tuple[UnitTree, dict[str, str]]] = {}
    lineage: Lineage | None = None
    out = []
    for row in rows:
        year = int(row["year"])
        if year not in years:
            year_tree = UnitTree.load(store, year)
            lineage = lineage or Lineage.load(store)
            homes = {code: home if home in year_tree else lineage.follow(home, year_tree.units)
                     for code, _, home, _, _ in store_history.roster(store, year)}
            years[year] = (year_tree, homes)
        year_tree, homes = years[year]
        subject = row["subject"]
        where: str | None
        if subject in homes:
            where = homes[subject]
            chain = year_tree.ancestors(where)
        elif subject in year_tree:
            where = year_tree.parent_of(subject) or row.get("unit")
            chain = year_tree.ancestors(subject)
        else:  # a unit not in force that year: where it last stood
            where, chain = row.get("unit"), (subject, *tree(store, None, subject)
                                             .ancestors(subject)[1:])
        if unit is not None and unit not in chain:
            continue
        out.append({**row, "unit": where})
    return out
