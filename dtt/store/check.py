"""`dtt check`: is this file a sound dtt database? SQLite's integrity and foreign keys, the
audit chain and its triggers, and the domain's own consistency. Opens the file without
migrating or writing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from dtt.errors import StoreError
from dtt.store import audit as audit_chain
from dtt.store.db import Store, prepare
from dtt.store.schema import SCHEMA_VERSION

# problems listed per check before "… and N more"
SHOWN = 20
# the checks whose failure makes a file unfit to restore (domain problems are the data's own)
STRUCTURAL = ("file", "schema", "integrity", "foreign keys", "audit")

_DOMAIN: list[tuple[str, str, str]] = [
    ("people heading units outside the tree",
     "SELECT code, heads FROM people WHERE heads IS NOT NULL "
     "AND heads NOT IN (SELECT code FROM units)",
     "person {0} heads unit {1}, which is not in the unit tree"),
    ("people of units outside the tree",
     "SELECT code, unit FROM people WHERE unit NOT IN (SELECT code FROM units)",
     "person {0} belongs to unit {1}, which is not in the unit tree"),
    ("units outside the tree",
     "SELECT code, parent FROM units WHERE parent IS NOT NULL "
     "AND parent NOT IN (SELECT code FROM units)",
     "unit {0} hangs under {1}, which is not in the unit tree"),
    ("records of unknown subjects",
     "SELECT subject, year FROM records WHERE subject NOT IN (SELECT code FROM people) "
     "AND subject NOT IN (SELECT code FROM units) ORDER BY subject, year",
     "the record of {0} for {1} belongs to no person or unit"),
    ("decisions without their evaluation",
     "SELECT id, subject, year, evaluation_id FROM decisions WHERE evaluation_id IS NULL "
     "OR evaluation_id NOT IN (SELECT id FROM evaluations) ORDER BY id",
     "decision {0} ({1}, {2}) rests on no stored evaluation (evaluation {3})"),
    ("leaders of two units",
     "SELECT heads, group_concat(code, ', ') FROM people WHERE heads IS NOT NULL "
     "GROUP BY heads HAVING COUNT(*) > 1 ORDER BY heads",
     "unit {0} has more than one leader: {1}"),
]


def open_for_check(path: Path) -> Store:
    """The file opened as it is (read-only where SQLite allows): no migration, no WAL switch."""
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database")
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                               isolation_level=None, timeout=10)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    prepare(conn)
    return Store(conn, path, "dtt check")


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute(sql).fetchall()]


def check(store: Store, *, quick: bool = False) -> list[dict[str, str]]:
    """Every problem found, as {"check": …, "problem": …}; empty when the database is sound."""
    problems: list[dict[str, str]] = []

    def add(check: str, lines: list[str]) -> None:
        for line in lines[:SHOWN]:
            problems.append({"check": check, "problem": line})
        if len(lines) > SHOWN:
            problems.append({"check": check, "problem": f"… and {len(lines) - SHOWN} more"})

    try:
        rows = _rows(store, "PRAGMA quick_check" if quick else "PRAGMA integrity_check")
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            add("file", [f"not a SQLite database ({exc})"])
        else:
            add("integrity", [f"the database is damaged ({exc})"])
        return problems
    damaged = [str(r[0]) for r in rows if str(r[0]) != "ok"]
    add("integrity", damaged)
    try:
        tables = {r[0] for r in _rows(store, "SELECT name FROM sqlite_master WHERE type = "
                                             "'table'")}
        version = int(_rows(store, "PRAGMA user_version")[0][0])
    except sqlite3.DatabaseError as exc:
        add("file", [f"cannot read the schema ({exc})"])
        return problems
    if version == 0 or not {"meta", "units", "people", "records", "audit"} <= tables:
        add("file", ["not a dtt database (no dtt schema)"])
        return problems
    if version > SCHEMA_VERSION:
        add("schema", [f"made by a newer dtt (schema {version}; this dtt knows "
                       f"{SCHEMA_VERSION})"])
        return problems
    try:
        fk = _rows(store, "PRAGMA foreign_key_check")
        add("foreign keys", [f"{r[0]} row {r[1]} refers to a missing {r[2]} row"
                             for r in fk])
        if version == SCHEMA_VERSION:
            add("audit", audit_chain.verify(store))
        for name, sql, text in _DOMAIN:
            if "evaluation_id" in sql and version < SCHEMA_VERSION:
                continue
            add("domain", [f"{name}: " + text.format(*r) for r in _rows(store, sql)])
    except (sqlite3.DatabaseError, StoreError) as exc:
        add("integrity", [f"cannot read the database ({exc})"])
    return problems


def audit_head(store: Store) -> dict[str, Any]:
    try:
        return audit_chain.head(store)
    except (sqlite3.DatabaseError, StoreError):
        return {"id": None, "hash": None}
