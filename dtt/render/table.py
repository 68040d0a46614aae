"""The terminal table: one rich table per section, its title above and its summary below."""

from __future__ import annotations

import io
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dtt.limits import visible
from dtt.messages import t
from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text, is_numeric_column

WIDTH = 100  # tables fit 100 columns when the width is not the terminal's


def section_table(section: Section, lang: str = "vi") -> Table:
    """A rich Table for one section; every value goes in as plain Text, never as markup."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in section.columns:
        numeric = is_numeric_column(section, column)
        table.add_column(
            Text(visible(column.title)),
            justify=align_of(section, column),  # type: ignore[arg-type]
            max_width=column.max_width,
            overflow="fold",
            no_wrap=numeric and column.max_width is None,  # a long header still wraps
        )
    for row in section.rows:
        table.add_row(*(Text(visible(cell_text(row.get(c.key), lang, c.key)))
                        for c in section.columns))
    return table


def print_document(doc: Document, console: Console) -> None:
    """Write the whole document to a rich console."""
    console.print(Text(doc.title, style="bold"))
    if doc.subtitle:
        console.print(Text(doc.subtitle, style="dim"))
    for section in doc.sections:
        console.print()
        console.print(Text(section.title, style="bold underline"))
        if section.columns and section.rows:
            console.print(section_table(section, doc.lang))
        else:
            console.print(Text(t("render.no_rows", doc.lang), style="dim"))
        if section.summary:
            console.print(Text(section.summary, style="italic"))


def plain_console(file: IO[str] | None = None, width: int = WIDTH) -> Console:
    """A console that writes plain text (no colour, no ANSI codes) at a fixed width."""
    return Console(
        file=file or io.StringIO(),
        width=width,
        no_color=True,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def render_table(doc: Document, width: int = WIDTH) -> str:
    """The document as plain text tables, as written to a file."""
    buffer = io.StringIO()
    print_document(doc, plain_console(buffer, width))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
