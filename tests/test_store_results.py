"""Reading results back through dtt/store/results.py: the latest decision (MAX(id)) laid over
the engine's status, the latest run."""

from __future__ import annotations

from pathlib import Path

from test_report_support import decide, make_db, stored_results

from dtt.engine.results import current_results, decisions_of, latest_evaluation


def test_the_latest_decision_wins(tmp_path: Path) -> None:
    store = make_db(tmp_path)
    try:
        stored_results(store, 2020)
        decide(store, "P02", "exemplar", 2020, "HNI", 10, 4, "rejected")
        decide(store, "P02", "exemplar", 2020, "HNI", 10, 9, "recognised")
        decide(store, "P02", "exemplar", 2019, "HNI", 10, 2, "rejected")
        decided = decisions_of(store, 2020)
        assert list(decided) == [("exemplar", "P02")]
        assert decided[("exemplar", "P02")]["outcome"] == "recognised"
        assert decisions_of(store, 2020, "ldtt") == {}
        rows = [r for r in current_results(store, 2020) if r["subject"] == "P02"]
        assert rows
        for r in rows:
            if r["track"] == "exemplar":
                assert r["status"] == "recognised" and r["engine_status"] != "recognised"
                assert r["decision"]["votes_for"] == 9
                assert r["decision"]["id"] == decided[("exemplar", "P02")]["id"]
            else:
                assert r["status"] == r["engine_status"] and r["decision"] is None
        assert all(r["decision"] is None for r in current_results(store, 2020)
                   if r["subject"] != "P02")
    finally:
        store.close()


def test_latest_evaluation(tmp_path: Path) -> None:
    store = make_db(tmp_path)
    try:
        assert latest_evaluation(store) is None
        first = stored_results(store, 2019)
        second = stored_results(store, 2020)
        latest = latest_evaluation(store)
        assert latest is not None and latest["id"] == second and latest["year"] == 2020
        of_2019 = latest_evaluation(store, 2019)
        assert of_2019 is not None and of_2019["id"] == first
        assert latest_evaluation(store, 2018) is None
    finally:
        store.close()
