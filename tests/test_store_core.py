"""The store's core: the vi collation and vi_fold() in SQL agree with Python, and sqlite3
errors reach the user as one-line StoreErrors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dtt.errors import StoreError
from dtt.store import open_store
from dtt.text import fold, sort_key

NAMES = ["Đức", "Dũng", "Ân", "An", "Ấn", "Bảo", "Ăn", "Anh", "Ảnh", "ước", "Uy", "Ưu"]


def test_sql_order_is_vietnamese_order(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    rows = store.query("SELECT value FROM json_each(?) ORDER BY value COLLATE vi",
                       (str(NAMES).replace("'", '"'),))
    assert [r[0] for r in rows] == sorted(NAMES, key=sort_key)
    assert [r[0] for r in rows][:3] == ["An", "Anh", "Ảnh"]


def test_sql_fold_is_python_fold(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    for name in NAMES + ["Nguyễn Văn Đức", "TRẦN THỊ ỐC"]:
        assert store.scalar("SELECT vi_fold(?)", (name,)) == fold(name)
    assert store.scalar("SELECT vi_fold(NULL)") is None


def test_a_locked_database_is_a_one_line_store_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DTT_LOCK_WAIT", "0.3")  # give up on the lock after 0.3 s
    path = tmp_path / "x.db"
    store = open_store(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as info:
            with store.write():
                pass
        message = str(info.value)
        assert "\n" not in message and str(path) in message and "busy" in message
    finally:
        other.execute("ROLLBACK")
        other.close()
    with store.write():  # the lock gone, writing works again
        store.audit("test")


def test_a_failed_statement_rolls_back_and_names_the_database(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    store = open_store(path)
    with pytest.raises(StoreError) as info:
        with store.write():
            store.audit("kept only if the block commits")
            store.execute("INSERT INTO no_such_table VALUES (1)")
    assert str(path) in str(info.value) and "no_such_table" in str(info.value)
    assert not store.conn.in_transaction
    assert store.scalar("SELECT COUNT(*) FROM audit") == 0
