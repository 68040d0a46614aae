"""The direct xlsx writer (dtt/render/xlsxwriter.py) gives the workbook the openpyxl writer
gave: every cell's value, type, number format, bold/italic, quote prefix and wrapping, the
widths, the frozen header, the filter and the sheet names — read back with openpyxl and
compared with what the former writer (tests/xlsx_reference.py) produced."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsx_reference
from openpyxl import load_workbook

from dtt.render import emit
from dtt.render.model import Column, Document, Section
from dtt.render.xlsxfmt import MAX_SHEETS, render_xlsx

COLUMNS = [
    Column("name", "Họ và tên"),
    Column("unit", "Đơn vị"),
    Column("score", "Điểm", align="right"),
    Column("share", "Tỷ lệ"),
    Column("year", "Năm"),
    Column("code", "Mã"),
    Column("day", "Ngày"),
    Column("at", "Lúc"),
    Column("note", "=Ghi chú"),
    Column("ok", "Đạt"),
    Column("tags", "Nhãn"),
]


def _rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    notes = ["=SUM(A1:A2)", "+84 912", "-3 ngày", "@user", "dòng một\ndòng hai",
             "=1\n+2", "#N/A", "  khoảng trắng  ", "a & b < c > d \"q\" 'x'",
             "ký tự\x01lạ\x0b", "\tthụt", "\rvề", "Nguyễn Thị Ánh Tuyết " * 4, "", None,
             "x" * 40000, "\x02", "Đà Nẵng – Huế", "中文宽字符"]
    rows = []
    for i in range(n):
        k = i + seed
        rows.append({
            "name": f"Nguyễn Văn {chr(65 + k % 26)}{k}",
            "unit": ["BHXH tỉnh Hà Nam", "Văn phòng", "Phòng Kế hoạch – Tài chính"][k % 3],
            "score": [95, 87.5, Decimal("91.25"), -3, 1_234_567, 0, float("nan"),
                      float("inf"), 2.0, 1 / 3, Decimal("NaN"), 10**17][k % 12],
            "share": [0.25, 1, None, Decimal("0.5")][k % 4],
            "year": [2020, 2016, None][k % 3],
            "code": [10045, "DV-01", 7.5][k % 3],
            "day": [dt.date(2020, 1, 5), dt.date(1900, 2, 1), None, "05/01/2020"][k % 4],
            "at": [dt.datetime(2020, 12, 31, 23, 59, 30), dt.datetime(2021, 3, 1, 8, 0),
                   dt.datetime(2020, 1, 1, 12, 0, tzinfo=dt.UTC), None][k % 4],
            "note": notes[k % len(notes)],
            "ok": [True, False, None][k % 3],
            "tags": [["a", "b"], {"y", "x"}, (), Path("a/b.txt")][k % 4],
        })
    return rows


def _docs() -> list[Document]:
    one = Section("BHXH tỉnh Hà Nam", COLUMNS, _rows(60), key="HN",
                  summary="=60 người; 12 đạt")
    two = Section("Văn phòng / [Hà Nội]: *?", COLUMNS[:4], _rows(7, 5),
                  summary="Tổng cộng 7")
    three = Section("văn phòng / [hà nội]: *?", COLUMNS[3:], [], summary=None)
    empty_cols = Section("Không cột", [], [{"a": 1}])
    many = [Section(f"Đơn vị {i}", COLUMNS[i % 5:i % 5 + 4], _rows(3, i),
                    summary=f"Đơn vị {i}") for i in range(MAX_SHEETS + 5)]
    return [
        Document("Báo cáo thi đua năm 2020", [one, two, three], subtitle="Khối tỉnh"),
        Document("Report 2020", [one, two], lang="en"),
        Document("Nhiều đơn vị", many, lang="vi"),
        Document("Many units", many, lang="en"),
        Document("Trống"),
        Document("Không cột", [empty_cols]),
    ]


def _cells(path: Any) -> dict[str, Any]:
    wb = load_workbook(path)
    out: dict[str, Any] = {
        "sheets": wb.sheetnames,
        "title": wb.properties.title,
        "subject": wb.properties.subject,
    }
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                cells[c.coordinate] = (
                    c.value, c.data_type, c.number_format if c.value is not None else None,
                    bool(c.font.b), bool(c.font.i), bool(c.quotePrefix),
                    bool(c.alignment.wrap_text), c.alignment.vertical if c.value else None,
                )
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}
        out[ws.title] = {
            "cells": {k: v for k, v in cells.items() if v[0] is not None},
            "widths": widths,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
        }
    return out


@pytest.mark.parametrize("index", range(len(_docs())))
def test_same_workbook_as_the_openpyxl_writer(index: int) -> None:
    doc = _docs()[index]
    new = _cells(io.BytesIO(render_xlsx(doc)))
    old = _cells(io.BytesIO(xlsx_reference.render_xlsx(doc)))
    assert new.keys() == old.keys()
    for key in old:
        assert new[key] == old[key], key


def test_values_formats_and_styles_read_back(tmp_path: Path) -> None:
    """Beyond equality: the workbook holds what a reader expects."""
    path = tmp_path / "r.xlsx"
    emit(_docs()[0], "xlsx", path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["BHXH tỉnh Hà Nam", "Văn phòng Hà Nội", "văn phòng hà nội (2)"]
    ws = wb["BHXH tỉnh Hà Nam"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K61"
    assert [c.value for c in ws[1]][:3] == ["Họ và tên", "Đơn vị", "Điểm"]
    assert ws["A1"].font.b and ws["I1"].quotePrefix and ws["I1"].value == "=Ghi chú"
    assert ws["C2"].value == 95 and ws["C2"].number_format == "[$-42A]#,##0"
    assert ws["C3"].value == 87.5 and ws["C3"].number_format == "[$-42A]#,##0.00"
    assert ws["E2"].value == 2020 and ws["E2"].number_format == "General"
    assert ws["G2"].value == dt.datetime(2020, 1, 5) and ws["G2"].number_format == "dd/mm/yyyy"
    assert ws["H2"].value == dt.datetime(2020, 12, 31, 23, 59, 30)
    assert ws["H2"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["I2"].value == "=SUM(A1:A2)" and ws["I2"].data_type == "s"
    assert ws["I2"].quotePrefix
    assert ws["I6"].value == "dòng một\ndòng hai" and ws["I6"].alignment.wrap_text
    assert ws["I10"].value == "a & b < c > d \"q\" 'x'"
    assert ws["I11"].value == "ký tựlạ"
    assert ws["I13"].value == "\rvề" and ws["I13"].quotePrefix
    assert ws["J2"].value == "có" and ws["J3"].value == "không"
    assert ws["A63"].value == "=60 người; 12 đạt" and ws["A63"].font.i
    assert ws["A63"].quotePrefix
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert "xl/sharedStrings.xml" in z.namelist()


def test_more_sections_than_sheets_go_on_one_sheet() -> None:
    doc = _docs()[2]
    wb = load_workbook(io.BytesIO(render_xlsx(doc)))
    assert wb.sheetnames == ["Nhiều đơn vị"]
    ws = wb.active
    assert ws["A1"].value == "section" and ws["A2"].value == "Đơn vị 0"
    assert ws.max_row == 1 + 3 * (MAX_SHEETS + 5)
    assert ws.auto_filter.ref == f"A1:I{ws.max_row}"  # section + the 8 columns used
