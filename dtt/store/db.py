"""Opening the database, migrating it, and running writes in BEGIN IMMEDIATE transactions."""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dtt.errors import StoreError
from dtt.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "dtt.db"


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _on_network_share(path: Path) -> bool:
    text = str(path)
    return text.startswith(("//", "\\\\")) or os.environ.get("DTT_JOURNAL", "").lower() == "delete"


class Store:
    """One open database: a sqlite3 connection plus the helpers every module uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path, command: str = "") -> None:
        self.conn = conn
        self.path = path
        self.command = command

    # --- reading -------------------------------------------------------------------------
    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    # --- writing -------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run the block in BEGIN IMMEDIATE … COMMIT; roll back on any exception."""
        if self.conn.in_transaction:
            yield self.conn  # nested: the outer block commits
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def audit(
        self,
        action: str,
        *,
        subject: str | None = None,
        year: int | None = None,
        detail: Any = None,
    ) -> None:
        """Append one entry to the audit log (inside the caller's transaction if any)."""
        with self.write() as c:
            c.execute(
                "INSERT INTO audit(at, os_user, command, action, subject, year, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    now(),
                    os_user(),
                    self.command,
                    action,
                    subject,
                    year,
                    None if detail is None else json.dumps(detail, ensure_ascii=False),
                ),
            )

    def close(self) -> None:
        self.conn.close()

    # --- migrations ----------------------------------------------------------------------
    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def migrate(self) -> None:
        version = self.user_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer dtt (schema {version}, this dtt knows "
                f"{SCHEMA_VERSION}); upgrade dtt before using it"
            )
        if version == SCHEMA_VERSION:
            return
        with self.write() as c:
            version = int(c.execute("PRAGMA user_version").fetchone()[0])  # re-read under lock
            for number in range(version, SCHEMA_VERSION):
                for statement in _split(MIGRATIONS[number]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {number + 1}")



def _split(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            statements.append(joined.strip())
            buf = []
    return statements


def default_path() -> Path:
    return Path(os.environ.get("DTT_DB") or DEFAULT_DB)


def open_store(path: str | Path | None = None, *, command: str = "") -> Store:
    """Open (creating if need be) and migrate the database at `path`."""
    db_path = Path(path) if path else default_path()
    if command == "":
        command = " ".join(["dtt", *sys.argv[1:]])[:500]
    try:
        conn = sqlite3.connect(db_path, timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open database: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        if not _on_network_share(db_path):
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        store = Store(conn, db_path, command)
        store.migrate()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{db_path}: not a usable dtt database: {exc}") from exc
    return store


def backup(store: Store, target: str | Path) -> Path:
    """Copy the database to `target` atomically (temporary name, then os.replace)."""
    target = Path(target)
    tmp = target.with_name(target.name + ".tmp")
    dest = sqlite3.connect(tmp)
    try:
        store.conn.backup(dest)
    finally:
        dest.close()
    os.replace(tmp, target)
    return target
