"""CSV for Excel: UTF-8 with a BOM, CRLF line ends, one header row, formulas neutralised."""

from __future__ import annotations

import csv
import io

from dtt.render.model import Document
from dtt.render.safe import csv_cell, neutralise
from dtt.render.values import merged_columns

BOM = "\ufeff"
SECTION_HEADER = "section"


def render_csv(doc: Document) -> str:
    """The CSV text without the BOM (`to_bytes` adds it).

    One section: its columns. Several: a first column `section` holding each row's section
    title, then every column of every section (by key, in order of first appearance).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    sections = doc.sections
    if not sections:
        return ""
    several = len(sections) > 1
    columns = merged_columns(sections)
    header = [neutralise(c.title) for c in columns]
    writer.writerow([SECTION_HEADER, *header] if several else header)
    for section in sections:
        label = csv_cell(section.title)
        for row in section.rows:
            cells = [csv_cell(row.get(c.key), doc.lang, c.key) for c in columns]
            writer.writerow([label, *cells] if several else cells)
    return buffer.getvalue()


def render_csv_bytes(doc: Document) -> bytes:
    """What goes in the file: the BOM, then the CSV text as UTF-8."""
    return (BOM + render_csv(doc)).encode("utf-8")
