"""Yearly results: importing wide record files and reading one subject's years."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from dtt.criteria.metrics import CellError, MetricSet
from dtt.criteria.source import active_metrics
from dtt.errors import Collector, InputError
from dtt.limits import plain_number
from dtt.store import Store, now
from dtt.store import decisions as store_decisions
from dtt.store import people as store_people
from dtt.store import records as store_records
from dtt.store import units as store_units
from dtt.tabular import is_empty, read_table
from dtt.text import clean

KEY_COLUMNS = ("year", "subject")
YEAR_RANGE = (1990, 2100)


def import_records_file(store: Store, path: str | Path, *, force: bool = False) -> dict[str, int]:
    table = read_table(path)
    metrics = active_metrics(store)
    _check_header(table.columns, metrics, table.filename)
    return import_record_rows(store, table.rows, table.filename, force=force, metrics=metrics)


def _check_header(columns: list[str], metrics: MetricSet, filename: str) -> None:
    errors = Collector()
    for key in KEY_COLUMNS:
        if key not in columns:
            errors.add(f"missing column '{key}'", file=filename, row=1, field=key)
    declared = metrics.columns()
    seen: set[str] = set()
    for col in columns:
        if not col:
            continue
        if col in seen:
            errors.add("duplicate column", file=filename, row=1, field=col)
        seen.add(col)
        if col in KEY_COLUMNS or col in declared:
            continue
        guess = difflib.get_close_matches(col, sorted(declared), n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        errors.add(f"not a metric the criteria declare{hint}", file=filename, row=1, field=col)
    errors.raise_if_any()


def import_record_rows(
    store: Store,
    rows: list[tuple[int, dict[str, Any]]] | list[dict[str, Any]],
    filename: str,
    *,
    force: bool = False,
    metrics: MetricSet | None = None,
) -> dict[str, int]:
    """Validate every row, then replace each subject-year in one transaction."""
    metrics = metrics or active_metrics(store)
    numbered = [r if isinstance(r, tuple) else (i, r) for i, r in enumerate(rows, start=2)]
    people = store_people.person_codes(store)
    units = store_units.unit_codes(store)
    errors = Collector()
    out: list[tuple[str, int, str, str]] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in numbered:
        year = _year(row.get("year"), filename, line, errors)
        subject = clean(row.get("subject"))
        if not subject:
            errors.add("empty", file=filename, row=line, field="subject")
            continue
        if subject in people:
            kind = "person"
        elif subject in units:
            kind = "collective"
        else:
            errors.add(f"'{subject}' is neither a person nor a unit", file=filename, row=line,
                       field="subject")
            continue
        if year is None:
            continue
        if (subject, year) in seen:
            errors.add(f"{subject} {year} appears twice (first on row {seen[(subject, year)]})",
                       file=filename, row=line, field="subject")
            continue
        seen[(subject, year)] = line
        data: dict[str, Any] = {}
        for col, raw in row.items():
            if col in KEY_COLUMNS or not col or is_empty(raw):
                continue
            metric = metrics.get(kind, col)
            if metric is None:
                if col in metrics.columns():
                    errors.add(f"not a metric of a {kind} (subject {subject})", file=filename,
                               row=line, field=col)
                else:
                    errors.add("not a metric the criteria declare", file=filename, row=line,
                               field=col)
                continue
            try:
                data[col] = metric.parse(raw)
            except CellError as exc:
                errors.add(str(exc), file=filename, row=line, field=col)
        out.append((subject, year, kind, json.dumps(data, ensure_ascii=False, sort_keys=True)))
    errors.raise_if_any()
    years = sorted({y for _, y, _, _ in out})
    locked = store_decisions.decisions_in_years(store, years)
    if locked and not force:
        first = locked[0]
        raise InputError(
            f"year {first['year']} is locked: the council has decided ({len(locked)} "
            "decision(s)); re-run with --force to change its records (the change is audited)",
            file=filename, field="year")
    stamp = now()
    with store.write():
        changed: list[dict[str, Any]] = []
        if locked:
            changed = _changes(store, out, {d["year"] for d in locked})
        store_records.upsert_records(store, [(s, y, k, d, filename, stamp) for s, y, k, d in out])
        store.audit("records.import", detail={"file": filename, "rows": len(out),
                                              "years": years})
        if locked:
            subjects = {ch["subject"] for ch in changed}
            touched = [d for d in locked if d["subject"] in subjects]
            store.audit("records.force", detail={"file": filename, "changed": changed[:200],
                                                 "decisions": touched})
    return {"rows": len(out), "subjects": len({s for s, *_ in out}), "years": len(years)}


def _year(raw: Any, filename: str, line: int, errors: Collector) -> int | None:
    if is_empty(raw):
        errors.add("empty", file=filename, row=line, field="year")
        return None
    try:
        text = str(raw).strip()
        if not plain_number(text):
            raise ValueError(text)
        value = float(text)
    except ValueError:
        errors.add(f"'{clean(raw)}' is not a year", file=filename, row=line, field="year")
        return None
    if not value.is_integer() or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        errors.add(f"'{clean(raw)}' is not a year", file=filename, row=line, field="year")
        return None
    return int(value)


def _changes(store: Store, out: list[tuple[str, int, str, str]], years: set[int]
             ) -> list[dict[str, Any]]:
    """What the import changes in the records of these (decided) years, metric by metric."""
    locked = [row for row in out if row[1] in years]
    stored = store_records.stored_data(store, [(s, y) for s, y, _, _ in locked])
    changes = []
    for subject, year, _kind, data in locked:
        old = stored.get((subject, year))
        before = json.loads(old) if old else {}
        after = json.loads(data)
        diff = {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after))
                if before.get(k) != after.get(k)}
        if diff:
            changes.append({"subject": subject, "year": year, "changed": diff})
    return changes


def records_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """One subject's records, oldest year first; InputError if the subject is unknown."""
    kind = subject_kind(store, subject)
    if kind is None:
        raise InputError(f"unknown subject '{subject}' (not a person or unit code)",
                         field="SUBJECT")
    rows = store_records.subject_records(store, subject)
    return [{"year": r["year"], **json.loads(r["data"]), "_source": r["source"]} for r in rows]


def subject_kind(store: Store, subject: str) -> str | None:
    """The kind of a subject code: "person", "collective" (a unit) or None if neither."""
    if store_people.person_exists(store, subject):
        return "person"
    if store_units.unit_exists(store, subject):
        return "collective"
    return None


latest_year = store_records.latest_year
