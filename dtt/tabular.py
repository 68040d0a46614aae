"""Reading rows from .csv and .xlsx files: header names, row numbers, UTF-8 checks."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtt.errors import InputError
from dtt.text import clean
from dtt.yamlio import decode


@dataclass
class Table:
    filename: str
    columns: list[str]  # normalised header names, in file order
    rows: list[tuple[int, dict[str, Any]]]  # (row number as the user sees it, column -> cell)


def normalise_header(name: Any) -> str:
    return clean(name).lower().replace(" ", "_")


def read_table(path: str | Path) -> Table:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("file not found", file=name)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, name)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(p.read_bytes(), name)
    if suffix == ".xls":
        raise InputError("old .xls files are not supported; save as .xlsx or CSV UTF-8", file=name)
    raise InputError(f"unknown file type '{suffix}' (use .csv or .xlsx)", file=name)


def _read_csv(raw: bytes, name: str) -> Table:
    text = decode(raw, name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError("the file is empty", file=name) from exc
    columns = [normalise_header(h) for h in header]
    rows: list[tuple[int, dict[str, Any]]] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns):]):
            raise InputError(
                f"{len(values)} cells but the header has {len(columns)} columns",
                file=name,
                row=line,
            )
        rows.append((line, {c: (values[i] if i < len(values) else "")
                            for i, c in enumerate(columns)}))
    return Table(name, columns, rows)


def _read_xlsx(path: Path, name: str) -> Table:
    from openpyxl import load_workbook  # uses defusedxml when it is installed

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__})", file=name) \
            from exc
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if header is None:
            raise InputError("the first sheet is empty", file=name)
        columns = [normalise_header(h) for h in header]
        while columns and not columns[-1]:
            columns.pop()
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(it, start=2):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            rows.append((number, {c: _cell(values[i]) if i < len(values) else ""
                                  for i, c in enumerate(columns) if c}))
        return Table(name, [c for c in columns if c], rows)
    finally:
        wb.close()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
