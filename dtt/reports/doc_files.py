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
from importlib import resources
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


def default_template(kind: str) -> Path:
    """The bundled template of a document kind (dtt/data/templates/KIND.docx)."""
    path = resources.files("dtt") / "data" / "templates" / f"{kind}.docx"
    return Path(str(path))


def _docxtpl() -> Any:
    try:
        import docxtpl  # type: ignore[import-untyped]
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
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError):
        raise DttError("PDF needs WeasyPrint: pip install 'dtt[pdf]'") from None
    from dtt.reports.admin_html import admin_html

    return bytes(weasyprint.HTML(string=admin_html(doc)).write_pdf())
