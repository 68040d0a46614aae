"""`people list` is the roster of a year in that year's tree: exported, edited and imported
again as a later year's roster; every file written is told."""

from __future__ import annotations

import json
from pathlib import Path

from test_time import PEOPLE, T2016, T2025, write


def _dated(cli, tmp: Path) -> None:
    assert cli("init", "--units", write(tmp, "t2016.yaml", T2016)).exit_code == 0
    assert cli("units", "load", write(tmp, "t2025.yaml", T2025), "--from",
               "2025-07-01").exit_code == 0
    assert cli("people", "import", write(tmp, "p.csv", PEOPLE), "--year", "2020").exit_code == 0


def _listed(cli, *args: str) -> dict[str, dict]:
    result = cli("people", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return {r["code"]: r for r in json.loads(result.stdout)["sections"][0]["rows"]}


def test_people_list_by_year_follows_the_tree(cli, tmp_path: Path) -> None:
    _dated(cli, tmp_path)
    in_2020 = _listed(cli, "--year", "2020")
    assert in_2020["P1"]["unit"] == "HPG-LC-T1" and in_2020["P2"]["heads"] == "HDG-TP"
    in_2025 = _listed(cli, "--year", "2025")
    # the team was abolished: P1 is shown in BHXH cơ sở Lê Chân; the office P2 headed is
    # closed, so P2 heads nothing until a roster says otherwise
    assert in_2025["P1"]["unit"] == "HPG-CS1"
    assert in_2025["P2"]["unit"] == "HPG-CS2" and in_2025["P2"]["heads"] is None
    assert set(_listed(cli, "--year", "2025", "--unit", "HPG-CS1")) == {"P1"}
    result = cli("people", "list", "--year", "2025", "--unit", "HDG")
    assert result.exit_code == 2 and "not in the tree of 2025" in result.stderr


def test_exported_roster_imports_as_a_later_year(cli, tmp_path: Path) -> None:
    _dated(cli, tmp_path)
    out = tmp_path / "canhan-2026.xlsx"
    result = cli("people", "list", "--year", "2025", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"{out}: People — 2 rows, xlsx" in result.stderr  # the file written is told
    result = cli("people", "import", out, "--year", "2026")
    assert result.exit_code == 0, result.stderr
    assert _listed(cli, "--year", "2026")["P1"]["unit"] == "HPG-CS1"
    # the earlier years keep their own roster
    assert _listed(cli, "--year", "2020")["P1"]["unit"] == "HPG-LC-T1"
