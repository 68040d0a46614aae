"""Reading rows from .csv and .xlsx files: header names, row numbers, UTF-8 checks."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtt import limits
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
        try:
            limits.check_size(p.stat().st_size, limits.FILE_BYTES, "the file", name)
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
        return _read_csv(raw, name)
    if suffix == ".xls":
        raise InputError("old .xls files are not supported; save as .xlsx or CSV UTF-8", file=name)
    raise InputError(f"unknown file type '{suffix}' (use .csv or .xlsx)", file=name)


def _read_csv(raw: bytes, name: str) -> Table:
    text = limits.check_document_text(decode(raw, name), name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(limits.CELL_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError("the file is empty", file=name) from exc
    except csv.Error as exc:
        raise _csv_error(exc, name, 1) from None
    columns = _header(header, name)
    rows: list[tuple[int, dict[str, Any]]] = []
    blank = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, name, reader.line_num) from None
        line = reader.line_num
        if not any(v.strip() for v in values):
            blank += 1
            if blank > limits.BLANK_RUN:
                raise _blank_run(name, line - blank + 1)
            continue
        blank = 0
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns):]):
            raise InputError(
                f"{len(values)} cells but the header has {len(columns)} columns",
                file=name,
                row=line,
            )
        if len(rows) >= limits.MAX_ROWS:
            raise _too_many(name, line)
        rows.append((line, {c: (values[i] if i < len(values) else "")
                            for i, c in enumerate(columns)}))
    return Table(name, columns, rows)


def _csv_error(exc: csv.Error, name: str, line: int) -> InputError:
    if "field larger than field limit" in str(exc):
        return InputError(f"a cell is longer than {limits.CELL_BYTES // 1024} KiB", file=name,
                          row=line)
    return InputError(f"not a readable CSV file ({exc})", file=name, row=line)


def _blank_run(name: str, start: int) -> InputError:
    return InputError(f"more than {limits.BLANK_RUN:,} blank rows in a row from row {start}; "
                      "delete the empty rows", file=name, row=start)


def _too_many(name: str, line: int) -> InputError:
    return InputError(f"more than {limits.MAX_ROWS:,} rows; split the file", file=name,
                      row=line)


def _header(header: Any, name: str) -> list[str]:
    """The normalised header; refuses too many columns and every repeated column name."""
    cells = list(header)
    if len(cells) > limits.MAX_COLUMNS:
        raise InputError(f"{len(cells)} columns; the limit is {limits.MAX_COLUMNS}", file=name,
                         row=1)
    columns = []
    for cell in cells:
        if isinstance(cell, str):
            limits.check_text(cell, file=name, row=1, field="header")
        columns.append(normalise_header(cell))
    seen: dict[str, int] = {}
    for i, c in enumerate(columns, start=1):
        if not c:
            continue
        if c in seen:
            raise InputError(f"column '{limits.shown(c)}' appears twice (columns {seen[c]} and "
                             f"{i}); keep one", file=name, row=1, field=c)
        seen[c] = i
    return columns


def _read_xlsx(path: Path, name: str) -> Table:
    from openpyxl import load_workbook  # uses defusedxml when it is installed

    _check_zip(path, name)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__})", file=name) \
            from exc
    try:
        return _xlsx_rows(wb, name)
    except InputError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__})",
                         file=name) from None
    except Exception as exc:  # broken sheet XML: ParseError, ValueError, KeyError …
        raise InputError(f"not a readable .xlsx workbook: its sheet is broken "
                         f"({type(exc).__name__})", file=name) from None
    finally:
        wb.close()


def _xlsx_rows(wb: Any, name: str) -> Table:
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = next(it, None)
    if header is None:
        raise InputError("the first sheet is empty", file=name)
    columns = _header(header, name)
    while columns and not columns[-1]:
        columns.pop()
    rows: list[tuple[int, dict[str, Any]]] = []
    blank = 0
    for number, values in enumerate(it, start=2):
        if not any(v is not None and str(v).strip() for v in values):
            blank += 1
            if blank > limits.BLANK_RUN:
                raise _blank_run(name, number - blank + 1)
            continue
        blank = 0
        if len(rows) >= limits.MAX_ROWS:
            raise _too_many(name, number)
        row = {}
        for i, c in enumerate(columns):
            if not c:
                continue
            value = _cell(values[i]) if i < len(values) else ""
            if isinstance(value, str):
                if len(value) > limits.CELL_BYTES:
                    raise InputError(f"a cell is longer than {limits.CELL_BYTES // 1024} KiB",
                                     file=name, row=number, field=c)
                limits.check_text(value, file=name, row=number, field=c)
            row[c] = value
        rows.append((number, row))
    return Table(name, [c for c in columns if c], rows)


def _check_zip(path: Path, name: str) -> None:
    """Refuse a workbook that would inflate past the limit, before inflating any of it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({type(exc).__name__})",
                         file=name) from None
    total = sum(i.file_size for i in infos)
    if total > limits.XLSX_INFLATED:
        raise InputError(f"the workbook inflates to {total:,} bytes; the limit is "
                         f"{limits.XLSX_INFLATED:,} (save a smaller file or CSV)", file=name)
    for i in infos:
        if i.file_size > 1 << 20 and i.file_size > limits.XLSX_RATIO * max(i.compress_size, 1):
            raise InputError(f"the workbook part {limits.shown(i.filename)} inflates "
                             f"{i.file_size // max(i.compress_size, 1):,} times; refused as a "
                             "zip bomb", file=name)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
