"""The SQLite store: the only place that writes SQL."""

from dtt.store.db import Store, backup, now, open_store, os_user

__all__ = ["Store", "backup", "now", "open_store", "os_user"]
