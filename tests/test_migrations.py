"""Schema migrations: a database made by an older dtt upgrades cleanly and keeps its data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dtt.bootstrap import build_demo
from dtt.engine import current_results, evaluate
from dtt.store import open_store
from dtt.store.db import _split
from dtt.store.schema import MIGRATIONS, SCHEMA_VERSION

TERMS = [{"label": "Năm HTXSNV", "kind": "count_years", "points": 2.0, "detail": "…"}]


def _schema_1(path: Path) -> None:
    """A database exactly as schema 1 left it, with one result in the old shape (the score
    breakdown inside `quota`)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _split(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO levels VALUES ('sector', 'Ngành', NULL, 0, 0)")
    conn.execute("INSERT INTO units VALUES ('VSS', 'BHXH Việt Nam', 'sector', NULL, 0, 'bhxh')")
    conn.execute("INSERT INTO people VALUES ('NV1', 'Lê Thị Ân', 'VSS', 'CBCCVC', NULL, NULL,"
                 " 'le thi an')")
    conn.execute("INSERT INTO evaluations VALUES (1, 2020, '2021-01-01T00:00:00+00:00', "
                 "'2016-2020.1', 'abc', NULL, NULL, 'me', '{}')")
    quota = {"limit": 1, "basis": "1 per group", "position": 1, "label": None,
             "score_terms": TERMS, "origin": "discovered"}
    conn.execute("INSERT INTO results(evaluation_id, year, subject, kind, track, unit, grp, "
                 "eligible, score, rank, status, quota, checks) VALUES (1, 2020, 'NV1', "
                 "'person', 'exemplar', 'VSS', 'VSS', 1, 2.0, 1, 'recommended', ?, '[]')",
                 (json.dumps(quota, ensure_ascii=False),))
    conn.close()


def test_schema_1_upgrades_and_keeps_its_results(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_1(path)
    store = open_store(path)
    assert store.user_version() == SCHEMA_VERSION >= 2
    columns = {r[1] for r in store.query("PRAGMA table_info(results)")}
    assert {"score_terms", "facts"} <= columns
    view = {r[1] for r in store.query("PRAGMA table_info(current_results)")}
    assert {"score_terms", "facts"} <= view
    (row,) = current_results(store, 2020)
    assert row["score_terms"] == TERMS  # read from the old place
    assert row["quota"] == {"limit": 1, "basis": "1 per group", "position": 1, "label": None}
    assert row["origin"] == "discovered" and row["status"] == "recommended"
    store.close()
    assert open_store(path).user_version() == SCHEMA_VERSION  # reopening is a no-op


def test_results_store_score_terms_and_facts(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, "sample")
    store = open_store(path)
    run = evaluate(store)
    stored = {(r["track"], r["subject"]): r for r in store.query(
        "SELECT track, subject, eligible, quota, score_terms, facts FROM current_results "
        "WHERE year = ?", (run.year,))}
    assert len(stored) == len(run.results)
    seen = set()
    for r in run.results:
        row = stored[(r["track"], r["subject"])]
        assert json.loads(row["score_terms"]) == r["score_terms"]
        assert "score_terms" not in json.loads(row["quota"])
        if r["status"] == "deferred":  # the fact is the deferring check (NĐ 98 Điều 4 khoản 4)
            defer = next(c for c in r["checks"] if c["id"] == f"{r['track']}.defer")
            assert not defer["passed"] and row["facts"] == f"{defer['id']}: {defer['detail']}"
            seen.add("deferred")
        elif not r["eligible"]:
            first = next(c for c in r["checks"] if not c["passed"])
            assert row["facts"] == f"{first['id']}: {first['detail']}"
            seen.add("ineligible")
        elif r["quota"] is None:
            assert row["facts"] == "no quota"
            seen.add("no quota")
        else:
            q = r["quota"]
            assert row["facts"] == f"{q['position']} of quota {q['limit']} ({q['basis']})"
            seen.add("quota")
    assert seen == {"ineligible", "deferred", "no quota", "quota"}
    assert {(r["track"], r["subject"]): r["score_terms"] for r in current_results(
        store, run.year)} == {(r["track"], r["subject"]): r["score_terms"] for r in run.results}
    store.close()
