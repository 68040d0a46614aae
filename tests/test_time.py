"""The sector through time: dated trees, lineage, the roster by year (DESIGN.md, "Time")."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

T2016 = """\
valid_from: 2016-01-01
levels:
  - {key: sector, name: Ngành}
  - {key: province, name: BHXH tỉnh, parent: sector}
  - {key: district, name: BHXH huyện, parent: province}
  - {key: team, name: Tổ nghiệp vụ, parent: district}
units:
  - code: VSS
    name: Bảo hiểm xã hội Việt Nam
    level: sector
    children:
      - code: HPG
        name: BHXH thành phố Hải Phòng
        level: province
        children:
          - code: HPG-LC
            name: BHXH quận Lê Chân
            level: district
            children: [{code: HPG-LC-T1, name: Tổ thu, level: team}]
      - code: HDG
        name: BHXH tỉnh Hải Dương
        level: province
        children:
          - {code: HDG-TP, name: BHXH thành phố Hải Dương, level: district}
clusters:
  - {key: C1, name: Cụm thi đua số 1, members: [HPG, HDG]}
"""

T2025 = """\
levels:
  - {key: sector, name: Ngành}
  - {key: province, name: BHXH tỉnh, parent: sector}
  - {key: base, name: BHXH cơ sở, parent: province}
units:
  - code: VSS
    name: Bảo hiểm xã hội Việt Nam
    level: sector
    children:
      - code: HPG
        name: BHXH thành phố Hải Phòng
        level: province
        formerly: [HDG]
        children:
          - {code: HPG-CS1, name: BHXH cơ sở Lê Chân, level: base, formerly: [HPG-LC]}
          - {code: HPG-CS2, name: BHXH cơ sở Hải Dương, level: base, formerly: [HDG-TP]}
clusters:
  - {key: C1, name: Cụm thi đua số 1, members: [HPG]}
"""

PEOPLE = """\
code,full_name,unit,category,position,heads
P1,Nguyễn Thị An,HPG-LC-T1,CBCCVC,,
P2,Trần Văn Bình,HDG-TP,CBCCVC,Giám đốc,HDG-TP
"""


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def dated(cli, tmp_path: Path):
    assert cli("init", "--units", write(tmp_path, "t2016.yaml", T2016)).exit_code == 0
    result = cli("units", "load", write(tmp_path, "t2025.yaml", T2025), "--from", "2025-07-01")
    assert result.exit_code == 0, result.stderr
    assert "in force from 2025-07-01" in result.stderr and "4 closed" in result.stderr
    assert cli("people", "import", write(tmp_path, "p.csv", PEOPLE), "--year",
               "2020").exit_code == 0
    return tmp_path


def counts(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("trees", "tree_units", "unit_lineage", "roster", "units"))
    finally:
        conn.close()


def test_each_year_has_its_tree_and_closed_units_stay(cli, dated, db_path) -> None:
    old = json.loads(cli("units", "show", "--year", "2020", "--format", "json").stdout)
    new = json.loads(cli("units", "show", "--format", "json").stdout)
    codes = lambda doc: [r["code"] for r in doc["sections"][0]["rows"]]  # noqa: E731
    assert codes(old) == ["VSS", "HPG", "HPG-LC", "HPG-LC-T1", "HDG", "HDG-TP"]
    assert codes(new) == ["VSS", "HPG", "HPG-CS1", "HPG-CS2"]
    # the tree of 2025 is the one in force on 31 December 2025
    assert codes(json.loads(cli("units", "show", "--year", "2025", "--format",
                                "json").stdout)) == codes(new)
    conn = sqlite3.connect(db_path)
    closed = dict(conn.execute("SELECT code, closed_on FROM units WHERE closed_on IS NOT NULL"))
    current = [r[0] for r in conn.execute("SELECT code FROM current_units ORDER BY position")]
    conn.close()
    assert closed == {c: "2025-07-01" for c in ("HPG-LC", "HPG-LC-T1", "HDG", "HDG-TP")}
    assert current == ["VSS", "HPG", "HPG-CS1", "HPG-CS2"]


def test_units_history(cli, dated) -> None:
    hdg = json.loads(cli("units", "history", "HDG", "--format", "json").stdout)
    assert hdg["spans"] == [{"from": "2016-01-01", "until": "2025-07-01",
                             "name": "BHXH tỉnh Hải Dương", "level": "province",
                             "parent": "VSS"}]
    assert hdg["successors"] == [{"on": "2025-07-01", "unit": "HPG", "principal": False}]
    hpg = json.loads(cli("units", "history", "HPG", "--format", "json").stdout)
    assert [s["from"] for s in hpg["spans"]] == ["2016-01-01", "2025-07-01"]
    assert hpg["predecessors"] == [{"on": "2025-07-01", "units": ["HDG"], "kept_code": True}]
    text = cli("units", "history", "HPG-CS2").stdout
    assert "succeeds" in text and "HDG-TP" in text and "BHXH cơ sở Hải Dương" in text
    result = cli("units", "history", "NOPE")
    assert result.exit_code == 2 and "unknown unit 'NOPE'" in result.stderr


def test_people_of_a_closed_unit_follow_its_successor(cli, dated) -> None:
    rows = json.loads(cli("units", "show", "--year", "2025", "--format", "json").stdout)
    people = {r["code"]: r["people"] for r in rows["sections"][0]["rows"]}
    # the team was abolished: its person goes with its district to BHXH cơ sở Lê Chân
    assert people["HPG-CS1"] == 1 and people["HPG-CS2"] == 1


BAD_TREES = [
    ("formerly: [HDG-XX]", "'HDG-XX' was never a unit", "formerly"),
    ("formerly: [HPG]", "lists its own code", "formerly"),
]


@pytest.mark.parametrize("formerly, message, field", BAD_TREES)
def test_bad_lineage(cli, dated, db_path, formerly, message, field) -> None:
    before = counts(db_path)
    text = T2025.replace("formerly: [HDG]", formerly)
    path = write(dated, "bad.yaml", text)
    result = cli("units", "load", path, "--from", "2026-01-01")
    assert result.exit_code == 2
    line = text.splitlines().index(next(x for x in text.splitlines() if formerly in x)) + 1
    assert result.stderr.strip().splitlines() == [
        f"error: {path}:{line}: {field}: " + result.stderr.split(f"{field}: ", 1)[1].strip()]
    assert message in result.stderr
    assert counts(db_path) == before


def test_cycle_date_and_roster_errors(cli, dated, db_path) -> None:
    before = counts(db_path)
    cycle = T2025.replace(
        "          - {code: HPG-CS2, name: BHXH cơ sở Hải Dương, level: base, formerly: [HDG-TP]}",
        "      - {code: HDG, name: BHXH tỉnh Hải Dương, level: province, formerly: [HPG]}")
    path = write(dated, "cycle.yaml", cycle)
    result = cli("units", "load", path, "--from", "2026-01-01")
    assert result.exit_code == 2 and "cycle" in result.stderr and f"{path}:" in result.stderr
    assert "formerly" in result.stderr
    # a date before the first tree; two trees on one date (from the file's valid_from:)
    early = write(dated, "early.yaml", "valid_from: 2015-01-01\n" + T2025)
    result = cli("units", "load", early)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {early}:1: valid_from: 2015-01-01 is before the "
                                     "first tree (in force from 2016-01-01)")
    twice = write(dated, "twice.yaml", "valid_from: 2025-07-01\n" + T2025)
    result = cli("units", "load", twice)
    assert result.exit_code == 2 and "two trees cannot start on one date" in result.stderr
    # a roster row naming a unit not in force that year; a roster year with no tree
    people = write(dated, "p2026.csv", PEOPLE)
    result = cli("people", "import", people, "--year", "2026")
    assert result.exit_code == 2
    assert f"error: {people}:2: unit: unit 'HPG-LC-T1' is not in force in 2026" in result.stderr
    result = cli("people", "import", people, "--year", "2015")
    assert result.exit_code == 2 and "no unit tree is in force in 2015" in result.stderr
    assert counts(db_path) == before


def test_roster_by_year(cli, dated, db_path) -> None:
    moved = write(dated, "p2026.csv", "code,full_name,unit,category,position,heads\n"
                  "P1,Nguyễn Thị An,HPG-CS2,CBCCVC,Phó Giám đốc,HPG-CS2\n")
    assert cli("people", "import", moved, "--year", "2026").exit_code == 0
    from dtt.store import history, open_store

    store = open_store(db_path)
    try:
        as_of = {y: {r[0]: r[2:] for r in history.roster(store, y)} for y in (2018, 2020, 2026)}
    finally:
        store.close()
    # before the first roster the first holds; from 2026 the new one
    assert as_of[2018]["P1"] == as_of[2020]["P1"] == ("HPG-LC-T1", None, None)
    assert as_of[2026]["P1"] == ("HPG-CS2", "Phó Giám đốc", "HPG-CS2")
    # P2 still heads HDG-TP in the current people table only until a roster says otherwise
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT unit FROM people WHERE code = 'P1'").fetchone() == ("HPG-CS2",)
    conn.close()


def test_a_decided_year_stays_decided(tmp_path: Path) -> None:
    """Re-evaluating 2018 after a later roster and a later tree gives byte-identical verdicts."""
    from case_runner import MINI_TREE, build_case_db

    from dtt.engine import evaluate
    from dtt.people import import_people_rows
    from dtt.tree import load_tree_doc

    ldtt = {"rating": "HTTNV", "title": "LDTT", "months_worked": 12}
    case = {"year": 2018, "rosters": [],  # the people below: the roster of 2017
            "crowd": [{"prefix": "A", "count": 6, "unit": "HNI-BD",
                       "records": {2017: ldtt, 2018: ldtt}}],
            "people": [{"code": "P1", "full_name": "Nguyễn Văn An", "unit": "HNI-BD",
                        "heads": "HNI-BD"}],
            "records": {"P1": {2017: {**ldtt, "rating": "HTXSNV"},
                               2018: {**ldtt, "rating": "HTXSNV", "title": "CSTDCS",
                                      "initiatives": 1, "charity": True, "hcm_study": True}},
                        "HNI-BD": {2017: {"rating": "HTXSNV", "title": "TTLDTT"},
                                   2018: {"rating": "HTXSNV", "title": "TTLDXS",
                                          "charity": True, "collection_plan": 104,
                                          "arrears_rate": 2.5, "tthc_on_time": 98,
                                          "e_transactions": 85}}}}
    store = build_case_db(tmp_path / "t.db", case)
    try:
        def verdicts() -> str:
            run = evaluate(store, year=2018)
            return json.dumps(sorted(run.results, key=lambda r: (r["track"], r["subject"])),
                              ensure_ascii=False, sort_keys=True, default=str)

        first = verdicts()
        assert '"status": "recommended"' in first
        tree = json.loads(json.dumps(MINI_TREE))
        province = tree["units"][0]["children"][0]
        province["children"] = [c for c in province["children"] if c["code"] != "HNI-BD"]
        province["children"][1]["formerly"] = ["HNI-BD"]  # Cầu Giấy absorbs Ba Đình
        load_tree_doc(store, tree, "t2021.yaml", "2021-01-01")
        import_people_rows(store, [
            {"code": f"A0{i}", "full_name": f"Thành Viên A {i}", "unit": "HNI-DD",
             "category": "CBCCVC", "position": "", "heads": ""} for i in range(1, 4)] + [
            {"code": "P1", "full_name": "Nguyễn Văn An", "unit": "HNI-CG",
             "category": "CBCCVC", "position": "", "heads": "HNI-CG"}], "r2021.csv", 2021)
        assert verdicts() == first
    finally:
        store.close()


def test_an_older_database_gets_its_tree_and_roster(tmp_path: Path) -> None:
    """Schema 4 on a database of schema 3: its tree in force from the beginning, its people the
    roster of the first year with records."""
    from dtt.sector import UnitTree
    from dtt.store import history, open_store
    from dtt.store.db import _split
    from dtt.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        for statement in _split(migration):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO levels VALUES ('sector', 'Ngành', NULL, 0, 0)")
    conn.execute("INSERT INTO units VALUES ('VSS', 'BHXH Việt Nam', 'sector', NULL, 0, 'bhxh')")
    conn.execute("INSERT INTO people VALUES ('NV1', 'Lê Thị Ân', 'VSS', 'CBCCVC', 'Chuyên viên',"
                 " NULL, 'le thi an')")
    conn.execute("INSERT INTO records VALUES ('NV1', 2019, 'person', '{}', NULL, 'x')")
    conn.close()
    store = open_store(path)
    try:
        assert history.trees(store) == [(1, history.BEGINNING)]
        assert list(UnitTree.load(store, 2010).units) == ["VSS"]
        assert history.roster_of(store, "NV1") == [(2019, "VSS", "Chuyên viên", None)]
        assert history.roster(store, 2030) == [("NV1", "Lê Thị Ân", "VSS", "Chuyên viên", None)]
    finally:
        store.close()
