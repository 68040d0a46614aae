"""The official documents as files beyond dtt's own .docx and .html: a Word document from a
.docx template the office edits (docxtpl, the `docx` extra), a PDF through WeasyPrint (the
`pdf` extra), and the check of a template's fields.

A template sees one context (`template_context`): the heading (`issuer`, `issuer_top`,
`issuer_unit`, `number`, `national`, `motto`, `place_date`), `title`, `subtitle`,
`appendix`, `paragraphs` (text), `tables` (each `headers`, `rows`, `groups`), `table` (the
first table), `rows` (its rows), `recipients`, `signers` (each `role`, `note`, `name`) and
`lang`. Fields outside these are reported by `dtt template check FILE`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from dtt.errors import DttError, InputError
from dtt.reports.docmodel import AdminDoc, Para, Table

# the names a template may use at its top level
CONTEXT_FIELDS = frozenset({
    "issuer", "issuer_top", "issuer_unit", "number", "national", "motto", "place_date",
    "title", "subtitle", "appendix", "paragraphs", "blocks", "tables", "table", "rows",
    "recipients", "signers", "lang", "kind",
})
# names a template's own loops and Jinja itself bring (loop variables are found separately)
_JINJA = frozenset({"loop", "range", "true", "false", "none", "True", "False", "None"})
TEMPLATES = ("proposal", "summary", "minutes")


def template_context(doc: AdminDoc, kind: str = "") -> dict[str, Any]:
    """Everything a .docx template may show, as plain text, lists and dicts."""
    national, motto = doc.national()
    tables: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            tables.append({"headers": b.headers, "rows": b.rows, "groups": sorted(b.group_rows)})
            blocks.append({"kind": "table", **tables[-1]})
        else:
            blocks.append({"kind": "heading" if b.heading else "text", "text": b.text,
                           "bold": b.bold, "italic": b.italic})
    return {
        "kind": kind, "lang": doc.lang, "issuer": doc.issuer,
        "issuer_top": doc.issuer[0] if len(doc.issuer) > 1 else "",
        "issuer_unit": doc.issuer[-1] if doc.issuer else "",
        "number": doc.number, "national": national, "motto": motto,
        "place_date": doc.place_date, "title": doc.title, "subtitle": doc.subtitle,
        "appendix": doc.appendix,
        "paragraphs": [b.text for b in doc.blocks if isinstance(b, Para)],
        "blocks": blocks, "tables": tables, "table": tables[0] if tables else {},
        "rows": tables[0]["rows"] if tables else [], "recipients": doc.recipients,
        "signers": [{"role": " ".join(s.role), "note": s.note, "name": s.name}
                    for s in doc.signers],
    }


def default_template_bytes() -> bytes:
    """The bundled template (every document kind): dtt's own form — the heading, the title,
    each paragraph and table of the document in turn (tables with as many columns as the
    document has), the signatures, page numbers from page 2 — as a .docx with docxtpl tags
    that the office can restyle in Word and give back with `--template`."""
    from docx import Document as new_docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from dtt.reports.docx_writer import FONT, _page_numbers, _para

    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _page_numbers(section)
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    for column, width in zip(head.columns, (Cm(6.5), Cm(10.0)), strict=True):
        column.width = width
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10.0)
    left.paragraphs[0].add_run("{%p for line in issuer %}")
    _para(left, "{{ line }}", bold=False, align="center", size=12, space_after=0)
    _para(left, "{%p endfor %}", size=12, space_after=0)
    _para(left, "———", align="center", size=10, space_after=0)
    _para(left, "{{ number }}", align="center", size=13)
    national = right.paragraphs[0].add_run("{{ national }}")
    national.bold, national.font.size = True, Pt(12)
    right.paragraphs[0].alignment = 1
    _para(right, "{{ motto }}", bold=True, align="center", size=13, underline=True)
    _para(right, "{{ place_date }}", italic=True, align="center", size=13)
    _para(doc, "{{ appendix }}", bold=True, align="center")
    _para(doc, "{{ title }}", bold=True, align="center", size=14)
    _para(doc, "{%p for line in subtitle %}")
    _para(doc, "{{ line }}", bold=True, align="center")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p for b in blocks %}")
    _para(doc, '{%p if b.kind == "table" %}')
    grid = doc.add_table(rows=4, cols=3)
    grid.style = "Table Grid"
    for row, cells in ((0, ("{%tc for h in b.headers %}", "{{ h }}", "{%tc endfor %}")),
                       (2, ("{%tc for v in row %}", "{{ v }}", "{%tc endfor %}"))):
        for j, text in enumerate(cells):
            grid.rows[row].cells[j].paragraphs[0].add_run(text).bold = row == 0
    grid.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in b.rows %}")
    grid.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{%p else %}")
    _para(doc, "{{ b.text }}", space_after=3)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")
    sign = doc.add_table(rows=1, cols=3)
    cells = sign.rows[0].cells
    cells[0].paragraphs[0].add_run("{%tc for s in signers %}")
    cells[1].paragraphs[0].add_run("{{ s.role }}").bold = True
    cells[1].paragraphs[0].alignment = 1
    _para(cells[1], "{{ s.note }}", italic=True, align="center", space_after=48)
    _para(cells[1], "{{ s.name }}", bold=True, align="center")
    cells[2].paragraphs[0].add_run("{%tc endfor %}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docxtpl() -> Any:
    try:
        import docxtpl
    except ImportError:
        raise DttError("Word templates need docxtpl: pip install 'dtt[docx]'") from None
    return docxtpl


def _template_xml(path: Path) -> str:
    """The text of the template's document, headers and footers (for its fields)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist()
                     if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
            xml = "".join(z.read(n).decode("utf-8") for n in names)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise InputError(f"not a .docx file ({exc})", file=str(path)) from None
    text = re.sub(r"<[^>]+>", "", xml)  # Word splits a field over runs: join the text
    return text.replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&") \
        .replace("&lt;", "<").replace("&gt;", ">")


def template_fields(path: Path) -> list[str]:
    """The top-level names the template reads (outside its own loop variables)."""
    from jinja2 import Environment, meta

    text = _template_xml(path)
    # docxtpl's tags ({%tr …%}, {%p …%}, {{r …}}) read as plain Jinja once the prefix goes
    text = re.sub(r"\{%\s*(tr|tc|p|r)\s", "{% ", text)
    text = re.sub(r"\{\{\s*(r|p)\s", "{{ ", text)
    try:
        parsed = Environment().parse(text)
    except Exception as exc:  # jinja2.TemplateSyntaxError, with its line
        raise InputError(f"the template is not valid: {exc}", file=str(path)) from None
    return sorted(meta.find_undeclared_variables(parsed) - _JINJA)


def unknown_fields(path: Path) -> list[str]:
    """The fields of the template that no document gives."""
    return [f for f in template_fields(path) if f not in CONTEXT_FIELDS]


def template_docx_bytes(doc: AdminDoc, template: Path, kind: str = "") -> bytes:
    """The document filled into a .docx template (docxtpl); unknown fields are refused."""
    docxtpl = _docxtpl()
    if not Path(template).is_file():
        raise InputError("no such template file", file=str(template), field="--template")
    unknown = unknown_fields(Path(template))
    if unknown:
        raise InputError(f"unknown fields in the template: {', '.join(unknown)} (see `dtt "
                         "template check`)", file=str(template), field="--template")
    tpl = docxtpl.DocxTemplate(str(template))
    tpl.render(template_context(doc, kind), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def pdf_bytes(doc: AdminDoc) -> bytes:
    """The document's HTML form printed to PDF by WeasyPrint (A4, page numbers from page 2)."""
    try:
        import weasyprint
    except (ImportError, OSError):
        raise DttError("PDF needs WeasyPrint: pip install 'dtt[pdf]'") from None
    from dtt.reports.admin_html import admin_html

    return bytes(weasyprint.HTML(string=admin_html(doc)).write_pdf())
