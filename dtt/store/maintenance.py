"""Keeping a database: pruning old evaluation runs and restoring a backup."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from dtt.store.db import Store, backup, store_error


def evaluation_runs(store: Store) -> list[dict[str, Any]]:
    """Every evaluation run (id, year, run_at, results), with `current` (it holds a current
    result) and `decided` (a council decision rests on it), newest first within a year."""
    rows = store.query(
        "SELECT e.id, e.year, e.run_at, "
        "(SELECT COUNT(*) FROM results r WHERE r.evaluation_id = e.id) AS results, "
        "EXISTS (SELECT 1 FROM results r WHERE r.evaluation_id = e.id AND r.current = 1) "
        "AS current, "
        "EXISTS (SELECT 1 FROM decisions d WHERE d.evaluation_id = e.id OR "
        "(json_valid(d.detail) AND json_extract(d.detail, '$.evaluation_id') = e.id)) "
        "AS decided FROM evaluations e ORDER BY e.year, e.id DESC")
    return [dict(r) | {"current": bool(r["current"]), "decided": bool(r["decided"])}
            for r in rows]


def delete_evaluations(store: Store, ids: list[int]) -> None:
    """Delete these runs and their results (inside the caller's `store.write()`)."""
    wanted = json.dumps(sorted(ids))
    store.execute("DELETE FROM run_ranges WHERE evaluation_id IN "
                  "(SELECT value FROM json_each(?))", (wanted,))
    # a result no run lists any more
    store.execute("DELETE FROM result_rows WHERE id NOT IN (SELECT r.id FROM run_ranges g "
                  "JOIN result_rows r ON r.id BETWEEN g.first_id AND g.last_id)")
    # a list of score terms, then a quota, score term, facts or tie reason no result refers
    # to any more
    store.execute("DELETE FROM term_lists WHERE id NOT IN (SELECT terms_list FROM "
                  "result_rows WHERE terms_list IS NOT NULL)")
    store.execute("DELETE FROM result_texts WHERE id NOT IN ("
                  "SELECT quota_ref FROM result_rows WHERE quota_ref IS NOT NULL "
                  "UNION SELECT terms_ref FROM result_rows WHERE terms_ref IS NOT NULL "
                  "UNION SELECT facts_ref FROM result_rows WHERE facts_ref IS NOT NULL "
                  "UNION SELECT abs(j.value) FROM result_rows r, json_each(r.quota_ties) j "
                  "WHERE r.quota_ties IS NOT NULL AND j.type = 'integer' "
                  "UNION SELECT j.value FROM term_lists l, json_each(l.items) j)")
    store.execute("DELETE FROM evaluations WHERE id IN (SELECT value FROM json_each(?))",
                  (wanted,))


def space(store: Store) -> dict[str, int]:
    """The file's pages: total, free (reusable) and their size in bytes."""
    return {"pages": int(store.scalar("PRAGMA page_count")),
            "free": int(store.scalar("PRAGMA freelist_count")),
            "page_size": int(store.scalar("PRAGMA page_size"))}


def vacuum(store: Store) -> None:
    """Give the free pages back to the file system (outside any transaction)."""
    store.execute("VACUUM")


def restore_from(store: Store, source: Path, keep_as: Path) -> Path:
    """Copy the current database to `keep_as` (backup API, temporary name, os.replace), then
    replace its content with `source`'s, page by page, in one SQLite transaction."""
    kept = backup(store, keep_as)
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        src = sqlite3.connect(source)
    try:
        src.backup(store.conn)
    except sqlite3.Error as exc:
        raise store_error(exc, store.path) from exc
    finally:
        src.close()
    store.checked = False
    return kept
