"""The JSON contracts of an evaluation run, built in the library (dtt.engine.documents) and
printed as they are by `dtt evaluate --format json` and `--explain SUBJECT --format json`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dtt.bootstrap import build_demo
from dtt.engine import evaluate
from dtt.engine.documents import evaluation_document, explain_document
from dtt.store import open_store

RESULT_KEYS = {"subject", "kind", "track", "name", "unit", "group", "eligible", "score",
               "rank", "status", "checks"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, "sample")
    return path


@pytest.fixture
def db(demo_db: Path, db_path: Path) -> Path:
    shutil.copy(demo_db, db_path)
    return db_path


def test_explain_json_carries_year_criteria_and_results(cli, db) -> None:
    result = cli("evaluate", "--year", "2020", "--explain", "HPG", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["year"] == 2020
    assert doc["criteria"]["version"] == "2017-2020" and len(doc["criteria"]["sha256"]) == 64
    assert doc["subject"] == "HPG" and doc["tracks"]
    assert doc["results"]
    for r in doc["results"]:
        assert RESULT_KEYS <= set(r)
        assert r["subject"] == "HPG" and r["kind"] == "collective"
        assert all({"id", "passed", "detail"} <= set(c) for c in r["checks"])
    candidates = {t["track"] for t in doc["tracks"] if t["candidate"]}
    assert {r["track"] for r in doc["results"]} == candidates


def test_explain_results_are_the_runs_results(db) -> None:
    store = open_store(db)
    try:
        run = evaluate(store, year=2020, explain="HPG")
        doc = explain_document(run)
        whole = evaluation_document(run)
        assert doc["year"] == whole["year"] == 2020
        assert doc["criteria"] == whole["criteria"] == {"version": run.version,
                                                        "sha256": run.sha256}
        assert doc["results"] == [r for r in whole["results"] if r["subject"] == "HPG"]
        assert doc["tracks"] == (run.explain or {})["tracks"]
    finally:
        store.close()


def test_evaluation_document_is_what_the_cli_prints(cli, db) -> None:
    printed = json.loads(cli("evaluate", "--year", "2020", "--track", "cstdn", "--format",
                             "json").stdout)
    store = open_store(db)
    try:
        run = evaluate(store, year=2020, track="cstdn")
        doc = evaluation_document(run)
    finally:
        store.close()
    assert doc["evaluation_id"] == printed["evaluation_id"] + 1
    assert {**doc, "evaluation_id": None} == {**printed, "evaluation_id": None}
    assert doc["scope"] == {"unit": None, "track": "cstdn"}
    assert all(RESULT_KEYS <= set(r) for r in doc["results"])


def test_a_run_without_explain_has_an_empty_explain_document(db) -> None:
    store = open_store(db)
    try:
        assert explain_document(evaluate(store, year=2020, track="cstdn")) == {}
    finally:
        store.close()
