"""Yearly results: importing wide record files and reading one subject's years."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dtt.columns import records_spec
from dtt.criteria.metrics import CellError, MetricSet, parse_sheet_cell
from dtt.criteria.source import active_metrics
from dtt.errors import Collector, InputError
from dtt.limits import plain_number
from dtt.ratings import rating_warnings
from dtt.store import Store, now
from dtt.store import decisions as store_decisions
from dtt.store import people as store_people
from dtt.store import records as store_records
from dtt.store import units as store_units
from dtt.tabular import Percent, is_empty, read_table
from dtt.text import clean

KEY_COLUMNS = ("year", "subject")
YEAR_RANGE = (1990, 2100)


def import_records_file(store: Store, path: str | Path, *, force: bool = False) -> dict[str, Any]:
    """Import a records sheet; the summary's "warnings" lists what was read but ignored."""
    metrics = active_metrics(store)
    table = read_table(path, records_spec(metrics))
    summary: dict[str, Any] = import_record_rows(
        store, table.rows, table.filename, force=force, metrics=metrics,
        sheet="formats" if table.formats_read else "no-formats")
    summary["warnings"] = [*table.warnings, *summary.get("warnings", [])]
    return summary


def import_record_rows(
    store: Store,
    rows: list[tuple[int, dict[str, Any]]] | list[dict[str, Any]],
    filename: str,
    *,
    force: bool = False,
    metrics: MetricSet | None = None,
    sheet: str | None = None,
) -> dict[str, Any]:
    """Validate every row, then replace each subject-year in one transaction. The summary's
    `warnings` lists ratings that contradict the rating decree (dtt.ratings): kept, not
    refused. `sheet`: the rows come from a file a person filled, whose percentages are checked
    for fractions ("formats": its percent formats were read; "no-formats": they could not
    be)."""
    metrics = metrics or active_metrics(store)
    numbered = [r if isinstance(r, tuple) else (i, r) for i, r in enumerate(rows, start=2)]
    people = store_people.person_codes(store)
    units = store_units.unit_codes(store)
    errors = Collector()
    out: list[tuple[str, int, str, str]] = []
    warnings: list[str] = []
    seen: dict[tuple[str, int], int] = {}
    cell = _CellReader(metrics, sheet)
    parsed = cell.parsed
    years_read: dict[tuple[type, Any], int | None] = {}
    columns = metrics.columns()
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    for line, row in numbered:
        raw_year = row.get("year")
        key = (type(raw_year), raw_year)
        if key in years_read:
            year = years_read[key]
        else:
            year = _year(raw_year, filename, line, errors)
            if year is not None:  # a refused year is reported on each of its rows
                years_read[key] = year
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
            if col in KEY_COLUMNS or not col or raw is None or raw == "" or (
                    isinstance(raw, str) and not raw.strip()):
                continue
            try:
                data[col] = parsed[(kind, col, raw.__class__, raw)]
            except (KeyError, TypeError):
                pass
            else:
                continue
            try:
                data[col] = cell(kind, col, raw)
            except CellError as exc:
                errors.add(str(exc), file=filename, row=line, field=col)
            except _NotAMetric:
                if col in columns:
                    errors.add(f"not a metric of a {kind} (subject {subject})", file=filename,
                               row=line, field=col)
                else:
                    errors.add("not a metric the criteria declare", file=filename, row=line,
                               field=col)
        if kind == "person":
            warnings += [str(w) for w in rating_warnings(metrics, data, filename, line)]
        out.append((subject, year, kind, dumps(data)))
    errors.raise_if_any()
    years = sorted({y for _, y, _, _ in out})
    stamp = now()
    with store.write():
        # the lock is read under the write lock: a decision committed while this import waited
        # for it is seen here, and the import refused
        locked = store_decisions.decisions_in_years(store, years)
        if locked and not force:
            first = locked[0]
            raise InputError(
                f"year {first['year']} is locked: the council has decided ({len(locked)} "
                "decision(s)); re-run with --force to change its records (the change is "
                "audited)", file=filename, field="year")
        changed: list[dict[str, Any]] = []
        if locked:
            changed = _changes(store, out, {d["year"] for d in locked})
        store_records.upsert_records(store, [(s, y, k, d, filename, stamp) for s, y, k, d in out])
        entries: list[tuple[str, str | None, int | None, Any]] = [
            ("records.import", None, None, {"file": filename, "rows": len(out), "years": years,
                                            "forced": len(changed)})]
        on: dict[tuple[str, int], list[int]] = {}
        for d in locked:
            on.setdefault((d["subject"], d["year"]), []).append(d["id"])
        # a --force change, complete and compact: one row per changed subject-year
        entries += [("records.force", ch["subject"], ch["year"],
                     {"file": filename, "changed": ch["changed"],
                      "decisions": on.get((ch["subject"], ch["year"]), [])})
                    for ch in changed]
        store.audit_many(entries)
    return {"rows": len(out), "subjects": len({s for s, *_ in out}), "years": len(years),
            "warnings": warnings}


class _NotAMetric(Exception):
    """The column is not a metric of the subject's kind."""


class _CellReader:
    """Parses cells for an import, each distinct (kind, column, value) once: a sector's sheet
    repeats a few ratings, counts and yes/no spellings over 25,000 rows. A cell that does not
    parse is parsed again on each row, so that every row with it is reported."""

    def __init__(self, metrics: MetricSet, sheet: str | None) -> None:
        self.metrics = metrics
        self.sheet = sheet
        self.parsed: dict[tuple[str, str, type, Any], Any] = {}

    def __call__(self, kind: str, col: str, raw: Any) -> Any:
        key = (kind, col, raw.__class__, raw)
        try:
            return self.parsed[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: parsed every time
            return self._parse(kind, col, raw)
        value = self.parsed[key] = self._parse(kind, col, raw)
        return value

    def _parse(self, kind: str, col: str, raw: Any) -> Any:
        metric = self.metrics.get(kind, col)
        if metric is None:
            raise _NotAMetric(col)
        if self.sheet:
            return parse_sheet_cell(metric, raw, percent_cell=isinstance(raw, Percent),
                                    formats_read=self.sheet == "formats")
        return metric.parse(raw)


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
