"""Helpers shared by the workflow tests: a small database, a digest of the data, JSON runs."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "workflow"


def build_small(cli) -> None:
    """The small tree (every level), ten people, records 2018–2020."""
    for args in (("init", "--units", DATA / "tree.yaml"),
                 ("people", "import", DATA / "people.csv"),
                 ("records", "import", DATA / "records.csv")):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr


def digest(db: Path) -> str:
    """A digest of every table but the audit log (rows sorted, so order does not matter)."""
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'audit' "
            "ORDER BY name")]
        h = hashlib.sha256()
        for name in names:
            h.update(name.encode())
            for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{name}"')):
                h.update(row.encode())
        return h.hexdigest()
    finally:
        con.close()


def audit_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        con.close()


def rows(db: Path, sql: str, params: Any = ()) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def ok_json(result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def evaluate(cli, year: int, track: str | None = None) -> dict[str, Any]:
    """`dtt evaluate --format json`; results keyed by (track, subject)."""
    args = ["evaluate", "--year", str(year), "--format", "json"]
    if track:
        args += ["--track", track]
    doc = ok_json(cli(*args))
    return {(r["track"], r["subject"]): r for r in doc["results"]}


def expect_refused(cli, db: Path, args: list[Any], field: str, words: str) -> str:
    """Run a bad command: exit 2, one error naming `field`, the database unchanged."""
    before, logged = digest(db), audit_count(db)
    result = cli(*args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message.startswith("error:"), message
    assert field in message, (field, message)
    assert words.lower() in message.lower(), (words, message)
    assert result.stdout == ""
    assert digest(db) == before, f"{args} changed the database"
    assert audit_count(db) == logged, f"{args} wrote to the audit log"
    return message
