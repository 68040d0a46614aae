"""Processes racing on one database file: the decided-year lock read under the write lock, and
eight writers with six evaluators at once (every one succeeds or waits, nothing is lost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from test_workflow_helpers import build_small, rows

ROOT = Path(__file__).resolve().parent.parent

# holds the write lock, says so, then records a council decision for the year and commits
HOLDER = """
import sys, time
from pathlib import Path
from dtt.store import open_store
from dtt.store import decisions as store_decisions
db, year, ready = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
store = open_store(db, command="council (test)")
with store.write():
    ready.write_text("ready")
    time.sleep(3)
    store_decisions.insert(store, year=year, track="cstdn", subject="A02", unit="HNI",
                           members=9, votes_for=9, votes_against=0, outcome="recognised",
                           escalated_to=None, detail={}, decided_at="2021-01-01T00:00:00")
store.close()
"""


def _env(db: Path) -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "DTT_DB": str(db), "PYTHONPATH": path}


def _dtt(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dtt", *map(str, args)], env=_env(db),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def test_an_import_queued_behind_a_council_decision_does_not_write_the_locked_year(
        cli, db_path, tmp_path):
    build_small(cli)
    for year in (2019, 2020):
        fix = tmp_path / f"fix{year}.csv"
        fix.write_text(f"year,subject,rating,months_worked\n{year},A02,HTTNV,3\n",
                       encoding="utf-8")
        before = rows(db_path, "SELECT data FROM records WHERE subject = 'A02' AND year = ?",
                      (year,))
        ready = tmp_path / f"ready{year}"
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(year),
                                   str(ready)], env=_env(db_path), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert time.monotonic() < deadline and holder.poll() is None, holder.stderr
            time.sleep(0.05)
        # the year is not decided yet when the import starts; it waits for the write lock
        importer = _dtt(db_path, "records", "import", fix)
        code, err = _finish(importer)
        assert _finish(holder)[0] == 0
        assert code == 2 and f"year {year} is locked" in err, err
        assert rows(db_path, "SELECT data FROM records WHERE subject = 'A02' AND year = ?",
                    (year,)) == before
        assert rows(db_path, "SELECT COUNT(*) FROM audit WHERE detail LIKE ?",
                    (f"%{fix.name}%",)) == [(0,)]


def test_eight_writers_and_six_evaluators_on_one_file(cli, db_path, tmp_path):
    build_small(cli)
    before_runs = rows(db_path, "SELECT COUNT(*) FROM evaluations")[0][0]
    writers = []
    for i in range(8):
        code = f"A{i + 1:02d}"
        f = tmp_path / f"w{i}.csv"
        f.write_text("year,subject,rating,months_worked\n" + "".join(
            f"{year},{code},HTTNV,{12 - i % 3}\n" for year in range(2010, 2018)),
            encoding="utf-8")
        writers.append((code, f))
    started = time.monotonic()
    procs = [_dtt(db_path, "records", "import", f) for _, f in writers]
    procs += [_dtt(db_path, "evaluate", "--year", str(2018 + i % 3), "--format", "json")
              for i in range(6)]
    results = [_finish(p) for p in procs]
    elapsed = time.monotonic() - started
    assert [code for code, _ in results] == [0] * 14, results
    for i, (code, _) in enumerate(writers):
        stored = rows(db_path, "SELECT year, data FROM records WHERE subject = ? AND year < 2018"
                      " ORDER BY year", (code,))
        assert [y for y, _ in stored] == list(range(2010, 2018))
        assert all(json.loads(d)["months_worked"] == 12 - i % 3 for _, d in stored)
    assert rows(db_path, "SELECT COUNT(*) FROM evaluations")[0][0] == before_runs + 6
    actions = [r[0] for r in rows(db_path, "SELECT action FROM audit")]
    assert actions.count("evaluate") == 6 and actions.count("records.import") == 8 + 1
    # the chain survived the race: every row follows the one before it
    assert cli("check").exit_code == 0
    assert elapsed < 120
