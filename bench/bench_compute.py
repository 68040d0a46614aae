"""Benchmark: the computing part of `dtt evaluate` alone — `dtt.engine.run.compute` (load the
context, evaluate every track for one year), nothing stored. Prints figures; not a test.

    python bench/bench_compute.py --db PATH [--year Y] [--runs N] [--before CHECKOUT]

Each run is a fresh process that opens the database read-only, calls `compute` once and
reports the CPU seconds (user + system) of that call alone, split into loading the context
(`Context`) and the rest (evaluating every track). With `--before` (a checkout of an earlier
commit, e.g. made with `git worktree add`), its runs are interleaved with this checkout's so
that both see the same load; the figures are medians, and each run's results are digested to
show that both sides computed the same results.
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

import dtt.engine.run as engine_run

loading = []
made = engine_run.Context

def timed(*args, **kwargs):  # the CPU of loading the context, apart from the rest
    began = cpu()
    ctx = made(*args, **kwargs)
    loading.append(cpu() - began)
    return ctx

engine_run.Context = timed
store = open_store(sys.argv[2], read_only=True)
gc.disable()  # as evaluate runs it (dtt.engine.run.without_gc)
started = cpu()
run = compute(store, int(sys.argv[3]))[0]
spent = cpu() - started
digest = hashlib.sha256(json.dumps(run.results, ensure_ascii=False, default=repr)
                        .encode("utf-8")).hexdigest()[:16]
print(json.dumps({"cpu": spent, "load": sum(loading), "evaluate": spent - sum(loading),
                  "results": len(run.results), "digest": digest}))
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
    print("cpu seconds (user + system); load: the context, evaluate: the rest of compute")
    print(f"{'side':8} {'cpu med':>8} {'cpu min':>8} {'cpu max':>8} {'load':>7} "
          f"{'evaluate':>9} {'results':>8}  digest")
    med: dict[str, dict[str, float]] = {}
    for name, _ in sides:
        runs = seen[name]
        cpus = [r["cpu"] for r in runs]
        med[name] = {part: statistics.median(r[part] for r in runs)
                     for part in ("cpu", "load", "evaluate")}
        digests = {r["digest"] for r in runs}
        print(f"{name:8} {med[name]['cpu']:8.3f} {min(cpus):8.3f} {max(cpus):8.3f} "
              f"{med[name]['load']:7.3f} {med[name]['evaluate']:9.3f} "
              f"{runs[0]['results']:8d}  {','.join(sorted(digests))}")
    if args.before:
        same = {r["digest"] for r in seen["after"]} == {r["digest"] for r in seen["before"]}
        ratio = {part: med["after"][part] / med["before"][part] for part in med["after"]}
        print(f"ratio after / before (medians): compute {ratio['cpu']:.2f} ×, load "
              f"{ratio['load']:.2f} ×, evaluate {ratio['evaluate']:.2f} ×; results "
              f"{'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
