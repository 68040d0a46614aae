"""The reports' store queries (dtt.store.reports) on the shared reporting database: 2020
results stored, P02's exemplar recognised by the HNI council (tests/conftest.py)."""

from __future__ import annotations

import pytest
from test_report_support import PEOPLE, decide

from dtt import domain
from dtt.errors import InputError
from dtt.reports import labels as L
from dtt.reports.data import load_units
from dtt.reports.prepare import ensure_evaluation
from dtt.store import reports as sr

COLUMNS = sr.STANDING_COLUMNS


def as_dicts(rows: list[tuple]) -> list[dict]:
    return [dict(zip(COLUMNS, r, strict=False)) for r in rows]


def test_a_decided_candidate_stands_with_the_decisions_outcome(db) -> None:
    rows = {r["track"]: r for r in sr.subject_standings(db, "P02", 2020)}
    assert set(rows) == {"ldtt", "exemplar"}
    exemplar = rows["exemplar"]
    assert exemplar["status"] == "recognised"
    assert exemplar["engine_status"] == "eligible"  # second in HNI, quota 1
    assert exemplar["decision_id"] is not None
    assert rows["ldtt"]["status"] == rows["ldtt"]["engine_status"] == "recommended"
    assert rows["ldtt"]["decision_id"] is None


def test_the_latest_decision_wins(db) -> None:
    decide(db, "P02", "exemplar", 2020, "HNI", 10, 3, "rejected")
    decide(db, "P03", "ldtt", 2019, "HNI", 10, 8, "recognised")
    latest = sr.latest_decisions(db, 2020)
    assert [(d["subject"], d["track"], d["outcome"], d["votes_for"]) for d in latest] == [
        ("P02", "exemplar", "rejected", 3)]
    everything = sr.latest_decisions(db)
    assert [(d["subject"], d["year"]) for d in everything] == [("P02", 2020), ("P03", 2019)]
    (standing,) = [r for r in sr.subject_standings(db, "P02", 2020) if r["track"] == "exemplar"]
    assert standing["status"] == "rejected"
    assert standing["decision_id"] == latest[0]["id"]


def test_standing_rows_select_by_status_after_the_decisions(db) -> None:
    every = as_dicts(sr.standing_rows(db, 2020))
    assert len(every) == 2 * len(PEOPLE)
    shown = as_dicts(sr.standing_rows(db, 2020, hidden={"ineligible"}))
    assert shown and all(r["status"] != "ineligible" for r in shown)
    assert len(shown) == sum(r["status"] != "ineligible" for r in every)
    recognised = as_dicts(sr.standing_rows(db, 2020, only={"recognised"}))
    assert [(r["subject"], r["track"], r["engine_status"]) for r in recognised] == [
        ("P02", "exemplar", "eligible")]
    exemplar = as_dicts(sr.standing_rows(db, 2020, track="exemplar"))
    assert {r["track"] for r in exemplar} == {"exemplar"}
    assert sr.standing_rows(db, 2020, only=set()) == []
    assert sr.standing_rows(db, 2021) == []


def test_standing_rows_carry_quota_fail_and_raw_checks(db) -> None:
    rows = {(r[0], r[2]): r for r in sr.standing_rows(db, 2020, raw_checks=True)}
    p01 = dict(zip(COLUMNS, rows[("P01", "exemplar")], strict=False))
    assert (p01["quota_pos"], p01["quota_limit"], p01["fail"]) == (1, 1, None)
    p03 = dict(zip(COLUMNS, rows[("P03", "exemplar")], strict=False))
    assert p03["status"] == "ineligible"
    assert p03["fail"] == "exemplar.rating: rating 2020 = HTTNV, needs HTXSNV"
    raw = rows[("P03", "exemplar")][len(COLUMNS)]
    assert isinstance(raw, bytes) and b"exemplar.rating" in raw


def test_counts_per_place_match_the_rows(db) -> None:
    every = as_dicts(sr.standing_rows(db, 2020))
    expected: dict[str, int] = {}
    for r in every:
        if r["status"] == "ineligible":
            place = r["subject"] if r["kind"] == "collective" else r["unit"]
            expected[place] = expected.get(place, 0) + 1
    assert sr.count_standings(db, 2020, {"ineligible"}) == expected
    assert sr.count_standings(db, 2020, {"recognised"}, track="exemplar") == {"HNI": 1}
    counts = sr.status_counts(db)
    assert sum(n for *_, n in counts) == len(every)
    assert (2020, "exemplar", "recognised", 1) in counts


def test_standings_of_tracks_over_a_period(db) -> None:
    rows = sr.standings_of_tracks(db, 2016, 2020, domain.EXEMPLAR_TRACKS)
    assert len(rows) == len(PEOPLE)
    assert (2020, "P02", "person", "HNI", "recognised") in rows
    assert sr.standings_of_tracks(db, 2016, 2019, domain.EXEMPLAR_TRACKS) == []


def test_the_unit_tree(db) -> None:
    units = list(load_units(db).units.values())
    assert units[0] == {"code": "VSS", "name": "Bảo hiểm xã hội Việt Nam", "level": "sector",
                        "parent": None, "position": units[0]["position"]}
    assert [u["position"] for u in units] == sorted(u["position"] for u in units)
    assert [k for k, _ in sr.level_names(db)] == ["sector", "province", "district"]
    clusters, members = sr.cluster_rows(db)
    assert dict(clusters) == {"C1": "Cụm thi đua số 1", "C2": "Cụm thi đua số 2"}
    assert sorted(members) == [("C1", "BNH"), ("C1", "HNI"), ("C2", "DNG")]
    assert dict(sr.unit_names(db))["BNH-TS"] == "BHXH thị xã Từ Sơn"


def test_people(db) -> None:
    assert dict(sr.person_names(db))["P05"] == "Đặng Văn Đức"
    assert sr.person_homes(db)["P07"] == ("Vũ Văn Dũng", "BNH-TS")
    person = sr.person(db, "P03")
    assert person is not None and (person["unit"], person["heads"]) == ("HNI-BD", None)
    assert sr.person(db, "NOBODY") is None
    head = sr.head_of(db, "HNI")
    assert head is not None and (head["code"], head["full_name"]) == ("P01", "Nguyễn Văn Ánh")
    assert sr.head_of(db, "DNG") is None
    assert sr.decided_person_names(db, 2020) == {"P02": "Trần Thị Ân"}
    assert sr.decided_person_names(db, 2019) == {}


def test_evaluations_and_records(db) -> None:
    assert sr.has_evaluation(db, 2020) and not sr.has_evaluation(db, 2019)
    assert sr.has_records(db, 2019) and not sr.has_records(db, 2030)
    meta = sr.evaluation_meta(db, 2020)
    assert meta is not None and meta["criteria_version"] == "2016-2020.1"
    assert sr.evaluation_meta(db, 2019) is None
    assert sr.evaluated_years(db, 2016, 2020) == {2020}
    assert sorted(sr.year_tracks(db, 2020)) == ["exemplar", "ldtt"]
    titles = {(s, y): t for s, y, _k, t in sr.record_metric(db, domain.TITLE_METRIC, 2019,
                                                             2020)}
    assert titles[("P01", 2019)] == "CSTDCS" and titles[("P02", 2020)] == "LDTT"
    assert titles[("HNI", 2020)] == "TTLDXS"
    assert all(t is None for *_, t in sr.record_metric(db, "no_such_metric", 2019, 2020))


def test_ensure_evaluation_needs_records(db) -> None:
    assert ensure_evaluation(db, 2020) is False  # stored already
    with pytest.raises(InputError):
        ensure_evaluation(db, 2030)


def test_the_labels_agree_with_the_domain() -> None:
    assert L.EXEMPLAR_TRACKS == domain.EXEMPLAR_TRACKS
    assert L.PERSON_TITLES == domain.PERSON_TITLES
    assert L.COLLECTIVE_TITLES == domain.COLLECTIVE_TITLES
    assert set(domain.COUNCIL_OUTCOMES) <= set(L.STATUS_ORDER)
    assert set(domain.PROPOSAL_STATUSES) <= set(L.STATUS_ORDER)
    assert domain.HIDDEN_BY_DEFAULT <= set(L.STATUS_ORDER)
