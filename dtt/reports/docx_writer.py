"""An AdminDoc as a .docx (python-docx): A4, Times New Roman 13, the two-column heading, the
title, tables with a repeated header row, the recipients and the signature blocks.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
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


def _heading(doc, admin: AdminDoc) -> None:
    national, motto = admin.national()
    grid = doc.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    left, right = grid.rows[0].cells
    # the national heading (12 pt bold, about 8.2 cm) keeps to one line in the right column
    text_width = (29.7 if admin.landscape else 21.0) - 4.5
    widths = (Cm(text_width - 10.0), Cm(10.0))
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    left.width, right.width = widths
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


_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _run_xml(text: str, *, bold: bool = False, size: int = 11) -> str:
    props = ("<w:b/>" if bold else "") + f'<w:sz w:val="{size * 2}"/>'
    parts = _clean(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def _cell_xml(text: str, width: int, *, bold: bool = False, align: str = "left",
              span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}'
            f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:spacing w:before="0" '
            f'w:after="0"/><w:jc w:val="{align}"/></w:pPr>{_run_xml(text, bold=bold)}'
            "</w:p></w:tc>")


def table_xml(block: Table, width_cm: float) -> str:
    """The whole table as WordprocessingML, built as text in one pass (a 700-row list in a
    fraction of a second, where python-docx's cell-by-cell API takes many seconds): fixed
    column widths, the header row repeated on every page, rows never split over two pages,
    a group row's label spanning the row after its number."""
    cols = len(block.headers)
    weights = block.widths or [1.0] * cols
    total = sum(weights)
    widths = [int(width_cm * 567 * w / total) for w in weights]  # twips (1 cm = 567)
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
           '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
           '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append('</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
    out += [_cell_xml(title, widths[j], bold=True, align="center")
            for j, title in enumerate(block.headers)]
    out.append("</w:tr>")
    for i, values in enumerate(block.rows):
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        if i in block.group_rows and cols > 2:
            out.append(_cell_xml(values[0], widths[0], bold=True, align="center"))
            out.append(_cell_xml(values[1], sum(widths[1:]), bold=True, span=cols - 1))
        else:
            out += [_cell_xml(v, widths[j], align="center" if j in block.numeric else "left")
                    for j, v in enumerate(values)]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _table(doc, block: Table, width_cm: float) -> None:
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(table_xml(block, width_cm)))  # before the sectPr


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin from page 2 (NĐ 30/2020): a PAGE field in the
    header; the first page has its own, empty header."""
    section.different_first_page_header_footer = True
    section.header_distance = Cm(1)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="26"/>'
        "</w:rPr><w:t>2</w:t></w:r></w:fldSimple>"))


def _signatures(doc, admin: AdminDoc) -> None:
    cols = max(2, len(admin.signers) + (1 if admin.recipients else 0))
    grid = doc.add_table(rows=1, cols=cols)
    grid.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
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
    _page_numbers(section)
    _heading(doc, admin)
    if admin.appendix:
        _para(doc, admin.appendix, bold=True, align="center", size=13, space_after=0) \
            .paragraph_format.space_before = Pt(12)
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
