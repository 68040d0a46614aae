"""The audit and the safety commands: every write audited (criteria sha256, people diffs,
--force changes complete), the audit hash chain, `dtt check`, `dtt restore` and
`dtt evaluations prune`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_workflow_helpers import DATA, build_small, evaluate, ok_json, rows

from dtt.store import decisions as store_decisions
from dtt.store import open_store

CRITERIA = Path(__file__).resolve().parent.parent / "dtt" / "data" / "criteria.yaml"


@pytest.fixture
def small(cli):
    build_small(cli)
    return cli


def _actions(db: Path, since: int = 0) -> list[str]:
    return [r[0] for r in rows(db, "SELECT action FROM audit WHERE id > ? ORDER BY id",
                               (since,))]


def _last_id(db: Path) -> int:
    return rows(db, "SELECT COALESCE(MAX(id), 0) FROM audit")[0][0]


def _raw(db: Path, *statements: str) -> None:
    """Tamper with the file as anyone with sqlite3 could."""
    con = sqlite3.connect(db, isolation_level=None)
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def test_every_write_command_writes_an_audit_row(small, db_path, tmp_path):
    backup = tmp_path / "copy.db"
    assert small("backup", backup).exit_code == 0
    people = tmp_path / "people.csv"
    people.write_text((DATA / "people.csv").read_text(encoding="utf-8"), encoding="utf-8")
    from dtt.criteria.source import default_text

    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(default_text() + "\n# the office's copy\n", encoding="utf-8")
    commands = [
        (("init", "--criteria", criteria), "criteria.install"),
        (("init", "--units", DATA / "tree.yaml"), "units.load"),
        (("units", "load", DATA / "tree.yaml"), "units.load"),
        (("people", "import", people), "people.import"),
        (("records", "import", DATA / "records.csv"), "records.import"),
        (("register", "A07", "--track", "exemplar", "--year", "2020"), "register"),
        (("nominate",), "nominate"),
        (("evaluate", "--year", "2020"), "evaluate"),
        (("council", "decide", "A07", "--track", "exemplar", "--members", "9", "--for", "8",
          "--against", "1"), "council.decide"),
        (("foster", "A04", "--year", "2020", "--goal", "Sáng kiến"), "foster"),
        (("replicate", "A07", "--to", "HNI-HK", "--year", "2020", "--form", "Hội thảo"),
         "replicate"),
        (("evaluations", "prune", "--keep", "1"), "evaluations.prune"),
        (("restore", backup), "restore"),
    ]
    for args, action in commands:
        since = 0 if args[0] == "restore" else _last_id(db_path)
        r = small(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert action in _actions(db_path, since), args


def test_init_criteria_audits_old_and_new_sha256(cli, db_path, tmp_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    changed = tmp_path / "criteria.yaml"
    changed.write_text(CRITERIA.read_text(encoding="utf-8") + "\n# amended\n", encoding="utf-8")
    assert cli("init", "--units", DATA / "tree.yaml", "--criteria", changed).exit_code == 0
    (detail,) = [json.loads(r[0]) for r in rows(
        db_path, "SELECT detail FROM audit WHERE action = 'criteria.install' ORDER BY id DESC "
        "LIMIT 1")]
    first = json.loads(rows(db_path, "SELECT detail FROM audit WHERE action = "
                                     "'criteria.install' ORDER BY id LIMIT 1")[0][0])
    assert first["old_sha256"] is None
    assert detail["old_sha256"] == first["new_sha256"] != detail["new_sha256"]
    assert detail["new_sha256"] == rows(db_path, "SELECT value FROM meta WHERE key = "
                                                 "'criteria_sha256'")[0][0]


def test_people_import_that_moves_or_renames_a_person_records_the_diff(small, db_path, tmp_path):
    original = (DATA / "people.csv").read_text(encoding="utf-8").splitlines()
    header, first = original[0], original[1]
    code = first.split(",")[0].lstrip("\ufeff")
    fields = first.split(",")
    old_name, old_unit = fields[1], fields[2]
    fields[1], fields[2] = "Tên Mới Hoàn Toàn", "QNH"
    moved = tmp_path / "moved.csv"
    moved.write_text("\n".join([header, ",".join(fields)]) + "\n", encoding="utf-8")
    r = small("people", "import", moved)
    assert r.exit_code == 0, r.stderr
    (subject, detail), = rows(db_path, "SELECT subject, detail FROM audit WHERE action = "
                                       "'people.change'")
    assert subject == code
    diff = json.loads(detail)["changed"]
    assert diff["full_name"] == [old_name, "Tên Mới Hoàn Toàn"]
    assert diff["unit"] == [old_unit, "QNH"]
    summary = json.loads(rows(db_path, "SELECT detail FROM audit WHERE action = "
                                       "'people.import' ORDER BY id DESC LIMIT 1")[0][0])
    assert summary["changed"] == 1 and summary["added"] == 0


def test_force_change_of_1000_rows_keeps_every_change_compactly(cli, db_path, tmp_path):
    assert cli("demo").exit_code == 0
    store = open_store(db_path)
    try:
        unit = store.scalar("SELECT code FROM units WHERE parent IS NULL")
        with store.write():
            store_decisions.insert(store, year=2020, track="exemplar", subject=unit, unit=unit,
                                   members=9, votes_for=9, votes_against=0, outcome="recognised",
                                   escalated_to=None, detail={}, decided_at="2021-01-01")
        people = [r[0] for r in store.query("SELECT subject FROM records WHERE year = 2020 "
                                            "AND kind = 'person' ORDER BY subject LIMIT 1000")]
    finally:
        store.close()
    assert len(people) == 1000
    fix = tmp_path / "fix.csv"
    fix.write_text("year,subject,months_worked\n" + "".join(
        f"2020,{code},7\n" for code in people), encoding="utf-8")
    r = cli("records", "import", fix)
    assert r.exit_code == 2 and "locked" in r.stderr
    r = cli("records", "import", fix, "--force")
    assert r.exit_code == 0, r.stderr
    forced = rows(db_path, "SELECT subject, year, detail FROM audit WHERE action = "
                           "'records.force' ORDER BY subject")
    assert [s for s, _, _ in forced] == people  # one row per subject-year, none dropped
    for _, year, detail in forced:
        changed = json.loads(detail)["changed"]
        assert year == 2020 and changed  # metric -> [old, new]
        assert all(len(pair) == 2 and pair[0] != pair[1] for pair in changed.values())
        assert changed.get("months_worked", [None, 7])[1] == 7
    summary = json.loads(rows(db_path, "SELECT detail FROM audit WHERE action = "
                                       "'records.import' ORDER BY id DESC LIMIT 1")[0][0])
    assert summary["forced"] == 1000


@pytest.mark.parametrize("tamper, message", [
    (("DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id = 3"),
     "row 4 does not follow row 2"),
    (("DROP TRIGGER audit_no_update", "UPDATE audit SET detail = '{}' WHERE id = 2"),
     "row 2 was edited"),
    (("DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM "
      "audit)"), "rows were deleted from the end"),
    (("DROP TRIGGER audit_no_update",), "trigger audit_no_update is missing"),
])
def test_audit_chain_detects_deleted_or_edited_history_even_after_drop_trigger(
        small, db_path, tamper, message):
    r = small("check")
    assert r.exit_code == 0 and "sound" in r.stdout, r.stdout
    _raw(db_path, *tamper)
    r = small("check")
    assert r.exit_code == 1 and message in r.stdout, r.stdout


def test_audit_chain_links_every_row(small, db_path):
    chain = rows(db_path, "SELECT id, prev_hash, hash FROM audit ORDER BY id")
    assert len(chain) >= 4 and chain[0][1] == ""
    for (_, _, before), (_, prev, digest) in zip(chain, chain[1:], strict=False):
        assert prev == before and len(digest) == 64


def test_check_lists_domain_problems(small, db_path):
    _raw(db_path, "PRAGMA foreign_keys = OFF",
         "INSERT INTO records(subject, year, kind, data, imported_at) "
         "VALUES ('GHOST', 2020, 'person', '{}', '2021')",
         "UPDATE people SET heads = 'NOWHERE' WHERE code = 'A05'",
         "UPDATE people SET heads = 'HNI' WHERE code IN ('A06', 'A07')",
         "INSERT INTO decisions(year, track, subject, unit, members, votes_for, votes_against, "
         "outcome, decided_at) VALUES (2020, 'cstdn', 'A02', 'HNI', 9, 9, 0, 'recognised', "
         "'2021')")
    r = small("check", "--format", "json")
    assert r.exit_code == 1
    found = {p["problem"].split(":")[0] for p in json.loads(r.stdout)["sections"][0]["rows"]}
    assert {"people heading units outside the tree", "records of unknown subjects",
            "decisions without their evaluation", "leaders of two units"} <= found
    assert any("GHOST" in p["problem"] for p in json.loads(r.stdout)["sections"][0]["rows"])


def _corrupt(db: Path, table: str) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                       (table,)).fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)  # a leaf page header claiming 5 cells that are not there
        f.write(b"\x0d\xff\xff\x00\x05")


def test_write_commands_refuse_a_corrupt_database_and_point_to_check(small, db_path):
    # a page the command itself never reads: only the quick check before writing sees it
    _corrupt(db_path, "replications")
    before = rows(db_path, "SELECT COUNT(*) FROM registrations")
    r = small("check")
    assert r.exit_code == 1 and "integrity" in r.stdout
    r = small("register", "A07", "--track", "exemplar", "--year", "2020")
    assert r.exit_code == 1 and "dtt check" in r.stderr and "nothing was written" in r.stderr
    assert rows(db_path, "SELECT COUNT(*) FROM registrations") == before


def test_restore_refuses_what_is_not_a_sound_dtt_database(small, db_path, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    tampered = tmp_path / "tampered.db"
    assert small("backup", tampered).exit_code == 0
    _raw(tampered, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id = 2")
    before = rows(db_path, "SELECT COUNT(*), MAX(id) FROM audit")
    for bad in (text, foreign, tampered, tmp_path / "missing.db"):
        r = small("restore", bad)
        assert r.exit_code == 2 and str(bad.name) in r.stderr, r.stderr
    assert rows(db_path, "SELECT COUNT(*), MAX(id) FROM audit") == before
    assert list(tmp_path.glob("*.before-restore-*")) == []


def test_restore_keeps_the_current_database_then_replaces_it(small, db_path, tmp_path):
    saved = tmp_path / "saved.db"
    assert small("backup", saved).exit_code == 0
    people = rows(db_path, "SELECT COUNT(*) FROM people")[0][0]
    _raw(db_path, "PRAGMA foreign_keys = OFF", "DELETE FROM records", "DELETE FROM people")
    r = small("restore", saved)
    assert r.exit_code == 0, r.stderr
    (kept,) = list(tmp_path.glob("test.db.before-restore-*"))
    assert rows(kept, "SELECT COUNT(*) FROM people")[0][0] == 0
    assert rows(db_path, "SELECT COUNT(*) FROM people")[0][0] == people
    assert _actions(db_path)[-1] == "restore"
    assert small("check").exit_code == 0


def test_prune_never_removes_a_run_a_council_decision_rests_on(small, db_path):
    small("nominate")
    evaluate(small, 2020)
    first = rows(db_path, "SELECT MAX(id) FROM evaluations")[0][0]
    d = ok_json(small("council", "decide", "A02", "--track", "cstdn", "--members", "10",
                      "--for", "9", "--against", "1", "--format", "json"))
    assert rows(db_path, "SELECT evaluation_id FROM decisions WHERE id = ?",
                (d["id"],)) == [(first,)]
    evaluate(small, 2020)
    evaluate(small, 2020)
    evaluate(small, 2019)
    runs = [r[0] for r in rows(db_path, "SELECT id FROM evaluations ORDER BY id")]
    r = small("evaluations", "prune", "--keep", "0")
    assert r.exit_code == 0, r.stderr
    left = [r[0] for r in rows(db_path, "SELECT id FROM evaluations ORDER BY id")]
    # the decided run, and the latest of each year (holding the current results)
    assert left == [first, runs[-2], runs[-1]]
    assert f"removed evaluation {runs[1]}" in r.stderr and "bytes freed" in r.stderr
    assert rows(db_path, "SELECT COUNT(*) FROM results WHERE evaluation_id NOT IN "
                         "(SELECT id FROM evaluations)") == [(0,)]
    detail = json.loads(rows(db_path, "SELECT detail FROM audit WHERE action = "
                                      "'evaluations.prune'")[0][0])
    assert detail["removed"] == [runs[1]]
    r = small("evaluations", "prune", "--keep", "0", "--vacuum")
    assert r.exit_code == 0 and "0 run(s) removed" in r.stderr
    assert small("check").exit_code == 0
