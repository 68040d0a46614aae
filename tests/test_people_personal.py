"""People's optional columns gender, born, recruited: import (.csv and .xlsx, every accepted
spelling), bad cells refused with file, row and field and nothing written, `people list`,
the schema upgrade; the pre-2020 HTNV spelling and the rating warnings of a records import."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_foundation import snapshot

from dtt.store import open_store
from dtt.store.db import _split
from dtt.store.schema import MIGRATIONS, SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
HEAD = "code,full_name,unit,category,position,heads"


@pytest.fixture
def tree(cli, db_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    return db_path


def people_json(cli) -> dict[str, dict]:
    r = cli("people", "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    return {row["code"]: row for row in json.loads(r.stdout)["sections"][0]["rows"]}


def test_csv_with_every_spelling(cli, tree, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text(f"{HEAD},gender,born,recruited\n"
                 "A1,Lê Thị Ân,HNI-BD,CBCCVC,,,Nữ,05/11/1990,2015-03-01\n"
                 "A2,Trần Văn Bảo,HNI-BD,CBCCVC,,,nam,1988-01-31,1/9/2012\n"
                 "A3,Phạm Thị Cúc,HNI-BD,CBCCVC,,,NU,,\n", encoding="utf-8")
    r = cli("people", "import", f)
    assert r.exit_code == 0, r.stderr
    rows = people_json(cli)
    assert (rows["A1"]["gender"], rows["A1"]["born"], rows["A1"]["recruited"]) == \
        ("nu", "1990-11-05", "2015-03-01")
    assert (rows["A2"]["gender"], rows["A2"]["born"], rows["A2"]["recruited"]) == \
        ("nam", "1988-01-31", "2012-09-01")
    assert (rows["A3"]["gender"], rows["A3"]["born"], rows["A3"]["recruited"]) == \
        ("nu", None, None)
    table = cli("people", "list").stdout
    assert "recruited" in table and "2015-03-01" in table


def test_xlsx_date_cells_and_serials(cli, tree, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append([*HEAD.split(","), "gender", "born", "recruited"])
    ws.append(["X1", "Lê Thị Ân", "HNI-BD", "CBCCVC", None, None, "nữ",
               dt.datetime(1990, 11, 5), 43160])
    f = tmp_path / "people.xlsx"
    wb.save(f)
    r = cli("people", "import", f)
    assert r.exit_code == 0, r.stderr
    row = people_json(cli)["X1"]
    assert (row["born"], row["recruited"]) == ("1990-11-05", "2018-03-01")


@pytest.mark.parametrize(("cells", "field", "words"), [
    ("khác,1990-01-01,2015-01-01", "gender", "'khác' is not nam or nữ"),
    ("nữ,31/02/1990,2015-01-01", "born", "'31/02/1990' is not a date"),
    ("nữ,1990-01-01,tháng 3", "recruited", "'tháng 3' is not a date"),
    ("nữ,1990-01-01,1989-12-31", "recruited", "recruited 1989-12-31 is before born 1990-01-01"),
])
def test_a_bad_cell_names_file_row_field_and_writes_nothing(cli, tree, tmp_path, cells, field,
                                                            words):
    f = tmp_path / "people.csv"
    f.write_text(f"{HEAD},gender,born,recruited\n"
                 "A1,Lê Thị Ân,HNI-BD,CBCCVC,,,nữ,,\n"
                 f"A2,Trần Thị Bảo,HNI-BD,CBCCVC,,,{cells}\n", encoding="utf-8")
    before = snapshot(tree)
    r = cli("people", "import", f)
    assert r.exit_code == 2
    assert f"{f}:3: {field}: {words}" in r.stderr
    assert snapshot(tree) == before


def test_a_file_without_the_columns_keeps_stored_values(cli, tree, tmp_path):
    f = tmp_path / "people.csv"
    f.write_text(f"{HEAD},gender,recruited\nA1,Lê Thị Ân,HNI-BD,CBCCVC,,,nữ,2015-03-01\n",
                 encoding="utf-8")
    assert cli("people", "import", f).exit_code == 0
    f.write_text(f"{HEAD}\nA1,Lê Thị Ân,HNI-HK,CBCCVC,,\n", encoding="utf-8")
    assert cli("people", "import", f).exit_code == 0
    row = people_json(cli)["A1"]
    assert (row["unit"], row["gender"], row["recruited"]) == ("HNI-HK", "nu", "2015-03-01")
    f.write_text(f"{HEAD},recruited\nA1,Lê Thị Ân,HNI-HK,CBCCVC,,,\n", encoding="utf-8")
    assert cli("people", "import", f).exit_code == 0
    row = people_json(cli)["A1"]
    assert (row["gender"], row["recruited"]) == ("nu", None)  # an empty cell clears


def test_schema_3_upgrades_with_empty_personal_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        for statement in _split(migration):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO levels VALUES ('sector', 'Ngành', NULL, 0, 0)")
    conn.execute("INSERT INTO units VALUES ('VSS', 'BHXH Việt Nam', 'sector', NULL, 0, 'bhxh')")
    conn.execute("INSERT INTO people VALUES ('NV1', 'Lê Thị Ân', 'VSS', 'CBCCVC', NULL, NULL,"
                 " 'le thi an')")
    conn.close()
    store = open_store(path)
    assert store.user_version() == SCHEMA_VERSION
    row = dict(store.query("SELECT * FROM people")[0])
    assert row["code"] == "NV1" and (row["gender"], row["born"], row["recruited"]) == \
        (None, None, None)
    store.close()


# --- ratings ----------------------------------------------------------------------------------
PEOPLE = (f"{HEAD}\nNV1,Lê Thị Ân,HNI-BD,CBCCVC,,\nNV2,Trần Văn Bảo,HNI-BD,CBCCVC,,\n"
          "NV3,Phạm Thị Cúc,HNI-BD,CBCCVC,,\nNV4,Đỗ Văn Dũng,HNI-BD,CBCCVC,,\n")


def test_pre_2020_spelling_is_htnv_and_contradictions_warn(cli, tree, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    assert cli("people", "import", tmp_path / "people.csv").exit_code == 0
    f = tmp_path / "records.csv"
    f.write_text("year,subject,rating,discipline,months_worked,maternity_months\n"
                 "2018,NV1,Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực,,12,\n"
                 "2018,NV2,HTTNV,Khiển trách,12,\n"
                 "2018,NV3,HTTNV,,5,6\n"
                 "2018,NV4,HTNV,,4,\n", encoding="utf-8")
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {f}:3: rating: rated HTTNV though disciplined (khien_trach) in the year: a "
        "person disciplined in the year is rated KHTNV (NĐ 90/2020/NĐ-CP Điều 2, sửa đổi NĐ "
        "48/2023/NĐ-CP)",
        f"warning: {f}:5: rating: rated HTNV though only 4 months worked in the year: under 6 "
        "months a person is not rated, maternity leave excepted (NĐ 90/2020/NĐ-CP Điều 2, sửa "
        "đổi NĐ 48/2023/NĐ-CP)"]
    shown = json.loads(cli("records", "show", "NV1", "--format", "json").stdout)
    assert shown["sections"][0]["rows"][0]["rating"] == "HTNV"
    shown = json.loads(cli("records", "show", "NV2", "--format", "json").stdout)
    assert shown["sections"][0]["rows"][0]["rating"] == "HTTNV"  # kept: a warning, not a refusal


def test_the_library_returns_the_warnings(tree, tmp_path):
    from dtt.people import import_people_rows
    from dtt.records import import_record_rows

    store = open_store(tree)
    import_people_rows(store, [{"code": "NV1", "full_name": "Lê Thị Ân", "unit": "HNI-BD",
                                "category": "CBCCVC"}], "p")
    out = import_record_rows(store, [{"year": 2024, "subject": "NV1", "rating": "HTXSNV",
                                      "discipline": "cảnh cáo"}], "r")
    assert out["rows"] == 1 and len(out["warnings"]) == 1
    assert out["warnings"][0].startswith("r:2: rating: rated HTXSNV though disciplined")
    out = import_record_rows(store, [{"year": 2024, "subject": "NV1", "rating": "KHTNV",
                                      "discipline": "cảnh cáo", "months_worked": 12}], "r")
    assert out["warnings"] == []  # KHTNV is what a disciplined person gets
    store.close()
