"""Benchmark: the computing part of `dtt evaluate` alone — `dtt.engine.run.compute` (load the
context, evaluate every track for one year), nothing stored. Prints figures; not a test.

    python bench/bench_compute.py --db PATH [--year Y] [--runs N] [--before CHECKOUT]

Each run is a fresh process that opens the database read-only, calls `compute` once and
reports the CPU seconds (user + system) of that call alone, and the load / evaluate split of
`run.timings` (wall). With `--before` (a checkout of an earlier commit, e.g. made with
`git worktree add`), its runs are interleaved with this checkout's so that both see the same
load; the figures are medians, and each run's results are digested to show that both sides
computed the same results.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import gc, hashlib, json, resource, sys
sys.path.insert(0, sys.argv[1])
from dtt.store.db import open_store
from dtt.engine.run import compute

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

store = open_store(sys.argv[2], read_only=True)
gc.disable()  # as evaluate runs it (dtt.engine.run.without_gc)
started = cpu()
run = compute(store, int(sys.argv[3]))[0]
spent = cpu() - started
digest = hashlib.sha256(json.dumps(run.results, ensure_ascii=False, default=repr)
                        .encode("utf-8")).hexdigest()[:16]
print(json.dumps({"cpu": spent, "load": run.timings["load"],
                  "evaluate": run.timings["evaluate"], "results": len(run.results),
                  "digest": digest}))
"""


def once(tree: Path, db: Path, year: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(db), str(year)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--year", type=int, default=2020)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--before", type=Path, default=None,
                    help="a checkout of an earlier commit, run interleaved with this one")
    args = ap.parse_args()
    sides = [("after", ROOT)] + ([("before", args.before)] if args.before else [])
    seen: dict[str, list[dict]] = {name: [] for name, _ in sides}
    for i in range(args.runs):
        for name, tree in (sides if i % 2 == 0 else sides[::-1]):
            seen[name].append(once(tree, args.db, args.year))
    print(f"compute(year={args.year}) on {args.db.name}: {args.runs} runs each, interleaved; "
          f"python {platform.python_version()}")
    print(f"{'side':8} {'cpu med':>8} {'cpu min':>8} {'cpu max':>8} {'load':>7} "
          f"{'evaluate':>9} {'results':>8}  digest")
    med: dict[str, float] = {}
    for name, _ in sides:
        runs = seen[name]
        cpus = [r["cpu"] for r in runs]
        med[name] = statistics.median(cpus)
        digests = {r["digest"] for r in runs}
        print(f"{name:8} {med[name]:8.3f} {min(cpus):8.3f} {max(cpus):8.3f} "
              f"{statistics.median(r['load'] for r in runs):7.3f} "
              f"{statistics.median(r['evaluate'] for r in runs):9.3f} "
              f"{runs[0]['results']:8d}  {','.join(sorted(digests))}")
    if args.before:
        same = {r["digest"] for r in seen["after"]} == {r["digest"] for r in seen["before"]}
        print(f"ratio after / before (cpu, medians): {med['after'] / med['before']:.2f} ×; "
              f"results {'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
