"""An AdminDoc as a .docx (python-docx): A4, Times New Roman 13, the two-column heading, the
title, tables with a repeated header row, the recipients and the signature blocks.
"""

from __future__ import annotations

import io
import re

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from dtt.reports.docmodel import AdminDoc, Para, Table

FONT = "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text or "")


def _para(container, text: str, *, bold=False, italic=False, align="left", size=13,
          underline=False, space_after=2):
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    run = p.add_run(_clean(text))
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def _first_para(cell: _Cell, text: str, **kw):
    p = cell.paragraphs[0]
    p.alignment = ALIGN[kw.get("align", "left")]
    run = p.add_run(_clean(text))
    run.bold = kw.get("bold", False)
    run.italic = kw.get("italic", False)
    run.font.size = Pt(kw.get("size", 12))
    return p


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)


def _heading(doc, admin: AdminDoc) -> None:
    national, motto = admin.national()
    grid = doc.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = grid.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9.5)
    for i, line in enumerate(admin.issuer):
        if i == 0:  # the body above the issuer is not bold, the issuer is
            p = _first_para(left, line, bold=len(admin.issuer) == 1, align="center", size=12)
        else:
            p = _para(left, line, bold=True, align="center", size=12, space_after=0)
        p.paragraph_format.space_after = Pt(0)
    _para(left, "———", align="center", size=10, space_after=0)
    if admin.number:
        _para(left, admin.number, align="center", size=13)
    _first_para(right, national, bold=True, align="center", size=12)
    _para(right, motto, bold=True, align="center", size=13, underline=True, space_after=6)
    _para(right, admin.place_date, italic=True, align="center", size=13)


def _table(doc, block: Table, width_cm: float) -> None:
    cols = len(block.headers)
    table = doc.add_table(rows=1, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = block.widths or [1.0] * cols
    total = sum(weights)
    widths = [Cm(width_cm * w / total) for w in weights]
    header = table.rows[0]
    _repeat_header(header)
    for j, title in enumerate(block.headers):
        header.cells[j].width = widths[j]
        _first_para(header.cells[j], title, bold=True, align="center", size=11)
    for i, values in enumerate(block.rows):
        cells = table.add_row().cells
        group = i in block.group_rows
        for j, value in enumerate(values):
            cells[j].width = widths[j]
            align = "center" if j in block.numeric else "left"
            _first_para(cells[j], value, bold=group, align=align, size=11)
        if group and cols > 2:  # the group label spans the row after the number
            merged = cells[1].merge(cells[cols - 1])
            for extra in merged.paragraphs[1:]:
                extra._element.getparent().remove(extra._element)


def _signatures(doc, admin: AdminDoc) -> None:
    cols = max(2, len(admin.signers) + (1 if admin.recipients else 0))
    grid = doc.add_table(rows=1, cols=cols)
    cells = grid.rows[0].cells
    start = 0
    if admin.recipients:
        for i, line in enumerate(admin.recipients):
            if i == 0:
                _first_para(cells[0], line, bold=True, italic=True, size=12)
            else:
                _para(cells[0], line, size=11, space_after=0)
        start = 1
    offset = cols - len(admin.signers) if start == 0 else start
    for k, signer in enumerate(admin.signers):
        cell = cells[offset + k] if offset + k < cols else cells[-1]
        for i, role in enumerate(signer.role):
            if i == 0:
                _first_para(cell, role, bold=True, align="center", size=13)
            else:
                _para(cell, role, bold=True, align="center", space_after=0)
        _para(cell, signer.note, italic=True, align="center", size=12, space_after=48)
        _para(cell, signer.name, bold=True, align="center")


def docx_bytes(admin: AdminDoc) -> bytes:
    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if admin.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    width_cm = (29.7 if admin.landscape else 21.0) - 4.5
    doc.core_properties.title = _clean(admin.title)
    _heading(doc, admin)
    _para(doc, admin.title, bold=True, align="center", size=14, space_after=2).paragraph_format \
        .space_before = Pt(12)
    for line in admin.subtitle:
        _para(doc, line, bold=True, align="center", size=13)
    _para(doc, "", space_after=4)
    for block in admin.blocks:
        if isinstance(block, Para):
            _para(doc, block.text, bold=block.bold, italic=block.italic,
                  align=block.align, space_after=6 if block.heading else 3)
        else:
            _table(doc, block, width_cm)
            _para(doc, "", space_after=2)
    _signatures(doc, admin)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
