"""Stored results that do not repeat themselves: each criterion's constant part once per
criteria file, each distinct check and list of checks once, a result unchanged since the
current one listed under the new run rather than stored again; and every reader (the views,
the engine's readers, `compare`'s) reads exactly what the old table gave."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dtt.bootstrap import build_demo
from dtt.engine import current_results, evaluate
from dtt.engine.run import Run
from dtt.engine.save import save
from dtt.store import Store, open_store
from dtt.store import maintenance as store_maintenance
from dtt.store import runs as store_runs
from dtt.store.db import _split
from dtt.store.schema import MIGRATIONS


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("storage") / "demo.db"
    build_demo(path, "sample")
    return path


@pytest.fixture
def store(demo: Path, tmp_path: Path):
    target = tmp_path / "demo.db"
    shutil.copy(demo, target)
    s = open_store(target)
    yield s
    s.close()


def _dumped(run: Run) -> dict[tuple[str, str], str]:
    return {(r["track"], r["subject"]): json.dumps(r["checks"], ensure_ascii=False)
            for r in run.results}


def _count(store: Store, table: str) -> int:
    return int(store.scalar(f"SELECT COUNT(*) FROM {table}"))


def _run_rows(store: Store, year: int, eid: int) -> list[tuple]:
    return sorted(tuple(r) for r in store.query(
        "SELECT * FROM results WHERE year = ? AND evaluation_id = ?", (year, eid)))


def test_views_give_the_checks_as_the_json_text_of_the_run(store: Store) -> None:
    run = evaluate(store, 2020)
    expected = _dumped(run)
    standings = {(r[0], r[1]): r[2] for r in store.query(
        "SELECT track, subject, checks FROM standings WHERE year = 2020")}
    listed = {(r[0], r[1]): r[2] for r in store.query(
        "SELECT track, subject, checks FROM results WHERE evaluation_id = ?",
        (run.evaluation_id,))}
    read = {(r["track"], r["subject"]): json.dumps(r["checks"], ensure_ascii=False)
            for r in current_results(store, 2020)}
    assert len(expected) > 1000
    assert standings == expected and listed == expected and read == expected
    # each criterion's label and source are stored once, not once per result
    checks = sum(len(r["checks"]) for r in run.results)
    assert _count(store, "criteria_checks") < 100 < checks
    assert _count(store, "check_lists") < len(run.results) / 2
    # the expanded views agree with the JSON
    one = store.query("SELECT * FROM result_check_details WHERE evaluation_id = ? "
                      "ORDER BY subject, track, position LIMIT 1", (run.evaluation_id,))[0]
    first = json.loads(listed[(one["track"], one["subject"])])[0]
    assert (one["check_id"], one["label"], one["source"], bool(one["passed"]),
            one["detail"]) == (first["id"], first["label"], first["source"],
                               first["passed"], first["detail"])
    assert json.loads(one["values"]) == first["values"]


def test_a_second_run_stores_no_result_again_and_lists_them_all(store: Store) -> None:
    first = evaluate(store, 2020)
    stored = _count(store, "result_rows")
    before = _run_rows(store, 2020, first.evaluation_id)
    second = evaluate(store, 2020)
    assert _count(store, "result_rows") == stored  # nothing new
    assert _count(store, "run_results") == 2 * len(first.results)
    after_first = _run_rows(store, 2020, first.evaluation_id)
    listed = _run_rows(store, 2020, second.evaluation_id)
    # the first run reads as before, except that its results are no longer current
    current = 13  # the position of `current` in the old table's columns
    assert [r[:current] + r[current + 1:] for r in after_first] == \
        [r[:current] + r[current + 1:] for r in before]
    assert {r[current] for r in before} == {1} and {r[current] for r in after_first} == {0}
    assert [r[1:] for r in listed] == [r[1:current] + (1,) + r[current + 1:]
                                       for r in after_first]
    assert {r["evaluation_id"] for r in current_results(store, 2020)} == {second.evaluation_id}
    assert store.scalar("SELECT COUNT(*) FROM current_results WHERE year = 2020") == \
        len(first.results)


def test_a_changed_record_stores_only_what_changed(store: Store) -> None:
    first = evaluate(store, 2020)
    stored = _count(store, "result_rows")
    old_rows = _run_rows(store, 2020, first.evaluation_id)
    keys = [(r["track"], r["subject"]) for r in first.results]
    old_checks = store_runs.run_checks(store, 2020, keys, first.evaluation_id)
    person = next(r["subject"] for r in first.results
                  if r["track"] == "ldtt" and r["eligible"])
    with store.write() as c:
        c.execute("UPDATE records SET data = json_set(data, '$.rating', 'KHTNV') "
                  "WHERE subject = ? AND year = 2020", (person,))
    second = evaluate(store, 2020)
    added = _count(store, "result_rows") - stored
    was = _dumped(first)
    changed = {k for k, v in _dumped(second).items() if was.get(k) != v}
    assert 0 < added < len(second.results) / 10
    assert ("ldtt", person) in changed
    # the first run still lists its results, checks and all, as they were
    assert [r[:13] + r[14:] for r in _run_rows(store, 2020, first.evaluation_id)] == \
        [r[:13] + r[14:] for r in old_rows]
    assert store_runs.run_checks(store, 2020, keys, first.evaluation_id) == old_checks
    now = {(r["track"], r["subject"]): r for r in current_results(store, 2020)}
    assert not now[("ldtt", person)]["eligible"]
    assert store.scalar("SELECT COUNT(*) FROM results WHERE evaluation_id = ? AND current = 1",
                        (second.evaluation_id,)) == len(second.results)
    # pruning the first run removes what only it listed
    with store.write():
        store_maintenance.delete_evaluations(store, [first.evaluation_id])
    assert _count(store, "result_rows") == len(second.results)
    assert _count(store, "run_results") == len(second.results)
    # and the texts only its results used, the others read the same
    assert _count(store, "term_lists") == store.scalar(
        "SELECT COUNT(DISTINCT terms_list) FROM result_rows")
    assert _count(store, "result_texts") == store.scalar(
        "SELECT COUNT(*) FROM (SELECT quota_ref FROM result_rows UNION SELECT "
        "terms_ref FROM result_rows UNION SELECT facts_ref FROM result_rows UNION SELECT "
        "abs(j.value) FROM result_rows r, json_each(r.quota_ties) j WHERE j.type = "
        "'integer' UNION SELECT j.value FROM term_lists l, json_each(l.items) j) "
        "WHERE quota_ref IS NOT NULL")
    assert sorted(_dumped(second).values()) == sorted(
        r[0] for r in store.query("SELECT checks FROM current_results WHERE year = 2020"))


def test_a_unit_run_keeps_the_other_current_results(store: Store) -> None:
    full = evaluate(store, 2020)
    unit = store.scalar("SELECT code FROM units WHERE level = 'province' ORDER BY code")
    before = sorted((r["track"], r["subject"], r["status"], r["rank"])
                    for r in current_results(store, 2020))
    scoped = evaluate(store, 2020, unit=unit)
    assert scoped.results and len(scoped.results) < len(full.results)
    after = current_results(store, 2020)
    assert sorted((r["track"], r["subject"], r["status"], r["rank"]) for r in after) == before
    assert {r["evaluation_id"] for r in after} == {full.evaluation_id, scoped.evaluation_id}
    assert len(_run_rows(store, 2020, scoped.evaluation_id)) == len(scoped.results)


def test_checks_of_any_shape_read_back_byte_for_byte(tmp_path: Path) -> None:
    store = open_store(tmp_path / "odd.db")
    odd = [
        {"id": "t.a", "label": "Nhãn \"trích\" \\ \t", "source": None, "passed": True,
         "detail": "ctrl \x01\x1f \u2028 đ ✓", "values": {"x": [1, 2.5, None, True]}},
        {"id": "t.b", "label": "Nhãn", "source": "Điều 1", "passed": False,
         "detail": "from HNI — 2019: HNI, predecessor", "values": {},
         "lineage": {"2019": "HNI"}},
        {"id": "t.c", "passed": None, "detail": 3},  # another shape: kept whole
        {"id": "t.d", "label": "Nhãn", "source": "Điều 1", "passed": 1, "detail": "x",
         "values": {}},
    ]
    results: list[dict[str, Any]] = [
        {"subject": s, "kind": "person", "track": "t", "unit": "VSS", "group": "VSS",
         "eligible": False, "score": None, "rank": None, "status": "ineligible",
         "checks": checks, "quota": None, "score_terms": [], "origin": "discovered"}
        for s, checks in (("P1", odd), ("P2", odd[:2]), ("P3", []), ("P4", odd[::-1]))]
    run = Run(None, 2020, "v", "f" * 64, None, None, results, {"tracks": {"t": {}}})
    eid = save(store, run)
    listed = {r[0]: r[1] for r in store.query(
        "SELECT subject, checks FROM results WHERE evaluation_id = ?", (eid,))}
    assert listed == {r["subject"]: json.dumps(r["checks"], ensure_ascii=False)
                      for r in results}
    assert store_runs.run_checks(store, 2020, [("t", "P4")], eid)[("t", "P4")] == \
        listed["P4"]
    store.close()


def _at_schema(path: Path, number: int) -> sqlite3.Connection:
    """A new database at `path` with the first `number` migrations applied (a plain
    connection, in autocommit)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.create_function("dtt_audit_hash", 9, lambda *_: "")  # schema 5 on an empty audit
    for migration in MIGRATIONS[:number]:
        for statement in _split(migration):
            con.execute(statement)
    con.execute(f"PRAGMA user_version = {number}")
    return con


def _old_format(source: Path, target: Path) -> None:
    """A copy of `source` in the format of schema 7: one `results` row per run and result,
    its checks as JSON text."""
    con = _at_schema(target, 7)
    con.execute("ATTACH ? AS new", (str(source),))
    tables = [r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type = "
                                        "'table' AND name NOT LIKE 'sqlite_%'")]
    con.execute("BEGIN")
    for table in tables:
        columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
        con.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM new.{table}")
    con.execute("COMMIT")
    con.execute("DETACH new")
    con.close()


def _view(store: Store, view: str) -> list[tuple]:
    """The rows of a view, sorted, without the list ids (numbered afresh by an upgrade)."""
    return sorted(tuple(v for k, v in zip(r.keys(), r, strict=True) if k != "checks_list")
                  for r in store.query(f"SELECT * FROM {view}"))


def test_an_old_database_upgrades_and_reads_the_same(store: Store, tmp_path: Path) -> None:
    first = evaluate(store, 2020)
    evaluate(store, 2020)
    evaluate(store, 2019)
    with store.write() as c:
        c.execute("INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
                  "votes_against, outcome, decided_at) SELECT 2020, track, subject, unit, 10, "
                  "9, 1, 'recognised', '2021-01-01' FROM current_results WHERE year = 2020 "
                  "AND status = 'recommended' LIMIT 1")
    views = ("results", "current_results", "standings", "result_checks")
    seen = {v: _view(store, v) for v in views}
    read = current_results(store, 2020)
    old = tmp_path / "old.db"
    _old_format(store.path, old)
    con = sqlite3.connect(old)
    assert con.execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(seen["results"])
    con.close()
    upgraded = open_store(old)
    for view in views:
        assert _view(upgraded, view) == seen[view], view
    assert current_results(upgraded, 2020) == read
    # the upgraded database evaluates as before, and a run after that stores nothing again
    third = evaluate(upgraded, 2020)
    assert _dumped(third) == _dumped(first)
    stored = _count(upgraded, "result_rows")
    evaluate(upgraded, 2020)
    assert _count(upgraded, "result_rows") == stored
    upgraded.close()


@pytest.mark.parametrize("schema", [9, 10])
def test_a_database_of_schema_9_or_10_upgrades_its_texts_and_reads_the_same(
        store: Store, tmp_path: Path, schema: int) -> None:
    """Quotas, score terms and facts stored as text on every row (as schema 9 kept them, and
    as schema 10 kept a row written through the `results` view), each run's results listed
    one by one (run_results): the upgrade keeps each text once, a quota's position apart
    from its text, the runs' results as ranges, and every view reads the same."""
    first = evaluate(store, 2020)
    evaluate(store, 2019)
    views = ("results", "current_results", "standings", "result_checks", "run_results")
    seen = {v: _view(store, v) for v in views}
    read = current_results(store, 2020)
    assert any('"tie": ' in (r[11] or "") for r in seen["current_results"])  # a split quota
    old = tmp_path / "old.db"
    con = _at_schema(old, schema)
    con.execute("ATTACH ? AS new", (str(store.path),))
    tables = [r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type = "
                                        "'table' AND name NOT LIKE 'sqlite_%'")]
    con.execute("BEGIN")
    for table in tables:  # result_rows with its texts on every row
        if table == "result_texts":
            continue
        source = "result_rows_text" if table == "result_rows" else table
        given = {r[1] for r in con.execute(f"PRAGMA new.table_info({source})")}
        columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})")
                            if r[1] in given)
        con.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM new.{source}")
    con.execute("COMMIT")
    texts = con.execute("SELECT COUNT(*) FROM result_rows WHERE quota IS NOT NULL AND "
                        "score_terms IS NOT NULL AND facts IS NOT NULL").fetchone()[0]
    assert texts == _count(store, "result_rows")
    assert con.execute("SELECT COUNT(*) FROM run_results").fetchone()[0] == \
        len(seen["results"])
    con.close()
    upgraded = open_store(old)
    assert upgraded.user_version() == len(MIGRATIONS)
    assert _count(upgraded, "result_texts") < texts
    assert _count(upgraded, "run_ranges") < 10
    assert _count(upgraded, "result_rows WHERE quota_pos IS NOT NULL") > 0
    assert _count(upgraded, "result_rows WHERE terms_list IS NULL") == 0
    for view in views:
        assert _view(upgraded, view) == seen[view], view
    assert current_results(upgraded, 2020) == read
    # evaluated again, only the results whose quota has tie notes are stored again (kept
    # whole in the text, they are split by a run); then nothing
    stored = _count(upgraded, "result_rows")
    assert _dumped(evaluate(upgraded, 2020)) == _dumped(first)
    assert _count(upgraded, "result_rows") - stored == sum(
        1 for r in first.results if r.get("tie"))
    stored = _count(upgraded, "result_rows")
    evaluate(upgraded, 2020)
    assert _count(upgraded, "result_rows") == stored
    upgraded.close()


def test_a_database_of_schema_10_upgrades_and_a_run_stores_nothing_again(
        store: Store, tmp_path: Path) -> None:
    """A database as schema 10 stored a run (each text once in result_texts, a quota's tie
    notes on the row, a digest, run_results) upgrades to the same views, and evaluating
    again stores no result again."""
    first = evaluate(store, 2020)
    views = ("results", "current_results", "standings", "result_checks", "run_results")
    seen = {v: _view(store, v) for v in views}
    old = tmp_path / "ten.db"
    con = _at_schema(old, 10)
    con.execute("ATTACH ? AS new", (str(store.path),))
    tables = [r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type = "
                                        "'table' AND name NOT LIKE 'sqlite_%'")]
    con.execute("BEGIN")
    for table in tables:
        if table == "result_rows":
            continue
        columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
        con.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM new.{table}")
    ids = {r[1]: r[0] for r in con.execute("SELECT id, text FROM result_texts "
                                           "WHERE id NOT IN (SELECT id FROM new.result_texts "
                                           "WHERE cut IS NOT NULL)")}

    def text_id(text: str) -> int:
        if text not in ids:
            ids[text] = con.execute("INSERT INTO result_texts(text) VALUES (?)",
                                    (text,)).lastrowid
        return ids[text]

    for row in con.execute("SELECT t.*, r.quota_tie AS tie, r.quota_ties AS ties FROM "
                           "new.result_rows_text t JOIN new.result_rows r ON r.id = t.id"
                           ).fetchall():
        (rid, year, subject, kind, track, unit, grp, eligible, score, rank, status, quota,
         checks_list, terms, facts, current, _, tie, ties) = row
        head = json.loads(quota)
        if ties is not None:  # as schema 10 kept them: [side, subject, id of the reason]
            head.pop("tie")
            flat = json.loads(ties)
            ties = json.dumps([["above" if n > 0 else "below", who, abs(n)]
                               for who, n in zip(flat[::2], flat[1::2], strict=True)],
                              separators=(",", ":"))
        con.execute("INSERT INTO result_rows(id, year, subject, kind, track, unit, grp, "
                    "eligible, score, rank, status, checks_list, current_run, digest, "
                    "quota_ref, quota_tie, quota_ties, terms_ref, facts_ref) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (rid, year, subject, kind, track, unit, grp, eligible, score, rank,
                     status, checks_list, current, 1,
                     text_id(json.dumps(head, ensure_ascii=False)), tie, ties,
                     text_id(terms), text_id(facts)))
    con.execute("COMMIT")
    con.close()
    upgraded = open_store(old)
    assert upgraded.user_version() == len(MIGRATIONS)
    for view in views:
        assert _view(upgraded, view) == seen[view], view
    assert _count(upgraded, "result_texts") == _count(store, "result_texts")
    assert _count(upgraded, "term_lists") == _count(store, "term_lists")
    stored = _count(upgraded, "result_rows")
    assert _dumped(evaluate(upgraded, 2020)) == _dumped(first)
    assert _count(upgraded, "result_rows") == stored
    upgraded.close()


def test_a_result_written_as_text_through_the_view_reads_as_written(store: Store) -> None:
    eid = evaluate(store, 2020).evaluation_id
    subject, track = store.one("SELECT subject, track FROM current_results WHERE "
                               "quota LIKE '%\"tie\": %' LIMIT 1")
    with store.write() as c:
        c.execute("INSERT INTO results(evaluation_id, year, subject, kind, track, unit, grp, "
                  "eligible, status, quota, checks, score_terms, facts) VALUES "
                  "(?, 2020, 'X1', 'person', 't', 'VSS', 'VSS', 0, 'ineligible', "
                  "'{\"a\":1}', '[]', '[ ]', 'f')", (eid,))
        c.execute("UPDATE results SET quota = '{}', facts = 'g' WHERE evaluation_id = ? AND "
                  "subject = ? AND track = ?", (eid, subject, track))
    row = store.one("SELECT quota, score_terms, facts FROM results WHERE subject = 'X1'")
    assert tuple(row) == ('{"a":1}', "[ ]", "f")
    row = store.one("SELECT quota, facts, score_terms FROM current_results WHERE subject = ? "
                    "AND track = ?", (subject, track))
    assert (row[0], row[1]) == ("{}", "g") and row[2].startswith("[")


def test_the_quota_score_terms_and_facts_read_back_byte_for_byte(store: Store) -> None:
    """The views give each result's quota (with its tie notes), score terms and facts as the
    JSON text of the run's own values."""
    from dtt.engine.save import facts

    run = evaluate(store, 2020)
    stored = {(r["track"], r["subject"]): (r["quota"], r["score_terms"], r["facts"])
              for r in store.query("SELECT * FROM current_results WHERE year = 2020")}
    ties = 0
    for r in run.results:
        ranking = dict(r["quota"] or {"limit": None, "basis": "no quota", "position": None})
        ranking["origin"] = r["origin"]
        if r.get("tie"):
            ranking["tie"] = r["tie"]
            ties += 1
        assert stored[(r["track"], r["subject"])] == (
            json.dumps(ranking, ensure_ascii=False),
            json.dumps(r["score_terms"], ensure_ascii=False), facts(r))
    assert ties and _count(store, "result_rows WHERE quota_ties IS NOT NULL") == ties
    assert _count(store, "result_texts") < len(run.results)


def test_a_run_stores_only_the_results_that_differ_and_lists_ranges(store: Store) -> None:
    """A run stored again stores no result and lists the run as one range of ids; a run in
    which one result differs (one score term) stores exactly that result."""
    import copy

    run = evaluate(store, 2020)
    stored = _count(store, "result_rows")
    again = copy.deepcopy(run)
    eid = save(store, again)
    assert _count(store, "result_rows") == stored
    assert store.scalar("SELECT COUNT(*) FROM run_ranges WHERE evaluation_id = ?",
                        (eid,)) == 1
    changed = copy.deepcopy(run)
    one = next(r for r in changed.results if r["score_terms"])
    first, *rest = one["score_terms"]  # a term may be shared with other results
    one["score_terms"] = [{**first, "detail": first["detail"] + " (changed)"}, *rest]
    eid = save(store, changed)
    assert _count(store, "result_rows") == stored + 1
    assert store.scalar("SELECT COUNT(*) FROM results WHERE evaluation_id = ?",
                        (eid,)) == len(run.results)
    row = store.one("SELECT score_terms, quota, facts FROM current_results WHERE track = ? "
                    "AND subject = ?", (one["track"], one["subject"]))
    assert row["score_terms"] == json.dumps(one["score_terms"], ensure_ascii=False)
    # the kind, track and status stored as codes read back as their names
    assert sorted(r[0] for r in store.query("SELECT DISTINCT status FROM current_results")) \
        == sorted({r["status"] for r in run.results})
    assert {r[0] for r in store.query("SELECT DISTINCT typeof(status) FROM result_rows")} \
        == {"integer"}


def test_a_result_deleted_through_the_view_splits_its_run_range(store: Store) -> None:
    run = evaluate(store, 2020)
    keys = sorted((r["track"], r["subject"]) for r in run.results)
    track, subject = keys[len(keys) // 2]
    with store.write() as c:
        c.execute("DELETE FROM results WHERE evaluation_id = ? AND track = ? AND subject = ?",
                  (run.evaluation_id, track, subject))
    listed = {(r[0], r[1]) for r in store.query(
        "SELECT track, subject FROM results WHERE evaluation_id = ?", (run.evaluation_id,))}
    assert listed == set(keys) - {(track, subject)}
    assert store.scalar("SELECT COUNT(*) FROM run_ranges WHERE evaluation_id = ?",
                        (run.evaluation_id,)) == 2


def test_standings_give_the_quota_position_and_limit_of_the_quota_text(store: Store) -> None:
    """`standings.quota_position` and `quota_limit` (read without rebuilding the quota) are
    what the quota's JSON says, for cut texts, tie notes and a quota written as text alike."""
    eid = evaluate(store, 2020).evaluation_id
    with store.write() as c:
        c.execute("INSERT INTO results(evaluation_id, year, subject, kind, track, unit, grp, "
                  "eligible, status, quota, checks, score_terms, facts) VALUES "
                  "(?, 2020, 'X1', 'person', 't', 'VSS', 'VSS', 1, 'eligible', "
                  "'{\"limit\": 3, \"position\": 2.0}', '[]', '[]', 'f')", (eid,))
    rows = store.query("SELECT quota_position, quota_limit, json_extract(quota, '$.position'), "
                       "json_extract(quota, '$.limit'), quota FROM standings WHERE year = 2020")
    placed = 0
    for position, limit, want_position, want_limit, quota in rows:
        assert (position, limit) == (want_position, want_limit), quota
        assert type(position) is type(want_position) and type(limit) is type(want_limit)
        placed += position is not None
    assert placed > 100 and len(rows) > placed
    assert tuple(store.one("SELECT quota_position, quota_limit FROM standings "
                           "WHERE subject = 'X1'")) == (2.0, 3)
    assert _count(store, "result_rows WHERE quota_pos IS NOT NULL") > 0
