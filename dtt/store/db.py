"""Opening the database, migrating it, and running writes in BEGIN IMMEDIATE transactions."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dtt.errors import StoreError
from dtt.store.audit import row_hash
from dtt.store.schema import MIGRATIONS, SCHEMA_VERSION
from dtt.text import fold, sort_key

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
        self.checked = False  # quick_check passed once on this connection

    # --- reading -------------------------------------------------------------------------
    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        try:
            return self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """One statement (a write goes inside `write()`); sqlite3 errors become StoreErrors."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        try:
            return self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

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
        if not self.checked:
            self.ensure_sound()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise store_error(exc, self.path) from exc
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise store_error(exc, self.path) from exc

    def ensure_sound(self) -> None:
        """Refuse to write into a database whose `PRAGMA quick_check` fails."""
        try:
            rows = self.conn.execute("PRAGMA quick_check(5)").fetchall()
        except sqlite3.DatabaseError as exc:
            rows = [(str(exc),)]
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        if problems:
            raise StoreError(f"{self.path}: the database is damaged ({problems[0]}); nothing was "
                             "written; run `dtt check` for the whole list, then `dtt restore` "
                             "a backup")
        self.checked = True

    def _rollback(self) -> None:
        """Roll back if SQLite has not already done so (a full disk ends the transaction)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def audit(
        self,
        action: str,
        *,
        subject: str | None = None,
        year: int | None = None,
        detail: Any = None,
    ) -> None:
        """Append one entry to the audit log (inside the caller's transaction if any)."""
        self.audit_many([(action, subject, year, detail)])

    def audit_many(self, entries: list[tuple[str, str | None, int | None, Any]]) -> None:
        """Append entries (action, subject, year, detail) to the audit chain in one go."""
        from dtt.store import audit as audit_chain

        with self.write():
            audit_chain.append(self, entries, at=now(), os_user=os_user())

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



def store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """A sqlite3 error as a one-line StoreError saying what the user can do about it."""
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        message = "the database is busy: another dtt is writing to it; try again in a moment"
    elif "readonly" in low or "read-only" in low:
        message = "the database is read-only (check the file's permissions)"
    elif "disk is full" in low or "database or disk is full" in low:
        message = "the disk is full: nothing was written"
    elif "malformed" in low or "not a database" in low or "corrupt" in low:
        message = (f"the database is damaged ({text}); run `dtt check` for the list, then "
                   "`dtt restore` a backup")
    else:
        message = f"database error: {text}"
    return StoreError(f"{path}: {message}")


def vi_collate(a: str, b: str) -> int:
    """SQLite collation `vi`: Vietnamese order (letters a ă â b …, then tones), as in Python."""
    ka, kb = sort_key(a), sort_key(b)
    return -1 if ka < kb else (1 if ka > kb else 0)


def vi_fold(text: Any) -> Any:
    """SQL function `vi_fold(text)`: lower case without diacritics, đ → d (None stays None)."""
    return fold(text) if isinstance(text, str) else text


def prepare(conn: sqlite3.Connection) -> None:
    """What every connection has: Row results, the `vi` collation and `vi_fold()`."""
    conn.row_factory = sqlite3.Row
    conn.create_collation("vi", vi_collate)
    conn.create_function("vi_fold", 1, vi_fold, deterministic=True)
    conn.create_function("dtt_audit_hash", 9, row_hash, deterministic=True)


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
    prepare(conn)
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
