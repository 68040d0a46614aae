"""xlsx workbooks: a sheet per section with a bold frozen header, autofilter, fitted widths.

Written by dtt/render/xlsxwriter.py (the sheet XML emitted directly, rows streamed to the
zip); openpyxl is not loaded to write a report.

Numbers are stored as numbers, dates as dates, and text as string cells that Excel never
evaluates as formulas. With more than MAX_SHEETS sections everything goes on one sheet with a
`section` column.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from dtt.render.model import Column, Document, Section
from dtt.render.safe import is_dangerous
from dtt.render.values import cell_text, is_number, is_plain_key, merged_columns, text_width
from dtt.render.xlsxwriter import (
    BOLD,
    BOLD_QUOTED,
    FRACTION,
    ILLEGAL_CHARACTERS_RE,
    ITALIC,
    ITALIC_QUOTED,
    PLAIN,
    QUOTED,
    QUOTED_WRAPPED,
    WHOLE,
    WRAPPED,
    Book,
    column_letter,
)

MAX_SHEETS = 30
MAX_WIDTH = 60
MIN_WIDTH = 6
MAX_CELL = 32767  # Excel's limit on the characters in one cell
SECTION_HEADER = "section"
# text whose display width is its length (text_width's answer without the work): Latin and
# Vietnamese letters (precomposed), general punctuation; no combining mark, no line break
_ONE_WIDE = re.compile("[\u0020-\u007e\u00a0-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]*")
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


class _Cells:
    """What each value of a sheet is written as: a cell fragment of the book (see
    xlsxwriter.Book) and its width."""

    def __init__(self, book: Book, lang: str = "vi") -> None:
        self.book = book
        self.lang = lang

    def column(self, values: list[Any], key: str | None, width: int) -> tuple[list[str], int]:
        """The fragments of one column's values, and the column's width (at least `width`).
        Values repeat (labels, units, scores, years): each distinct one is examined and
        encoded once per column."""
        seen: dict[Any, tuple[str, int]] = {}
        classify = self._value
        out: list[str] = []
        add = out.append
        for value in values:
            kind = type(value)
            if kind is str:
                mark: Any = value
            elif value is None:
                add("")
                continue
            else:
                mark = (kind, value)  # 1, 1.0 and True are equal as keys, not as cells
            try:
                add(seen[mark][0])
            except KeyError:
                done = seen[mark] = classify(value, key)
                add(done[0])
            except TypeError:  # a list or a set
                fragment, size = classify(value, key)
                width = max(width, size)
                add(fragment)
        return out, max([width, *(size for _, size in seen.values())])

    def _value(self, value: Any, key: str | None) -> tuple[str, int]:
        book = self.book
        if _finite_number(value):
            width = len(cell_text(value, self.lang, key))
            if is_plain_key(key):
                return book.number(value), width
            if isinstance(value, int) or value == int(value):
                return book.number(value, WHOLE), width
            return book.number(value, FRACTION), width
        if isinstance(value, dt.date) and getattr(value, "tzinfo", None) is None:
            stamp = isinstance(value, dt.datetime)  # aware datetimes go as ISO text below
            return book.date(value), 16 if stamp else 10
        text = value if type(value) is str else cell_text(value, self.lang, key)
        if not text:
            return "", 0
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("", text)
            if not text:
                return "", 0
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1] + "…"
        if text.isascii():
            width = len(text) if "\n" not in text else text_width(text)
        else:
            width = len(text) if _ONE_WIDE.fullmatch(text) else text_width(text)
        wrapped, quoted = "\n" in text, is_dangerous(text)
        if wrapped:
            style = QUOTED_WRAPPED if quoted else WRAPPED
        else:
            style = QUOTED if quoted else PLAIN
        return book.text(text, style), width


def _text_cell(book: Book, text: str, style: int, quoted_style: int) -> str:
    """A header or summary cell: safe text in the bold or italic style."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return book.text(text, quoted_style if is_dangerous(text) else style) if text else ""


def fill_sheet(
    book: Book,
    name: str,
    columns: list[Column],
    rows: list[tuple[str, dict[str, Any]]],
    *,
    section_column: bool = False,
    summary: str | None = None,
    lang: str = "vi",
) -> None:
    """Header row, data rows, then the summary under a blank row, as one sheet of `book`.

    Each row comes with its section title, written in a first `section` column if asked.
    The widths are measured first: the sheet's XML gives them before its rows.
    """
    titles = ([SECTION_HEADER] if section_column else []) + [c.title for c in columns]
    widths = [text_width(t) + 2 for t in titles]  # bold and the filter button need room
    cells = _Cells(book, lang)
    columns_out = []
    keys: list[str | None] = ([None] if section_column else []) + [c.key for c in columns]
    for j, key in enumerate(keys):
        values: list[Any]
        if key is None:  # the section column
            values = [label for label, _ in rows]
        else:
            values = [row.get(key) for _, row in rows]
        fragments, widths[j] = cells.column(values, key, widths[j])
        columns_out.append(fragments)
    body = list(zip(*columns_out, strict=True)) if columns_out else []
    header = [_text_cell(book, t, BOLD, BOLD_QUOTED) for t in titles]
    last = len(rows) + 1
    tail: list[tuple[int, Sequence[str]]] = []
    if summary:
        last = len(rows) + 3
        tail = [(last, [_text_cell(book, summary, ITALIC, ITALIC_QUOTED)])]
    book.sheet(
        name,
        [min(MAX_WIDTH, max(MIN_WIDTH, width + 1)) for width in widths],
        [(1, header), *enumerate(body, start=2), *tail],
        last_row=last,
        autofilter=f"A1:{column_letter(len(titles))}{len(rows) + 1}" if titles else None,
    )


def write_workbook(doc: Document, target: Any) -> None:
    """The document as an xlsx workbook, written to the binary file `target`."""
    book = Book(target, doc.lang)
    sections: list[Section] = doc.sections
    taken: set[str] = set()
    if not sections:
        book.sheet(sheet_name(doc.title, taken), [], [], last_row=1, freeze=False)
    elif len(sections) > MAX_SHEETS:
        rows = [(s.title, row) for s in sections for row in s.rows]
        fill_sheet(book, sheet_name(doc.title, taken), merged_columns(sections), rows,
                   section_column=True, lang=doc.lang)
    else:
        for section in sections:
            rows = [(section.title, r) for r in section.rows]
            fill_sheet(book, sheet_name(section.title, taken), section.columns, rows,
                       summary=section.summary, lang=doc.lang)
    book.close(doc.title, doc.subtitle)


def render_xlsx(doc: Document) -> bytes:
    buffer = io.BytesIO()
    write_workbook(doc, buffer)
    return buffer.getvalue()
