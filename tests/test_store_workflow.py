"""The workflow's store queries (dtt.store.workflow, dtt.store.decisions) on a real database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_report_support import make_db, stored_results

from dtt.store import Store, now
from dtt.store import decisions as store_decisions
from dtt.store import workflow as store_workflow
from dtt.workflow import status


@pytest.fixture
def store(tmp_path: Path):
    s = make_db(tmp_path)
    stored_results(s, 2020)
    yield s
    s.close()


def _decide(store: Store, subject: str, track: str, year: int, outcome: str, unit: str = "HNI",
            votes_for: int = 8, escalated_to: str | None = None) -> int:
    with store.write():
        return store_decisions.insert(
            store, year=year, track=track, subject=subject, unit=unit, members=10,
            votes_for=votes_for, votes_against=10 - votes_for, outcome=outcome,
            escalated_to=escalated_to, detail={"checks": [], "rule": {"source": "rule §1"}},
            decided_at=now())


def test_latest_decision_is_the_last_recorded(store: Store) -> None:
    assert store_decisions.latest(store, 2020, "exemplar", "P02") is None
    first = _decide(store, "P02", "exemplar", 2020, "rejected", votes_for=3)
    second = _decide(store, "P02", "exemplar", 2020, "recognised", votes_for=9)
    assert second > first
    latest = store_decisions.latest(store, 2020, "exemplar", "P02")
    assert latest is not None
    assert latest["id"] == second
    assert latest["outcome"] == "recognised"
    assert latest["votes_for"] == 9
    assert latest["detail"] == {"checks": [], "rule": {"source": "rule §1"}}
    history = store_decisions.history(store, 2020, "exemplar", "P02")
    assert [d["id"] for d in history] == [first, second]
    assert status.decisions(store, 2020, "exemplar", "P02") == history
    assert store_decisions.latest_outcomes(store, "P02") == {(2020, "exemplar"): "recognised"}
    # another candidate, track or year is another question
    assert store_decisions.latest(store, 2020, "ldtt", "P02") is None
    assert store_decisions.latest(store, 2019, "exemplar", "P02") is None
    assert status.stage(store, 2020, "exemplar", "P02") == "recognised"


def test_stage_follows_the_latest_decision(store: Store) -> None:
    assert status.stage(store, 2020, "exemplar", "P02") == "eligible"
    _decide(store, "P02", "exemplar", 2020, "recognised")
    _decide(store, "P02", "exemplar", 2020, "rejected", votes_for=2)
    assert status.stage(store, 2020, "exemplar", "P02") == "rejected"
    assert status.stage(store, 2020, "exemplar", "P99") is None


def test_recognitions_read_only_the_latest_decision(store: Store) -> None:
    _decide(store, "P02", "exemplar", 2019, "recognised")
    _decide(store, "P02", "exemplar", 2020, "recognised")
    _decide(store, "P02", "exemplar", 2020, "rejected", votes_for=2)  # 2020 overturned
    _decide(store, "P02", "ldtt", 2020, "recognised")
    _decide(store, "P04", "exemplar", 2020, "recognised", unit="HNI")
    found = store_decisions.recognitions(store, "P02")
    assert [(d["year"], d["track"]) for d in found] == [(2019, "exemplar"), (2020, "ldtt")]
    assert [(d["year"], d["track"]) for d in store_decisions.recognitions(store, "P02", 2019)] \
        == [(2019, "exemplar")]
    assert status.recognitions(store, "P02") == found
    exemplars = store_decisions.recognised_on(store, ("exemplar", "exemplar_collective"))
    assert exemplars == [
        {"subject": "P02", "name": "Trần Thị Ân", "track": "exemplar", "year": 2019,
         "home": "HNI"},
        {"subject": "P04", "name": "Phạm Thị Bình", "track": "exemplar", "year": 2020,
         "home": "HNI-BD"}]
    assert store_decisions.recognised_on(store, ("exemplar",), up_to=2019) == exemplars[:1]
    assert store_decisions.recognised_on(store, ()) == []


def test_locked_years(store: Store) -> None:
    assert store_decisions.locked_years(store) == []
    assert status.locked_years(store) == []
    _decide(store, "P02", "exemplar", 2020, "recognised")
    _decide(store, "P01", "ldtt", 2019, "rejected")
    _decide(store, "P01", "ldtt", 2020, "recognised")
    assert store_decisions.locked_years(store) == [2019, 2020]


def test_listing_names_and_filters(store: Store) -> None:
    a = _decide(store, "P02", "exemplar", 2020, "recognised")
    b = _decide(store, "HNI-BD", "exemplar", 2020, "rejected", unit="HNI")
    c = _decide(store, "P06", "ldtt", 2019, "recognised", unit="BNH")
    rows = store_decisions.listing(store)
    assert [r["id"] for r in rows] == [c, a, b]  # by year, then as recorded
    assert [r["name"] for r in rows] == ["Hoàng Thị Yến", "Trần Thị Ân",
                                         "BHXH quận Ba Đình"]
    assert [r["id"] for r in store_decisions.listing(store, unit="BNH")] == [c]
    assert [r["id"] for r in store_decisions.listing(store, year=2020, track="exemplar",
                                                     subject="P02")] == [a]


def test_standings_apply_the_latest_decision(store: Store) -> None:
    before = {r["track"]: r for r in store_workflow.standings_of(store, "P02")}
    assert before["exemplar"]["status"] == before["exemplar"]["evaluated_status"] == "eligible"
    _decide(store, "P02", "exemplar", 2020, "rejected", votes_for=2)
    _decide(store, "P02", "exemplar", 2020, "recognised")
    after = {r["track"]: r for r in store_workflow.standings_of(store, "P02")}
    assert after["exemplar"]["status"] == "recognised"
    assert after["exemplar"]["evaluated_status"] == "eligible"
    assert after["ldtt"]["status"] == after["ldtt"]["evaluated_status"] == "recommended"
    assert isinstance(after["exemplar"]["checks"], list)
    assert after["exemplar"]["eligible"] is True
    result = store_workflow.evaluation(store, 2020, "exemplar", "P02")
    assert result is not None and result["status"] == "eligible"  # the engine's status
    assert store_workflow.evaluation(store, 2019, "exemplar", "P02") is None


def test_registrations_and_candidates(store: Store) -> None:
    assert not store_workflow.is_candidate(store, "HNI-BD", 2020)
    assert store_workflow.registration(store, "HNI-BD", "exemplar_collective", 2020) is None
    with store.write():
        store_workflow.upsert_registration(store, "HNI-BD", "exemplar_collective", 2020,
                                           "goal one", now())
    assert store_workflow.is_candidate(store, "HNI-BD", 2020)
    assert store_workflow.is_registered(store, 2020, "exemplar_collective", "HNI-BD")
    with store.write():  # a renewal without a goal keeps the old one
        store_workflow.upsert_registration(store, "HNI-BD", "exemplar_collective", 2020, None,
                                           now())
    reg = store_workflow.registration(store, "HNI-BD", "exemplar_collective", 2020)
    assert reg == {"goal": "goal one", "withdrawn_at": None}
    rows = store_workflow.registrations(store, unit="HNI")
    assert [(r["subject"], r["kind"], r["unit"]) for r in rows] == [
        ("HNI-BD", "collective", "HNI")]
    assert store_workflow.registrations(store, unit="BNH") == []
    with store.write():
        store_workflow.withdraw_registration(store, "HNI-BD", "exemplar_collective", 2020,
                                             "2020-05-01T00:00:00+00:00")
    assert not store_workflow.is_candidate(store, "HNI-BD", 2020)
    assert store_workflow.registrations(store, withdrawn=False) == []
    assert store_workflow.registrations_of(store, "HNI-BD")[0]["withdrawn_at"] \
        == "2020-05-01T00:00:00+00:00"


def test_nominations_round_trip(store: Store) -> None:
    stamp = now()
    with store.write():
        store_workflow.apply_nominations(
            store, 2020, remove=[],
            insert=[(("exemplar", "P03", "HNI-BD"), ("discovered", "rated")),
                    (("exemplar", "P03", "HNI"), ("below", "from HNI-BD: rated")),
                    (("exemplar", "P03", "VSS"), ("below", "from HNI-BD: rated"))],
            update=[], at=stamp)
    rows = store_workflow.nomination_rows(store, 2020, ["exemplar"])
    assert sorted(r[2] for r in rows) == ["HNI", "HNI-BD", "VSS"]
    assert store_workflow.received_counts(store, 2020, None) == {"HNI": 1, "VSS": 1}
    assert store_workflow.is_nominated(store, 2020, "exemplar", "P03")
    with store.write():
        store_workflow.set_manual_nomination(store, 2020, "exemplar", "P03", "HNI", "no",
                                             True, stamp)
        store_workflow.withdraw_nominations(store, 2020, "exemplar", "P03", ["HNI-BD"],
                                            "withdrawn by HNI: no")
        store_workflow.apply_nominations(
            store, 2020, remove=[("exemplar", "P03", "VSS")], insert=[], update=[], at=stamp)
    assert store_workflow.manual_nominations(store, 2020, "exemplar", "P03") == {
        "HNI": 1, "HNI-BD": 1}
    assert not store_workflow.is_nominated(store, 2020, "exemplar", "P03")
    own = store_workflow.own_nominations(store, 2020, "exemplar")
    assert [(r[0], r[3], r[5]) for r in own] == [("HNI", "manual", 1), ("HNI-BD", "manual", 1)]
    story: list[dict[str, Any]] = store_workflow.nominations_of(store, "P03")
    assert [n["unit"] for n in story] == ["HNI", "HNI-BD"]  # tree order
    assert all(n["withdrawn"] is True for n in story)


def test_fostering_and_replications(store: Store) -> None:
    _decide(store, "P02", "exemplar", 2020, "recognised")
    with store.write():
        plan = store_workflow.insert_plan(store, "P02", 2020, "lead a project", None, now())
        rep = store_workflow.insert_replication(store, "P02", "BNH", 2020, "hội nghị", None,
                                                now())
    plans = store_workflow.plans(store, unit="HNI")
    assert [(p["id"], p["subject"], p["unit"]) for p in plans] == [(plan, "P02", "HNI")]
    # the standing applies the latest decision (from the standings view)
    assert plans[0]["standing"] == "exemplar: recognised, ldtt: recommended"
    assert store_workflow.plans(store, unit="BNH") == []
    assert [p["id"] for p in store_workflow.plans_of(store, "P02")] == [plan]
    reps = store_workflow.replications(store, 2020, 2020)
    assert [(r["id"], r["subject"], r["name"], r["to_unit"]) for r in reps] == [
        (rep, "P02", "Trần Thị Ân", "BNH")]
    assert store_workflow.replications(store, None, 2019) == []
    assert store_workflow.replications_of(store, "P02")[0]["to_name"] == "BHXH tỉnh Bắc Ninh"
    assert [a["subject"] for a in store_workflow.adopted_by(store, "BNH")] == ["P02"]


def test_subject_and_tree_reads(store: Store) -> None:
    assert store_workflow.person(store, "P03") == (
        "P03", "Lê Đức Anh", "HNI-BD", "district", "Chuyên viên", None)
    assert store_workflow.person(store, "HNI") is None
    assert store_workflow.unit(store, "HNI-BD") == (
        "HNI-BD", "BHXH quận Ba Đình", "district", "HNI")
    assert store_workflow.ancestors(store, "HNI-BD") == [
        ("HNI-BD", "district"), ("HNI", "province"), ("VSS", "sector")]
    assert store_workflow.unit_parent(store, "VSS") is None
    assert [h["code"] for h in store_workflow.heads_of(store, "HNI")] == ["P01"]
    assert store_workflow.headcount(store, "HNI-BD") == 2
    assert [u["code"] for u in store_workflow.units_in_scope(store, "HNI")] == [
        "HNI", "HNI-BD", "HNI-DD"]
    assert store_workflow.person_units(store)["P07"] == "BNH-TS"


def test_audit_entries(store: Store) -> None:
    with store.write():
        store.audit("council.decide", subject="P02", year=2020, detail={"x": 1})
        store.audit("councillor", subject="P02", year=2020)
        store.audit("register", subject="P03", year=2019)
    council = store_workflow.audit_entries(store, action="council", limit=None)
    assert [e["action"] for e in council] == ["council.decide"]
    assert council[0]["detail"] == {"x": 1}
    newest = store_workflow.audit_entries(store, subject="P02", limit=1)
    assert [e["action"] for e in newest] == ["councillor"]
    assert [e["action"] for e in store_workflow.audit_entries(store, year=2019)] == ["register"]
