"""The roster: importing people from .csv/.xlsx and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dtt.columns import people_spec
from dtt.errors import Collector, InputError
from dtt.store import Store
from dtt.store import people as store_people
from dtt.store import units as store_units
from dtt.tabular import is_empty, read_table
from dtt.text import clean, fold, fold_code, matches, name_key

COLUMNS = ("code", "full_name", "unit", "category", "position", "heads")
REQUIRED = ("code", "full_name", "unit", "category")
_CATEGORIES = {"cbccvc": "CBCCVC", "nld": "NLD", "nguoilaodong": "NLD"}


def import_people_file(store: Store, path: str | Path) -> dict[str, Any]:
    """Import a roster sheet; the summary's "warnings" lists what was read but ignored."""
    table = read_table(path, people_spec())
    summary: dict[str, Any] = import_people_rows(store, table.rows, table.filename)
    summary["warnings"] = table.warnings
    return summary


def import_people_rows(
    store: Store, rows: list[tuple[int, dict[str, Any]]] | list[dict[str, Any]], filename: str
) -> dict[str, int]:
    """Validate every row, then insert or update by code in one transaction."""
    numbered = _numbered(rows)
    units = store_units.unit_codes(store)
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
            errors.add(f"unknown unit '{unit}'" if unit else "empty", file=filename, row=line,
                       field="unit")
        category = _CATEGORIES.get(fold_code(str(row.get("category") or "")))
        if category is None:
            errors.add(f"'{clean(row.get('category'))}' is not CBCCVC or NLĐ", file=filename,
                       row=line, field="category")
        heads = clean(row.get("heads")) or None
        if heads is not None:
            if heads not in units:
                errors.add(f"unknown unit '{heads}'", file=filename, row=line, field="heads")
            elif heads in heads_seen:
                other, other_line = heads_seen[heads]
                errors.add(f"unit '{heads}' is already headed by {other} (row {other_line})",
                           file=filename, row=line, field="heads")
            else:
                heads_seen[heads] = (code, line)
        position = clean(row.get("position")) or None
        if category is not None:  # else an error is recorded and nothing is written
            clean_rows.append((code, name, unit, category, position, heads, fold(name)))
    stored_heads = store_people.other_heads(
        store, {key: code for key, (code, _) in heads_seen.items()})
    for heads, (_, line) in heads_seen.items():
        head = stored_heads.get(heads)
        if head and head not in seen:
            errors.add(f"unit '{heads}' is already headed by {head}; clear that person's heads "
                       "first", file=filename, row=line, field="heads")
    errors.raise_if_any()
    with store.write():
        before = store_people.person_codes(store)
        store_people.upsert_people(store, clean_rows)
        added = len(set(seen) - before)
        store.audit("people.import", detail={"file": filename, "rows": len(clean_rows),
                                             "added": added})
    return {"rows": len(clean_rows), "added": added, "updated": len(clean_rows) - added}


def _numbered(rows) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for i, row in enumerate(rows, start=2):
        if isinstance(row, tuple):
            out.append(row)
        elif not all(is_empty(v) for v in row.values()):
            out.append((i, row))
    return out


def list_people(store: Store, unit: str | None = None, search: str | None = None) -> list[dict]:
    """People of a unit's subtree (or all), filtered accent-insensitively, in Vietnamese order."""
    if unit and not store_units.unit_exists(store, unit):
        raise InputError(f"unknown unit '{unit}'", field="--unit")
    rows = store_people.people_rows(store, unit or None)
    if search:
        rows = [r for r in rows if matches(search, r["full_name"], r["code"])]
    rows.sort(key=lambda r: (name_key(r["full_name"]), r["code"]))
    return rows
