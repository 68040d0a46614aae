"""The roster: importing people from .csv/.xlsx and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dtt.columns import people_spec
from dtt.criteria.metrics import CellError
from dtt.errors import Collector, InputError
from dtt.personal import DATE_COLUMNS, parse_date, parse_gender
from dtt.roster import roster_in
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import history as store_history
from dtt.store import people as store_people
from dtt.store import units as store_units
from dtt.tabular import is_empty, read_table
from dtt.text import clean, fold, fold_code, matches, name_key
from dtt.years import default_year

COLUMNS = ("code", "full_name", "unit", "category", "position", "heads", "gender", "born",
           "recruited")
REQUIRED = ("code", "full_name", "unit", "category")
_CATEGORIES = {"cbccvc": "CBCCVC", "nld": "NLD", "nguoilaodong": "NLD"}


def import_people_file(store: Store, path: str | Path, year: int | None = None
                       ) -> dict[str, Any]:
    """Import a roster sheet as of `year`; the summary's "warnings" lists what was read but
    ignored."""
    table = read_table(path, people_spec())
    summary: dict[str, Any] = import_people_rows(store, table.rows, table.filename, year)
    summary["warnings"] = table.warnings
    return summary


def import_people_rows(
    store: Store, rows: list[tuple[int, dict[str, Any]]] | list[dict[str, Any]], filename: str,
    year: int | None = None,
) -> dict[str, Any]:
    """Validate every row, then insert or update by code in one transaction: the roster as
    of `year` (default: the latest year with records, else the current year). Units and
    headed units must be units of that year's tree."""
    numbered = _numbered(rows)
    basis = "given"
    if year is None:
        year, basis = default_year(store)
    trees = store_history.trees(store)
    if trees and f"{year}-12-31" < trees[0][1]:
        raise InputError(f"no unit tree is in force in {year} (the first is in force from "
                         f"{trees[0][1]})", file=filename, field="--year")
    units: set[str] | dict[str, Any] = (UnitTree.load(store, year).units if trees
                                        else store_units.unit_codes(store))
    errors = Collector()
    clean_rows: list[store_people.PersonRow] = []
    seen: dict[str, int] = {}
    heads_seen: dict[str, tuple[str, int]] = {}
    for line, row in numbered:
        code = clean(row.get("code"))
        if not code:
            errors.add("empty", file=filename, row=line, field="code")
            continue
        if code in seen:
            errors.add(f"duplicate code '{code}' (first on row {seen[code]})", file=filename,
                       row=line, field="code")
            continue
        seen[code] = line
        name = clean(row.get("full_name"))
        if not name:
            errors.add("empty", file=filename, row=line, field="full_name")
        unit = clean(row.get("unit"))
        if unit not in units:
            errors.add(_unknown_unit(store, unit, year) if unit else "empty", file=filename,
                       row=line, field="unit")
        category = _CATEGORIES.get(fold_code(str(row.get("category") or "")))
        if category is None:
            errors.add(f"'{clean(row.get('category'))}' is not CBCCVC or NLĐ", file=filename,
                       row=line, field="category")
        heads = clean(row.get("heads")) or None
        if heads is not None:
            if heads not in units:
                errors.add(_unknown_unit(store, heads, year), file=filename, row=line,
                           field="heads")
            elif heads in heads_seen:
                other, other_line = heads_seen[heads]
                errors.add(f"unit '{heads}' is already headed by {other} (row {other_line})",
                           file=filename, row=line, field="heads")
            else:
                heads_seen[heads] = (code, line)
        position = clean(row.get("position")) or None
        personal = _personal(row, filename, line, errors)
        if category is not None:  # else an error is recorded and nothing is written
            clean_rows.append((code, name, unit, category, position, heads, fold(name),
                               *personal))
    in_year = store_history.heads_in(store, year) if heads_seen else {}
    stored_heads = {unit: code for unit, code in in_year.items()
                    if unit in heads_seen and code != heads_seen[unit][0]}
    for heads, (_, line) in heads_seen.items():
        head = stored_heads.get(heads)
        if head and head not in seen:
            errors.add(f"unit '{heads}' is already headed by {head}; clear that person's heads "
                       "first", file=filename, row=line, field="heads")
    errors.raise_if_any()
    with store.write():
        before = store_people.people_by_code(store)
        columns = [c for c in store_people.PERSONAL if any(c in row for _, row in numbered)]
        store_people.upsert_people(store, clean_rows, columns)
        store_history.upsert_roster(store, year, [(r[0], r[2], r[4], r[5]) for r in clean_rows])
        store_history.sync_people(store, [r[0] for r in clean_rows])
        added_codes = sorted(set(seen) - set(before))
        added = len(added_codes)
        changes = _changes(before, clean_rows, columns)
        entries: list[tuple[str, str | None, int | None, Any]] = [
            ("people.import", None, None, {"file": filename, "rows": len(clean_rows),
                                           "added": added, "changed": len(changes),
                                           "added_codes": added_codes, "year": year})]
        # every change to a stored person, with the old and the new value of each field
        entries += [("people.change", code, year, {"file": filename, "changed": diff})
                    for code, diff in changes]
        store.audit_many(entries)
    return {"rows": len(clean_rows), "added": added, "updated": len(clean_rows) - added,
            "year": year, "year_basis": basis}


def _unknown_unit(store: Store, code: str, year: int) -> str:
    if store_units.unit_exists(store, code):
        return f"unit '{code}' is not in force in {year}"
    return f"unknown unit '{code}'"


def _changes(before: dict[str, dict[str, Any]], rows: list[store_people.PersonRow],
             personal: list[str]) -> list[tuple[str, dict[str, list[Any]]]]:
    """(code, {field: [old, new]}) of every stored person the rows change (of the optional
    columns, those in `personal`: the ones the file has)."""
    out = []
    for row in rows:
        old = before.get(row[0])
        if old is None:
            continue
        new = dict(zip(COLUMNS[:6], row[:6], strict=True))
        new.update((c, v) for c, v in zip(store_people.PERSONAL, row[7:10], strict=True)
                   if c in personal)
        diff = {field: [old.get(field), value] for field, value in new.items()
                if old.get(field) != value}
        if diff:
            out.append((row[0], diff))
    return out


def _personal(row: dict[str, Any], filename: str, line: int, errors: Collector
              ) -> tuple[str | None, str | None, str | None]:
    """The optional columns gender, born, recruited: (gender code, ISO date, ISO date)."""
    out: list[str | None] = []
    for key, parse in (("gender", parse_gender), *((k, parse_date) for k in DATE_COLUMNS)):
        raw = row.get(key)
        if is_empty(raw):
            out.append(None)
            continue
        try:
            out.append(parse(raw))
        except CellError as exc:
            errors.add(str(exc), file=filename, row=line, field=key)
            out.append(None)
    born, recruited = out[1], out[2]
    if born and recruited and recruited < born:
        errors.add(f"recruited {recruited} is before born {born}", file=filename, row=line,
                   field="recruited")
    return out[0], born, recruited


def _numbered(rows) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for i, row in enumerate(rows, start=2):
        if isinstance(row, tuple):
            out.append(row)
        elif not all(is_empty(v) for v in row.values()):
            out.append((i, row))
    return out


def list_people(store: Store, unit: str | None = None, search: str | None = None,
                year: int | None = None) -> tuple[list[dict], int]:
    """People of a unit's subtree (or all), filtered accent-insensitively, in Vietnamese order,
    and the year they are listed as of.

    The roster of `year` (default: `dtt.years.default_year`): each person's unit, post and
    headed unit as of it, in that year's tree (a person of a unit closed by then is shown in
    its successor), so the list can be edited and imported as a later year's roster."""
    if year is None:
        year, _ = default_year(store)
    tree = UnitTree.load(store, year)
    if unit and unit not in tree:
        known = store_units.unit_exists(store, unit)
        raise InputError(f"unit '{unit}' is not in the tree of {year}" if known
                         else f"unknown unit '{unit}'", field="--unit")
    rows = roster_in(store, year, tree)
    if unit:
        inside = tree.subtree(unit)
        rows = [r for r in rows if r["unit"] in inside]
    if search:
        rows = [r for r in rows if matches(search, r["full_name"], r["code"])]
    rows.sort(key=lambda r: (name_key(r["full_name"]), r["code"]))
    return rows, year
