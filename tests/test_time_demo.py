"""The demo through the 2025 reorganisation: the headquarters from 21 units to 14 (1 March),
cluster 1's provinces merged (1 July), a few people moving each year and leaders changing unit;
and the reports of 2025 read through that tree."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from dtt.bootstrap import build_demo
from dtt.demo import build
from dtt.demo.hq import HQ_MERGERS, LEADER_YEARS


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reform") / "demo.db"
    build_demo(path, "sample")
    return path


@pytest.fixture
def demo(built: Path, db_path: Path) -> Path:
    shutil.copy(built, db_path)
    return db_path


def _units(cli, *args: str) -> list[dict]:
    return json.loads(cli("units", "show", "-f", "json", *args).stdout)["sections"][0]["rows"]


def test_the_headquarters_go_from_21_units_to_14(cli, demo) -> None:
    before = [u["code"] for u in _units(cli, "--year", "2024", "--level", "hq_unit")]
    after = _units(cli, "--year", "2025", "--level", "hq_unit")
    assert len(before) == 21 and len(after) == 14
    closed = {c for codes in HQ_MERGERS.values() for c in codes}
    assert {u["code"] for u in after} == set(before) - closed
    # the absorbed units' rooms continue under the unit that absorbed them
    rooms = {u["code"]: u["parent"] for u in _units(cli, "--year", "2025", "--level",
                                                    "hq_room")}
    assert rooms["TDKT-TD"] == "TCCB" and rooms["BAO-TS"] == "TCBHXH"
    history = json.loads(cli("units", "history", "TCCB", "-f", "json").stdout)
    assert history["predecessors"] == [{"on": "2025-03-01", "units": ["TDKT"],
                                        "kept_code": True}]
    assert history["spans"][-1]["name"] == "Ban Tổ chức cán bộ"
    tdkt = json.loads(cli("units", "history", "TDKT", "-f", "json").stdout)
    assert tdkt["spans"][-1]["until"] == "2025-03-01"
    assert tdkt["successors"] == [{"on": "2025-03-01", "unit": "TCCB", "principal": False}]


def test_people_move_each_year_and_leaders_change_unit() -> None:
    data = build("sample")
    assert all(data.moves[y] for y in range(2017, 2026))
    heads = {p["code"]: p["heads"] for p in data.people if p["heads"]}
    for year in LEADER_YEARS:  # heads of district offices swap: each heads the other's
        swapped = [r for r in data.moves[year] if r["heads"]]
        assert len(swapped) >= 2
        assert Counter(r["heads"] for r in swapped) == Counter(r["unit"] for r in swapped)
        assert all(heads[r["code"]] != r["heads"] for r in swapped)
    # 2025: the head of an absorbed province becomes a deputy of the one that absorbed it;
    # the head of Nam Định heads the new Ninh Bình
    rows = {r["code"]: r for r in data.moves[2025]}
    head = {h: c for c, h in heads.items()}
    assert rows[head["HDG"]]["unit"] == "HPG" and rows[head["HDG"]]["heads"] == ""
    assert rows[head["HDG"]]["position"] == "Phó Giám đốc"
    assert rows[head["NDH"]]["unit"] == rows[head["NDH"]]["heads"] == "NBH"
    assert rows[head["TDKT"]]["unit"] == "TCCB" and rows[head["TDKT"]]["heads"] == ""


def test_report_2025_shows_the_merged_provinces(cli, demo) -> None:
    result = cli("report", "--unit", "province", "--year", "2025", "-f", "json")
    assert result.exit_code == 0, result.stderr
    groups = {g["unit"]: g for g in json.loads(result.stdout)["groups"]}
    assert list(groups) == ["HPG", "HYN", "NBH", "QNH"]
    for code, group in groups.items():
        statuses = Counter((r["track"], r["status"]) for r in group["results"])
        assert statuses[("ldtt", "recommended")] > 100, code
        assert statuses[("cstdcs", "recommended")] > 20, code
        assert statuses[("exemplar", "recommended")] > 5, code
    # Hải Dương's offices are Hải Phòng's in 2025; Thái Bình's Hưng Yên's; Nam Định's Ninh Bình's
    units = {code: {r["unit"] for r in g["results"] if r["kind"] == "person"}
             for code, g in groups.items()}
    assert any(u.startswith("HDG-") for u in units["HPG"])
    assert any(u.startswith("TBH-") for u in units["HYN"])
    assert any(u.startswith("NDH-") for u in units["NBH"])
    assert not any(u.startswith(("HDG", "TBH", "NDH")) for u in units["QNH"])
    table = cli("report", "--unit", "province", "--year", "2025").stdout
    assert "BHXH tỉnh Ninh Bình (NBH)" in table and "BHXH tỉnh Hải Dương" not in table


def test_a_collective_across_the_merger_reads_its_predecessor(cli, demo) -> None:
    assert cli("evaluate", "--year", "2025", "--unit", "NBH").exit_code == 0
    doc = json.loads(cli("evaluate", "--year", "2025", "--explain", "NBH", "-f",
                         "json").stdout)
    text = json.dumps(doc, ensure_ascii=False)
    assert "NDH, predecessor of NBH" in text


def test_the_period_summary_of_the_demo_spans_the_merger(cli, demo) -> None:
    doc = json.loads(cli("report", "--period", "2021-2025", "--unit", "province", "-f",
                         "json").stdout)
    groups = {g["unit"]: g for g in doc["groups"]}
    assert list(groups) == ["HPG", "HYN", "NBH", "QNH"]
    assert [p["unit"] for p in groups["HPG"]["predecessors"]] == ["HDG"]
    assert [p["unit"] for p in groups["NBH"]["predecessors"]] == ["NDH"]
    assert all(y["LDTT"] is None for y in groups["NBH"]["years"][:4])  # NBH formed in 2025
    texts = [c["text"] for c in doc["tree_changes"]]
    assert texts == [
        "Cây đơn vị thay đổi ngày 01/03/2025 (các đơn vị của báo cáo giữ nguyên)",
        "Cây đơn vị thay đổi ngày 01/07/2025: HDG sáp nhập vào HPG; TBH sáp nhập vào HYN; "
        "NDH đổi thành NBH"]
    hq = json.loads(cli("report", "--period", "2024-2025", "--unit", "hq_unit", "-f",
                        "json").stdout)
    assert len(hq["groups"]) == 14
    assert "TDKT sáp nhập vào TCCB" in hq["tree_changes"][0]["text"]


def test_show_gives_a_leaders_unit_by_year_and_a_units_lineage(cli, demo) -> None:
    data = build("sample")
    swapped = next(r for r in data.moves[LEADER_YEARS[0]] if r["heads"])
    first = next(p for p in data.people if p["code"] == swapped["code"])
    story = json.loads(cli("show", swapped["code"], "-f", "json").stdout)
    units = {y["year"]: (y["unit"], y["heads"]) for y in story["years"]}
    assert units[LEADER_YEARS[0] - 1] == (first["unit"], first["heads"])
    assert units[LEADER_YEARS[0]] == (swapped["unit"], swapped["heads"])
    assert [r["year"] for r in story["roster"]][:2] == [2016, LEADER_YEARS[0]]
    text = cli("show", swapped["code"]).stdout
    assert f"{swapped['unit']}, đứng đầu {swapped['heads']}" in text
    text = cli("show", "TCCB").stdout
    assert "từ cây đơn vị đầu tiên" in text and "Vụ Tổ chức cán bộ (Vụ, Ban" in text
    assert "từ 01/03/2025" in text and "Ban Tổ chức cán bộ (Vụ, Ban" in text
    assert "trước đây (01/03/2025)" in text and "TDKT" in text
    english = cli("--lang", "en", "show", "TCCB").stdout
    assert "from the first tree" in english and "Vụ Tổ chức cán bộ (hq_unit, under VSS)" in english
    assert "from 2025-03-01" in english and "formerly (2025-03-01)" in english
    text = cli("show", "HDG").stdout
    assert "ngừng hoạt động từ" in text and "01/07/2025" in text
    assert "được kế thừa bởi (01/07/2025)" in text
