"""The demo data generator: deterministic, well-formed, realistic enough to exercise the rules."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from dtt.demo import DemoData, build, sample_tree
from dtt.personal import as_date, months_between

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = yaml.safe_load((ROOT / "dtt" / "data" / "criteria.yaml").read_text(encoding="utf-8"))
METRICS: dict[str, dict[str, Any]] = CRITERIA["metrics"]
UNIT_YAML = ROOT / "dtt" / "data" / "units.yaml"
YEARS = range(2016, 2026)


@pytest.fixture(scope="module")
def sample() -> DemoData:
    return build("sample")


@pytest.fixture(scope="module")
def sector() -> DemoData:
    return build("sector")


def walk(tree: dict) -> list[tuple[dict, dict | None]]:
    """(unit, parent) for every unit, parents first."""
    out: list[tuple[dict, dict | None]] = []

    def go(node: dict, parent: dict | None) -> None:
        out.append((node, parent))
        for child in node.get("children") or []:
            go(child, node)

    for root in tree["units"]:
        go(root, None)
    return out


def check_tree(tree: dict) -> dict[str, dict]:
    assert set(tree) >= {"levels", "units", "clusters"}
    levels = {lv["key"]: lv for lv in tree["levels"]}
    assert set(levels) == {
        "sector", "hq_unit", "hq_room", "province", "province_room", "district", "team",
    }  # fmt: skip
    for lv in tree["levels"]:
        assert set(lv) <= {"key", "name", "parent"} and lv["name"]
        assert lv.get("parent") is None or lv["parent"] in levels
    units: dict[str, dict] = {}
    for unit, parent in walk(tree):
        assert set(unit) <= {"code", "name", "level", "children"}
        code = unit["code"]
        assert code not in units, f"duplicate code {code}"
        assert code.isascii() and code.replace("-", "").isalnum() and code.upper() == code
        assert unit["name"].strip() == unit["name"] and unit["name"]
        level = unit["level"]
        assert level in levels
        if parent is None:
            assert level == "sector" and code == "VSS"
        else:
            assert levels[level].get("parent") == parent["level"], code
        units[code] = unit
    for cluster in tree["clusters"]:
        assert cluster["key"] and cluster["name"]
        for member in cluster["members"]:
            assert units[member]["level"] == "province"
    members = [m for c in tree["clusters"] for m in c["members"]]
    assert len(members) == len(set(members))
    return units


def subject_kinds(data: DemoData, year: int | None = None) -> dict[str, str]:
    """Every subject of the demo (of the tree of `year` if given: the 2025 reform closes some
    units and forms others)."""
    kinds = {p["code"]: "person" for p in data.people}
    trees = [data.tree, *data.later_trees]
    if year is not None:
        trees = [t for t in trees if int(str(t.get("valid_from", "0"))[:4]) <= year][-1:]
    for tree in trees:
        for unit, parent in walk(tree):
            if parent is not None:
                kinds[unit["code"]] = "collective"
    return kinds


def unit_levels(data: DemoData) -> dict[str, str]:
    """Unit code -> level, over every tree of the demo."""
    return {u["code"]: u["level"] for tree in [data.tree, *data.later_trees]
            for u, _ in walk(tree)}


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_same_data(sample: DemoData) -> None:
    again = build("sample")
    assert again.tree == sample.tree
    assert again.people == sample.people
    assert again.records == sample.records
    assert again.registrations == sample.registrations


def test_other_seed_other_data(sample: DemoData) -> None:
    other = build("sample", seed=7)
    assert other.tree == sample.tree  # the bundled tree does not depend on the seed
    assert other.people != sample.people
    assert other.records != sample.records


def test_deterministic_across_processes(sample: DemoData) -> None:
    """No dependence on hash randomisation or the clock: a fresh interpreter agrees."""
    code = (
        "import json, sys; from dtt.demo import build; d = build('sample');"
        "json.dump([d.people[:50], d.records[-50:], d.registrations[:20]], sys.stdout,"
        " ensure_ascii=False)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout
    expected = [sample.people[:50], sample.records[-50:], sample.registrations[:20]]
    assert json.loads(out) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_unknown_scale() -> None:
    with pytest.raises(ValueError, match="scale"):
        build("galaxy")


# --- the sample tree ---------------------------------------------------------------------------


def test_sample_tree_file_matches_build(sample: DemoData) -> None:
    assert sample.tree == yaml.safe_load(UNIT_YAML.read_text(encoding="utf-8"))
    assert sample_tree() == sample.tree


def test_sample_tree_shape(sample: DemoData) -> None:
    units = check_tree(sample.tree)
    count = Counter(u["level"] for u in units.values())
    assert count["sector"] == 1
    assert 18 <= count["hq_unit"] <= 25
    assert count["hq_room"] >= 2 * count["hq_unit"]
    assert count["province"] == 6
    assert count["district"] >= 50
    assert 2 * count["district"] <= count["team"] <= 3 * count["district"]
    assert len(sample.tree["clusters"]) == 1
    assert sorted(sample.tree["clusters"][0]["members"]) == sorted(
        c for c, u in units.items() if u["level"] == "province"
    )
    names = {u["name"] for u in units.values()}
    assert {"Bảo hiểm xã hội Việt Nam", "Vụ Thi đua – Khen thưởng", "BHXH tỉnh Quảng Ninh"} <= names
    assert "BHXH thành phố Hạ Long" in names
    for unit, parent in walk(sample.tree):
        if unit["level"] in ("province", "district"):
            assert unit["name"].startswith("BHXH ")
        if unit["level"] == "district":
            assert 2 <= len(unit["children"]) <= 3
            assert all(c["code"].startswith(unit["code"] + "-") for c in unit["children"])
            assert unit["code"].startswith(parent["code"] + "-")


def test_sample_tree_loads_strictly() -> None:
    from dtt.yamlio import load_yaml

    tree = load_yaml(UNIT_YAML)
    assert tree["units"][0]["code"] == "VSS"


# --- people ------------------------------------------------------------------------------------


def check_people(data: DemoData) -> None:
    units = {u["code"]: u for u, _ in walk(data.tree)}
    codes = [p["code"] for p in data.people]
    assert len(codes) == len(set(codes))
    assert not set(codes) & set(units)
    heads: Counter[str] = Counter()
    per_unit: Counter[str] = Counter()
    for p in data.people:
        assert set(p) == {"code", "full_name", "unit", "category", "position", "heads",
                          "gender", "recruited"}
        assert p["gender"] in ("nam", "nữ")
        assert p["recruited"] == "" or "1990-01-01" <= p["recruited"] <= "2025-12-31"
        assert p["code"].startswith("NV") and p["code"][2:].isdigit()
        assert p["unit"] in units and p["unit"] != "VSS"
        assert p["category"] in ("CBCCVC", "NLD")
        assert p["position"] and len(p["full_name"].split()) >= 3
        if p["heads"]:
            assert p["heads"] == p["unit"]
            heads[p["heads"]] += 1
        per_unit[p["unit"]] += 1
    # every unit below the root has exactly one head
    assert set(heads) == set(units) - {"VSS"}
    assert max(heads.values()) == 1
    for code, unit in units.items():
        if unit["level"] in ("team", "province_room", "hq_room"):
            assert 5 <= per_unit[code] <= 15, code
        if unit["level"] == "district":
            assert per_unit[code] >= 3  # the office's own leadership and workers
    nld = sum(p["category"] == "NLD" for p in data.people) / len(data.people)
    assert 0.05 <= nld <= 0.11
    family = Counter(p["full_name"].split()[0] for p in data.people)
    assert 0.33 <= family["Nguyễn"] / len(data.people) <= 0.43
    assert family.most_common(1)[0][0] == "Nguyễn"


def test_sample_people(sample: DemoData) -> None:
    assert 3000 <= len(sample.people) <= 4000
    check_people(sample)
    positions = {p["position"] for p in sample.people}
    assert {"Giám đốc", "Tổ trưởng", "Trưởng phòng", "Vụ trưởng", "Trưởng ban"} <= positions
    assert {"Chuyên viên", "Kế toán viên", "Cán bộ thu", "Lái xe"} <= positions


# --- records -----------------------------------------------------------------------------------


def check_records(data: DemoData) -> None:
    kinds = subject_kinds(data)
    seen: set[tuple[int, str]] = set()
    for rec in data.records:
        key = (rec["year"], rec["subject"])
        assert key not in seen
        seen.add(key)
        assert rec["year"] in YEARS
        kind = kinds[rec["subject"]]
        declared = METRICS[kind]
        for name, value in rec.items():
            if name in ("year", "subject"):
                continue
            assert name in declared, f"{name} is not a {kind} metric"
            metric = declared[name]
            if metric["type"] == "enum":
                assert value in [v["code"] for v in metric["values"]], (name, value)
            elif metric["type"] == "bool":
                assert isinstance(value, bool), (name, value)
            elif metric["type"] == "date":
                assert isinstance(value, str) and len(value) == 10, (name, value)
            else:
                if metric["type"] == "int":
                    assert isinstance(value, int) and not isinstance(value, bool), (name, value)
                else:
                    assert isinstance(value, (int, float)) and not isinstance(value, bool)
                assert metric.get("min", value) <= value <= metric.get("max", value), (name, value)
    # one record per subject per year, for everyone but the sector itself, in that year's tree,
    # and for people from the year of their recruitment
    first = {p["code"]: int(p["recruited"][:4]) if p["recruited"] else 0 for p in data.people}
    assert seen == {(y, s) for y in YEARS for s in subject_kinds(data, y)
                    if first.get(s, 0) <= y}


def test_sample_records_are_declared(sample: DemoData) -> None:
    check_records(sample)


def _split(data: DemoData) -> tuple[list[dict], list[dict]]:
    people = {p["code"] for p in data.people}
    person = [r for r in data.records if r["subject"] in people]
    collective = [r for r in data.records if r["subject"] not in people]
    return person, collective


def test_person_spreads(sample: DemoData) -> None:
    person, _ = _split(sample)
    n = len(person)
    rating = Counter(r.get("rating") for r in person)  # not rated: under 6 months worked
    assert rating.most_common(1)[0][0] == "HTTNV"
    assert 0.15 <= rating["HTXSNV"] / n <= 0.20
    assert 0.03 <= rating["HTNV"] / n <= 0.07
    assert 0 < rating["KHTNV"] / n <= 0.01
    discipline = Counter(r["discipline"] for r in person)
    assert 0.01 <= (n - discipline["none"]) / n <= 0.02
    assert discipline.most_common(2)[1][0] == "khien_trach"
    months = Counter(r["months_worked"] for r in person)
    assert months[12] / n >= 0.9 and any(m < 10 for m in months)
    titled = [r for r in person if "title" in r]
    fighters = sum(r["title"] in ("CSTDCS", "CSTDN") for r in titled)
    assert 0.10 <= fighters / len(titled) <= 0.15
    assert 0 < sum(r["title"] == "CSTDN" for r in titled) < fighters / 10


def test_person_titles_follow_the_rules(sample: DemoData) -> None:
    person, _ = _split(sample)
    recruited = {p["code"]: as_date(p["recruited"]) for p in sample.people}
    mothers = 0  # women with a title in a year of maternity leave
    history: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in person:
        history[r["subject"]][r["year"]] = r
        if "title" in r:
            assert r["rating"] in ("HTTNV", "HTXSNV")
            assert r["discipline"] == "none"
            # the time rule: months worked in 2016; from 2017 the months since recruitment
            # (maternity leave counts), ≥ 10 and from 2024 ≥ 6
            need = 10 if r["year"] < 2024 else 6
            start = recruited[r["subject"]]
            if r["year"] == 2016 or not start:
                assert r["months_worked"] >= need
            else:
                assert months_between(start, dt.date(r["year"], 12, 31)) >= need
        if r["months_worked"] < 10 and r.get("maternity_months"):
            mothers += "title" in r
        if r.get("title") in ("CSTDCS", "CSTDN"):
            # from 2024 (Luật 06/2022 Điều 23 khoản 2) an HTXSNV rating also qualifies
            assert r["initiatives"] >= 1 or (r["year"] >= 2024 and r["rating"] == "HTXSNV")
        assert ("initiative_level" in r) == (r["initiatives"] > 0)
    assert mothers > 20
    for years in history.values():
        for year, r in years.items():
            if r.get("title") == "CSTDN":
                assert all(
                    years[y].get("title") in ("CSTDCS", "CSTDN") for y in (year - 2, year - 1)
                )


def test_missing_values_exist(sample: DemoData) -> None:
    person, _ = _split(sample)
    missing = sum("hcm_study" not in r for r in person)
    assert 0 < missing < len(person) * 0.03


def test_collective_spreads_and_titles(sample: DemoData) -> None:
    _, coll = _split(sample)
    levels = unit_levels(sample)
    rating = Counter(r["rating"] for r in coll)
    assert rating.most_common(1)[0][0] == "HTTNV"
    assert 0.2 <= rating["HTXSNV"] / len(coll) <= 0.3
    for r in coll:
        level = levels[r["subject"]]
        if r.get("title") in ("TTLDXS", "CO_NGANH", "CO_CP"):
            assert r["rating"] == "HTXSNV"
        if r.get("title") == "TTLDTT":
            assert r["rating"] in ("HTTNV", "HTXSNV")
        rates = {"collection_plan", "si_plan", "vsi_plan", "arrears_rate"}
        dossiers = {"tthc_on_time", "e_transactions"}
        assert (rates <= set(r)) == (level in ("province", "district"))
        assert not (rates & set(r)) or level in ("province", "district")
        assert (dossiers <= set(r)) == (level in ("province", "district", "team"))
        if "collection_plan" in r:
            assert 95 <= r["collection_plan"] <= 110
            assert 1 <= r["arrears_rate"] <= 6
        if "tthc_on_time" in r:
            assert 90 <= r["tthc_on_time"] <= 100
            assert 60 <= r["e_transactions"] <= 99


def test_data_exercises_the_exemplar_rules(sample: DemoData) -> None:
    """Some pass everything; some fail by one year or by their headed unit."""
    person, coll = _split(sample)
    by: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in sample.records:
        by[r["subject"]][r["year"]] = r
    heads = {p["code"]: p["heads"] for p in sample.people}
    passed = broken = leader_blocked = 0
    for code, years in by.items():
        if code not in heads:
            continue
        if 2018 not in years:
            continue  # recruited later
        r, prev = years[2020], years[2019]
        if r.get("rating") != "HTXSNV":
            continue
        if prev.get("rating") != "HTXSNV" and years[2018].get("rating") == "HTXSNV":
            broken += 1
        unit_ok = not heads[code] or by[heads[code]][2020]["rating"] == "HTXSNV"
        if heads[code] and not unit_ok:
            leader_blocked += 1
        if (
            prev.get("rating") == "HTXSNV"
            and any(years[y].get("title") in ("CSTDCS", "CSTDN") for y in (2018, 2019, 2020))
            and r["initiatives"] + prev["initiatives"] >= 1
            and r["discipline"] == "none"
            and r.get("hcm_study") is True
            and r["charity"]
            and unit_ok
        ):
            passed += 1
    assert passed >= 20 and broken >= 10 and leader_blocked >= 5


def test_registrations(sample: DemoData) -> None:
    kinds = subject_kinds(sample)
    levels = unit_levels(sample)
    per_year: Counter[tuple[int, str]] = Counter()
    for reg in sample.registrations:
        assert set(reg) == {"subject", "track", "year", "goal"}
        assert 2017 <= reg["year"] <= 2025 and reg["goal"]
        kind = kinds[reg["subject"]]
        assert reg["track"] == ("exemplar" if kind == "person" else "exemplar_collective")
        if kind == "collective":
            assert levels[reg["subject"]] in ("hq_unit", "hq_room", "province", "district", "team")
        per_year[reg["year"], reg["track"]] += 1
    assert len({(r["subject"], r["track"], r["year"]) for r in sample.registrations}) == len(
        sample.registrations
    )
    for year in range(2017, 2026):
        n_units = sum(1 for code, kind in subject_kinds(sample, year).items()
                      if kind == "collective" and levels[code] in (
                          "hq_unit", "hq_room", "province", "district", "team"))
        assert 0.02 <= per_year[year, "exemplar"] / len(sample.people) <= 0.03
        assert 0.08 <= per_year[year, "exemplar_collective"] / n_units <= 0.12


# --- the sector scale --------------------------------------------------------------------------


def test_sector_scale(sector: DemoData) -> None:
    units = check_tree(sector.tree)
    count = Counter(u["level"] for u in units.values())
    assert count["province"] == 63
    assert 600 <= count["district"] <= 800
    assert 18 <= count["hq_unit"] <= 25
    assert 22_000 <= len(sector.people) <= 28_000
    clusters = sector.tree["clusters"]
    assert 9 <= len(clusters) <= 12
    assert all(5 <= len(c["members"]) <= 8 for c in clusters)
    assert sorted(m for c in clusters for m in c["members"]) == sorted(
        c for c, u in units.items() if u["level"] == "province"
    )
    check_people(sector)
    check_records(sector)


def test_people_carry_recruitment_and_leave(sample: DemoData) -> None:
    """LĐTT reads the real time rule for most people: a date of recruitment (a few recruited in
    the demo's years, a few without a date), mothers on maternity leave, discipline terms."""
    dates = [p["recruited"] for p in sample.people]
    assert sum(1 for d in dates if d) / len(dates) >= 0.95
    recent = Counter(d[:4] for d in dates if d >= "2016")
    assert all(recent[str(y)] >= 3 for y in YEARS), recent
    assert any(not d for d in dates)
    person, _ = _split(sample)
    leave = [r for r in person if r.get("maternity_months")]
    assert all(r["months_worked"] + r["maternity_months"] == 12 for r in leave)
    assert {r["year"] for r in leave} == set(YEARS)
    terms = [r for r in person if "discipline_until" in r]
    assert terms and all(r["discipline"] != "none" for r in terms)
