"""Reports through time: the period summary groups each year by that year's tree and roster,
shows a merged unit with its predecessors' years and says where the tree changed; the workflow
reads the tree of the year it decides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_time import PEOPLE, T2016, T2025, write

RECORDS = """\
year,subject,title
2021,P1,CSTDCS
2022,P1,CSTDCS
2023,P1,CSTDCS
2024,P1,CSTDCS
2025,P1,CSTDCS
2021,P2,LDTT
2022,P2,LDTT
2023,P2,LDTT
2024,P2,LDTT
2025,P2,LDTT
2023,HDG,TTLDXS
"""


@pytest.fixture
def merged(cli, tmp_path: Path) -> Path:
    assert cli("init", "--units", write(tmp_path, "t2016.yaml", T2016)).exit_code == 0
    assert cli("units", "load", write(tmp_path, "t2025.yaml", T2025), "--from",
               "2025-07-01").exit_code == 0
    assert cli("people", "import", write(tmp_path, "p.csv", PEOPLE), "--year",
               "2016").exit_code == 0
    result = cli("records", "import", write(tmp_path, "r.csv", RECORDS))
    assert result.exit_code == 0, result.stderr
    return tmp_path


@pytest.mark.vi
def test_period_across_the_merger_shows_the_predecessors_years(cli, merged) -> None:
    result = cli("report", "--period", "2021-2025", "--unit", "province", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # the sections are the provinces of the last year's tree: HDG is gone, HPG holds its years
    assert [g["unit"] for g in doc["groups"]] == ["HPG"]
    hpg = doc["groups"][0]
    own = {y["year"]: y for y in hpg["years"]}
    assert [own[y]["CSTDCS"] for y in range(2021, 2026)] == [1, 1, 1, 1, 1]
    assert [own[y]["LDTT"] for y in range(2021, 2025)] == [0, 0, 0, 0]
    assert own[2025]["LDTT"] == 1  # P2's office is BHXH cơ sở Hải Dương, under HPG, in 2025
    [hdg] = hpg["predecessors"]
    assert hdg["unit"] == "HDG" and hdg["name"] == "BHXH tỉnh Hải Dương"
    years = {y["year"]: y for y in hdg["years"]}
    assert sorted(years) == [2021, 2022, 2023, 2024]
    assert all(years[y]["LDTT"] == 1 for y in years) and years[2023]["TTLDXS"] == 1
    assert doc["tree_changes"] == [{
        "on": "2025-07-01", "sections": ["HPG"],
        "changes": [{"unit": "HPG", "predecessors": ["HDG"], "how": "absorbed"}],
        "text": "Cây đơn vị thay đổi ngày 01/07/2025: HDG sáp nhập vào HPG"}]


@pytest.mark.vi
def test_period_table_labels_the_predecessor_and_the_change(cli, merged) -> None:
    out = cli("report", "--period", "2021-2025", "--unit", "province").stdout
    assert "Cây đơn vị thay đổi ngày 01/07/2025: HDG sáp nhập vào HPG" in out
    lines = out.splitlines()
    row = next(x for x in lines if x.startswith("2022 – HDG (đơn vị tiền thân)"))
    assert row.split()[-8:][:1] == ["1"]  # LĐTT: P2's 2022 title, under HDG
    total = next(x for x in lines if x.split()[:1] == ["Tổng"] and x.split()[1].isdigit())
    assert total.split()[1:3] == ["5", "5"]  # LĐTT 4 (HDG) + 1 (2025), CSTĐCS 5
    en = cli("report", "--period", "2021-2025", "--unit", "province", "--lang", "en").stdout
    assert "The unit tree changed on 2025-07-01: HDG merged into HPG" in en
    assert "2024 – HDG (predecessor)" in en


def test_period_before_the_merger_reads_its_own_tree(cli, merged) -> None:
    doc = json.loads(cli("report", "--period", "2021-2024", "--unit", "province", "-f",
                         "json").stdout)
    assert [g["unit"] for g in doc["groups"]] == ["HDG", "HPG"]
    assert doc["tree_changes"] == []
    hdg = next(g for g in doc["groups"] if g["unit"] == "HDG")
    assert [y["LDTT"] for y in hdg["years"]] == [1, 1, 1, 1] and not hdg["predecessors"]


def test_period_of_one_unit_and_of_a_cluster(cli, merged) -> None:
    doc = json.loads(cli("report", "--period", "2023-2025", "--unit", "HPG", "-f",
                         "json").stdout)
    [hpg] = doc["groups"]
    assert [p["unit"] for p in hpg["predecessors"]] == ["HDG"]
    assert {c["unit"] for c in doc["tree_changes"][0]["changes"]} == {"HPG", "HPG-CS1",
                                                                      "HPG-CS2"}
    doc = json.loads(cli("report", "--period", "2023-2025", "--unit", "cluster", "-f",
                         "json").stdout)
    [c1] = doc["groups"]
    # a cluster keeps its key: its members' years are its own, whichever tree they were in
    assert [y["LDTT"] for y in c1["years"]] == [1, 1, 1] and not c1["predecessors"]


def test_council_reads_the_tree_of_its_year(tmp_path: Path, cli, merged, db_path) -> None:
    from dtt.store import open_store
    from dtt.workflow import policy

    store = open_store(db_path)
    try:
        p2 = policy.subject(store, "P2")
        assert policy.ancestors(store, "HDG-TP", 2020) == ["HDG-TP", "HDG", "VSS"]
        assert policy.ancestors(store, "HPG-CS2", 2025) == ["HPG-CS2", "HPG", "VSS"]
        then = policy.as_of(store, p2, 2020)
        assert then.unit == "HDG-TP" and then.heads == "HDG-TP"
        assert policy.group_unit(store, then, 2020) == "HDG"
        assert policy.in_subtree(store, "HDG", then, 2020)
        later = policy.as_of(store, p2, 2025)  # the closed office's people follow its successor
        assert later.unit == "HPG-CS2" and policy.group_unit(store, later, 2025) == "HPG"
        assert not policy.in_subtree(store, "HDG", later, 2025)
        assert policy.parent(store, "HDG", 2024) == "VSS"
    finally:
        store.close()


def _people(cli, *args: str) -> tuple[dict[str, int], str]:
    doc = json.loads(cli("units", "show", "-f", "json", *args).stdout)
    section = doc["sections"][0]
    return {r["code"]: r["people"] for r in section["rows"]}, section["summary"]


def test_units_show_counts_the_roster_of_the_default_year(cli, merged) -> None:
    moved = write(merged, "p2026.csv", "code,full_name,unit,category,position,heads\n"
                  "P1,Nguyễn Thị An,HPG-CS2,CBCCVC,,\n")
    result = cli("people", "import", moved, "--year", "2026")
    assert result.exit_code == 0 and "the roster as of 2026" in result.stderr
    assert "give --year" not in result.stderr
    # without --year: the latest tree, the people of 2025 (the latest year with records)
    people, summary = _people(cli)
    assert people == {"VSS": 0, "HPG": 0, "HPG-CS1": 1, "HPG-CS2": 1}
    assert summary == ("4 units — the latest tree; people as of the roster of 2025 (the latest "
                       "year with records)")
    people, summary = _people(cli, "--year", "2026")
    assert people["HPG-CS1"] == 0 and people["HPG-CS2"] == 2
    assert summary.endswith("the tree of 2026; people as of the roster of 2026")
    people, _ = _people(cli, "--year", "2020")
    assert people["HPG-LC-T1"] == 1 and people["HDG-TP"] == 1
    tree = cli("units", "show", "--tree").stdout
    assert "people as of the roster of 2025" in tree
    result = cli("units", "show", "--level", "team")
    assert result.exit_code == 2 and "unknown level 'team' in the latest tree" in result.stderr


def test_a_roster_before_any_records_is_the_current_years_and_says_so(cli, tmp_path,
                                                                      db_path) -> None:
    import datetime as dt
    import sqlite3

    this_year = dt.date.today().year
    assert cli("init", "--units", write(tmp_path, "t2016.yaml", T2016)).exit_code == 0
    result = cli("people", "import", write(tmp_path, "p.csv", PEOPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().endswith(
        f"2 people (2 new, 0 updated), the roster as of {this_year} (the current year; no "
        "records yet; give --year to set it)")
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT DISTINCT year FROM roster").fetchall() == [(this_year,)]
    conn.close()
    people, summary = _people(cli)
    assert people["HPG-LC-T1"] == 1
    assert summary.endswith(f"people as of the roster of {this_year} (the current year; no "
                            "records yet)")
    # records of an earlier year read the first roster (DESIGN.md, "Time")
    assert cli("records", "import", write(tmp_path, "r.csv", RECORDS)).exit_code == 0
    people, summary = _people(cli, "--year", "2021")
    assert people["HDG-TP"] == 1 and summary.endswith("roster of 2021")


def test_the_summary_document_reads_the_roster_and_tree_of_its_year(cli, merged) -> None:
    moved = write(merged, "p2025.csv", "code,full_name,unit,category,position,heads\n"
                  "P2,Trần Văn Bình,HPG-CS1,CBCCVC,Chuyên viên,\n")
    assert cli("people", "import", moved, "--year", "2025").exit_code == 0
    then = merged / "then.html"
    result = cli("report", "--document", "summary", "--subject", "P2", "--year", "2021",
                 "--date", "2022-01-15", "-o", then)
    assert result.exit_code == 0, result.stderr
    html = then.read_text(encoding="utf-8")
    assert "BHXH thành phố Hải Dương – BHXH tỉnh Hải Dương" in html
    assert "Giám đốc" in html and "BHXH CƠ SỞ" not in html
    now = merged / "now.html"
    assert cli("report", "--document", "summary", "--subject", "P2", "--year", "2025",
               "--date", "2026-01-15", "-o", now).exit_code == 0
    html = now.read_text(encoding="utf-8")
    assert "BHXH cơ sở Lê Chân – BHXH thành phố Hải Phòng" in html and "Chuyên viên" in html


def test_registrations_are_listed_under_the_unit_of_their_year(cli, merged) -> None:
    for year in ("2021", "2025"):
        result = cli("register", "P2", "--track", "exemplar", "--year", year, "--goal", "Mô hình")
        assert result.exit_code == 0, result.stderr

    def listed(*args: str) -> list[tuple[int, str]]:
        doc = json.loads(cli("register", "--list", "-f", "json", *args).stdout)
        rows = doc["registrations"]
        return [(r["year"], r["unit"]) for r in rows]

    # 2021: P2 at BHXH thành phố Hải Dương under HDG; 2025: the office is HPG-CS2, under HPG
    assert listed() == [(2021, "HDG-TP"), (2025, "HPG-CS2")]
    assert listed("--unit", "HDG") == [(2021, "HDG-TP")]
    assert listed("--unit", "HPG") == [(2025, "HPG-CS2")]


def test_a_report_on_a_unit_closed_that_year_says_where_its_units_went(cli, merged) -> None:
    result = cli("report", "--unit", "HDG", "--year", "2025")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --unit: unit 'HDG' is not in force in 2025; its "
                                     "units are under HPG that year")
    result = cli("report", "--unit", "HDG", "--year", "2024", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [g["unit"] for g in json.loads(result.stdout)["groups"]] == ["HDG"]
