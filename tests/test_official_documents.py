"""The official documents' form and facts: issuer lines from the tree, the place from the unit,
the proposal list as an attachment without scores, the minutes' meeting facts, the award
decisions in later achievement reports, the over-quota flag, Word templates and PDF."""

from __future__ import annotations

import json
import zipfile

import docx
import pytest
from test_documents import docx_text, html_text
from test_report_support import TREE

from dtt.reports.issuer import issuer_lines
from dtt.sector import Unit, UnitTree
from dtt.store import open_store

SECTOR = "BẢO HIỂM XÃ HỘI VIỆT NAM"


def tree_of(*units: tuple[str, str, str, str | None]) -> UnitTree:
    return UnitTree(["sector", "province", "district", "team"],
                    [Unit(c, n, lv, p, i) for i, (c, n, lv, p) in enumerate(units)], [])


SECTOR_TREE = tree_of(("VSS", "Bảo hiểm xã hội Việt Nam", "sector", None),
                      ("BNH", "BHXH tỉnh Bắc Ninh", "province", "VSS"),
                      ("BNH-TS", "BHXH thị xã Từ Sơn", "district", "BNH"),
                      ("BNH-TS-T1", "Tổ Thu – Sổ, thẻ", "team", "BNH-TS"))


@pytest.mark.parametrize(("code", "lines"), [
    ("VSS", [SECTOR]),
    ("BNH", [SECTOR, "BHXH TỈNH BẮC NINH"]),
    ("BNH-TS", ["BHXH TỈNH BẮC NINH", "BHXH THỊ XÃ TỪ SƠN"]),
    ("BNH-TS-T1", ["BHXH THỊ XÃ TỪ SƠN", "TỔ THU – SỔ, THẺ"]),
    (None, [SECTOR]),
])
def test_issuer_lines_put_the_parent_above_the_unit(code, lines) -> None:
    assert issuer_lines(SECTOR_TREE, code) == lines


def test_a_province_as_the_root_has_the_sector_above_it() -> None:
    tree = tree_of(("BNH", "BHXH tỉnh Bắc Ninh", "province", None),
                   ("BNH-TS", "BHXH thị xã Từ Sơn", "district", "BNH"))
    assert issuer_lines(tree, "BNH") == [SECTOR, "BHXH TỈNH BẮC NINH"]
    assert issuer_lines(tree, "BNH-TS") == ["BHXH TỈNH BẮC NINH", "BHXH THỊ XÃ TỪ SƠN"]


@pytest.mark.vi
def test_a_bac_ninh_summary_is_dated_bac_ninh(db, cli, tmp_path) -> None:
    out = tmp_path / "s.docx"
    result = cli("report", "--document", "summary", "--subject", "P07", "--year", "2020",
                 "--date", "2026-01-05", "-o", out)
    assert result.exit_code == 0, result.stderr
    text, _ = docx_text(out)
    assert "Bắc Ninh, ngày 05 tháng 01 năm 2026" in text and "Hà Nội" not in text
    assert "BHXH TỈNH BẮC NINH\nBHXH THỊ XÃ TỪ SƠN" in text  # the district with its province


@pytest.mark.vi
def test_place_from_the_tree_file(db, cli, tmp_path) -> None:
    tree = tmp_path / "tree.yaml"
    tree.write_text(TREE.replace("{code: BNH-TS, name: BHXH thị xã Từ Sơn, level: district}",
                                 "{code: BNH-TS, name: BHXH thị xã Từ Sơn, level: district, "
                                 "place: Từ Sơn}"), encoding="utf-8")
    assert cli("units", "load", tree).exit_code == 0
    out = tmp_path / "s.html"
    assert cli("report", "--document", "summary", "--subject", "P07", "--date", "2026-01-05",
               "-o", out).exit_code == 0
    assert "Từ Sơn, ngày 05 tháng 01 năm 2026" in html_text(out)
    out = tmp_path / "h.html"  # the province keeps its own place
    assert cli("report", "--document", "summary", "--subject", "P06", "--date", "2026-01-05",
               "-o", out).exit_code == 0
    assert "Bắc Ninh, ngày 05 tháng 01 năm 2026" in html_text(out)


@pytest.mark.vi
def test_the_proposal_list_is_an_attachment_without_scores(db, cli, tmp_path) -> None:
    out = tmp_path / "p.docx"
    assert cli("report", "--unit", "HNI", "--document", "proposal", "-o", out).exit_code == 0
    text, rows = docx_text(out)
    header = next(r for r in rows if r[0] == "STT")
    assert header == ["STT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị công tác",
                      "Tóm tắt thành tích", "Ghi chú"]
    assert "Điểm" not in text and "Hạng" not in text and "Số:" not in text
    assert "Phụ lục" in text and "(Kèm theo Tờ trình số" in text
    body = [r for r in rows if r[0].isdigit()]
    an = next(r for r in body if r[1] == "Trần Thị Ân")
    assert an[2] == "Chuyên viên" and an[3] == "BHXH thành phố Hà Nội"
    assert "năm 2020" in an[4] and "CSTĐCS" in an[4] or "LĐTT" in an[4]
    assert "Nơi nhận:" not in text  # the letter carries the recipients, not its attachment


@pytest.mark.vi
def test_docx_form_page_numbers_and_heading(db, cli, tmp_path) -> None:
    out = tmp_path / "p.docx"
    assert cli("report", "--unit", "HNI", "--document", "proposal", "-o", out).exit_code == 0
    document = docx.Document(out)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    with zipfile.ZipFile(out) as z:
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    assert any('w:instr=" PAGE "' in h for h in headers)
    heading = document.tables[0]
    assert heading.rows[0].cells[1].width.cm >= 9.5  # one line for the national heading
    assert heading.rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header_row = document.tables[1].rows[0]._tr
    assert header_row.trPr is not None and "tblHeader" in header_row.trPr.xml


def test_html_prints_page_numbers_from_page_two(db, cli, tmp_path) -> None:
    out = tmp_path / "p.html"
    assert cli("report", "--unit", "HNI", "--document", "proposal", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "@top-center { content: counter(page);" in page
    assert "@page :first { @top-center { content: none; } }" in page
    assert ".national { font-weight: bold; white-space: nowrap;" in page


def meeting(cli, *extra: str):
    return cli("council", "decide", "P05", "--track", "ldtt", "--year", "2020",
               "--members", "11", "--for", "9", "--against", "0", "--blank", "1",
               "--present", "9", "--written", "1", "--chair", "Nguyễn Văn Minh",
               "--secretary", "Lê Thị Hoa", "--started", "8:30", "--ended", "11h15", *extra)


@pytest.mark.vi
def test_minutes_state_the_meeting(db, cli, tmp_path) -> None:
    result = meeting(cli, "-f", "json")
    assert result.exit_code == 0, result.stderr
    facts = json.loads(result.stdout)["meeting"]
    assert facts == {"present": 9, "written": 1, "issued": 10, "chair": "Nguyễn Văn Minh",
                     "secretary": "Lê Thị Hoa", "started": "08:30", "ended": "11:15"}
    out = tmp_path / "m.docx"
    assert cli("report", "--document", "minutes", "--unit", "HNI", "--year", "2020",
               "-o", out).exit_code == 0
    text, rows = docx_text(out)
    for needle in ("bắt đầu lúc 08:30", "Tổng số thành viên Hội đồng: 11; có mặt: 9; vắng mặt: "
                   "2 (trong đó có ý kiến bằng văn bản: 1)", "Chủ trì: Nguyễn Văn Minh",
                   "Thư ký: Lê Thị Hoa", "kết thúc lúc 11:15"):
        assert needle in text, needle
    duc = next(r for r in rows if r[1].startswith("Đặng Văn Đức"))
    # issued, counted, for, against, blank, share of all members
    assert duc[2:8] == ["10", "10", "9", "0", "1", "9/11 = 81,8%"]
    assert "Lê Thị Hoa" in [r for r in rows if "THƯ KÝ" in r[0]][0][0]


def test_meeting_facts_are_checked(db, cli) -> None:
    r = cli("council", "decide", "P05", "--track", "ldtt", "--year", "2020", "--members", "5",
            "--for", "4", "--against", "0", "--present", "5", "--written", "1")
    assert r.exit_code == 2 and "--present" in r.stderr
    r = cli("council", "decide", "P05", "--track", "ldtt", "--year", "2020", "--members", "5",
            "--for", "4", "--against", "0", "--issued", "3")
    assert r.exit_code == 2 and "--issued" in r.stderr
    r = cli("council", "decide", "P05", "--track", "ldtt", "--year", "2020", "--members", "5",
            "--for", "4", "--against", "0", "--ended", "25:00")
    assert r.exit_code == 2 and "--ended" in r.stderr


@pytest.mark.vi
def test_award_decisions_appear_in_later_reports(db, cli, tmp_path, db_path) -> None:
    result = cli("council", "decide", "P07", "--track", "ldtt", "--year", "2019",
                 "--members", "10", "--for", "9", "--against", "1",
                 "--decision", "123/QĐ-BHXH", "--date", "2020-01-05")
    assert result.exit_code == 2 and "chưa từng được đánh giá" in result.stderr  # no 2019 run
    assert cli("council", "decide", "P07", "--track", "ldtt", "--year", "2020", "--members",
               "10", "--for", "3", "--against", "7", "--decision", "1/QĐ",
               "--date", "2021-01-05").exit_code == 2  # rejected: no award decision
    assert cli("council", "decide", "P07", "--track", "ldtt", "--year", "2020", "--members",
               "10", "--for", "9", "--against", "1").exit_code == 0
    r = cli("council", "award", "P07", "--track", "ldtt", "--year", "2020",
            "--decision", "123/QĐ-BHXH", "--date", "2021-01-05", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["decision_by"] == "BHXH tỉnh Bắc Ninh"
    listed = json.loads(cli("council", "list", "--subject", "P07", "-f", "json").stdout)
    assert listed["decisions"][-1]["decision_no"] == "123/QĐ-BHXH"
    assert listed["decisions"][-1]["decision_date"] == "2021-01-05"
    # the report of a later year lists it with its number, date and issuer
    store = open_store(db_path)
    from test_report_support import stored_results

    with store.write():
        store.execute("INSERT INTO records(subject, year, kind, data, source, imported_at) "
                      "SELECT subject, 2021, kind, data, source, imported_at FROM records "
                      "WHERE year = 2020")
    stored_results(store, 2021)
    store.close()
    out = tmp_path / "s.docx"
    assert cli("report", "--document", "summary", "--subject", "P07", "--year", "2021",
               "-o", out).exit_code == 0
    _, rows = docx_text(out)
    assert ["2020", "Lao động tiên tiến",
            "Số 123/QĐ-BHXH ngày 05/01/2021; BHXH tỉnh Bắc Ninh"] in rows
    assert any(r[0] == "2019" and "chưa có số quyết định" in r[2] for r in rows)


@pytest.mark.vi
def test_over_quota_is_flagged_in_the_minutes_and_the_list(db, cli, tmp_path) -> None:
    r = cli("council", "decide", "P04", "--track", "exemplar", "--year", "2020",
            "--members", "10", "--for", "8", "--against", "2", "--over-quota",
            "--reason", "Thành tích đột xuất")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "m.docx"
    assert cli("report", "--document", "minutes", "--unit", "HNI", "-o", out).exit_code == 0
    text, rows = docx_text(out)
    assert any(r[1].startswith("Phạm Thị Bình") and r[-1].endswith("(vượt chỉ tiêu)")
               for r in rows)
    assert "Công nhận vượt chỉ tiêu: Phạm Thị Bình" in text and "Thành tích đột xuất" in text
    out = tmp_path / "p.docx"
    assert cli("report", "--unit", "HNI", "--document", "proposal", "--track", "exemplar",
               "-o", out).exit_code == 0
    _, rows = docx_text(out)
    assert any(r[1] == "Phạm Thị Bình" and r[-1] == "Vượt chỉ tiêu: Thành tích đột xuất"
               for r in rows)
    ranked = cli("report", "--unit", "HNI", "--track", "exemplar", "-f", "csv").stdout
    line = next(x for x in ranked.splitlines() if "Phạm Thị Bình" in x)
    assert "vượt chỉ tiêu: Thành tích đột xuất" in line


@pytest.mark.vi
def test_word_template_round_trip(db, cli, tmp_path) -> None:
    pytest.importorskip("docxtpl")
    template = tmp_path / "mau.docx"
    assert cli("template", "document", "-o", template).exit_code == 0
    check = cli("template", "check", template)
    assert check.exit_code == 0 and "blocks" in check.stdout
    out = tmp_path / "p.docx"
    r = cli("report", "--unit", "HNI", "--document", "proposal", "--template", template,
            "-o", out)
    assert r.exit_code == 0, r.stderr
    text, rows = docx_text(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DANH SÁCH ĐỀ NGHỊ" in text
    assert ["STT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị công tác",
            "Tóm tắt thành tích", "Ghi chú"] in rows
    assert any("Trần Thị Ân" in r for r in rows)
    assert "{{" not in text and "{%" not in text


def test_template_check_lists_unknown_fields(cli, tmp_path) -> None:
    pytest.importorskip("docxtpl")
    bad = tmp_path / "bad.docx"
    document = docx.Document()
    document.add_paragraph("{{ title }} {{ so_quyet_dinh }}")
    document.add_paragraph("{% for r in rows %}{{ r[0] }} {{ ngay }}{% endfor %}")
    document.save(bad)
    r = cli("template", "check", bad)
    assert r.exit_code == 2
    assert "unknown fields: ngay, so_quyet_dinh" in r.stderr
    r = cli("report", "--unit", "HNI", "--document", "proposal", "--template", bad,
            "-o", tmp_path / "x.docx")
    assert r.exit_code == 2 and not (tmp_path / "x.docx").exists()


def test_pdf(db, cli, tmp_path) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint is not installed")
    out = tmp_path / "p.pdf"
    r = cli("report", "--unit", "HNI", "--document", "proposal", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
