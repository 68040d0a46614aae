"""Engine invariants: determinism, monotonicity, quotas, --unit independence, storage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtt.bootstrap import build_demo
from dtt.criteria.source import default_text, install
from dtt.engine import current_results, evaluate
from dtt.engine.results import latest_evaluation
from dtt.people import import_people_rows
from dtt.records import import_record_rows
from dtt.store import now, open_store
from dtt.tree import load_tree_doc

TREE = {
    "levels": [{"key": "sector", "name": "Ngành"},
               {"key": "province", "name": "Tỉnh", "parent": "sector"},
               {"key": "district", "name": "Huyện", "parent": "province"}],
    "units": [{"code": "VSS", "name": "BHXH Việt Nam", "level": "sector", "children": [
        {"code": "HNI", "name": "BHXH Hà Nội", "level": "province", "children": [
            {"code": "HNI-BD", "name": "BHXH Ba Đình", "level": "district"},
            {"code": "HNI-CG", "name": "BHXH Cầu Giấy", "level": "district"}]},
        {"code": "HPG", "name": "BHXH Hải Phòng", "level": "province"}]}],
}
NAMES = ["Nguyễn Văn An", "Lê Thị Ân", "Trần Văn Bảo", "Phạm Thị Bình", "Hoàng Văn Cường",
         "Vũ Thị Dung", "Đỗ Văn Đức", "Bùi Thị Hà"]
UNITS = ["HNI", "HNI-BD", "HNI-CG", "HPG"]

person_year = st.fixed_dictionaries({
    "rating": st.sampled_from(["HTXSNV", "HTTNV", "HTNV", "KHTNV"]),
    "title": st.sampled_from(["LDTT", "CSTDCS", "CSTDN", None]),
    "months_worked": st.integers(8, 12),
    "initiatives": st.integers(0, 3),
    "initiative_level": st.sampled_from(["unit", "sector", None]),
    "hcm_study": st.booleans(),
    "charity": st.booleans(),
    "discipline": st.sampled_from(["none", "none", "none", "khien_trach"]),
})
unit_year = st.fixed_dictionaries({
    "rating": st.sampled_from(["HTXSNV", "HTTNV", "HTNV"]),
    "title": st.sampled_from(["TTLDTT", "TTLDXS", None]),
    "collection_plan": st.floats(95, 110).map(lambda x: round(x, 1)),
    "arrears_rate": st.floats(0, 5).map(lambda x: round(x, 1)),
    "tthc_on_time": st.floats(90, 100).map(lambda x: round(x, 1)),
    "e_transactions": st.floats(70, 100).map(lambda x: round(x, 1)),
    "charity": st.booleans(),
})
sector = st.fixed_dictionaries({
    "people": st.lists(st.tuples(st.sampled_from(UNITS), st.lists(person_year, min_size=3,
                                                                   max_size=3)),
                       min_size=2, max_size=8),
    "units": st.dictionaries(st.sampled_from(UNITS), st.lists(unit_year, min_size=3,
                                                              max_size=3)),
    "leader": st.booleans(),
})


def build(path: Path, data: dict[str, Any], extra: list[dict] | None = None):
    store = open_store(path)
    install(store, default_text(), "criteria.yaml")
    load_tree_doc(store, TREE, "tree")
    people, rows = [], []
    for i, (unit, years) in enumerate(data["people"]):
        code = f"P{i}"
        heads = unit if data["leader"] and i == 0 else ""
        people.append({"code": code, "full_name": NAMES[i % len(NAMES)], "unit": unit,
                       "category": "CBCCVC", "position": "", "heads": heads})
        for year, rec in zip((2016, 2017, 2018), years, strict=True):
            rows.append({"year": year, "subject": code,
                         **{k: v for k, v in rec.items() if v is not None}})
    for unit, years in data["units"].items():
        for year, rec in zip((2016, 2017, 2018), years, strict=True):
            rows.append({"year": year, "subject": unit,
                         **{k: v for k, v in rec.items() if v is not None}})
    import_people_rows(store, people, "people")
    import_record_rows(store, rows + (extra or []), "records")
    return store


def verdicts(run) -> dict[tuple[str, str], tuple]:
    return {(r["subject"], r["track"]): (r["eligible"], r["score"], r["rank"], r["status"],
                                         json.dumps(r["checks"], ensure_ascii=False))
            for r in run.results}


SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(data=sector)
def test_evaluation_is_deterministic(tmp_path_factory, data) -> None:
    a = build(tmp_path_factory.mktemp("a") / "a.db", data)
    b = build(tmp_path_factory.mktemp("b") / "b.db", data)
    first, second, again = evaluate(a, 2018), evaluate(b, 2018), evaluate(a, 2018)
    assert verdicts(first) == verdicts(second) == verdicts(again)


@SETTINGS
@given(data=sector, who=st.integers(0, 7))
def test_a_canh_cao_never_makes_a_subject_eligible(tmp_path_factory, data, who) -> None:
    who = who % len(data["people"])
    before = verdicts(evaluate(build(tmp_path_factory.mktemp("a") / "a.db", data), 2018))
    worse = json.loads(json.dumps(data))
    worse["people"][who][1][2]["discipline"] = "canh_cao"
    after = verdicts(evaluate(build(tmp_path_factory.mktemp("b") / "b.db", worse), 2018))
    for key, verdict in after.items():
        if verdict[0] and key in before:
            assert before[key][0], f"{key} became eligible after a canh_cao"
    assert not any(v[0] for (s, t), v in after.items() if s == f"P{who}"
                   and t in ("ldtt", "exemplar"))


@SETTINGS
@given(data=sector)
def test_recommended_never_outnumber_the_quota(tmp_path_factory, data) -> None:
    run = evaluate(build(tmp_path_factory.mktemp("a") / "a.db", data), 2018)
    pools: dict[tuple, list[dict]] = {}
    for r in run.results:
        if r["quota"]:
            level = None if r["kind"] == "person" else r["unit"]
            pools.setdefault((r["track"], r["group"], r["kind"], level and "x"), []).append(r)
    for rows in pools.values():
        limit = rows[0]["quota"]["limit"]
        assert sum(r["status"] == "recommended" for r in rows) <= limit
        ranked = sorted((r for r in rows if r["eligible"]), key=lambda r: r["rank"])
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        assert all(r["status"] == "recommended" for r in ranked[:limit])


# --- the sample demo ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, "sample")
    return path


@pytest.fixture
def demo_store(demo: Path, tmp_path: Path):
    import shutil

    target = tmp_path / "demo.db"
    shutil.copy(demo, target)
    store = open_store(target)
    yield store
    store.close()


def test_unit_filter_never_changes_a_result(demo_store) -> None:
    full = {(r["subject"], r["track"]): r for r in evaluate(demo_store, 2020).results}
    unit = demo_store.scalar("SELECT code FROM units WHERE level = 'district' ORDER BY code")
    part = evaluate(demo_store, 2020, unit=unit).results
    assert part
    for r in part:
        f = full[(r["subject"], r["track"])]
        assert (r["eligible"], r["score"], r["rank"], r["status"], r["quota"]) == (
            f["eligible"], f["score"], f["rank"], f["status"], f["quota"])


def test_runs_are_stored_with_one_current_row(demo_store) -> None:
    first = evaluate(demo_store, 2020)
    second = evaluate(demo_store, 2020, track="exemplar")
    rows = demo_store.query("SELECT subject, track, COUNT(*) AS n FROM results WHERE year = 2020 "
                            "AND current = 1 GROUP BY subject, track HAVING n > 1")
    assert rows == []
    ex = demo_store.query("SELECT DISTINCT evaluation_id FROM results WHERE current = 1 AND "
                          "track = 'exemplar'")
    assert [r[0] for r in ex] == [second.evaluation_id]
    ev = latest_evaluation(demo_store, 2020)
    assert ev["id"] == second.evaluation_id and ev["criteria_version"] == "2017-2020"
    assert ev["criteria_sha256"] == first.sha256 and ev["scope_track"] == "exemplar"
    assert demo_store.scalar("SELECT COUNT(*) FROM audit WHERE action = 'evaluate'") == 2


def test_current_results_overlay_the_latest_decision(demo_store) -> None:
    run = evaluate(demo_store, 2020, track="exemplar")
    rec = next(r for r in run.results if r["status"] == "recommended")
    with demo_store.write() as c:
        for outcome in ("escalated", "recognised"):
            c.execute("INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
                      "votes_against, outcome, decided_at) VALUES (2020, 'exemplar', ?, ?, 9, "
                      "8, 1, ?, ?)", (rec["subject"], rec["unit"], outcome, now()))
    rows = current_results(demo_store, 2020, track="exemplar")
    mine = next(r for r in rows if r["subject"] == rec["subject"])
    assert mine["status"] == "recognised" and mine["engine_status"] == "recommended"
    assert mine["decision"]["votes_for"] == 8
    assert mine["checks"] == rec["checks"] and mine["score_terms"] == rec["score_terms"]
    assert mine["quota"]["limit"] >= 1
    scoped = current_results(demo_store, 2020, track="exemplar", unit=rec["group"])
    assert scoped and all(r["group"] == rec["group"] for r in scoped
                          if r["kind"] == "person")


def test_explain_covers_every_applicable_track(demo_store) -> None:
    code = demo_store.scalar("SELECT code FROM people WHERE heads IS NOT NULL ORDER BY code")
    run = evaluate(demo_store, 2020, explain=code)
    tracks = [t["track"] for t in run.explain["tracks"]]
    assert tracks == ["ldtt", "cstdcs", "cstdn", "cstdtq", "exemplar"]
    for t in run.explain["tracks"]:
        assert all({"id", "label", "source", "passed", "detail", "values"} <= set(c)
                   for c in t["checks"])
    exemplar = run.explain["tracks"][-1]
    leader = next(c for c in exemplar["checks"] if c["id"] == "exemplar.leader_unit")
    assert "(headed unit)" in leader["detail"] or leader["detail"].startswith("not applicable")


def test_every_candidate_has_all_checks(demo_store) -> None:
    run = evaluate(demo_store, 2020)
    counts = {"ldtt": 3, "cstdcs": 2, "cstdn": 2, "cstdtq": 2, "ttldtt": 3, "ttldxs": 5,
              "co_thi_dua": 2, "exemplar": 7, "exemplar_collective": 9}
    for r in run.results:
        assert len(r["checks"]) == counts[r["track"]]
        assert r["eligible"] == all(c["passed"] for c in r["checks"])
        assert (r["rank"] is None) == (not r["eligible"])
