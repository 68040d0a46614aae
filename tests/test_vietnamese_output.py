"""What a person reads, in Vietnamese by default and in English with --lang en / DTT_LANG=en:
codes become the criteria's labels, check explanations are written again in Vietnamese from the
stored checks, and numbers and dates take one form in every writer (1.673; 3,56; 99,5%;
05/01/2026 — en 1,673; 3.56; 99.5%)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import lzma
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dtt.cli import app
from dtt.render import Column, Document, Section, to_bytes, to_text
from dtt.render.explain import default_vocabulary, detail_text, render_clause
from dtt.render.numbers import date_long, date_short, number, percent, share
from dtt.render.trace_text import term_text

FIXTURES = Path(__file__).parent / "fixtures"

# codes that must never stand bare in a Vietnamese report where a label exists
RATING_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
TITLE_CODES = ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ", "TTLDTT", "TTLDXS")
STATUS_CODES = ("recognised", "recommended", "eligible", "ineligible", "escalated", "rejected",
                "deferred")
TRACK_CODES = ("ldtt", "cstdcs", "cstdn", "ttldtt", "ttldxs", "exemplar", "exemplar_collective")
ENGLISH = ("needs", "not recorded", "in each of", "in any of", "members", "none", "yes")


def bare(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of `words` that stand alone in `text` (not inside another word or an id)."""
    return [w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w.])", text)]


# --- the helpers ---------------------------------------------------------------------------
def test_numbers_and_dates_in_both_languages() -> None:
    assert number(1673) == "1.673" and number(1673, "en") == "1,673"
    assert number(3.5612) == "3,56" and number(3.5612, "en") == "3.56"
    assert number(1234567.25) == "1.234.567,25" and number(1234567.25, "en") == "1,234,567.25"
    assert number(3.0) == "3" and number(-0.001) == "0" and number(0.5) == "0,5"
    assert percent(99.5) == "99,5%" and percent(99.5, "en") == "99.5%"
    assert share(0.467) == "46,7%" and share(0.778, "en") == "77.8%"
    assert date_short("2026-01-05") == "05/01/2026" and date_short("2026-01-05", "en") == \
        "2026-01-05"
    assert date_long(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert date_long(dt.date(2026, 1, 5), "en") == "5 January 2026"


def _numbers_doc(lang: str) -> Document:
    cols = [Column("name", "Tên"), Column("count", "Số"), Column("rate", "Tỷ lệ"),
            Column("ok", "Đạt"), Column("day", "Ngày"), Column("year", "Năm")]
    rows = [{"name": "A", "count": 1673, "rate": 3.5612, "ok": True,
             "day": dt.date(2026, 1, 5), "year": 2020}]
    return Document("T", [Section("S", cols, rows)], lang=lang)


@pytest.mark.parametrize("fmt", ["table", "md", "html", "csv"])
def test_every_text_writer_writes_numbers_in_the_language(fmt: str) -> None:
    vi = to_text(_numbers_doc("vi"), fmt)
    for shown in ("1.673", "3,56", "có", "05/01/2026", "2020"):
        assert shown in vi, (fmt, shown)
    assert "2.020" not in vi and "3.56" not in vi
    en = to_text(_numbers_doc("en"), fmt)
    for shown in ("1,673", "3.56", "yes", "2026-01-05", "2020"):
        assert shown in en, (fmt, shown)
    if fmt == "csv":  # a value with a comma is quoted, and reads back whole
        row = list(csv.reader(io.StringIO(vi)))[1]
        assert row[:3] == ["A", "1.673", "3,56"]


def test_xlsx_keeps_numbers_with_a_vietnamese_number_format(tmp_path: Path) -> None:
    for lang in ("vi", "en"):
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(to_bytes(_numbers_doc(lang), "xlsx"))
        ws = load_workbook(path).active
        count, rate, ok, day, year = (ws.cell(row=2, column=j) for j in range(2, 7))
        assert count.value == 1673 and count.data_type == "n"  # numbers stay numbers
        assert rate.value == pytest.approx(3.5612) and rate.data_type == "n"
        assert year.value == 2020 and "#" not in year.number_format  # a year is not 2.020
        if lang == "vi":
            assert count.number_format == "[$-42A]#,##0"
            assert rate.number_format == "[$-42A]#,##0.00"
            assert ok.value == "có" and day.number_format == "dd/mm/yyyy"
        else:
            assert count.number_format == "#,##0" and rate.number_format == "#,##0.00"
            assert ok.value == "yes" and day.number_format == "yyyy-mm-dd"


# --- explanations --------------------------------------------------------------------------
@pytest.mark.parametrize(("detail", "vietnamese"), [
    ("rating 2020 = HTTNV, needs ≥ HTTNV",
     "Mức độ hoàn thành nhiệm vụ năm 2020: Hoàn thành tốt nhiệm vụ, cần Hoàn thành tốt nhiệm "
     "vụ trở lên"),
    ("hcm_study 2020 = yes, needs yes",
     "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh năm 2020: có, cần có"),
    ("recruited not recorded, so instead: months_worked 2020 = 12, needs ≥ 10",
     "chưa có ngày tuyển dụng, nên xét theo: Số tháng công tác năm 2020: 12, cần ≥ 10"),
    ("rating = HTXSNV in each of 2017–2018: 2017 HTXSNV ✓, 2018 HTTNV ✗",
     "Mức độ hoàn thành nhiệm vụ: Hoàn thành xuất sắc nhiệm vụ trong mỗi năm 2017–2018: "
     "2017 Hoàn thành xuất sắc nhiệm vụ ✓, 2018 Hoàn thành tốt nhiệm vụ ✗"),
    ("title ≥ CSTDCS in any of 2018–2020: 2018 not recorded ✗, 2019 LDTT ✗, 2020 CSTDCS ✓",
     "Danh hiệu thi đua: Chiến sĩ thi đua cơ sở trở lên trong ít nhất một năm 2018–2020: "
     "2018 chưa có số liệu ✗, 2019 LĐTT ✗, 2020 CSTĐCS ✓"),
    ("6 of 9 members LDTT+ = 66.67%, needs > 50%",
     "6/9 thành viên đạt LĐTT trở lên (tỷ lệ 66,67%), cần > 50%"),
    ("collection_plan 2020 = 1673.5, needs ≥ 100",
     "Tỷ lệ hoàn thành kế hoạch thu (%) năm 2020: 1.673,5, cần ≥ 100"),
    ("not applicable: not a leader", "không áp dụng: không giữ chức vụ lãnh đạo"),
    ("rating 2025 = HTTNV, needs HTXSNV ✗ or initiatives 2025 = 0, needs ≥ 1 ✗",
     "Mức độ hoàn thành nhiệm vụ năm 2025: Hoàn thành tốt nhiệm vụ, cần Hoàn thành xuất sắc "
     "nhiệm vụ ✗ hoặc Số sáng kiến được công nhận năm 2025: 0, cần ≥ 1 ✗"),
])
def test_a_check_is_explained_in_vietnamese(detail: str, vietnamese: str) -> None:
    check = {"id": "x.y", "passed": False, "detail": detail, "values": {}}
    assert detail_text(check) == vietnamese
    assert detail_text(check, "en") == detail  # English: as the engine stored it


def test_an_unknown_detail_is_shown_as_stored() -> None:
    check = {"id": "x.y", "passed": False, "detail": "something the operators never write"}
    assert render_clause(check["detail"], default_vocabulary()) is None
    assert detail_text(check) == check["detail"]


@pytest.mark.parametrize("name", ["evaluate_2020.json.xz", "evaluate_2025.json.xz"])
def test_every_stored_check_of_the_demo_reads_in_vietnamese(name: str) -> None:
    """Every check and score term the engine stores for the demo has a Vietnamese form with
    labels, not codes, and no English words left."""
    doc = json.loads(lzma.open(FIXTURES / name).read())
    vocab = default_vocabulary()
    unknown: set[str] = set()
    for result in doc["results"]:
        for check in result["checks"]:
            said = render_clause(check["detail"], vocab)
            if said is None:
                unknown.add(check["detail"])
                continue
            assert not bare(said, RATING_CODES + TITLE_CODES + ENGLISH), (check["detail"], said)
        for term in result.get("score_terms") or []:
            said = term_text(term, "vi", vocab)
            assert said != term["detail"] or not term["detail"], term["detail"]
            assert not bare(said, RATING_CODES + TITLE_CODES + ("none", "not")), said
    assert not unknown, sorted(unknown)[:5]


# --- the reports ---------------------------------------------------------------------------
def _report(cli, tmp_path: Path, fmt: str, *extra: str) -> str:
    out = tmp_path / f"r.{fmt}"
    result = cli("report", "--unit", "province", "--status", "all", "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    if fmt == "xlsx":
        wb = load_workbook(out)
        return "\n".join(" | ".join("" if c.value is None else str(c.value) for c in row)
                         for ws in wb for row in ws.iter_rows())
    text = out.read_text(encoding="utf-8-sig")
    if fmt == "html":
        text = re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.S)
    return text


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "csv", "xlsx"])
def test_ranked_report_in_vietnamese_and_english(db, cli, tmp_path, fmt) -> None:
    vi = _report(cli, tmp_path, fmt)
    flat = " ".join(vi.split())
    for label in ("Đề nghị", "Được công nhận", "Không đủ điều kiện", "LĐTT", "ĐHTT cá nhân"):
        assert label in flat, (fmt, label)
    # the decisive fact of the ineligible (wrapped on the terminal table)
    assert ("Mức độ hoàn thành nhiệm vụ năm 2020" in flat if fmt != "txt"
            else {"Mức", "hoàn", "thành", "cần"} <= set(flat.split()))
    assert "needs" not in vi and "HTXSNV" not in vi
    en = _report(cli, tmp_path, fmt, "--lang", "en")
    assert "recommended" in en and "needs HTXSNV" in " ".join(en.split())
    assert "Đề nghị" not in en


@pytest.mark.parametrize("fmt", ["txt", "html", "md"])
def test_no_code_stands_bare_in_a_vietnamese_report(db, cli, tmp_path, fmt) -> None:
    text = _report(cli, tmp_path, fmt)
    found = bare(text, RATING_CODES + TITLE_CODES + STATUS_CODES + TRACK_CODES + ENGLISH)
    assert not found, found


def test_html_report_cards_and_explain_in_vietnamese(db, cli, tmp_path) -> None:
    out = tmp_path / "r.html"
    assert cli("report", "--unit", "province", "--status", "all", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert 'lang="vi"' in page and "class=card><b>" in page
    # --explain: the checks' values in Vietnamese, English with DTT_LANG=en
    vi = cli("evaluate", "--year", "2020", "--explain", "P01", "--format", "md").stdout
    assert "Số liệu đã đọc" in vi and "kết quả:" in vi and "needs" not in vi
    en = CliRunner(env={"DTT_LANG": "en"}).invoke(
        app, ["evaluate", "--year", "2020", "--explain", "P01", "--format", "md"]).stdout
    assert "Values read" in en and "status:" in en


def test_a_verdict_across_the_merger_reads_in_vietnamese() -> None:
    detail = ("rating = HTXSNV in each of 2024–2025: 2024 HTTNV ✗ (rules 2024), 2025 HTNV ✗ — "
              "2024: NDH, predecessor of NBH (renamed 2025-07-01)")
    said = render_clause(detail, default_vocabulary())
    assert said is not None and said.endswith(
        "— năm 2024: số liệu của NDH, đơn vị tiền thân của NBH (đổi tên ngày 01/07/2025)")
    assert "(theo bộ tiêu chí 2024)" in said and "predecessor" not in said
    english = render_clause(detail, default_vocabulary(), "en")
    assert english is not None and "2024: NDH, predecessor of NBH (renamed" in english
