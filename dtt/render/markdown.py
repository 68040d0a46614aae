"""Markdown: a `#` title, a `##` heading per section, a pipe table and the summary line."""

from __future__ import annotations

import re

from dtt.messages import t
from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text

_RULES = {"left": ":---", "right": "---:", "center": ":---:"}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_cell(text: str) -> str:
    """Text safe inside a pipe-table cell: `|` and markdown punctuation escaped, breaks as <br>."""
    lines = re.split(r"\r\n|\r|\n", text.strip())
    return "<br>".join(_INLINE_SPECIAL.sub(r"\\\1", line) for line in lines)


def escape_inline(text: str) -> str:
    """Text safe as a heading or paragraph: markdown punctuation escaped, one line."""
    text = " ".join(text.split())
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def section_markdown(section: Section, lang: str = "vi") -> str:
    lines = [f"## {escape_inline(section.title)}", ""]
    if section.columns and section.rows:
        titles = [escape_cell(c.title) or " " for c in section.columns]
        rules = [_RULES[align_of(section, c)] for c in section.columns]
        lines.append("| " + " | ".join(titles) + " |")
        lines.append("| " + " | ".join(rules) + " |")
        for row in section.rows:
            cells = [escape_cell(cell_text(row.get(c.key), lang, c.key)) for c in section.columns]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append(f"_{t('render.no_rows', lang)}_")
    if section.summary:
        lines += ["", escape_inline(section.summary)]
    return "\n".join(lines)


def render_markdown(doc: Document) -> str:
    parts = [f"# {escape_inline(doc.title)}"]
    if doc.subtitle:
        parts.append(escape_inline(doc.subtitle))
    parts += [section_markdown(s, doc.lang) for s in doc.sections]
    return "\n\n".join(parts) + "\n"
