"""Bad input through time (issue "The sector through time", "Bad input"): each case one line
naming the file, the line or row and the field, exit status 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_time import PEOPLE, T2016, T2025, counts, write

CYCLE = T2025.replace(
    "          - {code: HPG-CS2, name: BHXH cơ sở Hải Dương, level: base, formerly: [HDG-TP]}",
    "      - {code: HDG, name: BHXH tỉnh Hải Dương, level: province, formerly: [HPG]}")
HEADER = "code,full_name,unit,category,position,heads\n"


@pytest.fixture
def dated(cli, tmp_path: Path) -> Path:
    """The tree of 2016, the tree in force from 2025-07-01, and a roster of 2020."""
    assert cli("init", "--units", write(tmp_path, "t2016.yaml", T2016)).exit_code == 0
    assert cli("units", "load", write(tmp_path, "t2025.yaml", T2025), "--from",
               "2025-07-01").exit_code == 0
    assert cli("people", "import", write(tmp_path, "p.csv", PEOPLE), "--year",
               "2020").exit_code == 0
    return tmp_path

# (what, file name, file text, extra arguments, the one line after "error: {path}")
CASES = [
    ("a formerly code that never existed", "never.yaml",
     T2025.replace("formerly: [HDG]", "formerly: [HDG-XX]"), ["--from", "2026-01-01"],
     ":13: formerly: formerly of 'HPG': 'HDG-XX' was never a unit (no tree before 2026-01-01 "
     "holds it)"),
    ("a unit that lists its own code", "self.yaml",
     T2025.replace("formerly: [HDG]", "formerly: [HPG]"), ["--from", "2026-01-01"],
     ":13: formerly: unit 'HPG' lists its own code in formerly; a unit that keeps its code "
     "continues itself"),
    ("a cycle", "cycle.yaml", CYCLE, ["--from", "2026-01-01"],
     ":13: formerly: formerly of 'HPG' makes a cycle: 'HPG' would succeed itself"),
    ("a date before the first tree (valid_from:)", "early.yaml",
     "valid_from: 2015-01-01\n" + T2025, [],
     ":1: valid_from: 2015-01-01 is before the first tree (in force from 2016-01-01)"),
    ("a date before the first tree (--from)", "early2.yaml", T2025, ["--from", "2015-01-01"],
     ": --from: 2015-01-01 is before the first tree (in force from 2016-01-01)"),
    ("two trees on one date (valid_from:)", "twice.yaml", "valid_from: 2025-07-01\n" + T2025,
     [], ":1: valid_from: a tree is already in force from 2025-07-01; two trees cannot "
     "start on one date"),
    ("two trees on one date (--from)", "twice2.yaml", T2025, ["--from", "2025-07-01"],
     ": --from: a tree is already in force from 2025-07-01; two trees cannot start on one "
     "date"),
    ("a malformed valid_from", "baddate.yaml", "valid_from: 2025-7-1\n" + T2025, [],
     ":1: valid_from: '2025-7-1' is not a date (YYYY-MM-DD)"),
]


@pytest.mark.parametrize("what, name, text, args, line", CASES, ids=[c[0] for c in CASES])
def test_a_bad_tree_is_one_line_and_writes_nothing(cli, dated, db_path, what, name, text, args,
                                                   line) -> None:
    before = counts(db_path)
    path = write(dated, name, text)
    result = cli("units", "load", path, *args)
    assert result.exit_code == 2, what
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {path}{line}"]
    assert counts(db_path) == before


ROSTERS = [
    ("a roster row naming a unit not in force that year",
     HEADER + "P1,Nguyễn Thị An,HPG-LC,CBCCVC,,\n", "2026",
     ":2: unit: unit 'HPG-LC' is not in force in 2026"),
    ("a roster row heading a unit not in force that year",
     HEADER + "P1,Nguyễn Thị An,HPG-CS1,CBCCVC,Tổ trưởng,HPG-LC-T1\n", "2026",
     ":2: heads: unit 'HPG-LC-T1' is not in force in 2026"),
    ("a roster year with no tree", HEADER + "P1,Nguyễn Thị An,HPG-LC,CBCCVC,,\n", "2015",
     ": --year: no unit tree is in force in 2015 (the first is in force from 2016-01-01)"),
]


@pytest.mark.parametrize("what, text, year, line", ROSTERS, ids=[c[0] for c in ROSTERS])
def test_a_bad_roster_is_one_line_and_writes_nothing(cli, dated, db_path, what, text, year,
                                                     line) -> None:
    before = counts(db_path)
    path = write(dated, "roster.csv", text)
    result = cli("people", "import", path, "--year", year)
    assert result.exit_code == 2, what
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {path}{line}"]
    assert counts(db_path) == before

