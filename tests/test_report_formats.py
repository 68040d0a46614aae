"""Each written report read back by its own library: csv, json, xlsx, md, html, docx."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import docx
from openpyxl import load_workbook


def test_csv_utf8_bom_rows_and_formula_defence(db, cli, tmp_path) -> None:
    out = tmp_path / "r.csv"
    assert cli("report", "--unit", "province", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    sections = list(dict.fromkeys(r["section"] for r in rows))
    assert sections == ["BHXH tỉnh Bắc Ninh (BNH)", "BHXH thành phố Đà Nẵng (DNG)",
                        "BHXH thành phố Hà Nội (HNI)"]
    hni = [r for r in rows if r["section"].endswith("(HNI)")]
    assert hni[0]["Họ tên / Tập thể"] == "Nguyễn Văn Ánh" and hni[0]["track"] == "ldtt"
    assert {"subject", "unit", "track", "status"} <= set(rows[0])
    evil = [r for r in rows if r["subject"] == "P08"]
    assert evil and all(r["Họ tên / Tập thể"].startswith("'=") for r in evil)


def test_xlsx_sheets_frozen_header_widths(db, cli, tmp_path) -> None:
    out = tmp_path / "r.xlsx"
    assert cli("report", "--unit", "province", "-o", out).exit_code == 0
    wb = load_workbook(out)
    assert [ws.title for ws in wb] == ["BHXH tỉnh Bắc Ninh (BNH)", "BHXH thành phố Đà Nẵng (DNG)",
                                       "BHXH thành phố Hà Nội (HNI)"]
    ws = wb["BHXH thành phố Hà Nội (HNI)"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Hạng", "Họ tên / Tập thể", "Đơn vị"]
    names = [ws.cell(row=i, column=2).value for i in range(2, 7)]
    assert names[0] == "Nguyễn Văn Ánh"
    assert ws.column_dimensions["B"].width >= len("Nguyễn Văn Ánh")
    evil = wb["BHXH thành phố Đà Nẵng (DNG)"].cell(row=2, column=2)
    assert evil.data_type == "s" and evil.value.startswith("=")


def test_markdown_and_json_files(db, cli, tmp_path) -> None:
    assert cli("report", "--unit", "HNI", "-o", tmp_path / "r.md").exit_code == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## BHXH thành phố Hà Nội (HNI)" in md and "| Trần Thị Ân |" in md
    assert cli("report", "--unit", "HNI", "-o", tmp_path / "r.json").exit_code == 0
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["groups"][0]["results"][0]["name"] == "Nguyễn Văn Ánh"


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            assert not (name in ("src", "href") and value and value.startswith("http"))

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_report_is_self_contained_with_charts(db, cli, tmp_path) -> None:
    out = tmp_path / "r.html"
    assert cli("report", "--unit", "province", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(page)
    assert parser.tags.count("svg") == 3
    assert "script" not in parser.tags and "link" not in parser.tags
    text = "".join(parser.text)
    assert "Điển hình tiên tiến được đề nghị / công nhận theo tỉnh" in text
    assert "BHXH thành phố Hà Nội (HNI)" in text and "Trần Thị Ân" in text
    assert "<script" not in page and "=cmd|' /C calc'!A0" in text  # escaped, shown as text


def test_docx_report(db, cli, tmp_path) -> None:
    out = tmp_path / "r.docx"
    assert cli("report", "--unit", "province", "-o", out).exit_code == 0
    document = docx.Document(out)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BHXH thành phố Hà Nội (HNI)" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(cells)
    assert "Trần Thị Ân" in cells


def test_binary_formats_need_a_file(db, cli) -> None:
    result = cli("report", "--unit", "province", "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.stderr
