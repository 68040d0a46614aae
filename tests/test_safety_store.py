"""Failures of the environment and of the command line: one line, the right exit status, and
a database that is never written by a read, never created by accident, never half-replaced."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from dtt.cli.common import unexpected

DATA = Path(__file__).parent / "data"
MARKUP = "[/red]x[bold]"


def _init(cli) -> None:
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0


def _one_error(result, code: int, *needles: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err
    for needle in needles:
        assert needle in err, err
    return err


def _digest(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- messages never interpret markup nor print control characters ---------------------------
def test_markup_in_an_argument_is_printed_as_written(cli, db_path):
    _init(cli)
    err = _one_error(cli("people", "import", f"{MARKUP}.csv"), 2, f"{MARKUP}.csv")
    assert "file not found" in err


def test_markup_in_a_value_is_printed_as_written(cli, db_path, tmp_path):
    _init(cli)
    f = tmp_path / "p.csv"
    f.write_text(f"code,full_name,unit,category\nNV1,A,{MARKUP},NLD\n", encoding="utf-8")
    _one_error(cli("people", "import", f), 2, f"unknown unit '{MARKUP}'")


@pytest.mark.parametrize("args", [
    ["units", "load", "{m}.yaml"], ["units", "show", "--level", "{m}"],
    ["people", "import", "{m}.csv"], ["people", "list", "--unit", "{m}"],
    ["records", "import", "{m}.csv"], ["records", "show", "{m}"],
    ["report", "--unit", "{m}"], ["evaluate", "--unit", "{m}"],
    ["criteria", "show", "--track", "{m}"], ["show", "{m}"],
    ["register", "{m}", "--track", "ldtt", "--year", "2020"],
    ["council", "list", "--unit", "{m}"], ["backup", "{m}/x.db"],
    ["people", "list", "-f", "{m}"],
])
def test_every_command_echoes_its_arguments_safely(cli, db_path, args):
    _init(cli)
    for value in (MARKUP, "a\x1b[2Jb"):
        result = cli(*[a.replace("{m}", value) for a in args])
        assert result.exit_code in (0, 1, 2), result
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "MarkupError" not in text
        assert "\x1b" not in result.stderr
        if result.exit_code:
            assert result.stderr.startswith("error: ")


def test_unexpected_failures_are_one_line(tmp_path):
    assert "disk is full" in unexpected(sqlite3.OperationalError("database or disk is full"))
    assert "read-only" in unexpected(sqlite3.OperationalError(
        "attempt to write a readonly database"))
    assert "damaged" in unexpected(sqlite3.DatabaseError("database disk image is malformed"))
    assert "disk is full" in unexpected(OSError(errno.ENOSPC, "No space left", "out.xlsx"))
    assert "read-only" in unexpected(OSError(errno.EROFS, "Read-only file system"))
    assert "nested too deeply" in unexpected(RecursionError())
    assert "\n" not in unexpected(ValueError("a\nb"))


def test_a_corrupt_database_is_exit_1_with_one_line(cli, db_path):
    _init(cli)
    _digest(db_path)
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    db_path.write_bytes(bytes(data))
    _one_error(cli("people", "list"), 1, str(db_path))
    _one_error(cli("people", "import", DATA / "people.csv"), 1, str(db_path))


# --- the lock: wait visibly, never lose finished work ----------------------------------------
def _hold_lock(path: Path, seconds: float) -> threading.Thread:
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread


def test_a_writer_waits_for_the_lock_with_a_visible_line(cli, db_path):
    _init(cli)
    holder = _hold_lock(db_path, 1.5)
    result = cli("people", "import", DATA / "people.csv")
    holder.join()
    assert result.exit_code == 0, result.stderr
    assert f"waiting for {db_path}" in result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM people").fetchone()[0] > 0


def test_a_lock_held_past_the_wait_is_exit_1(cli, db_path, monkeypatch):
    _init(cli)
    monkeypatch.setenv("DTT_LOCK_WAIT", "1")
    holder = _hold_lock(db_path, 3)
    result = cli("people", "import", DATA / "people.csv")
    holder.join()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("waiting for ") and len(lines) == 2
    assert lines[1].startswith("error: ") and "busy" in lines[1]
    assert "nothing was written" in lines[1]


def test_a_finished_evaluation_waits_at_begin_immediate(cli, db_path):
    _init(cli)
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    assert cli("records", "import", DATA / "records.csv").exit_code == 0
    holder = _hold_lock(db_path, 2)
    result = cli("evaluate", "--year", "2020")
    holder.join()
    assert result.exit_code == 0, result.stderr
    assert "waiting for" in result.stderr and "results stored" in result.stderr


# --- which commands may create, write, migrate ----------------------------------------------
READS = [["people", "list"], ["units", "show"], ["records", "show", "NV001"], ["audit"],
         ["criteria", "versions"], ["council", "list"], ["show", "NV001"]]


@pytest.mark.parametrize("args", READS + [["people", "import", str(DATA / "people.csv")],
                                          ["evaluate"], ["report", "--unit", "province"]])
def test_a_missing_database_is_an_error_not_created(cli, db_path, args):
    _one_error(cli("--db", db_path, *args), 2, "no such database")
    assert not db_path.exists()


def test_an_empty_file_is_not_silently_made_a_database(cli, db_path):
    db_path.write_bytes(b"")
    for args in READS[:3] + [["people", "import", str(DATA / "people.csv")]]:
        _one_error(cli(*args), 2, "empty file")
    assert db_path.read_bytes() == b""


def test_a_foreign_sqlite_file_is_refused_unchanged(cli, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE notes(x)")
        conn.execute("INSERT INTO notes VALUES (1)")
    before = db_path.read_bytes()
    for args in READS[:4] + [["people", "import", str(DATA / "people.csv")], ["init"]]:
        _one_error(cli(*args), 2, "not a dtt database")
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()


def test_a_text_file_is_not_a_database(cli, db_path):
    db_path.write_text("hello\n")
    _one_error(cli("people", "list"), 2, "not a dtt database")
    _one_error(cli("init"), 2, "not a dtt database")
    assert db_path.read_text() == "hello\n"


def test_read_commands_never_write(cli, db_path):
    _init(cli)
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    before = _digest(db_path)
    for args in READS + [["backup", str(db_path.parent / "copy.db")], ["units", "show",
                                                                       "--tree"]]:
        result = cli(*args)
        assert result.exit_code in (0, 2), (args, result.stderr)
    assert _digest(db_path) == before


def test_read_commands_never_migrate(cli, db_path):
    _init(cli)
    before = _digest(db_path)
    with sqlite3.connect(db_path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version - 1}")
    before = _digest(db_path)
    _one_error(cli("people", "list"), 1, "older dtt")
    assert _digest(db_path) == before


BAD_REPORT_OPTIONS = [
    ["--unit", "province", "--top", "0"],
    ["--unit", "province", "--status", "nonsense"],
    ["--unit", "province", "--track", "nonsense"],
    ["--unit", "NOWHERE"],
    ["--unit", "province", "--lang", "fr"],
    ["--unit", "province", "--format", "pdf"],
    ["--document", "proposal", "--unit", "NOWHERE"],
    ["--document", "proposal", "--unit", "province", "--status", "nonsense"],
    ["--document", "summary", "--subject", "NOBODY"],
    ["--document", "proposal", "--unit", "province", "--date", "2020-13-45"],
]


def test_bad_report_options_fail_before_storing_anything(cli, db_path):
    _init(cli)
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    assert cli("records", "import", DATA / "records.csv").exit_code == 0
    before = _digest(db_path)
    for options in BAD_REPORT_OPTIONS:
        _one_error(cli("report", "--year", "2018", *options), 2)
    assert _digest(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM evaluations").fetchone()[0] == 0


# --- demo and -o --------------------------------------------------------------------------
def test_demo_force_no_longer_deletes_first(cli, db_path, tmp_path):
    from dtt import bootstrap

    _init(cli)
    before = _digest(db_path)
    calls = []

    def broken(*args, **kwargs):  # the build fails midway
        calls.append(args)
        raise RuntimeError("killed")

    original = bootstrap._build_into
    bootstrap._build_into = broken
    try:
        with pytest.raises(RuntimeError):
            bootstrap.build_demo(db_path, force=True)
    finally:
        bootstrap._build_into = original
    assert calls and _digest(db_path) == before
    assert [p.name for p in tmp_path.iterdir() if ".demo-" in p.name] == []


def test_output_to_a_fifo_or_device_is_written_not_replaced(cli, db_path, tmp_path):
    _init(cli)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = cli("units", "show", "-f", "json", "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b'"VSS"' in got[0]
    result = cli("units", "show", "-f", "csv", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_regular_file_goes_through_a_temporary_name(cli, db_path, tmp_path):
    _init(cli)
    out = tmp_path / "units.csv"
    out.write_text("old")
    inode = out.stat().st_ino
    assert cli("units", "show", "-o", out).exit_code == 0
    assert "VSS" in out.read_text(encoding="utf-8-sig")
    assert out.stat().st_ino != inode  # replaced whole, by rename
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
