"""Wide tables for the terminal: split the columns over several tables that each fit the width,
repeating the leading key columns, so that no column is dropped and no value cut."""

from __future__ import annotations

from dataclasses import replace

from dtt.render.model import Section
from dtt.render.values import cell_text, text_width

GAP = 3  # padding, rule and padding between two columns of the simple table


def column_width(section: Section, key: str, title: str, max_width: int | None = None,
                 lang: str = "vi") -> int:
    """The column's width on the page: its widest cell or title, at most `max_width` (its
    text then wraps), never narrower than the title's longest word."""
    widths = [text_width(title)] + [text_width(cell_text(row.get(key), lang, key))
                                    for row in section.rows]
    natural = max(widths)
    if max_width is None:
        return natural
    longest = max((text_width(w) for w in title.split()), default=1)
    return max(longest, min(natural, max_width))


def split_columns(section: Section, width: int = 100, keep: int = 1,
                  lang: str = "vi") -> list[Section]:
    """The section as one or more sections whose columns fit `width`; each repeats the first
    `keep` columns. A column with a max_width wraps its text within it; a single column wider
    than the rest of the page has its text wrapped."""
    widths = [column_width(section, c.key, c.title, c.max_width, lang) for c in section.columns]
    total = sum(widths) + GAP * (len(widths) - 1)
    if total <= width or len(section.columns) <= keep + 1:
        return [section]
    head = section.columns[:keep]
    head_width = sum(widths[:keep]) + GAP * keep
    pages: list[list[int]] = [[]]
    used = head_width
    for i in range(keep, len(section.columns)):
        need = widths[i] + GAP
        if pages[-1] and used + need > width:
            pages.append([])
            used = head_width
        pages[-1].append(i)
        used += need
    room = max(8, width - head_width - GAP)
    out = []
    for n, page in enumerate(pages, start=1):
        columns = list(head) + [
            replace(section.columns[i], max_width=room) if widths[i] > room
            else section.columns[i] for i in page]
        out.append(replace(section, title=f"{section.title} ({n}/{len(pages)})",
                           columns=columns,
                           summary=section.summary if n == len(pages) else None))
    return out
