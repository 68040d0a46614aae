"""One self-contained HTML5 page: inline CSS, no network, escaped text, prints on A4.

Other modules build richer pages with `html_page` and `section_table_html`.
"""

from __future__ import annotations

from html import escape

from dtt.messages import t
from dtt.render.model import Document, Section
from dtt.render.values import align_of, cell_text

BASE_CSS = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, "Helvetica Neue", "Noto Sans", sans-serif;
  font-size: 14px; line-height: 1.4; color: #1a1a1a; margin: 24px auto; max-width: 1200px;
  padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.subtitle { color: #555; margin: 0 0 16px; }
p.summary { font-style: italic; margin: 6px 0 0; }
p.empty { color: #777; font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: 4px 8px; vertical-align: top; text-align: left;
  white-space: pre-line; }
thead th { background: #eef2f7; font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafafa; }
.right { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.center { text-align: center; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(even) td { background: none; }
  thead th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(value: object, lang: str = "vi", key: str | None = None) -> str:
    """A value as escaped HTML text (quotes too, so it is safe in attributes), numbers and
    dates in the form of `lang`."""
    return escape(cell_text(value, lang, key), quote=True)


def html_page(title: str, body_html: str, extra_css: str = "", *, heading: bool = True,
              lang: str = "vi") -> str:
    """A complete UTF-8 HTML5 page around `body_html` (which must already be escaped).

    `title` is escaped here and used for <title> and, unless heading=False, an <h1>.
    `extra_css` is appended to the base style sheet; it must not come from user input.
    `lang` is the page's language (vi or en).
    """
    h1 = f"<h1>{escape(title)}</h1>\n" if heading else ""
    css = BASE_CSS + (extra_css.replace("</", "<\\/") if extra_css else "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n"
        f"<body>\n{h1}{body_html}\n</body>\n</html>\n"
    )


def section_table_html(section: Section, lang: str = "vi") -> str:
    """One section as <section>: an <h2>, a table (numbers right-aligned), the summary."""
    parts = ["<section>", f"<h2>{escape(section.title)}</h2>"]
    if section.columns and section.rows:
        aligns = [align_of(section, c) for c in section.columns]
        classes = ["" if a == "left" else f' class="{a}"' for a in aligns]
        pairs = list(zip(section.columns, classes, strict=True))
        head = "".join(f"<th{cls}>{escape(c.title)}</th>" for c, cls in pairs)
        parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>")
        for row in section.rows:
            cells = "".join(
                f"<td{cls}>{esc(row.get(c.key), lang, c.key)}</td>"
                for c, cls in pairs
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody>\n</table>")
    else:
        parts.append(f'<p class="empty">{escape(t("render.no_rows", lang))}</p>')
    if section.summary:
        parts.append(f'<p class="summary">{escape(section.summary)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def render_html(doc: Document) -> str:
    """The page: the title, the subtitle, the Document's own HTML intro, then each section."""
    body = []
    if doc.subtitle:
        body.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    if doc.html_intro:
        body.append(doc.html_intro)
    body += [section_table_html(s, doc.lang) for s in doc.sections]
    return html_page(doc.title, "\n".join(body), doc.html_css, lang=doc.lang)
