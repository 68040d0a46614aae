"""Benchmark: how much a sector evaluation adds to the database. Builds the sector-scale
database (or reuses one), copies it, evaluates one year `--runs` times and prints, per run, the
growth of the file (after a checkpoint), the time spent storing, and the rows of the tables
that hold results. Prints figures; not a test.

    python bench/bench_storage.py [--db PATH] [--reuse] [--year Y] [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_evaluate import build  # noqa: E402  (the sector database, built once)

from dtt.engine import evaluate  # noqa: E402
from dtt.store import open_store  # noqa: E402

# the tables that hold stored results, old layout and new (those absent are skipped)
TABLES = ("evaluations", "results", "criteria_checks", "check_items", "check_lists",
          "result_rows", "run_results", "run_ranges", "result_texts", "term_lists",
          "result_units")


def settled_size(path: Path) -> int:
    """The file's size once the WAL is folded back into it."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return path.stat().st_size


def rows(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                              "'table'")}
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in TABLES if t in present}
    finally:
        con.close()


def peak_mb() -> float:
    """The process's peak resident set so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    built = build(args.db, args.reuse)
    work = args.db.with_name(args.db.stem + "_storage.db")
    settled_size(args.db)
    shutil.copyfile(args.db, work)
    print(f"database   {args.db}" + (f" (built in {built:.1f} s)" if built else " (reused)")
          + f", copied to {work}")
    before = settled_size(work)
    print(f"size       {before / 1e6:.1f} MB; rows {rows(work)}")
    for i in range(args.runs):
        store = open_store(work, command="bench_storage")
        wall = time.perf_counter()
        run = evaluate(store, year=args.year)
        wall = time.perf_counter() - wall
        store.close()
        after = settled_size(work)
        print(f"run {i + 1}      year {run.year}: {len(run.results)} results; "
              f"+{(after - before) / 1e6:.1f} MB; store {run.timings['store']:.2f} s of "
              f"{wall:.2f} s; peak memory (max RSS) {peak_mb():.0f} MB; rows {rows(work)}")
        before = after
    work.unlink()
    for extra in ("-wal", "-shm"):
        Path(str(work) + extra).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
