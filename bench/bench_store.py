"""Benchmark: the CPU time of storing a sector's run, and what it adds to the database. On a
copy of a never-evaluated sector database, computes one year and stores it (`save`) `--runs`
times in one process; prints, per run, the process CPU time (user + sys) of `save` alone, the
growth of the file (after a checkpoint) and, with `--dbstat`, the bytes of each table and
index after the last run. Prints figures; not a test.

    python bench/bench_store.py --db SECTOR [--year Y] [--runs N] [--dbstat]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import rows, settled_size  # noqa: E402

from dtt.engine.run import compute, without_gc  # noqa: E402
from dtt.engine.save import save  # noqa: E402
from dtt.store import open_store  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dbstat(path: Path) -> list[tuple[str, int]]:
    """(table or index, bytes) of the file, largest first (SQLite's dbstat table)."""
    con = sqlite3.connect(path)
    try:
        return [(r[0], r[1]) for r in con.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")]
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dbstat", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp()) / "store.db"
    settled_size(args.db)
    shutil.copyfile(args.db, work)
    store = open_store(work, command="bench_store")  # migrations, if any, applied here
    store.close()
    base = before = settled_size(work)
    print(f"database   {args.db}, copied to {work}: {before / 1e6:.1f} MB")
    start_stat = dict(dbstat(work)) if args.dbstat else {}
    for i in range(args.runs):
        store = open_store(work, command="bench_store")
        with without_gc():  # as `evaluate` runs it
            run = compute(store, args.year)[0]
            started = cpu()
            save(store, run)
            spent = cpu() - started
        store.close()
        after = settled_size(work)
        print(f"run {i + 1}      year {run.year}: {len(run.results)} results; "
              f"save {spent:.2f} s cpu; +{(after - before) / 1e6:.2f} MB; rows {rows(work)}")
        before = after
    print(f"in all     +{(before - base) / 1e6:.2f} MB")
    if args.dbstat:
        for name, size in dbstat(work):
            grown = size - start_stat.get(name, 0)
            if grown:
                print(f"  {name:32} {size / 1e6:7.2f} MB  (+{grown / 1e6:.2f})")
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
