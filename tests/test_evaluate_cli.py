"""`dtt evaluate` through the CLI: summary, JSON contract, explain, other formats, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dtt.bootstrap import build_demo
from dtt.cli import app


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, "sample")
    return path


@pytest.fixture
def db(demo_db: Path, db_path: Path) -> Path:
    shutil.copy(demo_db, db_path)
    return db_path


@pytest.mark.vi
def test_summary_names_the_criteria_and_each_track(cli, db) -> None:
    result = cli("evaluate", "--year", "2020")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Bộ tiêu chí 2017-2020 (sha256 " in out
    for name in ("LĐTT", "CSTĐCS", "CSTĐN", "TTLĐTT", "TTLĐXS", "ĐHTT cá nhân",
                 "ĐHTT tập thể"):  # the tracks by their Vietnamese short names
        assert f"{name} — " in out
    assert "ứng viên," in out and "đề nghị" in out and "Đề nghị" in out
    assert "lượt đánh giá #" in result.stderr
    english = CliRunner(env={"DTT_LANG": "en"}).invoke(app, ["evaluate", "--year", "2020"])
    for key in ("ldtt", "cstdcs", "cstdn", "ttldtt", "ttldxs", "exemplar",
                "exemplar_collective"):
        assert f"{key} — " in english.stdout
    assert "candidates," in english.stdout and "recommended" in english.stdout


def test_json_follows_the_contract(cli, db) -> None:
    result = cli("evaluate", "--year", "2020", "--track", "exemplar", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["year"] == 2020
    assert doc["criteria"]["version"] == "2017-2020" and len(doc["criteria"]["sha256"]) == 64
    assert doc["results"]
    for r in doc["results"]:
        assert {"subject", "kind", "track", "name", "unit", "group", "eligible", "score",
                "rank", "status", "checks"} <= set(r)
        assert r["status"] in ("ineligible", "eligible", "recommended")
        assert all({"id", "passed", "detail"} <= set(c) for c in r["checks"])


def test_unit_scope(cli, db) -> None:
    result = cli("evaluate", "--year", "2025", "--unit", "HPG", "--track", "ttldtt",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # since 2025-07-01 Hải Phòng includes the offices of Hải Dương (the demo's 2025 tree)
    assert doc["results"] and all(r["unit"].startswith(("HPG", "HDG")) for r in doc["results"])
    assert any(r["unit"].startswith("HDG") for r in doc["results"])


@pytest.mark.vi
def test_explain_prints_the_trace(cli, db) -> None:
    result = cli("evaluate", "--year", "2020", "--explain", "HPG", "--track", "exemplar_collective")
    assert result.exit_code == 0, result.stderr
    assert "kết quả: Không là ứng viên" in result.stdout and "KH 2861/KH-BHXH" in result.stdout
    assert "needs HTXSNV" not in result.stdout and "cần Hoàn thành xuất sắc" in result.stdout
    english = CliRunner(env={"DTT_LANG": "en"}).invoke(
        app, ["evaluate", "--year", "2020", "--explain", "HPG", "--track",
              "exemplar_collective"])
    assert "status:" in english.stdout and "needs HTXSNV" in english.stdout
    out = cli("evaluate", "--year", "2020", "--explain", "HPG", "--format", "md").stdout
    assert "exemplar_collective.leading" in out and "✓" in out or "✗" in out
    doc = json.loads(cli("evaluate", "--year", "2020", "--explain", "HPG", "--format",
                         "json").stdout)
    assert doc["subject"] == "HPG" and doc["criteria"]["version"] == "2017-2020"
    assert {t["track"] for t in doc["tracks"]} == {"ttldtt", "ttldxs", "co_thi_dua",
                                                   "exemplar_collective"}
    assert all("values" in c for t in doc["tracks"] for c in t["checks"])


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_list_formats(cli, db, fmt) -> None:
    result = cli("evaluate", "--track", "cstdn", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "cstdn" in result.stdout


def test_xlsx_to_a_file(cli, db, tmp_path) -> None:
    target = tmp_path / "out.xlsx"
    result = cli("evaluate", "--track", "ttldxs", "--output", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args, words", [
    (("--track", "nope"), "unknown track 'nope'"),
    (("--unit", "XYZ"), "unknown unit 'XYZ'"),
    (("--explain", "NOBODY"), "unknown subject 'NOBODY'"),
    (("--year", "2015"), "no criteria version in force in 2015"),
])
def test_bad_options_exit_2_with_one_line(cli, db, args, words) -> None:
    before = _count(db)
    result = cli("evaluate", *args)
    assert result.exit_code == 2
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert _count(db) == before


def test_empty_database_says_so(cli, db_path) -> None:
    assert cli("init").exit_code == 0  # only init and demo create a database
    result = cli("evaluate")
    assert result.exit_code == 2
    assert "no records" in result.stderr


def _count(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0]
    finally:
        con.close()
