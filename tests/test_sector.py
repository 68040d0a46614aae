"""The in-memory model of the sector: dtt.sector.UnitTree and Subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtt.bootstrap import build_demo
from dtt.engine.context import Subject as EngineSubject
from dtt.sector import Subject, Unit, UnitTree
from dtt.store import open_store
from dtt.units import subtree_codes


def small_tree() -> UnitTree:
    units = [Unit("VSS", "BHXH Việt Nam", "sector", None, 0),
             Unit("HNI", "BHXH Hà Nội", "province", "VSS", 1),
             Unit("HNI-BD", "BHXH Ba Đình", "district", "HNI", 2),
             Unit("HNI-CG", "BHXH Cầu Giấy", "district", "HNI", 3),
             Unit("HPG", "BHXH Hải Phòng", "province", "VSS", 4),
             Unit("ORPHAN", "Lost", "district", "GONE", 5)]
    return UnitTree(["sector", "province", "district"], units,
                    [("north", "HNI"), ("north", "HPG"), ("z", "HNI")])


def test_tree_questions() -> None:
    tree = small_tree()
    assert tree.levels == ["sector", "province", "district"]
    assert tree.roots == ["VSS", "ORPHAN"] and tree.root == "VSS"
    assert tree.is_root("ORPHAN") and not tree.is_root("HNI") and not tree.is_root("NOPE")
    assert tree.children["HNI"] == ["HNI-BD", "HNI-CG"]
    assert tree.ancestors("HNI-BD") == ("HNI-BD", "HNI", "VSS")
    assert tree.ancestors("NOPE") == ("NOPE",)
    assert tree.subtree("HNI") == {"HNI", "HNI-BD", "HNI-CG"}
    assert tree.subtree("VSS") == {"VSS", "HNI", "HNI-BD", "HNI-CG", "HPG"}
    assert tree.unit_at("HNI-CG", {"province"}) == "HNI"
    assert tree.unit_at("HNI", {"province"}) == "HNI"
    assert tree.unit_at("HNI", {"province"}, strict=True) is None
    assert tree.unit_at("HNI", {"province", "sector"}, strict=True) == "VSS"
    assert tree.cluster_of == {"HNI": "north", "HPG": "north"}
    assert tree.clusters == {"north": ["HNI", "HPG"], "z": ["HNI"]}
    assert tree.cluster_near("HNI-BD") == "north" and tree.cluster_near("VSS") is None
    assert tree.level_of("HPG") == "province" and tree.name_of("HPG") == "BHXH Hải Phòng"
    assert tree.parent_of("HNI-BD") == "HNI" and "HPG" in tree and "NOPE" not in tree


def test_a_cycle_stops_the_chain() -> None:
    tree = UnitTree(["a"], [Unit("A", "A", "a", "B", 0), Unit("B", "B", "a", "A", 1)], [])
    assert tree.ancestors("A") == ("A", "B")
    assert tree.roots == [] and tree.root is None


def test_collectives_are_subjects() -> None:
    tree = small_tree()
    hni = tree.collective("HNI")
    assert hni == Subject("HNI", "collective", "BHXH Hà Nội", "HNI", "province", parent="VSS")
    assert hni.introducer == "VSS"
    assert list(tree.collectives()) == ["VSS", "HNI", "HNI-BD", "HNI-CG", "HPG", "ORPHAN"]


def test_subject_is_one_class() -> None:
    assert EngineSubject is Subject
    person = Subject("P1", "person", "Nguyễn Văn An", "HNI-BD", "district", "Chuyên viên",
                     "HNI-BD")
    assert person.position == "Chuyên viên" and person.heads == "HNI-BD"
    assert person.introducer == "HNI-BD"
    assert person.as_dict() == {"subject": "P1", "kind": "person", "name": "Nguyễn Văn An",
                                "unit": "HNI-BD", "level": "district",
                                "position": "Chuyên viên", "heads": "HNI-BD"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sector") / "demo.db"
    build_demo(path, "sample")
    return path


def test_load_matches_the_store(demo: Path) -> None:
    store = open_store(demo)
    try:
        tree = UnitTree.load(store)
        # the latest tree (the demo's of 2025-07-01): the units not closed, their levels
        rows = store.query("SELECT code, parent FROM current_units ORDER BY position, code")
        assert list(tree.units) == [r[0] for r in rows]
        assert tree.levels == [r[0] for r in store.query(
            "SELECT key FROM levels WHERE key IN (SELECT level FROM current_units) "
            "ORDER BY position")]
        for code in ("HPG", tree.root or ""):
            assert tree.subtree(code) == set(subtree_codes(store, code))
        for code, parent in rows:
            chain = tree.ancestors(code)
            assert chain[0] == code and (parent is None or chain[1] == parent)
        members = store.query("SELECT cluster, unit FROM cluster_members")
        assert members and all(r[1] in tree.clusters[r[0]] for r in members)
    finally:
        store.close()
