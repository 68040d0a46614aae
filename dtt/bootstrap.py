"""Creating a database: `init` (tree + criteria) and `demo` (a ready sample)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dtt.criteria.source import DEFAULT_NAME, default_text, install, read_criteria_file
from dtt.errors import InputError
from dtt.people import import_people_rows
from dtt.records import import_record_rows
from dtt.store import Store, now, open_store
from dtt.store import criteria as store_criteria
from dtt.store import people as store_people
from dtt.store import records as store_records
from dtt.store import units as store_units
from dtt.store import workflow as store_workflow
from dtt.store.db import settle_file, single_file
from dtt.tree import load_tree_doc, load_tree_file, load_tree_text, sample_tree_text

Progress = Callable[[str, int, int], None]


def _quiet(step: str, done: int, total: int) -> None:
    return None


def init_db(store: Store, units: Path | None = None, criteria: Path | None = None) -> dict:
    """Install the criteria and load the tree, in one transaction.

    A file given replaces what it names. What is not named keeps what the database holds:
    `init --criteria FILE` on a database with its own tree changes only the criteria. On a
    new database the bundled criteria and the sample tree are installed. The summary says
    what changed (`criteria`, `tree`: "file", "default" or "kept")."""
    with store.write():
        has_tree = store_units.count_units(store) > 0
        has_criteria = store_criteria.active_sha256(store) is not None
        if criteria is not None:
            install(store, read_criteria_file(criteria), str(criteria))
            criteria_done = "file"
        elif not has_criteria:
            install(store, default_text(), DEFAULT_NAME)
            criteria_done = "default"
        else:
            criteria_done = "kept"
        if units is not None:
            summary = load_tree_file(store, units)
            tree_done = "file"
        elif not has_tree:
            summary = load_tree_text(store, sample_tree_text(), "units.yaml (bundled sample)")
            tree_done = "default"
        else:
            summary = store_units.tree_counts(store)
            tree_done = "kept"
    return {**summary, "criteria": criteria_done, "tree": tree_done}


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        target = Path(str(path) + suffix)
        if target.exists():
            os.remove(target)


def build_demo(path: Path, scale: str = "sample", *, seed: int = 2861, force: bool = False,
               progress: Progress = _quiet) -> dict:
    """Build a ready database at `path` from the bundled generator.

    The demo is built in a temporary file beside `path` and put in its place only when
    complete: killed midway, the old database (or none) is left as it was.
    """
    if scale not in ("sample", "sector"):
        raise InputError(f"unknown scale '{scale}' (use sample or sector)", field="--scale")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a database", field="--db")
    if path.exists() and path.stat().st_size > 0 and not force:
        probe = open_store(path, create=False, read_only=True)
        try:
            has_data = store_units.count_units(probe)
        finally:
            probe.close()
        if has_data:
            raise InputError(f"{path} already holds data; use --force to replace it with the "
                             "demo, or choose another --db", field="--db")
    fd, name = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".",
                                prefix=f".{path.name}.demo-", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, _mode_of(path))
        counts = _build_into(tmp, scale, seed, progress)
        settle_file(path)
        os.replace(tmp, path)
    except BaseException:
        remove_database(tmp)
        raise
    return counts


def _mode_of(path: Path) -> int:
    """The old database's permissions, else the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _build_into(path: Path, scale: str, seed: int, progress: Progress) -> dict:
    from dtt.demo import YEARS, build

    progress("generate", 0, 1)
    data = build(scale, seed=seed)
    progress("generate", 1, 1)
    store = open_store(path, command=f"dtt demo --scale {scale}")
    try:
        install(store, default_text(), DEFAULT_NAME)
        load_tree_doc(store, data.tree, f"demo ({scale})")
        for later in data.later_trees:
            load_tree_doc(store, later, f"demo ({scale}) from {later['valid_from']}")
        progress("people", 0, len(data.people))
        # the roster as of the first demo year: it holds until a later roster changes it
        import_people_rows(store, data.people, "demo people", YEARS[0])
        for year, moved in data.moves.items():  # a few people move each year
            if moved:
                import_people_rows(store, moved, f"demo roster {year}", year)
        progress("people", len(data.people), len(data.people))
        chunk = 20000
        total = len(data.records)
        with store.write():
            for start in range(0, total, chunk):
                import_record_rows(store, data.records[start:start + chunk], "demo records")
                progress("records", min(start + chunk, total), total)
            stamp = now()
            store_workflow.replace_registrations(store, [
                (r["subject"], r["track"], r["year"], r.get("goal"), stamp)
                for r in data.registrations])
        counts = {
            "units": store_units.count_units(store),
            "people": store_people.count_people(store),
            "records": store_records.count_records(store),
            "registrations": store_workflow.count_registrations(store),
            "years": store_records.record_years(store),
        }
        single_file(store)  # one self-contained file, no -wal beside it
    finally:
        store.close()
    return counts

