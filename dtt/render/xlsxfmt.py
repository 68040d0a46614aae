"""xlsx workbooks: a sheet per section with a bold frozen header, autofilter, fitted widths.

Numbers are stored as numbers, dates as dates, and text as string cells that Excel never
evaluates as formulas. With more than MAX_SHEETS sections everything goes on one sheet with a
`section` column.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dtt.render.model import Column, Document, Section
from dtt.render.numbers import xlsx_date_format, xlsx_number_format
from dtt.render.safe import set_text_cell
from dtt.render.values import cell_text, is_number, is_plain_key, merged_columns, text_width

MAX_SHEETS = 30
MAX_WIDTH = 60
MIN_WIDTH = 6
MAX_CELL = 32767  # Excel's limit on the characters in one cell
SECTION_HEADER = "section"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
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


def _write_value(ws: Worksheet, row: int, col: int, value: Any, lang: str = "vi",
                 key: str | None = None) -> int:
    """Write one value (numbers and dates as such, with a number format of `lang`; the rest
    as safe text); return its width."""
    cell = ws.cell(row=row, column=col)
    if _finite_number(value):
        cell.value = value
        if not is_plain_key(key):
            cell.number_format = xlsx_number_format(value, lang)
        return len(cell_text(value, lang, key))
    if isinstance(value, dt.date) and getattr(value, "tzinfo", None) is None:
        cell.value = value  # Excel has no time zones: aware datetimes go as ISO text below
        stamp = isinstance(value, dt.datetime)
        cell.number_format = xlsx_date_format(lang, stamp)
        return 16 if stamp else 10
    text = ILLEGAL_CHARACTERS_RE.sub("", cell_text(value, lang, key))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    if text:
        set_text_cell(cell, text)
        if "\n" in text:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return text_width(text)


def fill_sheet(
    ws: Worksheet,
    columns: list[Column],
    rows: list[tuple[str, dict[str, Any]]],
    *,
    section_column: bool = False,
    summary: str | None = None,
    lang: str = "vi",
) -> None:
    """Header row, data rows, then the summary under a blank row.

    Each row comes with its section title, written in a first `section` column if asked.
    """
    titles = ([SECTION_HEADER] if section_column else []) + [c.title for c in columns]
    widths = [text_width(t) + 2 for t in titles]  # bold and the filter button need room
    keys: list[str | None] = ([None] if section_column else []) + [c.key for c in columns]
    bold = Font(bold=True)
    for j, title in enumerate(titles, start=1):
        cell = ws.cell(row=1, column=j)
        set_text_cell(cell, ILLEGAL_CHARACTERS_RE.sub("", title))
        cell.font = bold
    for i, (label, row) in enumerate(rows, start=2):
        values = ([label] if section_column else []) + [row.get(c.key) for c in columns]
        for j, value in enumerate(values, start=1):
            widths[j - 1] = max(widths[j - 1], _write_value(ws, i, j, value, lang,
                                                            keys[j - 1]))
    ws.freeze_panes = "A2"
    if titles:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
    for j, width in enumerate(widths, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 1))
    if summary:
        cell = ws.cell(row=len(rows) + 3, column=1)
        set_text_cell(cell, ILLEGAL_CHARACTERS_RE.sub("", summary))
        cell.font = Font(italic=True)


def build_workbook(doc: Document) -> Workbook:
    wb = Workbook()
    wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("", doc.title)
    if doc.subtitle:
        wb.properties.subject = ILLEGAL_CHARACTERS_RE.sub("", doc.subtitle)
    ws = wb.active
    sections: list[Section] = doc.sections
    taken: set[str] = set()
    if not sections:
        ws.title = sheet_name(doc.title, taken)
        return wb
    if len(sections) > MAX_SHEETS:
        ws.title = sheet_name(doc.title, taken)
        rows = [(s.title, row) for s in sections for row in s.rows]
        fill_sheet(ws, merged_columns(sections), rows, section_column=True, lang=doc.lang)
        return wb
    for index, section in enumerate(sections):
        sheet = ws if index == 0 else wb.create_sheet()
        sheet.title = sheet_name(section.title, taken)
        rows = [(section.title, r) for r in section.rows]
        fill_sheet(sheet, section.columns, rows, summary=section.summary, lang=doc.lang)
    return wb


def render_xlsx(doc: Document) -> bytes:
    buffer = io.BytesIO()
    build_workbook(doc).save(buffer)
    return buffer.getvalue()
