"""The output writers: each format read back by its own reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console

from dtt.errors import InputError
from dtt.render import (
    FORMATS,
    Column,
    Document,
    Section,
    emit,
    html_page,
    resolve_format,
    section_table_html,
    to_bytes,
    to_text,
)
from dtt.render.safe import is_dangerous, neutralise
from dtt.render.values import cell_text
from dtt.render.xlsxfmt import MAX_WIDTH, sheet_name

ANH = "Nguyễn Thị Ánh"
DUC = "Đặng Văn Đức"
FORMULAS = ["=1+1", "@SUM(A1)", "+cmd", "-2+3"]
COLUMNS = [
    Column("name", "Họ và tên"),
    Column("unit", "Đơn vị"),
    Column("score", "Điểm"),
    Column("note", "Ghi chú"),
]


def doc_two() -> Document:
    return Document(
        title="Danh sách điển hình tiên tiến",
        subtitle="Năm 2024",
        sections=[
            Section(
                "BHXH tỉnh Hà Nam",
                COLUMNS,
                [
                    {"name": ANH, "unit": "Phòng TCKT", "score": 95.5, "note": "=1+1"},
                    {"name": DUC, "unit": "Phòng KHTC", "score": -5, "note": "@SUM(A1)"},
                ],
                key="HNA",
                summary="2 người, 1 đạt",
            ),
            Section(
                "Văn phòng",
                COLUMNS,
                [
                    {"name": "Trần Văn Bình", "unit": None, "score": 7, "note": "+cmd"},
                    {"name": "Lê Thị Hoa", "unit": "P1", "score": 8, "note": "-2+3"},
                ],
                key="VP",
            ),
        ],
    )


def doc_one() -> Document:
    doc = doc_two()
    return Document(title=doc.title, sections=doc.sections[:1])


def all_rows(doc: Document) -> list[dict]:
    return [row for s in doc.sections for row in s.rows]


# --- resolve_format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, None, "table"),
        ("json", None, "json"),
        ("CSV", None, "csv"),
        ("csv", Path("x.xlsx"), "csv"),  # explicit wins over the extension
        (None, Path("x.json"), "json"),
        (None, Path("x.csv"), "csv"),
        (None, Path("x.md"), "md"),
        (None, Path("x.html"), "html"),
        (None, Path("x.HTM"), "html"),
        (None, Path("out/x.xlsx"), "xlsx"),
        (None, Path("x.txt"), "table"),
        (None, Path("report"), "table"),
        (None, Path("-"), "table"),
        ("xlsx", Path("x.bin"), "xlsx"),
    ],
)
def test_resolve_format(fmt: str | None, output: Path | None, expected: str) -> None:
    assert resolve_format(fmt, output) == expected


def test_resolve_format_extra() -> None:
    assert resolve_format(None, Path("quyet-dinh.docx"), extra=("docx",)) == "docx"
    assert resolve_format("docx", Path("a.docx"), extra=("docx",)) == "docx"
    with pytest.raises(InputError):
        resolve_format("docx", Path("a.docx"))


def test_resolve_format_unknown() -> None:
    with pytest.raises(InputError) as info:
        resolve_format("pdf", None)
    assert info.value.problem.field == "--format"
    assert "unknown format 'pdf'" in str(info.value)
    assert "table, json, csv, md, html, xlsx" in str(info.value)
    assert info.value.exit_code == 2


def test_resolve_format_xlsx_needs_output() -> None:
    with pytest.raises(InputError, match="xlsx needs --output FILE"):
        resolve_format("xlsx", None)


def test_resolve_format_refuses_misleading_extension() -> None:
    with pytest.raises(InputError, match="use --format"):
        resolve_format(None, Path("bao-cao.xls"))


def test_formats() -> None:
    assert FORMATS == ("table", "json", "csv", "md", "html", "xlsx")


# --- values --------------------------------------------------------------------------------


def test_cell_text() -> None:
    # English: the plain forms
    assert cell_text(None, "en") == ""
    assert cell_text(True, "en") == "yes" and cell_text(False, "en") == "no"
    assert cell_text(3.14159, "en") == "3.14"
    assert cell_text(2.5, "en") == "2.5"
    assert cell_text(3.0, "en") == "3"
    assert cell_text(-0.001, "en") == "0"
    assert cell_text(1673, "en") == "1,673"
    assert cell_text(Decimal("1.005"), "en") in ("1", "1.01", "1.0")  # at most 2 decimals
    assert cell_text(dt.date(2024, 5, 1), "en") == "2024-05-01"
    assert cell_text(["HTXSNV", "HTTNV"], "en") == "HTXSNV, HTTNV"
    # Vietnamese (the default): '.' groups thousands, ',' marks decimals, dd/mm/yyyy
    assert cell_text(True) == "có" and cell_text(False) == "không"
    assert cell_text(3.14159) == "3,14"
    assert cell_text(1673) == "1.673"
    assert cell_text(1234567.5) == "1.234.567,5"
    assert cell_text(-0.001) == "0"
    assert cell_text(dt.date(2026, 1, 5)) == "05/01/2026"
    # a year column keeps its years ungrouped
    assert cell_text(2020, "vi", "year") == "2020" and cell_text(2020) == "2020"


# --- csv ----------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_bom_crlf_and_single_section() -> None:
    data = to_bytes(doc_one(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = read_csv(data)
    assert rows[0] == ["Họ và tên", "Đơn vị", "Điểm", "Ghi chú"]
    assert [r[0] for r in rows[1:]] == [ANH, DUC]
    assert rows[1][2] == "95,5"  # Vietnamese number form (the default language)
    doc = doc_one()
    doc.lang = "en"
    assert read_csv(to_bytes(doc, "csv"))[1][2] == "95.5"


def test_csv_several_sections_have_section_column() -> None:
    rows = read_csv(to_bytes(doc_two(), "csv"))
    assert rows[0] == ["section", "Họ và tên", "Đơn vị", "Điểm", "Ghi chú"]
    assert [r[0] for r in rows[1:]] == ["BHXH tỉnh Hà Nam"] * 2 + ["Văn phòng"] * 2
    assert [r[1] for r in rows[1:]] == [ANH, DUC, "Trần Văn Bình", "Lê Thị Hoa"]
    assert rows[3][2] == ""  # None → empty


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    rows = read_csv(to_bytes(doc_two(), "csv"))
    notes = [r[4] for r in rows[1:]]
    assert notes == ["'" + f for f in ["=1+1", "@SUM(A1)", "+cmd", "-2+3"]]
    assert rows[2][3] == "-5"  # the number -5 is left alone
    for row in rows:
        for cell in row:
            assert not is_dangerous(cell) or cell == "-5"


def test_csv_neutralises_tab_and_cr_and_titles() -> None:
    doc = Document("t", [Section("s", [Column("a", "=HYPERLINK()")], [{"a": "\tx"}, {"a": "\ry"}])])
    rows = read_csv(to_bytes(doc, "csv"))
    assert rows == [["'=HYPERLINK()"], ["'\tx"], ["'\ry"]]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_csv_round_trips_any_text(text: str) -> None:
    doc = Document("t", [Section("s", [Column("a", "A"), Column("b", "B")], [{"a": text, "b": 1}])])
    rows = read_csv(to_bytes(doc, "csv"))
    assert len(rows) == 2
    cell = rows[1][0]
    if is_dangerous(text):
        assert cell == "'" + text
        cell = cell[1:]
    assert cell == text
    assert rows[1][1] == "1"


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("Nguyễn") == "Nguyễn"
    assert neutralise("") == ""


# --- json ---------------------------------------------------------------------------------


def test_json_sections_and_rows() -> None:
    text = to_text(doc_two(), "json")
    assert ANH in text and DUC in text  # not \u-escaped
    data = json.loads(text)
    assert data["title"] == "Danh sách điển hình tiên tiến"
    assert [s["key"] for s in data["sections"]] == ["HNA", "VP"]
    assert data["sections"][0]["summary"] == "2 người, 1 đạt"
    assert data["sections"][1]["summary"] is None
    assert data["sections"][0]["rows"][1] == {
        "name": DUC, "unit": "Phòng KHTC", "score": -5, "note": "@SUM(A1)"
    }
    assert list(data["sections"][0]["rows"][0]) == ["name", "unit", "score", "note"]
    assert text == to_text(doc_two(), "json")  # stable
    assert text.startswith('{\n  "title"')


def test_json_custom_payload_and_types() -> None:
    payload = {
        "when": dt.date(2024, 1, 2),
        "at": dt.datetime(2024, 1, 2, 3, 4, 5),
        "score": Decimal("9.5"),
        "count": Decimal("3"),
        "file": Path("a/b.csv"),
        "codes": {"b", "a"},
        "bad": float("nan"),
        "tên": ANH,
    }
    data = json.loads(to_text(Document("t", json=payload), "json"))
    assert data == {
        "when": "2024-01-02",
        "at": "2024-01-02T03:04:05",
        "score": 9.5,
        "count": 3,
        "file": "a/b.csv",
        "codes": ["a", "b"],
        "bad": None,
        "tên": ANH,
    }
    assert json.loads(to_text(Document("t", json=[]), "json")) == []


# --- xlsx ---------------------------------------------------------------------------------


def read_xlsx(doc: Document, tmp_path: Path):
    path = tmp_path / "out.xlsx"
    emit(doc, "xlsx", path)
    return load_workbook(path)


def sheet_rows(ws) -> list[list]:
    out = []
    for row in ws.iter_rows(values_only=True):
        if all(v is None for v in row):
            break
        out.append(list(row))
    return out


def test_xlsx_one_sheet_per_section(tmp_path: Path) -> None:
    wb = read_xlsx(doc_two(), tmp_path)
    assert wb.sheetnames == ["BHXH tỉnh Hà Nam", "Văn phòng"]
    ws = wb["BHXH tỉnh Hà Nam"]
    rows = sheet_rows(ws)
    assert rows[0] == ["Họ và tên", "Đơn vị", "Điểm", "Ghi chú"]
    assert [r[0] for r in rows[1:]] == [ANH, DUC]
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    assert ws.auto_filter.ref == "A1:D3"
    assert ws["A5"].value == "2 người, 1 đạt"  # the summary under a blank row
    assert wb.properties.title == "Danh sách điển hình tiên tiến"


def test_xlsx_numbers_and_formulas(tmp_path: Path) -> None:
    wb = read_xlsx(doc_two(), tmp_path)
    ws = wb["BHXH tỉnh Hà Nam"]
    assert ws["C2"].value == 95.5 and ws["C2"].data_type == "n"
    assert ws["C3"].value == -5 and ws["C3"].data_type == "n"
    notes = [ws["D2"], ws["D3"], wb["Văn phòng"]["D2"], wb["Văn phòng"]["D3"]]
    for cell, formula in zip(notes, FORMULAS, strict=True):
        assert cell.data_type == "s"
        assert cell.value == formula
    assert ws["D2"].quotePrefix


def test_xlsx_text_that_looks_like_an_error_stays_text(tmp_path: Path) -> None:
    rows = [{"a": "#N/A"}, {"a": "=cmd|' /C calc'!A0"}]
    doc = Document("t", [Section("s", [Column("a", "A")], rows)])
    ws = read_xlsx(doc, tmp_path).active
    assert (ws["A2"].value, ws["A2"].data_type) == ("#N/A", "s")
    assert (ws["A3"].value, ws["A3"].data_type) == ("=cmd|' /C calc'!A0", "s")


def test_xlsx_widths_fit_vietnamese_text(tmp_path: Path) -> None:
    long = "Đặng " * 40
    doc = Document("t", [Section("s", [Column("a", "Tên"), Column("b", "B")],
                                 [{"a": ANH, "b": long}])])
    ws = read_xlsx(doc, tmp_path).active
    assert len(ANH) <= ws.column_dimensions["A"].width <= len(ANH) + 4
    assert ws.column_dimensions["B"].width == MAX_WIDTH


def test_xlsx_dates_and_bools(tmp_path: Path) -> None:
    doc = Document("t", [Section("s", [Column("d", "Ngày"), Column("ok", "Đạt")],
                                 [{"d": dt.date(2024, 3, 1), "ok": True}])])
    ws = read_xlsx(doc, tmp_path).active
    assert ws["A2"].value == dt.datetime(2024, 3, 1)
    assert ws["B2"].value == "có"
    assert ws["A2"].number_format == "dd/mm/yyyy"
    doc.lang = "en"
    ws = read_xlsx(doc, tmp_path).active
    assert ws["B2"].value == "yes" and ws["A2"].number_format == "yyyy-mm-dd"


def test_xlsx_many_sections_on_one_sheet(tmp_path: Path) -> None:
    sections = [
        Section(f"Đơn vị {i}", [Column("n", "Tên"), Column("s", "Điểm")], [{"n": ANH, "s": i}])
        for i in range(31)
    ]
    wb = read_xlsx(Document("Nhiều đơn vị", sections), tmp_path)
    assert len(wb.sheetnames) == 1
    rows = sheet_rows(wb.active)
    assert rows[0] == ["section", "Tên", "Điểm"]
    assert len(rows) == 32
    assert rows[31] == ["Đơn vị 30", ANH, 30]


def test_sheet_names() -> None:
    taken: set[str] = set()
    long = "Bảo hiểm xã hội thành phố Hồ Chí Minh: khối [A/B]"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second
    for name in (first, second):
        assert not re.search(r"[\[\]:*?/\\]", name)
    assert sheet_name("văn phòng", taken) == "văn phòng"
    assert sheet_name("VĂN PHÒNG", taken) == "VĂN PHÒNG (2)"
    assert sheet_name("", taken) == "Sheet"


# --- html ---------------------------------------------------------------------------------


class Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.headings: list[str] = []
        self.attrs_of: dict[str, dict] = {}
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs_of.setdefault(tag, dict(attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2"):
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse_html(text: str) -> Tables:
    parser = Tables()
    parser.feed(text)
    parser.close()
    return parser


def test_html_round_trip() -> None:
    text = to_text(doc_two(), "html")
    assert text.startswith("<!DOCTYPE html>")
    parsed = parse_html(text)
    assert parsed.attrs_of["html"]["lang"] == "vi"
    assert parsed.headings == ["Danh sách điển hình tiên tiến", "BHXH tỉnh Hà Nam", "Văn phòng"]
    assert len(parsed.tables) == 2
    assert parsed.tables[0][0] == ["Họ và tên", "Đơn vị", "Điểm", "Ghi chú"]
    assert parsed.tables[0][1] == [ANH, "Phòng TCKT", "95,5", "=1+1"]
    assert parsed.tables[1][1][1] == ""
    assert "@page { size: A4" in text
    assert "http://" not in text and "https://" not in text
    assert 'class="right">-5<' in text
    assert "2 người, 1 đạt" in text


def test_html_escapes_everything() -> None:
    evil = '<script>alert("x")</script>'
    doc = Document(evil, [Section(evil, [Column("a", evil)], [{"a": evil}], summary=evil)],
                   subtitle=evil)
    text = to_text(doc, "html")
    parsed = parse_html(text)
    assert "script" not in parsed.tags
    assert parsed.tables[0] == [[evil], [evil]]
    assert text.count("&lt;script&gt;") == 7  # title, h1, subtitle, h2, th, td, summary


def test_html_building_blocks() -> None:
    body = section_table_html(doc_one().sections[0])
    page = html_page("Báo cáo <1>", body, extra_css="h1 { color: red; }")
    parsed = parse_html(page)
    assert parsed.headings[0] == "Báo cáo <1>"
    assert "h1 { color: red; }" in page
    assert parsed.tables[0][2][0] == DUC
    assert "<h1>" not in html_page("x", "", heading=False)


# --- markdown ---------------------------------------------------------------------------


def md_tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            cells = [re.sub(r"\\(.)", r"\1", c.strip()) for c in cells]
            if current is None:
                current = []
                tables.append(current)
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        else:
            current = None
    return tables


def test_markdown_round_trip() -> None:
    doc = doc_two()
    doc.sections[1].rows[0]["unit"] = "A | B"
    text = to_text(doc, "md")
    assert text.startswith("# Danh sách điển hình tiên tiến\n")
    assert re.findall(r"^## (.*)$", text, re.M) == ["BHXH tỉnh Hà Nam", "Văn phòng"]
    tables = md_tables(text)
    assert len(tables) == 2
    assert tables[0][0] == ["Họ và tên", "Đơn vị", "Điểm", "Ghi chú"]
    assert [r[0] for r in tables[0][1:]] == [ANH, DUC]
    assert tables[1][1][1] == "A | B"
    assert "| :--- | :--- | ---: | :--- |" in text
    assert "2 người, 1 đạt" in text


# --- table ------------------------------------------------------------------------------


def test_table_plain_text() -> None:
    doc = doc_two()
    doc.sections[0].rows[0]["note"] = "[bold]không phải markup[/bold] " + "rất dài " * 30
    text = to_text(doc, "table")
    assert "\x1b[" not in text
    assert all(len(line) <= 100 for line in text.splitlines())
    for needle in (ANH, DUC, "BHXH tỉnh Hà Nam", "Văn phòng", "2 người, 1 đạt", "[bold]"):
        assert needle in text
    names = [line for line in text.splitlines() if line.startswith((ANH, DUC))]
    assert len(names) == 2
    # numbers are right-aligned: "-5" ends where "95,5" ends
    assert names[0].index("95,5") + 4 == names[1].index("-5") + 2
    assert text.index("BHXH tỉnh Hà Nam") < text.index(ANH) < text.index("2 người, 1 đạt")


def test_table_max_width_wraps() -> None:
    doc = Document("t", [Section("s", [Column("a", "A", max_width=10), Column("b", "B")],
                                 [{"a": "Nguyễn Thị Ánh Hồng Nhung", "b": "x"}])])
    text = to_text(doc, "table")
    assert all(len(line) < 30 for line in text.splitlines()[3:])
    assert "Nhung" in text


def test_table_empty_section() -> None:
    text = to_text(Document("t", [Section("Trống", [Column("a", "A")], [])]), "table")
    assert "Trống" in text and "(không có dòng nào)" in text
    english = Document("t", [Section("Empty", [Column("a", "A")], [])], lang="en")
    assert "(no rows)" in to_text(english, "table")


# --- emit ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md", "html", "xlsx"])
def test_emit_to_file_atomically(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "sub" / f"out.{fmt}"
    emit(doc_two(), fmt, path)
    emit(doc_two(), fmt, path)  # overwrites
    assert path.read_bytes() == to_bytes(doc_two(), fmt) or fmt == "xlsx"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_emit_table_to_file_is_plain(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    emit(doc_two(), "table", path)
    text = path.read_text(encoding="utf-8")
    assert "\x1b" not in text and ANH in text


def test_emit_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    emit(doc_two(), "json", None)
    assert json.loads(capsysbinary.readouterr().out.decode("utf-8"))["title"]
    emit(doc_two(), "csv", None)
    assert read_csv(capsysbinary.readouterr().out)[1][1] == ANH


def test_emit_table_to_given_console() -> None:
    console = Console(record=True, width=100, file=io.StringIO(), no_color=True)
    emit(doc_two(), "table", None, console=console)
    assert DUC in console.export_text()


def test_emit_xlsx_to_stdout_refused() -> None:
    with pytest.raises(InputError):
        emit(doc_two(), "xlsx", None)


def test_to_text_refuses_binary() -> None:
    with pytest.raises(ValueError):
        to_text(doc_two(), "xlsx")
