"""The audit log as a hash chain: every row carries the hash of the one before it, and the
meta key `audit_head` names the last row and its hash, so a row deleted, edited or cut off the
end (even after `DROP TRIGGER`) is found by `dtt check`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dtt.store.db import Store

HEAD_KEY = "audit_head"
TRIGGERS = ("audit_no_update", "audit_no_delete")
# (action, subject, year, detail) of one entry to append
Entry = tuple[str, str | None, int | None, Any]


def row_hash(prev: Any, id_: Any, at: Any, os_user: Any, command: Any, action: Any,
             subject: Any, year: Any, detail: Any) -> str:
    """The hash of one audit row: sha256 of the previous row's hash and this row's fields
    (also the SQL function `dtt_audit_hash`, which the migration uses to backfill)."""
    text = json.dumps([prev or "", id_, at, os_user, command, action, subject, year, detail],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _head(store: Store) -> tuple[int, str]:
    row = store.one("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
    return (0, "") if row is None else (int(row[0]), row[1] or "")


def append(store: Store, entries: Sequence[Entry], *, at: str, os_user: str) -> None:
    """Append entries to the chain and move the head (inside the caller's `store.write()`)."""
    if not entries:
        return
    last, prev = _head(store)
    rows = []
    for action, subject, year, detail in entries:
        last += 1
        year = None if year is None else int(year)
        text = None if detail is None else json.dumps(detail, ensure_ascii=False)
        digest = row_hash(prev, last, at, os_user, store.command, action, subject, year, text)
        rows.append((last, at, os_user, store.command, action, subject, year, text, prev,
                     digest))
        prev = digest
    store.executemany(
        "INSERT INTO audit(id, at, os_user, command, action, subject, year, detail, prev_hash,"
        " hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    store.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  (HEAD_KEY, json.dumps({"id": last, "hash": prev})))


def verify(store: Store) -> list[str]:
    """What is wrong with the chain, the head and the append-only triggers (empty: sound)."""
    problems: list[str] = []
    present = {r[0] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")}
    for name in TRIGGERS:
        if name not in present:
            problems.append(f"trigger {name} is missing (the log can be edited)")
    prev, last = "", 0
    cursor = store.execute("SELECT id, at, os_user, command, action, subject, year, detail, "
                           "prev_hash, hash FROM audit ORDER BY id")
    for row in cursor:
        id_ = int(row[0])
        if (row[8] or "") != prev:
            problems.append(f"row {id_} does not follow row {last} (a row before it "
                            "was deleted or edited)")
        expected = row_hash(row[8], *row[:8])
        if row[9] != expected:
            problems.append(f"row {id_} was edited (its hash does not match)")
        prev, last = row[9] or "", id_
    head_text = store.meta(HEAD_KEY)
    if head_text is None:
        if last:
            problems.append("the chain head is missing from meta")
    else:
        try:
            head = json.loads(head_text)
            head_id, head_hash = int(head["id"]), str(head["hash"])
        except (ValueError, KeyError, TypeError):
            problems.append("the chain head in meta is unreadable")
        else:
            if head_id != last or head_hash != prev:
                problems.append(f"the log ends at row {last} but its head is row "
                                f"{head_id} (rows were deleted from the end, or edited)")
    return problems


def head(store: Store) -> dict[str, Any]:
    """The last row's id and hash (for an officer to note down outside the database)."""
    last, digest = _head(store)
    return {"id": last, "hash": digest}
