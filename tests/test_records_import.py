"""Records import parses each distinct cell once: the remembered values must never change what
a row reads or which rows an error names."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtt.criteria.source import default_text, install
from dtt.errors import InputErrors
from dtt.people import import_people_rows
from dtt.records import import_record_rows, records_of
from dtt.store import open_store
from dtt.tabular import Percent
from dtt.tree import load_tree_doc

TREE = {
    "levels": [{"key": "sector", "name": "Ngành"},
               {"key": "province", "name": "Tỉnh", "parent": "sector"}],
    "units": [{"code": "VSS", "name": "BHXH Việt Nam", "level": "sector", "children": [
        {"code": "HNI", "name": "BHXH Hà Nội", "level": "province"},
        {"code": "HPG", "name": "BHXH Hải Phòng", "level": "province"}]}],
}


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "r.db")
    install(s, default_text(), "criteria.yaml")
    load_tree_doc(s, TREE, "tree")
    import_people_rows(s, [{"code": f"P{i}", "full_name": f"Nguyễn Văn {i}", "unit": "HNI",
                            "category": "CBCCVC", "position": "", "heads": ""}
                           for i in range(3)], "people")
    yield s
    s.close()


def stored(store, subject: str, year: int = 2020) -> dict:
    [row] = [r for r in records_of(store, subject) if r["year"] == year]
    return {k: v for k, v in row.items() if k not in ("year", "_source")}


def test_the_same_spellings_read_alike_on_every_row(store) -> None:
    rows = [{"year": 2020, "subject": f"P{i}", "rating": spelling, "months_worked": "12",
             "charity": "có"} for i, spelling in enumerate(["HTXSNV", "htxsnv", "HTXSNV"])]
    summary = import_record_rows(store, rows, "ketqua.csv")
    assert summary["rows"] == 3
    for i in range(3):
        assert stored(store, f"P{i}") == {"charity": True, "months_worked": 12,
                                          "rating": "HTXSNV"}


def test_a_bad_cell_is_reported_on_every_row_that_holds_it(store) -> None:
    rows = [{"year": 2020, "subject": f"P{i}", "months_worked": "mười hai"} for i in range(3)]
    with pytest.raises(InputErrors) as caught:
        import_record_rows(store, rows, "ketqua.csv")
    problems = caught.value.problems
    assert [(p.row, p.field) for p in problems] == [(2, "months_worked"), (3, "months_worked"),
                                                    (4, "months_worked")]
    assert records_of(store, "P0") == []


def test_a_value_read_for_a_unit_is_not_taken_for_a_person(store) -> None:
    rows = [{"year": 2020, "subject": "HNI", "collection_plan": "98,5"},
            {"year": 2020, "subject": "P0", "collection_plan": "98,5"}]
    with pytest.raises(InputErrors) as caught:
        import_record_rows(store, rows, "ketqua.csv")
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (3, "collection_plan")
    assert "not a metric of a person" in problem.message


def test_a_percent_cell_and_a_bare_fraction_of_the_same_value_differ(store) -> None:
    rows = [(2, {"year": 2020, "subject": "HNI", "collection_plan": Percent(0.995)}),
            (3, {"year": 2020, "subject": "HPG", "collection_plan": 0.995})]
    with pytest.raises(InputErrors) as caught:
        import_record_rows(store, rows, "ketqua.xlsx", sheet="formats")
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (3, "collection_plan")
    assert "looks like a fraction" in problem.message
    import_record_rows(store, rows[:1], "ketqua.xlsx", sheet="formats")
    assert stored(store, "HNI") == {"collection_plan": 99.5}


def test_a_year_written_alike_is_read_alike_and_a_bad_one_named_on_each_row(store) -> None:
    rows = [{"year": "2020", "subject": "P0", "rating": "HTTNV"},
            {"year": 2020.0, "subject": "P1", "rating": "HTTNV"},
            {"year": "năm 2020", "subject": "P2", "rating": "HTTNV"},
            {"year": "năm 2020", "subject": "HNI", "rating": "HTTNV"}]
    with pytest.raises(InputErrors) as caught:
        import_record_rows(store, rows, "ketqua.csv")
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "year"), (5, "year")]
    import_record_rows(store, rows[:2], "ketqua.csv")
    assert stored(store, "P0") == stored(store, "P1") == {"rating": "HTTNV"}
