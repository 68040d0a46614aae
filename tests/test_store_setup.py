"""The set-up store modules (units, people, records, criteria) on a real SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dtt.bootstrap import init_db
from dtt.criteria.source import default_text, sha256
from dtt.store import Store, open_store
from dtt.store import criteria as store_criteria
from dtt.store import decisions as store_decisions
from dtt.store import people as store_people
from dtt.store import records as store_records
from dtt.store import units as store_units
from dtt.store import workflow as store_workflow
from dtt.text import fold
from dtt.tree import sample_tree_text

STAMP = "2026-01-01T00:00:00+00:00"


def _flatten(tree: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    """(code, parent, level) of every unit of a units.yaml document, parents first."""
    out: list[tuple[str, str | None, str]] = []

    def walk(node: dict[str, Any], parent: str | None) -> None:
        out.append((node["code"], parent, node["level"]))
        for child in node.get("children") or []:
            walk(child, node["code"])

    for root in tree["units"]:
        walk(root, None)
    return out


TREE = yaml.safe_load(sample_tree_text())
UNITS = _flatten(TREE)


def _below(code: str) -> set[str]:
    found = {code}
    grew = True
    while grew:
        more = {c for c, parent, _ in UNITS if parent in found} - found
        grew = bool(more)
        found |= more
    return found


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "setup.db", command="test")
    init_db(s)
    yield s
    s.close()


def _person(code: str, unit: str, heads: str | None = None) -> store_people.PersonRow:
    name = f"Nguyễn Văn {code}"
    return (code, name, unit, "CBCCVC", None, heads, fold(name), None, None, None)


# --- units --------------------------------------------------------------------------------
def test_all_units_follow_the_bundled_tree(store: Store) -> None:
    units = store_units.all_units(store)
    assert [u["code"] for u in units] == [c for c, _, _ in UNITS]
    assert [(u["code"], u["parent"], u["level"]) for u in units] == UNITS
    assert [u["position"] for u in units] == list(range(len(UNITS)))
    by_code = {u["code"]: u for u in units}
    members = set(TREE["clusters"][0]["members"])
    assert {c for c, u in by_code.items() if u["clusters"] == "C1"} == members
    assert all(u["people"] == 0 for u in units)
    assert by_code["VSS"]["level_name"] == "Ngành BHXH Việt Nam"
    assert store_units.level_keys(store) == [lv["key"] for lv in TREE["levels"]]
    assert store_units.count_units(store) == len(UNITS)
    assert store_units.unit_codes(store) == {c for c, _, _ in UNITS}


def test_subtree_is_the_unit_and_everything_below(store: Store) -> None:
    qnh = store_units.subtree_codes(store, "QNH")
    assert qnh[0] == "QNH"
    assert len(qnh) == len(set(qnh))
    assert set(qnh) == _below("QNH")
    assert len(qnh) > 20
    assert set(store_units.subtree_codes(store, "VSS")) == {c for c, _, _ in UNITS}
    leaf = next(c for c, _, level in UNITS if level == "team")
    assert store_units.subtree_codes(store, leaf) == [leaf]
    assert store_units.subtree_codes(store, "NOPE") == ["NOPE"]


def test_get_unit_and_exists(store: Store) -> None:
    row = store_units.get_unit(store, "QNH")
    assert row is not None
    assert row["name"] == "BHXH tỉnh Quảng Ninh"
    assert row["level"] == "province" and row["parent"] == "VSS"
    assert row["name_folded"] == fold("BHXH tỉnh Quảng Ninh")
    assert store_units.get_unit(store, "NOPE") is None
    assert store_units.unit_exists(store, "QNH")
    assert not store_units.unit_exists(store, "NOPE")


def test_references_say_what_refers_to_a_unit(store: Store) -> None:
    with store.write():
        store_people.upsert_people(store, [
            _person("P1", "QNH-VP"), _person("P2", "QNH-VP"), _person("P3", "QNH-VP"),
            _person("P4", "QNH-VP"), _person("P5", "HPG", heads="QNH-PKT")])
        store_records.upsert_records(store, [
            ("QNH-PTHU", 2019, "collective", "{}", "t", STAMP),
            ("QNH-PTHU", 2018, "collective", "{}", "t", STAMP)])
        store.execute("INSERT INTO nominations(year, track, subject, unit, origin, created_at) "
                      "VALUES (2020, 'exemplar', 'P5', 'QNH-PCD', 'manual', ?)", (STAMP,))
        store.execute("INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
                      "votes_against, outcome, decided_at) VALUES "
                      "(2020, 'exemplar', 'QNH-PGD', 'HPG', 9, 8, 1, 'recognised', ?)", (STAMP,))
        store.execute("INSERT INTO replications(subject, to_unit, year, form, created_at) "
                      "VALUES ('P5', 'QNH-PCST', 2021, 'visit', ?)", (STAMP,))
    refs = store_units.references(
        store, ["QNH-VP", "QNH-PKT", "QNH-PTHU", "QNH-PCD", "QNH-PGD", "QNH-PCST", "QNH-PTN"])
    assert refs == {
        "QNH-VP": {"people": ["P1", "P2", "P3"]},  # at most three examples
        "QNH-PKT": {"heads": ["P5"]},
        "QNH-PTHU": {"records": ["2018", "2019"]},
        "QNH-PCD": {"nominations": ["2020"]},
        "QNH-PGD": {"decisions": ["2020"]},
        "QNH-PCST": {"replications": ["2021"]},
    }
    assert store_units.references(store, ["QNH-VP"], limit=10)["QNH-VP"]["people"] == [
        "P1", "P2", "P3", "P4"]
    assert store_units.references(store, []) == {}
    assert set(store_units.REFERENCE_KINDS) == {
        "people", "heads", "records", "nominations", "decisions", "replications"}


def test_tree_writes(store: Store) -> None:
    with store.write():
        store_units.replace_clusters(store, [("K1", "Cụm 1", ["QNH", "HPG"]),
                                             ("K2", "Cụm 2", ["HPG"])])
    clusters = {u["code"]: u["clusters"] for u in store_units.all_units(store)}
    assert clusters["QNH"] == "K1"
    assert sorted(clusters["HPG"].split(",")) == ["K1", "K2"]
    assert clusters["HDG"] is None
    gone = store_units.subtree_codes(store, "QNH-HL")
    keys = store_units.level_keys(store)
    with store.write():
        store_units.replace_clusters(store, [])
        store_units.delete_units(store, gone)  # parent and children in one go
        store_units.upsert_levels(store, [("extra", "Extra", "team", 4, 99)])
        store_units.upsert_units(store, [("X1", "Tổ X", "extra", "QNH-PKT", 100, "to x")])
    assert store_units.unit_codes(store) == {c for c, _, _ in UNITS} - set(gone) | {"X1"}
    assert store_units.level_keys(store) == [*keys, "extra"]
    assert store_units.subtree_codes(store, "QNH-PKT") == ["QNH-PKT", "X1"]
    with store.write():
        store_units.upsert_units(store, [("X1", "Tổ Y", "team", "QNH-PKT", 100, "to y")])
        store_units.delete_levels_except(store, keys)
    assert store_units.level_keys(store) == keys
    assert store_units.get_unit(store, "X1") == {
        "code": "X1", "name": "Tổ Y", "level": "team", "parent": "QNH-PKT", "position": 100,
        "name_folded": "to y", "closed_on": None, "place": None}


# --- people -------------------------------------------------------------------------------
def test_people_by_unit_subtree(store: Store) -> None:
    with store.write():
        store_people.upsert_people(store, [
            _person("A1", "QNH", heads="QNH"), _person("A2", "QNH-HL"),
            _person("A3", "HPG")])
    assert store_people.person_codes(store) == {"A1", "A2", "A3"}
    assert store_people.count_people(store) == 3
    assert store_people.person_exists(store, "A2")
    assert not store_people.person_exists(store, "QNH")
    assert {r["code"] for r in store_people.people_rows(store)} == {"A1", "A2", "A3"}
    qnh = store_people.people_rows(store, "QNH")
    assert {r["code"]: r["unit_name"] for r in qnh} == {
        "A1": "BHXH tỉnh Quảng Ninh",
        "A2": store_units.get_unit(store, "QNH-HL")["name"]}  # type: ignore[index]
    assert store_people.people_rows(store, "QNH-HL")[0]["heads"] is None
    assert store_people.people_rows(store, "HDG") == []
    # updating by code moves the person
    with store.write():
        store_people.upsert_people(store, [_person("A3", "QNH-HL")])
    assert {r["code"] for r in store_people.people_rows(store, "QNH-HL")} == {"A2", "A3"}
    assert store_people.count_people(store) == 3


def test_other_heads(store: Store) -> None:
    with store.write():
        store_people.upsert_people(store, [_person("H1", "QNH", heads="QNH"),
                                           _person("H2", "HPG", heads="HPG")])
    # QNH is headed by H1, not by X; HPG's head is the one asked about; HDG has none
    assert store_people.other_heads(store, {"QNH": "X", "HPG": "H2", "HDG": "Y"}) == {
        "QNH": "H1"}
    assert store_people.other_heads(store, {}) == {}


# --- records ------------------------------------------------------------------------------
def test_records_round_trip(store: Store) -> None:
    assert store_records.latest_year(store) is None
    assert store_records.record_years(store) == []
    with store.write():
        store_people.upsert_people(store, [_person("R1", "QNH")])
        store_records.upsert_records(store, [
            ("R1", 2019, "person", json.dumps({"rating": "HTXSNV"}), "a.csv", STAMP),
            ("R1", 2017, "person", json.dumps({"rating": "HTTNV"}), "a.csv", STAMP),
            ("QNH", 2018, "collective", json.dumps({"rating": "HTT"}), "a.csv", STAMP)])
    assert store_records.latest_year(store) == 2019
    assert store_records.record_years(store) == [2017, 2018, 2019]
    assert store_records.count_records(store) == 3
    rows = store_records.subject_records(store, "R1")
    assert [(r["year"], json.loads(r["data"]), r["source"]) for r in rows] == [
        (2017, {"rating": "HTTNV"}, "a.csv"), (2019, {"rating": "HTXSNV"}, "a.csv")]
    assert store_records.stored_data(store, [("R1", 2019), ("R1", 2018), ("QNH", 2018)]) == {
        ("R1", 2019): '{"rating": "HTXSNV"}', ("QNH", 2018): '{"rating": "HTT"}'}
    assert store_records.stored_data(store, []) == {}
    # the same subject and year replaces the row
    with store.write():
        store_records.upsert_records(store, [("R1", 2019, "person", "{}", "b.csv", STAMP)])
    assert store_records.count_records(store) == 3
    assert store_records.subject_records(store, "R1")[-1]["source"] == "b.csv"
    assert store_records.subject_records(store, "NOPE") == []


def test_decisions_in_years_and_registrations(store: Store) -> None:
    with store.write():
        for year, subject in ((2020, "QNH"), (2019, "HPG"), (2020, "HDG"), (2018, "HYN")):
            store.execute("INSERT INTO decisions(year, track, subject, unit, members, "
                          "votes_for, votes_against, outcome, decided_at) VALUES "
                          "(?, 'flag', ?, 'VSS', 9, 8, 1, 'recognised', ?)",
                          (year, subject, STAMP))
        store_workflow.replace_registrations(store, [("QNH", "flag", 2020, None, STAMP),
                                                    ("HPG", "flag", 2020, "goal", STAMP)])
        store_workflow.replace_registrations(store, [("QNH", "flag", 2020, "new", STAMP)])
    found = store_decisions.decisions_in_years(store, [2020, 2019])
    assert [(d["year"], d["subject"]) for d in found] == [
        (2019, "HPG"), (2020, "QNH"), (2020, "HDG")]
    assert set(found[0]) == {"id", "year", "track", "subject", "outcome"}
    assert store_decisions.decisions_in_years(store, []) == []
    assert store_decisions.decisions_in_years(store, [2030]) == []
    assert store_workflow.count_registrations(store) == 2


# --- criteria -----------------------------------------------------------------------------
def test_criteria_saved_once_and_made_active(store: Store) -> None:
    # init_db installed the bundled criteria
    default = default_text()
    assert store_criteria.active_sha256(store) == sha256(default)
    assert store_criteria.active_filename(store) == "criteria.yaml"
    assert store_criteria.criteria_text(store, sha256(default)) == default
    assert store_criteria.criteria_text(store, "0" * 64) is None
    other = default + "\n# a comment\n"
    with store.write():
        store_criteria.save_criteria(store, sha256(other), other, "mine.yaml", STAMP)
        store_criteria.save_criteria(store, sha256(other), "ignored", "again.yaml", "later")
    assert store_criteria.active_sha256(store) == sha256(other)
    assert store_criteria.active_filename(store) == "again.yaml"
    assert store_criteria.criteria_text(store, sha256(other)) == other  # stored once
    assert store_criteria.criteria_text(store, sha256(default)) == default
