"""A fast plain-text table writer for long reports (tens of thousands of rows).

It draws what the rich tables of `dtt.render.table` draw — the title, a header, a rule, rows
with long cells wrapped, the summary — at a fixed width, in a fraction of rich's time.
Vietnamese text is NFC, one column per character.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TextIO

from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text

WIDTH = 100
GAP = "  "


def _text(value: object) -> str:
    return value if type(value) is str else cell_text(value)


def _widths(section: Section, texts: list[list[str]], width: int) -> list[int]:
    """Each column's width: its longest cell up to its max_width; the last flexible column
    takes what is left of `width`."""
    cols = section.columns
    natural = [max([len(c.title)] + [len(row[i]) for row in texts]) for i, c in enumerate(cols)]
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


def section_lines(section: Section, width: int = WIDTH) -> Iterator[str]:
    cols = section.columns
    texts = [[_text(row.get(c.key)) for c in cols] for row in section.rows]
    widths = _widths(section, texts, width)
    right = [align_of(section, c) == "right" for c in cols]
    wrapped_cache: dict[tuple[str, int], list[str]] = {}

    pattern = GAP.join(f"{{:{'>' if r else '<'}{w}}}" for w, r in zip(widths, right,
                                                                    strict=True))

    def line(cells: list[str]) -> str:
        return pattern.format(*cells).rstrip()

    yield line([c.title if len(c.title) <= w else c.title[:w] for c, w in zip(cols, widths,
                                                                            strict=True)])
    yield "─" * min(width, sum(widths) + len(GAP) * (len(cols) - 1))
    for row in texts:
        if all(len(t) <= w for t, w in zip(row, widths, strict=True)) and not any(
                "\n" in t for t in row):
            yield pattern.format(*row).rstrip()
            continue
        wrapped = []
        for t, w in zip(row, widths, strict=True):
            if len(t) <= w and "\n" not in t:
                wrapped.append([t])
                continue
            key = (t, w)
            if key not in wrapped_cache:
                wrapped_cache[key] = wrap(t, w)
            wrapped.append(wrapped_cache[key])
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
