"""A fast plain-text table writer for long reports (tens of thousands of rows).

It draws what the rich tables of `dtt.render.table` draw — the title, a header, a rule, rows
with long cells wrapped, the summary — at a fixed width, in a fraction of rich's time.
Vietnamese text is NFC, one column per character.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterator
from typing import TextIO

from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text

WIDTH = 100
GAP = "  "


def _widths(section: Section, width: int) -> list[int]:
    """Each column's width: its longest cell up to its max_width; the last flexible column
    takes what is left of `width`."""
    cols = section.columns
    natural = [len(c.title) for c in cols]
    for row in section.rows:
        for i, c in enumerate(cols):
            n = len(cell_text(row.get(c.key)))
            if n > natural[i]:
                natural[i] = n
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


def _cell_lines(text: str, width: int) -> list[str]:
    if len(text) <= width and "\n" not in text:
        return [text]
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        lines += textwrap.wrap(part, width, break_long_words=True, break_on_hyphens=False) or [""]
    return lines


def section_lines(section: Section, width: int = WIDTH) -> Iterator[str]:
    cols = section.columns
    widths = _widths(section, width)
    right = [align_of(section, c) == "right" for c in cols]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right,
                                                                     strict=True)]
        return GAP.join(parts).rstrip()

    yield line([c.title if len(c.title) <= w else c.title[:w] for c, w in zip(cols, widths,
                                                                            strict=True)])
    yield "─" * min(width, sum(widths) + len(GAP) * (len(cols) - 1))
    for row in section.rows:
        texts = [cell_text(row.get(c.key)) for c in cols]
        if all(len(t) <= w for t, w in zip(texts, widths, strict=True)):
            yield line(texts)
            continue
        wrapped = [_cell_lines(t, w) for t, w in zip(texts, widths, strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            yield line([x[k] if k < len(x) else "" for x in wrapped])


def write_document(doc: Document, out: TextIO, width: int = WIDTH, bold: bool = False) -> None:
    def strong(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if bold else text

    out.write(strong(doc.title) + "\n")
    if doc.subtitle:
        out.write(doc.subtitle + "\n")
    for section in doc.sections:
        out.write("\n" + strong(section.title) + "\n")
        if section.columns and section.rows:
            out.write("\n".join(section_lines(section, width)) + "\n")
        else:
            out.write("(—)\n")
        if section.summary:
            out.write(section.summary + "\n")


def print_fast(doc: Document) -> None:
    """To stdout: the terminal's width (and bold) on a terminal, else 100 plain columns."""
    tty = sys.stdout.isatty()
    width = os.get_terminal_size().columns if tty else WIDTH
    bold = tty and "NO_COLOR" not in os.environ
    write_document(doc, sys.stdout, width=max(60, width), bold=bold)
    sys.stdout.flush()
