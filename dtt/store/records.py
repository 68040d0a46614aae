"""Queries of the records table."""

from __future__ import annotations

from dtt.store.db import Store


def latest_year(store: Store) -> int | None:
    """The latest year with any record, or None."""
    value = store.scalar("SELECT MAX(year) FROM records")
    return None if value is None else int(value)
