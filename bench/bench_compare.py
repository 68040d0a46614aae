"""Benchmark: compare a draft criteria file with the stored current results for a whole
sector year, beside the time of one evaluation of that year. Prints figures; not a test.

    python bench/bench_compare.py [--db PATH] [--reuse] [--year Y]

The draft raises the `cstdcs` initiative threshold of the 2017–2020 criteria from 1 to 2
(the sector demo's default year is 2020)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_evaluate import build  # noqa: E402

from dtt.criteria.source import default_text  # noqa: E402
from dtt.engine import evaluate  # noqa: E402
from dtt.engine.compare import compare  # noqa: E402
from dtt.engine.run import try_draft  # noqa: E402
from dtt.store import open_store  # noqa: E402

OLD = "rule: {metric: initiatives, gte: 1}"
NEW = "rule: {metric: initiatives, gte: 2}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()

    built = build(args.db, args.reuse)
    store = open_store(args.db, command="bench_compare")
    people = store.scalar("SELECT COUNT(*) FROM people")
    units = store.scalar("SELECT COUNT(*) FROM units")
    print(f"database   {args.db} ({people} people, {units} units"
          + (f"; built in {built:.1f} s)" if built else ", reused)"))
    print(f"cpus       {os.cpu_count()}")
    text = default_text().replace(OLD, NEW, 1)

    wall, cpu = time.perf_counter(), time.process_time()
    run = evaluate(store, year=args.year)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"evaluate   year {run.year}: {len(run.results)} results stored in {wall:.2f} s "
          f"wall ({cpu:.2f} s cpu); " + ", ".join(f"{k} {v:.2f} s"
                                                   for k, v in run.timings.items()))
    evaluated = wall

    wall, cpu = time.perf_counter(), time.process_time()
    result = compare(store, run.year, criteria_text=text, criteria_file="draft.yaml")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    doc = result.document
    changed = sum(1 for g in doc["groups"] if g["changed"])
    print(f"compare    draft file vs current, whole sector: {len(doc['changes'])} changes, "
          f"{changed} of {len(doc['groups'])} groups change, in {wall:.2f} s wall "
          f"({cpu:.2f} s cpu; draft evaluated {result.timings['draft']:.2f} s, compared "
          f"{result.timings['compare']:.2f} s) = {wall / evaluated:.2f} × one evaluation")

    wall = time.perf_counter()
    draft = try_draft(store, text, "draft.yaml", run.year)
    wall = time.perf_counter() - wall
    print(f"draft run  stored as draft evaluation #{draft.evaluation_id} in {wall:.2f} s")
    wall = time.perf_counter()
    again = compare(store, run.year, evaluation=draft.evaluation_id)
    wall = time.perf_counter() - wall
    print(f"compare    stored draft #{draft.evaluation_id} vs current: "
          f"{len(again.document['changes'])} changes in {wall:.2f} s")
    wall = time.perf_counter()
    same = compare(store, run.year, evaluation=run.evaluation_id)
    wall = time.perf_counter() - wall
    print(f"compare    evaluation #{run.evaluation_id} with itself: "
          f"{len(same.document['changes'])} changes in {wall:.2f} s")
    store.close()


if __name__ == "__main__":
    main()
