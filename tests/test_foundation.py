"""The foundation: init, tree, people and records import, all-or-nothing bad input."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

BAD = DATA / "bad"


def snapshot(db: Path) -> str:
    """A digest of every table's rows except the audit log: 'nothing written' means equal."""
    conn = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            for row in conn.execute(f"SELECT * FROM {t} ORDER BY 1"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


@pytest.fixture
def loaded(cli, db_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    r = cli("records", "import", DATA / "records.csv")
    assert r.exit_code == 0, r.stderr
    return db_path


def test_init_default_sample_tree(cli, db_path):
    r = cli("init")
    assert r.exit_code == 0, r.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM units WHERE level='province'").fetchone()[0] == 6
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tree_loaded(cli, loaded):
    r = cli("units", "show", "--tree")
    assert r.exit_code == 0
    assert "BHXH quận Ba Đình" in r.stdout
    r = cli("units", "show", "--level", "district", "--format", "json")
    rows = json.loads(r.stdout)["sections"][0]["rows"]
    assert [u["code"] for u in rows] == ["HNI-BD", "HNI-HK"]


def test_records_values_parsed(cli, loaded):
    r = cli("records", "show", "NV001", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)["sections"][0]["rows"]
    assert rows[0]["title"] == "CSTDCS" and rows[0]["initiative_level"] == "sector"
    assert rows[1]["rating"] == "HTXSNV" and rows[1]["hcm_study"] is True
    r = cli("records", "show", "HNI-BD", "--format", "json")
    unit = json.loads(r.stdout)["sections"][0]["rows"][0]
    assert unit["collection_plan"] == 101.5 and unit["title"] == "TTLDTT"
    r = cli("records", "show", "NV002", "--format", "json")
    assert json.loads(r.stdout)["sections"][0]["rows"][0]["discipline"] == "khien_trach"


def test_reimport_replaces_subject_year(cli, loaded, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("year,subject,rating\n2018,NV003,HTXSNV\n", encoding="utf-8")
    assert cli("records", "import", f).exit_code == 0
    rows = json.loads(cli("records", "show", "NV003", "-f", "json").stdout)["sections"][0]["rows"]
    assert rows[0]["rating"] == "HTXSNV" and "title" not in rows[0]


def test_people_search_accent_insensitive(cli, loaded):
    r = cli("people", "list", "--search", "nguyen van an", "-f", "json")
    assert [p["code"] for p in json.loads(r.stdout)["sections"][0]["rows"]] == ["NV001"]
    r = cli("people", "list", "--search", "dao", "-f", "json")
    assert [p["code"] for p in json.loads(r.stdout)["sections"][0]["rows"]] == ["NV004"]
    r = cli("people", "list", "--unit", "HNI-BD", "-f", "json")
    names = [p["full_name"] for p in json.loads(r.stdout)["sections"][0]["rows"]]
    assert names == ["Lê Đức Anh", "Nguyễn Văn Ân", "Trần Thị Bảo"]  # Anh < Ân (a < â)


def test_people_category_nld(cli, loaded):
    rows = json.loads(cli("people", "list", "-f", "json").stdout)["sections"][0]["rows"]
    assert {p["code"]: p["category"] for p in rows}["NV003"] == "NLD"


BAD_CASES = [
    ("units", "load", "tree_dup_key.yaml", ":7: name: duplicate key 'name'"),
    ("units", "load", "tree_malformed.yaml", "tree_malformed.yaml:5: malformed YAML"),
    ("units", "load", "tree_unknown_level.yaml", ":9: level: unknown level 'provnce'"),
    ("units", "load", "tree_wrong_parent.yaml", "belongs under a unit of level 'province'"),
    ("units", "load", "tree_dup_code.yaml", ":10: code: duplicate unit code 'X'"),
    ("units", "load", "tree_bad_cluster.yaml", "member 'ZZZ' is not a unit"),
    ("people", "import", "people_bad_heads.csv",
     "people_bad_heads.csv:2: heads: unknown unit 'NOPE'"),
    ("people", "import", "people_bad_category.csv", ":2: category: 'công nhân' is not CBCCVC"),
    ("people", "import", "people_bad_unit.csv", ":2: unit: unknown unit 'ZZZ'"),
    ("people", "import", "people_cp1258.csv", "people_cp1258.csv:2: not UTF-8"),
    ("records", "import", "records_bad_column.csv", ":1: ratng: not a metric the criteria "
     "declare (did you mean 'rating'?)"),
    ("records", "import", "records_bad_enum.csv", ":2: rating: 'GIOI' is not one of"),
    ("records", "import", "records_bad_range.csv", ":2: months_worked: 13 is above the maximum 12"),
    ("records", "import", "records_bad_subject.csv", ":2: subject: 'NOBODY' is neither"),
    ("records", "import", "records_bad_kind.csv", ":2: collection_plan: not a metric of a person"),
    ("records", "import", "records_bad_year.csv", ":2: year: 'hai nghìn' is not a year"),
    ("records", "import", "records_dup.csv", ":3: subject: NV001 2018 appears twice"),
]


@pytest.mark.parametrize(("group", "verb", "name", "message"), BAD_CASES,
                         ids=[c[2] for c in BAD_CASES])
def test_bad_input_exit_2_nothing_written(cli, loaded, group, verb, name, message):
    before = snapshot(loaded)
    r = cli(group, verb, BAD / name)
    assert r.exit_code == 2, r.stdout + r.stderr
    assert message in r.stderr
    assert str(BAD / name) in r.stderr
    assert snapshot(loaded) == before


def test_every_error_reported(cli, loaded, tmp_path):
    f = tmp_path / "many.csv"
    f.write_text("year,subject,rating,months_worked\n2018,NV001,XX,12\n2018,NV002,HTTNV,99\n"
                 "2018,NV003,HTTNV,12\n", encoding="utf-8")
    before = snapshot(loaded)
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert ":2: rating:" in r.stderr and ":3: months_worked:" in r.stderr
    assert snapshot(loaded) == before


def test_xlsx_import(cli, loaded, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Year", "Subject", "Rating", "Months_worked", "Discipline"])
    ws.append([2019, "NV003", "hoàn thành xuất sắc nhiệm vụ", 12.0, "Cảnh cáo"])
    f = tmp_path / "r.xlsx"
    wb.save(f)
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    rows = json.loads(cli("records", "show", "NV003", "-f", "json").stdout)["sections"][0]["rows"]
    last = {k: v for k, v in rows[-1].items() if v is not None}
    assert last == {"year": 2019, "rating": "HTXSNV", "months_worked": 12,
                    "discipline": "canh_cao"}


def test_tree_reload_moves_and_refuses_removal(cli, loaded, tmp_path):
    text = (DATA / "tree.yaml").read_text(encoding="utf-8")
    moved = text.replace("name: BHXH quận Hoàn Kiếm", "name: BHXH quận Hoàn Kiếm (mới)")
    f = tmp_path / "t.yaml"
    f.write_text(moved, encoding="utf-8")
    assert cli("units", "load", f).exit_code == 0
    rows = json.loads(cli("units", "show", "-f", "json").stdout)["sections"][0]["rows"]
    assert {u["code"]: u["name"] for u in rows}["HNI-HK"].endswith("(mới)")
    line = "          - {code: HNI-HK, name: BHXH quận Hoàn Kiếm, level: district}\n"
    removed = text.replace(line, "")
    f.write_text(removed, encoding="utf-8")
    before = snapshot(loaded)
    r = cli("units", "load", f)
    assert r.exit_code == 2
    assert "unit 'HNI-HK' is missing from the file but still has people NV004" in r.stderr
    assert snapshot(loaded) == before


def test_newer_schema_refused(cli, db_path):
    cli("init")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    r = cli("units", "show")
    assert r.exit_code == 1 and "newer dtt" in r.stderr


def test_tree_reload_moves_unit(cli, loaded, tmp_path):
    text = (DATA / "tree.yaml").read_text(encoding="utf-8")
    team = "              - {code: HNI-BD-T1, name: Tổ Thu – Sổ thẻ, level: team}\n"
    moved = text.replace(team, "").replace(
        "          - {code: HNI-HK, name: BHXH quận Hoàn Kiếm, level: district}\n",
        "          - code: HNI-HK\n            name: BHXH quận Hoàn Kiếm\n"
        "            level: district\n            children:\n"
        "              - {code: HNI-BD-T1, name: Tổ Thu – Sổ thẻ, level: team}\n")
    f = tmp_path / "t.yaml"
    f.write_text(moved, encoding="utf-8")
    r = cli("units", "load", f)
    assert r.exit_code == 0, r.stderr
    rows = json.loads(cli("units", "show", "-f", "json").stdout)["sections"][0]["rows"]
    assert {u["code"]: u["parent"] for u in rows}["HNI-BD-T1"] == "HNI-HK"
    r = cli("people", "list", "--unit", "HNI-HK", "-f", "json")
    codes = {p["code"] for p in json.loads(r.stdout)["sections"][0]["rows"]}
    assert {"NV002", "NV003", "NV004"} <= codes


def test_init_with_a_bad_tree_writes_nothing(cli, db_path):
    r = cli("init", "--units", BAD / "tree_unknown_level.yaml")
    assert r.exit_code == 2 and "unknown level 'provnce'" in r.stderr
    conn = sqlite3.connect(db_path)
    try:
        for table in ("criteria_files", "meta", "units", "levels"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        conn.close()


def test_backup_is_a_usable_copy(cli, loaded, tmp_path):
    target = tmp_path / "copy.db"
    r = cli("backup", target)
    assert r.exit_code == 0, r.stderr
    r = cli("--db", target, "records", "show", "NV001", "-f", "json")
    assert len(json.loads(r.stdout)["sections"][0]["rows"]) == 2
    assert not (tmp_path / "copy.db.tmp").exists()
    r = cli("backup", loaded)
    assert r.exit_code == 2 and "another file" in r.stderr


def test_init_criteria_alone_keeps_the_tree(cli, loaded, tmp_path):
    """`init --criteria FILE` on a database with its own tree changes only the criteria."""
    from dtt.criteria.source import default_text

    conn = sqlite3.connect(loaded)
    units_before = conn.execute("SELECT code, name, parent FROM units ORDER BY code").fetchall()
    conn.close()
    own = tmp_path / "own_criteria.yaml"
    own.write_text(default_text() + "\n# the office's copy\n", encoding="utf-8")
    r = cli("init", "--criteria", own)
    assert r.exit_code == 0, r.stderr
    assert "tree kept" in r.stderr and f"criteria from {own}" in r.stderr
    conn = sqlite3.connect(loaded)
    try:
        assert conn.execute("SELECT code, name, parent FROM units ORDER BY code").fetchall() \
            == units_before
        assert conn.execute("SELECT COUNT(*) FROM units WHERE level='province'").fetchone()[0] \
            != 6  # not the bundled sample tree
        assert conn.execute("SELECT value FROM meta WHERE key = 'criteria_file'"
                            ).fetchone()[0] == str(own)
    finally:
        conn.close()


def test_init_units_alone_keeps_the_criteria(cli, loaded, tmp_path):
    own = tmp_path / "own_criteria.yaml"
    from dtt.criteria.source import default_text

    own.write_text(default_text() + "\n# the office's copy\n", encoding="utf-8")
    assert cli("init", "--criteria", own).exit_code == 0
    r = cli("init", "--units", DATA / "tree.yaml")
    assert r.exit_code == 0, r.stderr
    assert "criteria kept" in r.stderr
    conn = sqlite3.connect(loaded)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'criteria_file'"
                            ).fetchone()[0] == str(own)
    finally:
        conn.close()
