"""The openpyxl writer dtt used before dtt/render/xlsxwriter.py, kept verbatim as the reference
the new writer is compared with (tests/test_xlsxwriter.py)."""

# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations

import datetime as dt
import io
import math
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dtt.render.model import Column, Document, Section
from dtt.render.xlsxfmt import sheet_name
from dtt.render.numbers import xlsx_date_format, xlsx_number_format
from dtt.render.safe import is_dangerous
from dtt.render.values import cell_text, is_number, is_plain_key, merged_columns, text_width

MAX_SHEETS = 30
MAX_WIDTH = 60
MIN_WIDTH = 6
MAX_CELL = 32767  # Excel's limit on the characters in one cell
SECTION_HEADER = "section"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _unused_sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique (ignoring case) sheet name: ≤ 31 characters, none of []:*?/\\."""
    base = _BAD_SHEET_CHARS.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title))
    base = " ".join(base.split()).strip("'").strip() or "Sheet"
    if base.casefold() == "history":  # reserved by Excel
        base = "History (1)"
    name = base[:31]
    n = 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _finite_number(value: Any) -> bool:
    if not is_number(value):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    return not isinstance(value, float) or math.isfinite(value)


class _Cells:
    """The cells of one sheet in write-only mode. Plain values are appended as they are; a
    value that needs a format (a fraction, a date, text Excel could misread) is written
    through a cell kept per column and kind, given each row's value just before that row is
    written, so that no style object is made per cell."""

    def __init__(self, ws: Any, lang: str = "vi") -> None:
        self.ws = ws
        self.lang = lang
        self.kept: dict[tuple[int, str], WriteOnlyCell] = {}
        self.seen: dict[Any, tuple[Any, int]] = {}  # text → what value() gave for it

    def cell(self, col: int, kind: str, value: Any) -> WriteOnlyCell:
        """The kept cell of `col` and `kind`, holding `value`."""
        cell = self.kept.get((col, kind))
        if cell is None:
            cell = self.kept[(col, kind)] = WriteOnlyCell(self.ws)
            if kind == "fraction":
                cell.number_format = xlsx_number_format(0.5, self.lang)
            elif kind == "whole":
                cell.number_format = xlsx_number_format(1, self.lang)
            elif kind in ("date", "stamp"):
                cell.number_format = xlsx_date_format(self.lang, kind == "stamp")
            if kind.startswith("quoted"):
                cell.quotePrefix = True  # Excel keeps it text even when the user edits it
            if kind.endswith("wrapped"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.value = value
        if kind in _TEXT:
            cell.data_type = "s"  # never a formula nor an error value
        return cell

    def value(self, value: Any, key: str | None = None) -> tuple[Any, int]:
        """What one value is written as — the value itself, or (kind, value) for a kept
        cell — and its width. Numbers and dates as such with the language's number format
        (a column of years or codes unformatted), the rest as safe text."""
        if type(value) is str:  # labels, units and facts repeat: each text is looked at once
            done = self.seen.get(value)
            if done is None:
                done = self.seen[value] = self._value(value, key)
            return done
        return self._value(value, key)

    def _value(self, value: Any, key: str | None) -> tuple[Any, int]:
        if _finite_number(value):
            width = len(cell_text(value, self.lang, key))
            if is_plain_key(key):
                return value, width
            if isinstance(value, int) or value == int(value):
                return ("whole", value), width
            return ("fraction", value), width
        if isinstance(value, dt.date) and getattr(value, "tzinfo", None) is None:
            stamp = isinstance(value, dt.datetime)  # aware datetimes go as ISO text below
            return ("stamp" if stamp else "date", value), 16 if stamp else 10
        text = value if type(value) is str else cell_text(value, self.lang, key)
        if not text:
            return None, 0
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("", text)
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1] + "…"
        width = len(text) if text.isascii() and "\n" not in text else text_width(text)
        wrapped, quoted = "\n" in text, is_dangerous(text)
        if not (wrapped or quoted or text in ERROR_CODES):
            return text, width
        kind = ("quoted" if quoted else "text") + ("-wrapped" if wrapped else "")
        return (kind, text), width


_TEXT = frozenset({"text", "quoted", "text-wrapped", "quoted-wrapped"})


def _text_cell(ws: Any, text: str, font: Font) -> WriteOnlyCell:
    """A header or summary cell: safe text in `font`."""
    cell = WriteOnlyCell(ws)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    cell.font = font
    if is_dangerous(cell.value):
        cell.quotePrefix = True
    return cell


def fill_sheet(
    ws: Any,
    columns: list[Column],
    rows: list[tuple[str, dict[str, Any]]],
    *,
    section_column: bool = False,
    summary: str | None = None,
    lang: str = "vi",
) -> None:
    """Header row, data rows, then the summary under a blank row, on a write-only sheet.

    Each row comes with its section title, written in a first `section` column if asked.
    The widths are measured first: a write-only sheet takes them before its rows.
    """
    titles = ([SECTION_HEADER] if section_column else []) + [c.title for c in columns]
    widths = [text_width(t) + 2 for t in titles]  # bold and the filter button need room
    cells = _Cells(ws, lang)
    keys = [c.key for c in columns]
    every_key: list[str | None] = ([None] if section_column else []) + list(keys)
    body = []
    styled = False
    for label, row in rows:
        values = ([label] if section_column else []) + [row.get(k) for k in keys]
        out = []
        for j, value in enumerate(values):
            item, width = cells.value(value, every_key[j])
            if width > widths[j]:
                widths[j] = width
            if type(item) is tuple:
                styled = True
            out.append(item)
        body.append(out)
    ws.freeze_panes = "A2"
    if titles:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
    for j, width in enumerate(widths, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 1))
    bold = Font(bold=True)
    ws.append([_text_cell(ws, t, bold) for t in titles])
    kept = cells.cell
    for out in body:
        if styled:
            out = [kept(j, item[0], item[1]) if type(item) is tuple else item
                   for j, item in enumerate(out)]
        ws.append(out)
    if summary:
        ws.append([])
        ws.append([_text_cell(ws, summary, Font(italic=True))])


def build_workbook(doc: Document) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("", doc.title)
    if doc.subtitle:
        wb.properties.subject = ILLEGAL_CHARACTERS_RE.sub("", doc.subtitle)
    sections: list[Section] = doc.sections
    taken: set[str] = set()
    if not sections:
        wb.create_sheet(sheet_name(doc.title, taken))
        return wb
    if len(sections) > MAX_SHEETS:
        ws = wb.create_sheet(sheet_name(doc.title, taken))
        rows = [(s.title, row) for s in sections for row in s.rows]
        fill_sheet(ws, merged_columns(sections), rows, section_column=True, lang=doc.lang)
        return wb
    for section in sections:
        sheet = wb.create_sheet(sheet_name(section.title, taken))
        rows = [(section.title, r) for r in section.rows]
        fill_sheet(sheet, section.columns, rows, summary=section.summary, lang=doc.lang)
    return wb


def render_xlsx(doc: Document) -> bytes:
    buffer = io.BytesIO()
    build_workbook(doc).save(buffer)
    return buffer.getvalue()
