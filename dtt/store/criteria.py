"""Queries of the stored criteria: the criteria_files table and the meta keys naming the
active one."""

from __future__ import annotations

from dtt.store.db import Store

SHA_KEY = "criteria_sha256"
FILE_KEY = "criteria_file"


def active_sha256(store: Store) -> str | None:
    """The sha256 of the installed criteria, or None if none was installed."""
    return store.meta(SHA_KEY)


def active_filename(store: Store) -> str | None:
    """The file name the installed criteria came from, or None."""
    return store.meta(FILE_KEY)


def criteria_text(store: Store, digest: str) -> str | None:
    """The stored criteria text with this sha256, or None."""
    text = store.scalar("SELECT text FROM criteria_files WHERE sha256 = ?", (digest,))
    return None if text is None else str(text)


def save_criteria(store: Store, digest: str, text: str, filename: str, loaded_at: str) -> None:
    """Store `text` (once per sha256) and make it the active criteria (inside store.write())."""
    store.execute(
        "INSERT OR IGNORE INTO criteria_files(sha256, text, loaded_at) VALUES (?, ?, ?)",
        (digest, text, loaded_at),
    )
    store.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(SHA_KEY, digest), (FILE_KEY, filename)],
    )


def keep_criteria_text(store: Store, digest: str, text: str, loaded_at: str) -> None:
    """Store `text` (once per sha256) without making it active: a draft tried on a year
    (inside store.write())."""
    store.execute(
        "INSERT OR IGNORE INTO criteria_files(sha256, text, loaded_at) VALUES (?, ?, ?)",
        (digest, text, loaded_at),
    )
