"""A database of schema 1 (built from the first migration only, with rows in every table that
matters) upgraded by the current dtt: data intact, decisions linked to their evaluation, the
audit log turned into a hash chain that `dtt check` accepts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dtt.store import open_store
from dtt.store.db import _split
from dtt.store.schema import MIGRATIONS, SCHEMA_VERSION


def _schema_1(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _split(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.executescript("""
        INSERT INTO levels VALUES ('sector', 'Ngành', NULL, 0, 0),
                                  ('province', 'Tỉnh', 'sector', 1, 1);
        INSERT INTO units VALUES ('VSS', 'BHXH Việt Nam', 'sector', NULL, 0, 'bhxh viet nam'),
                                 ('HNI', 'BHXH Hà Nội', 'province', 'VSS', 1, 'bhxh ha noi');
        INSERT INTO people VALUES
            ('NV1', 'Lê Thị Ân', 'HNI', 'CBCCVC', 'Giám đốc', 'HNI', 'le thi an'),
            ('NV2', 'Trần Văn Bình', 'HNI', 'NLD', NULL, NULL, 'tran van binh');
        INSERT INTO records VALUES
            ('NV1', 2020, 'person', '{"rating": "HTXSNV", "months_worked": 12}', 'r.csv',
             '2021-01-01T00:00:00+00:00'),
            ('NV2', 2020, 'person', '{"rating": "HTTNV"}', 'r.csv', '2021-01-01T00:00:00+00:00');
        INSERT INTO evaluations VALUES (1, 2020, '2021-01-02T00:00:00+00:00', '2016-2020.1',
                                        'abc', NULL, NULL, 'me', '{}');
        INSERT INTO results(evaluation_id, year, subject, kind, track, unit, grp, eligible,
                            score, rank, status, quota, checks)
            VALUES (1, 2020, 'NV1', 'person', 'cstdcs', 'HNI', 'HNI', 1, NULL, NULL,
                    'eligible', NULL, '[]');
        INSERT INTO decisions(id, year, track, subject, unit, members, votes_for, votes_against,
                              outcome, escalated_to, detail, decided_at)
            VALUES (1, 2020, 'cstdcs', 'NV1', 'HNI', 9, 8, 1, 'recognised', NULL,
                    '{"evaluation_id": 1, "checks": []}', '2021-01-03T00:00:00+00:00');
        INSERT INTO audit(at, os_user, command, action, subject, year, detail) VALUES
            ('2021-01-01T00:00:00+00:00', 'me', 'dtt init', 'units.load', NULL, NULL,
             '{"units": 2}'),
            ('2021-01-02T00:00:00+00:00', 'me', 'dtt evaluate', 'evaluate', NULL, 2020,
             '{"evaluation": 1}'),
            ('2021-01-03T00:00:00+00:00', 'me', 'dtt council decide', 'council.decide', 'NV1',
             2020, '{"decision": 1}');
    """)
    conn.close()


def test_schema_1_fixture_upgrades_with_its_data_intact(tmp_path: Path, cli) -> None:
    path = tmp_path / "old.db"
    _schema_1(path)
    store = open_store(path)
    try:
        assert store.user_version() == SCHEMA_VERSION >= 4
        assert [tuple(r) for r in store.query("SELECT code, full_name, unit, heads FROM people "
                                              "ORDER BY code")] == [
            ("NV1", "Lê Thị Ân", "HNI", "HNI"), ("NV2", "Trần Văn Bình", "HNI", None)]
        data = json.loads(store.scalar("SELECT data FROM records WHERE subject = 'NV1'"))
        assert data == {"rating": "HTXSNV", "months_worked": 12}
        assert store.scalar("SELECT COUNT(*) FROM results WHERE evaluation_id = 1") == 1
        # the decision now names the evaluation it rests on (from its detail)
        assert store.scalar("SELECT evaluation_id FROM decisions WHERE id = 1") == 1
        audit = store.query("SELECT id, action, detail, prev_hash, hash FROM audit ORDER BY id")
        assert [(r["id"], r["action"]) for r in audit] == [
            (1, "units.load"), (2, "evaluate"), (3, "council.decide")]
        assert audit[0]["prev_hash"] == "" and audit[1]["prev_hash"] == audit[0]["hash"]
        assert audit[2]["prev_hash"] == audit[1]["hash"] and audit[2]["detail"] == \
            '{"decision": 1}'
        head = json.loads(store.meta("audit_head") or "{}")
        assert head == {"id": 3, "hash": audit[2]["hash"]}
        store.audit("test.append")  # the chain goes on from the backfilled rows
    finally:
        store.close()
    r = cli("--db", path, "check")
    assert r.exit_code == 0, r.stdout
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET detail = '{\"decision\": 2}' WHERE id = 3")
    conn.commit()
    conn.close()
    r = cli("--db", path, "check")
    assert r.exit_code == 1 and "row 3 was edited" in r.stdout
