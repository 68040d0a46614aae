"""Reading rows from .csv, .xlsx, .xls and .ods files: the header row (found below title rows),
header names in Vietnamese or English, true row numbers, percent-formatted cells."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtt import limits
from dtt.columns import ColumnSpec
from dtt.errors import Collector, InputError
from dtt.text import clean
from dtt.yamlio import decode

HEADER_SCAN = 30  # the header row is looked for among the first rows that hold anything

Grid = list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


class Percent(float):
    """A number from a cell formatted as a percentage: the fraction the sheet stores
    (0.995 for a cell shown as 99.5%)."""


@dataclass
class Table:
    filename: str
    columns: list[str]  # normalised header names, in file order
    rows: list[tuple[int, dict[str, Any]]]  # (row number as the user sees it, column -> cell)
    warnings: list[str] = field(default_factory=list)
    header_row: int = 1
    formats_read: bool = True  # False for .xls/.xlsb: percent formats cannot be told there


def normalise_header(name: Any) -> str:
    return clean(name).lower().replace(" ", "_")


def read_table(path: str | Path, spec: ColumnSpec | None = None) -> Table:
    """The first sheet of a file as rows keyed by column. With a spec, the header row is the
    first of the top rows that names the required columns (title rows above it are skipped),
    headers are matched by name, label or alias, and unknown columns are ignored with a
    warning; without one, the first row is the header, taken as written."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("file not found", file=name)
    grid = read_grid(p, name)
    table = _plain_table(grid, name) if spec is None else _table(grid, name, spec)
    table.formats_read = p.suffix.lower() not in (".xls", ".xlsb")
    return table


def read_grid(p: Path, name: str) -> Grid:
    suffix = p.suffix.lower()
    try:
        limits.check_size(p.stat().st_size, limits.FILE_BYTES, "the file", name)
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(p.read_bytes(), name)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"):
        if suffix in (".xlsx", ".xlsm", ".ods"):
            _check_zip(p, name)
        return _read_sheet(p, name, suffix)
    raise InputError(f"unknown file type '{suffix}' (use .xlsx, .xls, .ods or .csv)", file=name)


def _read_csv(raw: bytes, name: str) -> Grid:
    text = limits.check_document_text(decode(raw, name), name)
    csv.field_size_limit(limits.CELL_BYTES)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: Grid = []
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, name, reader.line_num) from None
        grid.append((start, values))
        start = reader.line_num + 1
    if not grid:
        raise InputError("the file is empty", file=name)
    return _checked(grid, name, sized=True)


def _checked(grid: Grid, name: str, sized: bool = False) -> Grid:
    """The grid within the limits: rows, columns, runs of blank rows, cell size, no control
    characters in text; else an InputError naming the row. `sized`: the reader has already
    refused cells over the limit (the csv module's field size limit)."""
    blank = 0
    rows = 0
    for number, values in grid:
        if len(values) > limits.MAX_COLUMNS and not _blank(values[limits.MAX_COLUMNS:]):
            raise InputError(f"{len(values)} columns; the limit is {limits.MAX_COLUMNS}",
                             file=name, row=number)
        if _blank(values):
            blank += 1
            if blank > limits.BLANK_RUN:
                raise _blank_run(name, number - blank + 1)
            continue
        blank = 0
        rows += 1
        if rows > limits.MAX_ROWS:
            raise _too_many(name, number)
        if sized:
            continue
        for value in values:
            if isinstance(value, str) and len(value) > limits.CELL_BYTES:
                raise InputError(f"a cell is longer than {limits.CELL_BYTES // 1024} KiB",
                                 file=name, row=number)
    return grid


def _texts_checked(line: int, row: dict[str, Any], name: str) -> dict[str, Any]:
    """The row, once no text cell holds a control character, NUL or stray BOM."""
    texts = [value for value in row.values() if isinstance(value, str)]
    if limits.bad_char("".join(texts)) is None:  # one search for the whole row
        return row
    for key, value in row.items():
        if isinstance(value, str) and value:
            limits.check_text(value, file=name, row=line, field=key)
    return row


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


def _check_zip(path: Path, name: str) -> None:
    """Refuse a workbook that would inflate past the limit, before inflating any of it."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable workbook ({type(exc).__name__})",
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


def _read_sheet(path: Path, name: str, suffix: str) -> Grid:
    """The first sheet through calamine (fast, and reads .xlsx, .xls and .ods alike). Calamine
    gives no number formats, so an .xlsx file's percent-formatted cells are found by reading its
    styles and scanning the sheet's XML for cells of those styles."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError(f"not a readable {suffix} workbook ({type(exc).__name__})",
                         file=name) from exc
    percent: set[tuple[int, int]] = set()
    if suffix in (".xlsx", ".xlsm"):
        percent = _xlsx_percent_cells(path)
    elif suffix == ".ods":
        percent = _ods_percent_cells(path)
    grid: Grid = []
    for index, row in enumerate(values):
        number = index + 1
        cells = [_cell(v) for v in row]
        if percent:
            for col, value in enumerate(cells):
                if (number, col) in percent and isinstance(value, int | float) \
                        and not isinstance(value, bool):
                    cells[col] = Percent(value)
        grid.append((number, cells))
    if not grid:
        raise InputError("the first sheet is empty", file=name)
    return _checked(grid, name)


_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*?numFmtId=\"(\d+)\"[^>]*?formatCode=\"([^\"]*)\"")
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_ATTR = re.compile(rb"\b(\w+)=\"([^\"]*)\"")
_REF = re.compile(r"([A-Z]+)(\d+)")
_PERCENT_BUILTIN = {9, 10}


def _xlsx_percent_cells(path: Path) -> set[tuple[int, int]]:
    """(row, 0-based column) of the first sheet's cells whose number format shows a percent."""
    try:
        with zipfile.ZipFile(path) as z:
            styles = _percent_styles(z.read("xl/styles.xml")) if "xl/styles.xml" in \
                z.namelist() else set()
            if not styles:
                return set()
            sheet = z.read(_first_sheet_part(z))
    except (KeyError, zipfile.BadZipFile):
        return set()
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    pattern = re.compile(rb"<(?:\w+:)?c\b[^>]*?\bs=\"(?:" + ids + rb")\"[^>]*>")
    cells: set[tuple[int, int]] = set()
    for match in pattern.finditer(sheet):
        attrs = dict(_ATTR.findall(match.group(0)))
        ref = _REF.fullmatch(attrs.get(b"r", b"").decode("ascii", "replace"))
        if ref:
            cells.add((int(ref.group(2)), _column_index(ref.group(1))))
    return cells


def _percent_styles(styles: bytes) -> set[int]:
    formats = {int(i): code.decode("utf-8", "replace") for i, code in _NUMFMT.findall(styles)}
    percent_ids = set(_PERCENT_BUILTIN) | {i for i, code in formats.items() if _is_percent(code)}
    block = _CELLXFS.search(styles)
    if not block:
        return set()
    out = set()
    for index, match in enumerate(_XF.finditer(block.group(0))):
        attrs = dict(_ATTR.findall(match.group(1)))
        if int(attrs.get(b"numFmtId", b"0") or 0) in percent_ids:
            out.add(index)
    return out


def _is_percent(code: str) -> bool:
    """Whether an Excel number format shows a percent (outside quoted text and escapes)."""
    code = re.sub(r"\"[^\"]*\"|\\.|\[[^\]]*\]", "", code.replace("&quot;", "\""))
    return "%" in code.split(";")[0]


def _first_sheet_part(z: zipfile.ZipFile) -> str:
    workbook = z.read("xl/workbook.xml")
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*>", workbook)
    rels = z.read("xl/_rels/workbook.xml.rels")
    if sheet:
        rid = re.search(rb"\br:id=\"([^\"]+)\"|\b\w+:id=\"([^\"]+)\"", sheet.group(0))
        if rid:
            wanted = rid.group(1) or rid.group(2)
            for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
                attrs = dict(_ATTR.findall(rel.group(0)))
                if attrs.get(b"Id") == wanted:
                    target = attrs.get(b"Target", b"").decode()
                    return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return "xl/worksheets/sheet1.xml"


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent_cells(path: Path) -> set[tuple[int, int]]:
    """(row, 0-based column) of the first table's cells of value type percentage."""
    from xml.etree.ElementTree import iterparse

    cells: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as content:
            row, col, tables = 0, 0, 0
            for event, el in iterparse(content, events=("start", "end")):
                tag = el.tag
                if tag == _ODS_TABLE + "table":
                    if event == "start":
                        tables += 1
                    elif tables == 1:
                        break
                    continue
                if tables != 1:
                    continue
                if tag == _ODS_TABLE + "table-row":
                    if event == "start":
                        col = 0
                    else:
                        row += int(el.get(_ODS_TABLE + "number-rows-repeated", "1"))
                        el.clear()
                elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell") \
                        and event == "start":
                    repeat = int(el.get(_ODS_TABLE + "number-columns-repeated", "1"))
                    if el.get(_ODS_OFFICE + "value-type") == "percentage":
                        cells.update((row + 1, c) for c in range(col, col + min(repeat, 1024)))
                    col += repeat
    except (KeyError, zipfile.BadZipFile, SyntaxError):
        return set()
    return cells


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _blank(values: list[Any]) -> bool:
    for v in values:
        if v is None:
            continue
        if isinstance(v, str):
            if v and not v.isspace():
                return False
        elif str(v).strip():
            return False
    return True


def _plain_table(grid: Grid, name: str) -> Table:
    rows = [(n, v) for n, v in grid if not _blank(v)]
    if not rows:
        raise InputError("the file is empty", file=name)
    header_row, header = rows[0]
    columns = [normalise_header(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()
    seen: dict[str, int] = {}
    for i, c in enumerate(columns, start=1):
        if c and c in seen:
            raise InputError(f"column '{limits.shown(c)}' appears twice (columns {seen[c]} and "
                             f"{i}); keep one", file=name, row=header_row, field=c)
        seen[c] = i
    out = []
    for line, values in rows[1:]:
        out.append((line, _texts_checked(line, {c: (values[i] if i < len(values) else "")
                                                for i, c in enumerate(columns) if c}, name)))
    return Table(name, [c for c in columns if c], out, header_row=header_row)


def _table(grid: Grid, name: str, spec: ColumnSpec) -> Table:
    filled = [(n, v) for n, v in grid if not _blank(v)]
    if not filled:
        raise InputError("the file is empty", file=name)
    at, header_row = _find_header(filled, spec)
    _, header = filled[at]
    # a header over two rows (merged group cells above, names below): take the names of the
    # next row where this one has none
    names = [spec.resolve(h) for h in header]
    data_from = at + 1
    if at + 1 < len(filled):
        below = filled[at + 1][1]
        extra = {i: spec.resolve(h) for i, h in enumerate(below)}
        extra = {i: k for i, k in extra.items() if k and (i >= len(names) or not names[i])
                 and k not in names}
        if extra:
            names += [None] * (max(extra) + 1 - len(names))
            for i, key in extra.items():
                names[i] = key
                header = list(header) + [""] * (i + 1 - len(header))
                header[i] = below[i]
            data_from = at + 2
    errors = Collector()
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, key in enumerate(names):
        text = clean(header[i]) if i < len(header) else ""
        if not text:
            continue
        if key is None:
            guess = spec.suggest(text)
            if guess is not None:
                hint = f" (did you mean '{guess}'?)" if guess else ""
                errors.add(f"{spec.unknown}{hint}", file=name, row=header_row, field=text)
            else:
                ignored.append(text)
            continue
        if key in index:
            first = clean(header[index[key]])
            errors.add(f"duplicate column: '{first}' and '{text}' are both {key}", file=name,
                       row=header_row, field=text)
            continue
        index[key] = i
    for key in spec.required:
        if key not in index:
            errors.add(f"missing column '{key}' ({spec.describe(key)})", file=name,
                       row=header_row, field=key)
    errors.raise_if_any()
    width = len(header)
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, values in filled[data_from:]:
        if len(values) > width and not _blank(values[width:]) and name.lower().endswith(
                (".csv", ".txt", ".tsv")):
            raise InputError(f"{len(values)} cells but the header has {width} columns",
                             file=name, row=line)
        rows.append((line, _texts_checked(line, {key: (values[i] if i < len(values) else "")
                                                 for key, i in index.items()}, name)))
    warnings = []
    if ignored:
        warnings.append(f"{name}: ignored column(s) that dtt does not read: "
                        + ", ".join(ignored))
    return Table(name, list(index), rows, warnings, header_row)


def _find_header(filled: Grid, spec: ColumnSpec) -> tuple[int, int]:
    """Index in `filled` and row number of the header: the first of the top rows that names
    every required column, else the one that names the most columns."""
    best, best_score = 0, 0
    for at, (_, values) in enumerate(filled[:HEADER_SCAN]):
        keys = {spec.resolve(v) for v in values} - {None}
        if all(k in keys for k in spec.required):
            return at, filled[at][0]
        if len(keys) > best_score:
            best, best_score = at, len(keys)
    return best, filled[best][0]


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
