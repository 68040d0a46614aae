"""Benchmark: evaluate one year of a sector-scale database over all tracks (every verdict with
its explanation, stored), against the floor of reading the rows the evaluation needs with
Python's sqlite3, in the same run. Prints figures; not a test.

    python bench/bench_evaluate.py [--db PATH] [--reuse] [--year Y] [--runs N] [--scale K]
                                   [--before CHECKOUT] [--explain]

Each measurement runs in a fresh process (so peak memory is that of one evaluation), floor and
evaluation interleaved; the figures are medians. `--scale K` copies the sector K times under
one root (K sectors in one database) and measures that too, beside the single sector, to show
how time and memory grow. `--explain` also times one subject's trace and a unit-scoped run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BACK = 9  # dtt.criteria.model.MAX_BACK: the years an evaluation may read back


def build(path: Path, reuse: bool) -> float:
    if reuse and path.exists():
        return 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dtt", "--db", str(path), "demo", "--scale", "sector",
                    "--force"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


# --- K sectors in one database ----------------------------------------------------------------
def replicate(base: Path, path: Path, copies: int) -> float:
    """A copy of `base` holding `copies` sectors: every unit but the root, every person and
    their rosters, records and registrations again under codes prefixed `S<k>_`."""
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    src = sqlite3.connect(base)
    dst = sqlite3.connect(tmp)
    src.backup(dst)
    src.close()
    root = dst.execute("SELECT code FROM units WHERE parent IS NULL").fetchone()[0]
    with dst:
        for k in range(1, copies):
            p = f"S{k}_"
            args = {"p": p, "root": root, "k": f" #{k}"}
            sub = ("CASE WHEN parent = :root THEN parent ELSE :p || parent END")
            dst.execute("INSERT INTO units(code, name, level, parent, position, name_folded, "
                        f"closed_on) SELECT :p || code, name || :k, level, {sub}, position, "
                        "name_folded || :k, closed_on FROM units WHERE code != :root "
                        "AND code NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO tree_units(tree, code, name, level, parent, position) "
                        f"SELECT tree, :p || code, name || :k, level, {sub}, position "
                        "FROM tree_units WHERE code != :root "
                        "AND code NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO clusters(key, name) SELECT :p || key, name || :k "
                        "FROM clusters WHERE key NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO cluster_members(cluster, unit) SELECT :p || cluster, "
                        ":p || unit FROM cluster_members WHERE cluster NOT LIKE 'S%\\_%' "
                        "ESCAPE '\\'", args)
            dst.execute("INSERT INTO tree_clusters(tree, cluster, name, unit) SELECT tree, "
                        ":p || cluster, name || :k, :p || unit FROM tree_clusters "
                        "WHERE cluster NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO unit_lineage(tree, code, predecessor, ord) SELECT tree, "
                        ":p || code, :p || predecessor, ord FROM unit_lineage "
                        "WHERE code NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO people(code, full_name, unit, category, position, heads, "
                        "name_folded, gender, born, recruited) SELECT :p || code, full_name, "
                        ":p || unit, category, position, CASE WHEN heads IS NULL THEN NULL "
                        "ELSE :p || heads END, name_folded, gender, born, recruited FROM people "
                        "WHERE code NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO roster(person, year, unit, position, heads) SELECT "
                        ":p || person, year, :p || unit, position, CASE WHEN heads IS NULL "
                        "THEN NULL ELSE :p || heads END FROM roster "
                        "WHERE person NOT LIKE 'S%\\_%' ESCAPE '\\'", args)
            dst.execute("INSERT INTO records(subject, year, kind, data, source, imported_at) "
                        "SELECT :p || subject, year, kind, data, source, imported_at "
                        "FROM records WHERE subject != :root AND subject NOT LIKE 'S%\\_%' "
                        "ESCAPE '\\'", args)
            dst.execute("INSERT INTO registrations(subject, track, year, goal, registered_at, "
                        "withdrawn_at) SELECT :p || subject, track, year, goal, registered_at, "
                        "withdrawn_at FROM registrations WHERE subject NOT LIKE 'S%\\_%' "
                        "ESCAPE '\\'", args)
    dst.close()
    os.replace(tmp, path)
    return time.perf_counter() - started


# --- one measurement in a fresh process ----------------------------------------------------------
def floor(db: str, year: int) -> dict:
    """Python sqlite3 reading every row an evaluation of `year` reads: the tree, the people
    and their rosters, the records of the years a rule may look back on, registrations,
    nominations and council decisions (rows fetched, record data left as text)."""
    wall, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    rows = 0
    for sql, params in [
        ("SELECT code, name, level, parent, position, closed_on FROM units", ()),
        ("SELECT * FROM tree_units", ()), ("SELECT * FROM tree_clusters", ()),
        ("SELECT * FROM unit_lineage", ()), ("SELECT * FROM cluster_members", ()),
        ("SELECT code, full_name, unit, position, heads, gender, born, recruited FROM people",
         ()),
        ("SELECT person, year, unit, position, heads FROM roster WHERE year <= ?", (year,)),
        ("SELECT subject, year, data FROM records WHERE year BETWEEN ? AND ?",
         (year - MAX_BACK, year)),
        ("SELECT subject, track, year FROM registrations WHERE withdrawn_at IS NULL", ()),
        ("SELECT track, subject, unit, withdrawn, origin FROM nominations WHERE year = ?",
         (year,)),
        ("SELECT track, subject, year, outcome FROM decisions WHERE year BETWEEN ? AND ?",
         (year - MAX_BACK, year)),
    ]:
        rows += len(conn.execute(sql, params).fetchall())
    conn.close()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "rows": rows,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def evaluation(db: str, year: int) -> dict:
    """One stored evaluation of `year`, all tracks, as `dtt evaluate --year` runs it."""
    from dtt.engine import evaluate
    from dtt.store import open_store

    store = open_store(Path(db), command="bench_evaluate")
    wall, cpu = time.perf_counter(), time.process_time()
    run = evaluate(store, year=year)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    return {"wall": wall, "cpu": cpu, "results": len(run.results), "timings": run.timings,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(kind: str, db: Path, year: int, code: Path = ROOT) -> dict:
    """One measurement in a fresh process, importing dtt from `code` (a checkout)."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db),
                          "--year", str(year)], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(code)})
    return json.loads(out.stdout)


def measure(db: Path, year: int, runs: int, label: str, before: Path | None = None) -> dict:
    floors, evals, olds = [], [], []
    for _ in range(runs):
        floors.append(child("floor", db, year))
        evals.append(child("evaluate", db, year))
        if before is not None:
            olds.append(child("evaluate", db, year, before))
    med = statistics.median
    if olds:
        o_wall, o_cpu = med(x["wall"] for x in olds), med(x["cpu"] for x in olds)
        f_wall, f_cpu = med(x["wall"] for x in floors), med(x["cpu"] for x in floors)
        print(f"{'before':<10} {before}: evaluate {o_wall:.2f} s wall ({o_cpu:.2f} s cpu); "
              f"dtt ÷ floor {o_wall / f_wall:.1f} × wall, {o_cpu / f_cpu:.1f} × cpu; peak "
              f"memory {max(x['rss_mb'] for x in olds):,.0f} MB")
    f_wall, f_cpu = med(x["wall"] for x in floors), med(x["cpu"] for x in floors)
    e_wall, e_cpu = med(x["wall"] for x in evals), med(x["cpu"] for x in evals)
    rss = max(x["rss_mb"] for x in evals)
    phases = {k: med(x["timings"][k] for x in evals) for k in evals[0]["timings"]}
    print(f"{label:<10} floor {f_wall:.3f} s wall ({f_cpu:.3f} s cpu, {floors[0]['rows']:,} rows)"
          f"; evaluate {e_wall:.2f} s wall ({e_cpu:.2f} s cpu), {evals[0]['results']:,} "
          f"results; dtt ÷ floor {e_wall / f_wall:.1f} × wall, {e_cpu / f_cpu:.1f} × cpu; "
          f"peak memory {rss:,.0f} MB")
    print(" " * 11 + "phases (medians, wall) " + ", ".join(f"{k} {v:.2f} s"
                                                         for k, v in phases.items()))
    return {"floor": f_wall, "floor_cpu": f_cpu, "wall": e_wall, "cpu": e_cpu, "rss": rss,
            "results": evals[0]["results"]}


def explain_figures(db: Path, year: int) -> None:
    from dtt.engine import evaluate
    from dtt.store import open_store

    store = open_store(db, command="bench_evaluate")
    subject = store.scalar("SELECT subject FROM current_results WHERE track = 'exemplar' "
                           "AND year = ? ORDER BY subject LIMIT 1", (year,))
    wall = time.perf_counter()
    explained = evaluate(store, year=year, track="exemplar", explain=subject)
    wall = time.perf_counter() - wall
    print(f"explain    {subject} (its exemplar groups + trace, not stored): {wall:.2f} s, "
          f"{len(explained.explain['tracks'])} track(s) traced")
    unit = store.scalar("SELECT code FROM units WHERE level = 'province' ORDER BY code")
    wall = time.perf_counter()
    scoped = evaluate(store, year=year, unit=unit)
    wall = time.perf_counter() - wall
    print(f"unit scope {unit}: {len(scoped.results)} results in {wall:.2f} s")
    store.close()


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cpus, {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse existing databases")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--scale", type=int, default=1, help="also measure K sectors")
    parser.add_argument("--explain", action="store_true",
                        help="also time one subject's trace and a unit-scoped run")
    parser.add_argument("--before", type=Path, default=None,
                        help="also measure the dtt of this checkout, interleaved (before/after)")
    parser.add_argument("--child", choices=["floor", "evaluate"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fn = floor if args.child == "floor" else evaluation
        print(json.dumps(fn(str(args.db), args.year)))
        return

    built = build(args.db, args.reuse)
    conn = sqlite3.connect(args.db)
    people, units, records = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
                              for t in ("people", "units", "records"))
    conn.close()
    print(f"machine    {machine()}")
    print(f"database   {args.db} ({people:,} people, {units:,} units, {records:,} records"
          + (f"; built in {built:.1f} s)" if built else ", reused)"))
    one = measure(args.db, args.year, args.runs, "1 sector", args.before)
    if args.explain:
        explain_figures(args.db, args.year)
    if args.scale > 1:
        big = args.db.with_name(f"{args.db.stem}_x{args.scale}{args.db.suffix}")
        if not (args.reuse and big.exists()):
            took = replicate(args.db, big, args.scale)
            print(f"database   {big}: {args.scale} sectors, copied in {took:.1f} s")
        many = measure(big, args.year, max(1, args.runs // 2), f"{args.scale} sectors",
                       args.before)
        k = many["results"] / one["results"]
        print(f"growth     {k:.1f} × the results: {many['wall'] / one['wall']:.1f} × the time "
              f"({many['cpu'] / one['cpu']:.1f} × cpu), {many['rss'] / one['rss']:.1f} × the "
              f"peak memory ({many['rss']:,.0f} MB)")


if __name__ == "__main__":
    main()
