"""The table writer for long documents (tens of thousands of rows): plain text, streamed.

It draws what the rich tables of `dtt.render.table` draw — the title, a header, a rule, rows
with long cells wrapped, the summary — in its own layout at a fixed width, in a fraction of
rich's time. Vietnamese text is NFC, one column per character. `emit` uses it for a Document
marked `long`.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import starmap
from operator import itemgetter
from typing import TextIO, cast

from dtt.limits import visible
from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text

WIDTH = 100
GAP = "  "
CHUNK = 2000  # lines per write


def _text(value: object, lang: str = "vi", key: str | None = None) -> str:
    return visible(value if type(value) is str else cell_text(value, lang, key))


def _widths(section: Section, by_column: list[list[str]], width: int) -> list[int]:
    """Each column's width: its longest cell up to its max_width; the last flexible column
    takes what is left of `width`."""
    cols = section.columns
    natural = [max(len(c.title), max(map(len, cells), default=0))
               for c, cells in zip(cols, by_column, strict=True)]
    out = []
    for c, n in zip(cols, natural, strict=True):
        low = max(len(w) for w in c.title.split()) if c.title.strip() else 1
        out.append(max(low, min(n, c.max_width or n)))
    spare = width - sum(out) - len(GAP) * (len(cols) - 1)
    flexible = [i for i, c in enumerate(cols) if c.max_width]
    if flexible and spare > 0:  # give the room left to the last wrapped column
        last = flexible[-1]
        out[last] = min(natural[last], out[last] + spare)
    while spare < 0 and flexible:  # too wide: shrink the wrapped columns, widest first
        i = max(flexible, key=lambda j: out[j])
        if out[i] <= 6:
            break
        out[i] -= 1
        spare += 1
    return out


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (long words are cut); line breaks in the text are kept."""
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        current = ""
        for word in part.split(" "):
            while len(word) > width:
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:width])
                word = word[width:]
            if not current:
                current = word
            elif len(current) + 1 + len(word) <= width:
                current += " " + word
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


# (column key, type, value) → its text, shared by a document's sections (scores and ranks
# repeat across sections as within one)
_Seen = dict[tuple[str, str, type, object], str]


def _cells(section: Section, lang: str = "vi",
           seen: _Seen | None = None) -> list[list[str]]:
    """Each column's cells as text (columns of text are taken as they are); the text of each
    distinct number (and None) of a column is made once, remembered in `seen`."""
    out: list[list[str]] = []
    rows = section.rows
    if seen is None:
        seen = {}
    for c in section.columns:
        try:
            values = list(map(itemgetter(c.key), rows))
        except KeyError:
            values = [row.get(c.key) for row in rows]
        if all(type(v) is str for v in values):
            out.append(cast(list[str], values))
        else:
            texts: list[str] = []
            column, get = c.key, seen.get
            for v in values:
                kind = type(v)
                if kind is not float and kind is not int and v is not None:
                    texts.append(_text(v, lang, column))
                    continue
                key = (lang, column, kind, v)
                text = get(key)
                if text is None:
                    text = seen[key] = _text(v, lang, column)
                texts.append(text)
            out.append(texts)
    return out


def section_lines(section: Section, width: int = WIDTH, lang: str = "vi",
                  seen: _Seen | None = None) -> Iterator[str]:
    """The header, the rule and every row of a section, one line at a time (`seen`: the
    texts of numbers already made, shared by the sections of a document)."""
    cols = section.columns
    by_column = _cells(section, lang, seen)
    widths = _widths(section, by_column, width)
    right = [align_of(section, c) == "right" for c in cols]
    pattern = GAP.join(f"{{:{'>' if r else '<'}{w}}}" for w, r in zip(widths, right,
                                                                    strict=True))
    fmt = pattern.format
    yield fmt(*(c.title[:w] for c, w in zip(cols, widths, strict=True))).rstrip()
    yield "─" * min(width, sum(widths) + len(GAP) * (len(cols) - 1))
    # only the rows with a cell too long (or with a line break) wrap: find them per column
    long_rows: dict[int, list[int]] = {}  # row → its columns that wrap
    for i, (column, w) in enumerate(zip(by_column, widths, strict=True)):
        breaks = "\n" in "".join(column)
        if not breaks and max(map(len, column), default=0) <= w:
            continue
        for r, text in enumerate(column):
            if len(text) > w or (breaks and "\n" in text):
                long_rows.setdefault(r, []).append(i)
    texts = zip(*by_column, strict=True)
    if not long_rows:
        yield from map(str.rstrip, starmap(fmt, texts))
        return
    wrapped_cache: dict[tuple[str, int], list[str]] = {}
    empty = [""] * len(cols)
    for r, row in enumerate(texts):
        long = long_rows.get(r)
        if long is None:
            yield fmt(*row).rstrip()
            continue
        parts: list[tuple[int, list[str]]] = []  # each wrapping cell as its lines
        for i in long:
            key = (row[i], widths[i])
            got = wrapped_cache.get(key)
            if got is None:
                got = wrapped_cache[key] = wrap(row[i], widths[i])
            parts.append((i, got))
        line = list(row)
        for i, got in parts:
            line[i] = got[0]
        yield fmt(*line).rstrip()
        height = max(len(got) for _, got in parts)
        for k in range(1, height):
            line = empty.copy()
            for i, got in parts:
                if k < len(got):
                    line[i] = got[k]
            yield fmt(*line).rstrip()


def write_lines(lines: Iterable[str], out: TextIO, chunk: int = CHUNK) -> None:
    """Write lines to `out` a block of `chunk` lines at a time (one write per block)."""
    block: list[str] = []
    for line in lines:
        block.append(line)
        if len(block) >= chunk:
            block.append("")
            out.write("\n".join(block))
            block = []
    if block:
        block.append("")
        out.write("\n".join(block))


def document_lines(doc: Document, width: int = WIDTH, bold: bool = False) -> Iterator[str]:
    """The whole document, line by line: title, then each section's table and summary."""
    def strong(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if bold else text

    yield strong(doc.title)
    if doc.subtitle:
        yield doc.subtitle
    seen: _Seen = {}
    for section in doc.sections:
        yield ""
        yield strong(section.title)
        if section.columns and section.rows:
            yield from section_lines(section, width, doc.lang, seen)
        else:
            yield "(—)"
        if section.summary:
            yield section.summary


def write_document(doc: Document, out: TextIO, width: int = WIDTH, bold: bool = False) -> None:
    """The document as text to `out`, streamed in blocks of lines."""
    write_lines(document_lines(doc, width, bold), out)


def document_text(doc: Document, width: int = WIDTH) -> str:
    """The document as plain text at `width` columns, as written to a file."""
    buffer = io.StringIO()
    write_document(doc, buffer, width)
    return buffer.getvalue()


def print_long(doc: Document) -> None:
    """To stdout (UTF-8 whatever the locale): the terminal's width (and bold) on a terminal,
    else 100 plain columns."""
    tty = sys.stdout.isatty()
    width = max(60, os.get_terminal_size().columns) if tty else WIDTH
    bold = tty and "NO_COLOR" not in os.environ
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream, e.g. io.StringIO in a test
        write_document(doc, sys.stdout, width=width, bold=bold)
        sys.stdout.flush()
        return
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True)
    try:
        write_document(doc, stream, width=width, bold=bold)
        stream.flush()
    finally:
        stream.detach()  # leave sys.stdout's buffer open
