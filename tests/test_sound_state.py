"""The quick check before writing runs once per state of the database file: a file dtt
checked and then left after its own writes is not checked again; a file changed by anything
else is, and a damaged one is still refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dtt.errors import StoreError
from dtt.store.db import Store, checked_state, file_state, open_store


def _write(path: Path) -> list[str]:
    """Open the database, make one write, close it; the statements the write ran."""
    store = open_store(path)
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        store.audit("test.write", detail={"n": 1})
    finally:
        store.close()
    return seen


def _checked(statements: list[str]) -> bool:
    return any("quick_check" in s for s in statements)


def test_a_file_left_by_dtt_after_a_clean_check_is_not_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()  # created, migrated: checked once
    assert checked_state(path) == file_state(path)
    assert not _checked(_write(path))
    assert not _checked(_write(path))
    assert checked_state(path) == file_state(path)  # the state after the writes remembered


def test_a_file_changed_by_another_program_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = value WHERE key = 'schema'")
    con.execute("CREATE TABLE other(x)")
    con.commit()
    con.close()
    assert checked_state(path) != file_state(path)
    assert _checked(_write(path))
    assert not _checked(_write(path))


def test_a_file_replaced_by_a_copy_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    copy.replace(path)  # same bytes, another file
    assert _checked(_write(path))


def test_a_reader_does_not_remember_anything(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    stamp = checked_state(path)
    store = open_store(path, read_only=True)
    store.scalar("SELECT COUNT(*) FROM audit")
    store.close()
    assert checked_state(path) == stamp


def test_a_damaged_file_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    _write(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'replications'"
                       ).fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:  # a page no write below reads: only the quick check sees it
        f.seek((root - 1) * size)
        f.write(b"\x0d\xff\xff\x00\x05")
    store = open_store(path)
    try:
        with pytest.raises(StoreError, match="damaged"):
            store.audit("test.write")
    finally:
        store.close()
    assert checked_state(path) != file_state(path)  # and nothing marks it sound


def test_a_store_without_a_file_state_checks_each_time(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    store = Store(conn, tmp_path / "elsewhere.db")  # no file at that name: nothing to trust
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    store.ensure_sound()
    store.close()
    assert _checked(seen)
