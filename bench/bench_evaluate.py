"""Benchmark: evaluate one year of a sector-scale database over all tracks, then explain one
subject. Prints figures; not a test.

    python bench/bench_evaluate.py [--db PATH] [--reuse] [--year Y]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dtt.engine import evaluate
from dtt.store import open_store


def build(path: Path, reuse: bool) -> float:
    if reuse and path.exists():
        return 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dtt", "--db", str(path), "demo", "--scale", "sector",
                    "--force"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args()

    built = build(args.db, args.reuse)
    store = open_store(args.db, command="bench_evaluate")
    people = store.scalar("SELECT COUNT(*) FROM people")
    units = store.scalar("SELECT COUNT(*) FROM units")
    records = store.scalar("SELECT COUNT(*) FROM records")
    print(f"database   {args.db} ({people} people, {units} units, {records} records"
          + (f"; built in {built:.1f} s)" if built else ", reused)"))
    print(f"cpus       {os.cpu_count()}")

    wall, cpu = time.perf_counter(), time.process_time()
    run = evaluate(store, year=args.year)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(run.results)
    print(f"evaluate   year {run.year}, all {len(run.summary['tracks'])} tracks: {n} results "
          f"stored in {wall:.2f} s wall ({cpu:.2f} s cpu), {n / wall:,.0f} results/s")
    print("phases     " + ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items()))
    wall, cpu = time.perf_counter(), time.process_time()
    again = evaluate(store, year=run.year)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"again      the same year, its {n} current rows cleared first: {wall:.2f} s wall "
          f"({cpu:.2f} s cpu); " + ", ".join(f"{k} {v:.2f} s" for k, v in again.timings.items()))
    for key, counts in run.summary["tracks"].items():
        print(f"           {key:<20} {counts['candidates']:>6} candidates "
              f"{counts['eligible']:>6} eligible {counts['recommended']:>6} recommended")

    subject = next((r["subject"] for r in run.results
                    if r["track"] == "exemplar" and r["status"] == "recommended"),
                   run.results[0]["subject"])
    wall = time.perf_counter()
    explained = evaluate(store, year=run.year, track="exemplar", explain=subject)
    wall = time.perf_counter() - wall
    print(f"explain    {subject} (its exemplar groups + trace, not stored): {wall:.2f} s, "
          f"{len(explained.explain['tracks'])} track(s) traced")
    wall = time.perf_counter()
    unit = store.scalar("SELECT code FROM units WHERE level = 'province' ORDER BY code")
    scoped = evaluate(store, year=run.year, unit=unit)
    wall = time.perf_counter() - wall
    print(f"unit scope {unit}: {len(scoped.results)} results in {wall:.2f} s")
    store.close()


if __name__ == "__main__":
    main()
