"""Keeping a database sound: `check`, `restore` and pruning old evaluation runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dtt.errors import InputError
from dtt.store import Store
from dtt.store import check as store_check
from dtt.store import maintenance as store_maintenance

DEFAULT_KEEP = 3


def check_database(path: Path, *, quick: bool = False) -> dict[str, Any]:
    """The problems of the database file at `path` (none: sound) and its audit head."""
    store = store_check.open_for_check(path)
    try:
        problems = store_check.check(store, quick=quick)
        head = store_check.audit_head(store) if not problems else None
    finally:
        store.close()
    return {"path": str(path), "problems": problems, "sound": not problems,
            "audit_head": head}


def restore(store: Store, source: Path) -> dict[str, Any]:
    """Replace the database with `source` (a sound dtt database), keeping the current one as
    `<db>.before-restore-<time>` first. InputError (nothing changed) if `source` is unfit."""
    if not source.is_file():
        raise InputError("no such file", file=str(source), field="FILE")
    if source.resolve() == store.path.resolve():
        raise InputError("this is the database itself", file=str(source), field="FILE")
    report = check_database(source)
    unfit = [p for p in report["problems"] if p["check"] in store_check.STRUCTURAL]
    if unfit:
        first = unfit[0]
        raise InputError(f"not a sound dtt database ({first['check']}: {first['problem']}; "
                         f"{len(unfit)} problem(s) in all, see `dtt --db {source} check`)",
                         file=str(source), field="FILE")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    keep_as = store.path.with_name(f"{store.path.name}.before-restore-{stamp}")
    kept = store_maintenance.restore_from(store, source, keep_as)
    store.migrate()  # a backup made by an older dtt is upgraded
    store.audit("restore", detail={"file": str(source), "previous_kept_as": str(kept)})
    return {"file": str(source), "kept_as": str(kept),
            "warnings": [p for p in report["problems"] if p not in unfit]}


def prune(store: Store, *, keep: int = DEFAULT_KEEP, vacuum: bool = False) -> dict[str, Any]:
    """Remove old evaluation runs: per year keep the newest `keep`, every run that holds a
    current result and every run a council decision rests on."""
    if keep < 0:
        raise InputError(f"must be 0 or more, not {keep}", field="--keep")
    with store.write():
        before = store_maintenance.space(store)
        runs = store_maintenance.evaluation_runs(store)
        seen: dict[int, int] = {}
        removed: list[dict[str, Any]] = []
        for run in runs:  # newest first within a year
            rank = seen[run["year"]] = seen.get(run["year"], 0) + 1
            if rank <= keep or run["current"] or run["decided"]:
                continue
            removed.append(run)
        ids = [r["id"] for r in removed]
        if ids:
            store_maintenance.delete_evaluations(store, ids)
        store.audit("evaluations.prune", detail={
            "keep": keep, "removed": ids, "results": sum(r["results"] for r in removed)})
    after = store_maintenance.space(store)
    freed = max(0, after["free"] - before["free"]) * after["page_size"]
    size_before = before["pages"] * before["page_size"]
    if vacuum:
        store_maintenance.vacuum(store)
        after = store_maintenance.space(store)
        freed = max(0, size_before - after["pages"] * after["page_size"])
    return {"removed": [{"id": r["id"], "year": r["year"], "run_at": r["run_at"],
                         "results": r["results"]} for r in removed],
            "kept": len(runs) - len(removed), "bytes_freed": freed, "vacuumed": vacuum,
            "size_before": size_before, "size_after": after["pages"] * after["page_size"]}
