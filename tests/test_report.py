"""`dtt report`: sections, order, filters, the JSON contract, errors, auto-evaluation."""

from __future__ import annotations

import json

import pytest
from test_report_support import make_db

from dtt.reports.ranked import build_ranked


def test_table_has_one_section_per_province_in_vietnamese_order(db, cli) -> None:
    result = cli("report", "--unit", "province", "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    positions = [out.index(n) for n in ("BHXH tỉnh Bắc Ninh", "BHXH thành phố Đà Nẵng",
                                        "BHXH thành phố Hà Nội")]
    assert positions == sorted(positions)
    assert "Được công" in out and "Hội đồng HNI:" in out  # long cells wrap
    assert "10 ứng viên: Được công nhận 1, Đề nghị 6, Đủ điều kiện 2" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_rows_ordered_by_track_status_rank_name(db) -> None:
    report = build_ranked(db, "HNI", 2020, status="all")
    rows = report.groups[0].results
    assert [r["track"] for r in rows] == sorted((r["track"] for r in rows),
                                                key=["ldtt", "exemplar"].index)
    exemplar = [(r["status"], r["rank"], r["name"]) for r in rows if r["track"] == "exemplar"]
    assert [s for s, _, _ in exemplar] == ["recognised", "recommended", "eligible", "eligible",
                                           "ineligible"]
    ldtt = [r["rank"] for r in rows if r["track"] == "ldtt"]
    assert ldtt == sorted(ldtt)


def test_ineligible_rows_give_the_first_failed_check(db) -> None:
    report = build_ranked(db, "HNI-BD", 2020, track="exemplar", status="ineligible")
    (row,) = report.groups[0].results
    assert row["name"] == "Lê Đức Anh"
    assert row["facts"] == ("Mức độ hoàn thành nhiệm vụ năm 2020: Hoàn thành tốt nhiệm vụ, "
                            "cần Hoàn thành xuất sắc nhiệm vụ")
    report = build_ranked(db, "HNI-BD", 2020, track="exemplar", status="ineligible", lang="en")
    (row,) = report.groups[0].results
    assert row["facts"] == "exemplar.rating: rating 2020 = HTTNV, needs HTXSNV"


def test_top_and_status_filters(db, cli) -> None:
    result = cli("report", "--unit", "HNI", "--top", "1", "-f", "json")
    groups = json.loads(result.stdout)["groups"]
    tracks = [r["track"] for r in groups[0]["results"]]
    assert tracks == ["ldtt", "exemplar"]
    result = cli("report", "--unit", "province", "--status", "eligible,recognised",
                 "-f", "json")
    statuses = {r["status"] for g in json.loads(result.stdout)["groups"] for r in g["results"]}
    assert statuses == {"eligible", "recognised"}


def test_json_contract(db, cli) -> None:
    result = cli("report", "--unit", "cluster", "--format", "json", "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["year"] == 2020
    assert doc["criteria"] == {"version": "2016-2020.1", "sha256": "abc123def4567890"}
    assert [g["unit"] for g in doc["groups"]] == ["C1", "C2"]
    assert doc["groups"][0]["name"] == "Cụm thi đua số 1"
    row = doc["groups"][0]["results"][0]
    for key in ("subject", "kind", "track", "name", "unit", "group", "eligible", "score",
                "rank", "status", "checks"):
        assert key in row
    assert set(row["checks"][0]) >= {"id", "passed", "detail"}
    facts = {r["facts"] for r in doc["groups"][0]["results"]}
    assert {"Hội đồng HNI: 9/10 đồng ý", "thứ 1/1 trong chỉ tiêu"} <= facts
    subjects = {r["subject"] for r in doc["groups"][1]["results"]}
    assert subjects == {"P08"}


def test_english_headings(db, cli) -> None:
    out = cli("report", "--unit", "DNG", "--lang", "en").stdout
    assert "Ranked candidates" in out and "Status" in out and "recommended" in out


@pytest.mark.parametrize("args, field", [
    (["--unit", "planet"], "--unit"),
    (["--unit", "province", "--track", "nobel"], "--track"),
    (["--unit", "province", "--status", "famous"], "--status"),
    (["--unit", "province", "--top", "0"], "--top"),
    (["--unit", "province", "--lang", "fr"], "--lang"),
    (["--unit", "province", "-o", "x.docx", "--format", "pdf"], "--format"),
    (["--unit", "province", "--period", "2020-2016"], "--period"),
    (["--document", "memo", "--unit", "HNI"], "--document"),
    (["--document", "summary"], "--subject"),
])
def test_bad_options_exit_2_and_write_nothing(db, cli, tmp_path, args, field) -> None:
    result = cli("report", *args)
    assert result.exit_code == 2
    assert field in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_unit_option_is_required(cli, db) -> None:
    result = cli("report")
    assert result.exit_code == 2 and "--unit" in result.stderr


def test_evaluates_first_when_nothing_is_stored(cli, tmp_path) -> None:
    make_db(tmp_path).close()
    result = cli("report", "--unit", "province", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "evaluating 2020" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["year"] == 2020 and doc["criteria"]["version"]
    assert any(g["results"] for g in doc["groups"])
    again = cli("report", "--unit", "province")
    assert "evaluating" not in again.stderr
