"""The administrative documents, read back with python-docx and html.parser: the national
heading, the title, the table rows and the signature block."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from test_report_support import decide

from dtt.reports.docmodel import date_line

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture
def db(db):
    """The shared reporting database, with P04's exemplar rejected by the HNI council too."""
    decide(db, "P04", "exemplar", 2020, "HNI", 10, 4, "rejected")
    return db


def docx_text(path: Path) -> tuple[str, list[list[str]]]:
    document = docx.Document(path)
    paras = [p.text for p in document.paragraphs]
    rows: list[list[str]] = []
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            rows.append(cells)
            paras += cells
    return "\n".join(paras), rows


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(path: Path) -> str:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def test_date_line_follows_the_decree() -> None:
    import datetime as dt

    assert date_line("Hà Nội", dt.date(2021, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2021"
    assert date_line("Bắc Ninh", dt.date(2021, 11, 20)) == "Bắc Ninh, ngày 20 tháng 11 năm 2021"


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_proposal(db, cli, tmp_path, ext) -> None:
    out = tmp_path / f"p.{ext}"
    result = cli("report", "--unit", "HNI", "--document", "proposal", "--date", "2021-01-05",
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    text = docx_text(out)[0] if ext == "docx" else html_text(out)
    for needle in (NATIONAL, MOTTO, "BẢO HIỂM XÃ HỘI VIỆT NAM", "BHXH THÀNH PHỐ HÀ NỘI",
                   "Hà Nội, ngày 05 tháng 01 năm 2021", "DANH SÁCH ĐỀ NGHỊ",
                   "Trần Thị Ân", "Nguyễn Văn Ánh", "THỦ TRƯỞNG ĐƠN VỊ", "NGƯỜI LẬP BIỂU",
                   "Phụ lục", "Kèm theo Tờ trình số", "Chức vụ", "Chuyên viên"):
        assert needle in text, needle
    assert "Lê Đức Anh" in text  # recommended for ldtt
    assert "Phạm Thị Bình" in text and text.count("Phạm Thị Bình") == 1  # ldtt only


def test_proposal_rows_in_order(db, cli, tmp_path) -> None:
    out = tmp_path / "p.docx"
    cli("report", "--unit", "HNI", "--document", "proposal", "--track", "exemplar", "-o", out)
    _, rows = docx_text(out)
    body = [r for r in rows if r[0].isdigit()]
    assert [r[1] for r in body] == ["Trần Thị Ân", "Nguyễn Văn Ánh"]
    assert "Nguyễn Văn Ánh" in [r[-1] for r in rows if "THỦ TRƯỞNG" in r[-1]][0]  # head signs


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_summary(db, cli, tmp_path, ext) -> None:
    out = tmp_path / f"s.{ext}"
    result = cli("report", "--document", "summary", "--subject", "P02", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = docx_text(out)[0] if ext == "docx" else html_text(out)
    for needle in (NATIONAL, MOTTO, "BÁO CÁO THÀNH TÍCH", "Trần Thị Ân",
                   "HTXSNV", "rating 2020 = HTXSNV", "Được công nhận", "9/10",
                   "NGƯỜI BÁO CÁO THÀNH TÍCH", "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"):
        assert needle in text, needle


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_minutes(db, cli, tmp_path, ext) -> None:
    out = tmp_path / f"m.{ext}"
    result = cli("report", "--document", "minutes", "--unit", "HNI", "--year", "2020",
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    text = docx_text(out)[0] if ext == "docx" else html_text(out)
    for needle in (NATIONAL, MOTTO, "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
                   "Trần Thị Ân", "Phạm Thị Bình", "90,0%", "40,0%", "Được công nhận",
                   "Không được công nhận", "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG", "Nguyễn Văn Ánh"):
        assert needle in text, needle


def test_minutes_in_english(db, cli, tmp_path) -> None:
    out = tmp_path / "m.docx"
    assert cli("report", "--document", "minutes", "--unit", "HNI", "--lang", "en",
               "-o", out).exit_code == 0
    text = docx_text(out)[0]
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "MINUTES" in text
    assert "Trần Thị Ân" in text


def test_minutes_without_decisions_write_nothing(db, cli, tmp_path) -> None:
    out = tmp_path / "m.docx"
    result = cli("report", "--document", "minutes", "--unit", "BNH", "-o", out)
    assert result.exit_code == 2 and "no council decisions" in result.stderr
    assert not out.exists()


def test_documents_refuse_other_formats(db, cli, tmp_path) -> None:
    result = cli("report", "--document", "proposal", "--unit", "HNI", "-o", tmp_path / "p.csv")
    assert result.exit_code == 2 and "--format" in result.stderr
