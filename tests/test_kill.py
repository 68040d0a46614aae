"""SIGKILL in the middle of an import, an evaluation, `demo` and `demo --force`: the database
is sound afterwards and either unchanged or complete — never half-written."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

if not hasattr(signal, "SIGKILL"):
    pytest.skip("SIGKILL is POSIX only", allow_module_level=True)

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
TABLES = ("units", "people", "records", "evaluations", "results", "registrations", "audit")


def _start(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DTT_DB": str(db), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "dtt", *args], env=env, cwd=db.parent,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run(db: Path, *args: str) -> float:
    started = time.monotonic()
    proc = _start(db, *args)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - started


def _kill_after(db: Path, seconds: float, *args: str, until=None) -> int | None:
    """Start dtt, SIGKILL it after `seconds` (or once `until()` holds); its exit status."""
    proc = _start(db, *args)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if until is not None and until():
            break
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    return proc.returncode


def _state(db: Path) -> dict[str, int]:
    """integrity_check and foreign keys sound; the row count of each table."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in TABLES if t in names}
    finally:
        conn.close()


def _copy(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, float, dict[str, int]]:
    """A complete demo database, the time it took, and its counts."""
    db = tmp_path_factory.mktemp("kill") / "demo.db"
    took = _run(db, "demo")
    return db, took, _state(db)


def _building(folder: Path, name: str):
    def seen() -> bool:  # the temporary file holds some of the demo already
        return any(p.stat().st_size > 1 << 20 for p in folder.glob(f".{name}.demo-*"))
    return seen


def test_kill_mid_demo_leaves_no_database_or_a_complete_one(demo_db, tmp_path):
    _, took, complete = demo_db
    db = tmp_path / "new.db"
    _kill_after(db, took * 2, "demo", until=_building(tmp_path, db.name))
    if db.exists():
        assert _state(db) == complete
    time.sleep(0.1)


def test_kill_mid_demo_force_keeps_the_old_database(demo_db, tmp_path):
    _, took, complete = demo_db
    db = tmp_path / "old.db"
    _run(db, "init", "--units", str(DATA / "tree.yaml"))
    _run(db, "people", "import", str(DATA / "people.csv"))
    old = _state(db)
    _kill_after(db, took * 2, "demo", "--force", until=_building(tmp_path, db.name))
    assert _state(db) in (old, complete)
    assert _state(db) == old  # killed while building: the old one is still there


def test_kill_mid_evaluate_stores_all_or_nothing(demo_db, tmp_path):
    src, _, before = demo_db
    reference = _copy(src, tmp_path / "reference.db")
    took = _run(reference, "evaluate")
    after = _state(reference)
    assert after["results"] > before.get("results", 0)
    for fraction in (0.5, 0.9):
        db = _copy(src, tmp_path / f"eval-{fraction}.db")
        _kill_after(db, took * fraction, "evaluate")
        assert _state(db) in (before, after)


def test_kill_mid_import_stores_all_or_nothing(tmp_path):
    db = tmp_path / "import.db"
    _run(db, "init", "--units", str(DATA / "tree.yaml"))
    units = ["HNI", "HNI-BD", "HNI-BD-T1", "HNI-HK", "HPG", "QNH"]
    rows = [f"P{i:06d},Nguyễn Văn Số {i},{units[i % len(units)]},NLĐ,Nhân viên,"
            for i in range(20_000)]
    people = tmp_path / "people.csv"
    people.write_text("code,full_name,unit,category,position,heads\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")
    before = _state(db)
    reference = _copy(db, tmp_path / "reference.db")
    took = _run(reference, "people", "import", str(people))
    after = _state(reference)
    for fraction in (0.5, 0.9):
        _kill_after(db, took * fraction, "people", "import", str(people))
        state = _state(db)
        assert state in (before, after)
        if state == after:
            break


def test_four_evaluations_finishing_at_once_all_store(demo_db, tmp_path):
    """Each waits for the others' writes instead of losing its computation at BEGIN."""
    src, _, before = demo_db
    db = _copy(src, tmp_path / "many.db")
    procs = [_start(db, "evaluate", "--year", "2024") for _ in range(4)]
    errors = [p.communicate(timeout=600)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert all("Traceback" not in e and "error:" not in e for e in errors), errors
    assert _state(db)["evaluations"] == before.get("evaluations", 0) + 4
