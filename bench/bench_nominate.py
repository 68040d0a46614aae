"""Time `dtt nominate` for the whole sector at a terminal (a pseudo-terminal): the first run,
the re-run (the default per-unit summary) and `--list` (every nomination), each the median of
several interleaved runs. Prints figures; not a test.

    python bench/bench_nominate.py [--db PATH] [--year Y] [--repeat N] [--before PATH]

Uses copies of the report bench's sector database (bench/bench_report.py builds it), or of
any sector database given with --db (`dtt demo --scale sector` builds one; give one not yet
nominated for the year, or the "first run" is a re-run). Each round's first run introduces
every candidate into a fresh copy; the re-runs recompute everything and write only the
differences (nothing changes). Floor: `python -c pass`. --before PATH runs a second checkout
of dtt in the same rounds, on its own copy of the database (a checkout never reads a file the
other wrote last).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from timing import CPU, ROOT, cpu_line, dtt, line, machine, measure, prepare, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt-bench-report-sector.db")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to time alike")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db}: build it first with python bench/bench_report.py (or give --db "
                 "a database built by `dtt demo --scale sector`)")
    prepare(*([args.before] if args.before else []), ROOT)
    work = Path(tempfile.mkdtemp(prefix="dtt-bench-nominate-"))
    trees = {"": None, "before ": args.before} if args.before else {"": None}
    dbs = {label: work / f"{label.strip() or 'after'}.db" for label in trees}

    def nominate(label: str, *more: str) -> list[str]:
        return [*dtt(trees[label]), "--db", str(dbs[label]), "nominate", "--year",
                str(args.year), *more]

    first: dict[str, list[tuple[float, float]]] = {label: [] for label in trees}
    for _ in range(args.repeat):  # a fresh copy each round, copied outside the timing
        for label in trees:
            for suffix in ("", "-wal", "-shm", "-checked"):
                Path(str(dbs[label]) + suffix).unlink(missing_ok=True)
            shutil.copy(args.db, dbs[label])
            first[label].append(run(nominate(label), tty=True))
    steps = {"python": ([sys.executable, "-c", "pass"], False)}
    for label in trees:
        steps[f"{label}nominate"] = (nominate(label), True)
        steps[f"{label}nominate --list"] = (nominate(label, "--list"), True)
    got = measure(steps, args.repeat)
    for label in trees:
        got[f"{label}first run"] = statistics.median(w for w, _ in first[label])
        CPU[f"{label}first run"] = statistics.median(c for _, c in first[label])
    print(machine())
    print(line("python -c pass", got["python"]))
    kinds = {"first run": "nominate, first run", "nominate": "nominate, re-run",
             "nominate --list": "nominate --list (no run)"}
    for kind, text in kinds.items():
        print(line(f"{text} (sector, at a terminal)", got[kind], got["python"], "python",
                   got.get(f"before {kind}")))
    for kind, text in kinds.items():
        print(cpu_line(text, kind, "python", f"before {kind}"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
