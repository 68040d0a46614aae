"""Opening the database, migrating it, and running writes in BEGIN IMMEDIATE transactions."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dtt.errors import InputError, StoreError
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
        self.wrote = False  # a write committed on this connection
        # told once when a write has to wait for another writer (the CLI prints it)
        self.on_wait: Callable[[str], None] | None = None

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
        self._begin()
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
            self.wrote = True

    def ensure_sound(self) -> None:
        """Refuse to write into a database whose `PRAGMA quick_check` fails.

        The check runs once per state of the file: a clean check, and dtt closing the file
        after its own writes, remember the file's state (inode, size, modification time of
        the database and of its -wal file) in `<db>-checked`; while the file is still in
        that state the check is not repeated. Any other change to the file (another program,
        a copy or restore over it, damage that rewrites it) makes the next write check again.
        """
        known = checked_state(self.path)
        if known is not None and known == file_state(self.path):
            self.checked = True
            return
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
        remember_state(self.path)

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting for another writer up to `lock_wait()` seconds.

        Work already done (an evaluation computed before its write) is never thrown away
        because another dtt holds the lock for a while: it waits, and says so once.
        """
        deadline = time.monotonic() + lock_wait()
        told = False
        self.conn.execute(f"PRAGMA busy_timeout = {_FIRST_TRY_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc):
                        raise store_error(exc, self.path) from exc
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"{self.path}: the database is busy: another dtt has been writing "
                            f"to it for over {lock_wait():.0f} s; nothing was written (set "
                            "DTT_LOCK_WAIT to wait longer)") from exc
                    if not told and self.on_wait is not None:
                        self.on_wait(f"waiting for {self.path}: another dtt is writing to it …")
                    told = True
                    self.conn.execute(f"PRAGMA busy_timeout = {_RETRY_MS}")
                except sqlite3.Error as exc:
                    raise store_error(exc, self.path) from exc
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute(f"PRAGMA busy_timeout = {_READ_BUSY_MS}")

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
        """Close the connection; after writes made on a checked file, remember the state the
        file is left in as checked (`ensure_sound`)."""
        self.conn.close()
        if self.checked and self.wrote:
            remember_state(self.path)

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



_FIRST_TRY_MS = 300  # a short first wait, then a visible "waiting for …" line
_RETRY_MS = 1000
_READ_BUSY_MS = 10000


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + "-checked")


def file_state(path: Path) -> str | None:
    """The database file's state as `ensure_sound` remembers it: inode, size and modification
    time (ns) of the file and of its -wal file (an empty -wal, which opening the file makes,
    counts as none); None if the file cannot be read."""
    parts = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            parts.append("-")
            continue
        except OSError:
            return None
        parts.append(f"{st.st_ino} {st.st_size} {st.st_mtime_ns}" if st.st_size else "-")
    return " | ".join(parts) if parts[0] != "-" else None


def checked_state(path: Path) -> str | None:
    """The file state remembered after the last clean check (None: none remembered)."""
    try:
        return _stamp(path).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def remember_state(path: Path) -> None:
    """Remember the file's current state as checked (quietly nothing if it cannot)."""
    state = file_state(path)
    if state is None:
        return
    with contextlib.suppress(OSError):
        _stamp(path).write_text(state + "\n", encoding="utf-8")


def lock_wait() -> float:
    """How long a writer waits for another (DTT_LOCK_WAIT seconds, default 10 minutes)."""
    try:
        return max(0.0, float(os.environ.get("DTT_LOCK_WAIT", "600")))
    except ValueError:
        return 600.0


def _is_busy(exc: sqlite3.Error) -> bool:
    low = str(exc).lower()
    return "locked" in low or "busy" in low


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
    conn.create_function("dtt_term_texts", 1, term_texts, deterministic=True)


def term_texts(text: Any) -> str | None:
    """SQL function `dtt_term_texts(text)` (migration 11): a JSON list's items, each as its
    JSON text, as a JSON list of strings, when the list is exactly its items' texts joined by
    `, ` in brackets (as `json.dumps(…, ensure_ascii=False)` writes it); else NULL."""
    if not isinstance(text, str):
        return None
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if type(items) is not list:
        return None
    parts = [json.dumps(item, ensure_ascii=False) for item in items]
    if "[" + ", ".join(parts) + "]" != text:
        return None
    return json.dumps(parts, ensure_ascii=False)


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


def open_store(path: str | Path | None = None, *, command: str = "", create: bool = True,
               read_only: bool = False) -> Store:
    """Open and migrate the database at `path` (creating it only when `create`).

    `read_only` opens it for reading alone: no journal switch, no migration, and SQLite's
    query_only, so a read never changes the file. A file that is not a dtt database (another
    program's SQLite file, an empty file, not SQLite at all) is refused, never converted.
    """
    db_path = Path(path) if path else default_path()
    if command == "":
        command = " ".join(["dtt", *sys.argv[1:]])[:500]
    _check_file(db_path, create)
    try:
        conn = sqlite3.connect(db_path, timeout=_READ_BUSY_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open database: {exc}") from exc
    prepare(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {_READ_BUSY_MS}")
        _check_dtt(conn, db_path)
        if read_only:
            conn.execute("PRAGMA query_only = ON")
        elif not _on_network_share(db_path):
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        if not read_only:
            conn.execute("PRAGMA synchronous = NORMAL")
        store = Store(conn, db_path, command)
        if read_only:
            _check_current(store)
        else:
            store.migrate()
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(exc, db_path) from exc
    except BaseException:
        conn.close()
        raise
    return store


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path, create: bool) -> None:
    """Refuse a missing file (unless creating), a directory, an empty or non-SQLite file."""
    try:
        if not path.exists():
            if not create:
                raise InputError(f"{path}: no such database; create one with `dtt init` or "
                                 "`dtt demo`, or name another with --db")
            return
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a database")
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database: {exc.strerror or exc}") from None
    if not head:
        if not create:
            raise InputError(f"{path}: is an empty file, not a dtt database; create one with "
                             "`dtt init` or `dtt demo`")
        return
    if head != _SQLITE_MAGIC:
        raise InputError(f"{path}: not a dtt database (not an SQLite file)")


def _check_dtt(conn: sqlite3.Connection, path: Path) -> None:
    """A dtt database has its `meta` table; an SQLite file with other tables only is refused."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if (version == 0 and names) or (version > 0 and "meta" not in names):
        raise InputError(f"{path}: not a dtt database (an SQLite file of another program); "
                         "name a dtt database with --db")


def _check_current(store: Store) -> None:
    """A read-only command reads the current schema only; it never migrates."""
    version = store.user_version()
    if version == 0:
        raise InputError(f"{store.path}: not a dtt database (an empty SQLite file); create "
                         "one with `dtt init` or `dtt demo`")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.path}: made by a newer dtt (schema {version}, this dtt knows "
            f"{SCHEMA_VERSION}); upgrade dtt before using it")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{store.path}: made by an older dtt (schema {version}); a command that writes "
            "(an import, `dtt evaluate`) upgrades it first — `dtt backup FILE` keeps a copy")


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


def single_file(store: Store) -> None:
    """Checkpoint and leave WAL mode: the database is one file, safe to rename."""
    try:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise store_error(exc, store.path) from exc


def settle_file(path: Path) -> None:
    """Fold a database's WAL into it and remove its -wal and -shm files.

    A WAL file left beside a database that replaces this one would be read as part of it;
    so before a new file takes the name, the old one is made whole on its own.
    """
    if not path.exists():
        return
    if path.stat().st_size > 0:
        try:
            conn = sqlite3.connect(path, timeout=10, isolation_level=None)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode = DELETE")
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # not a database, or a damaged one: --force replaces it whole
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)
