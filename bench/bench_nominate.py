"""Time `dtt nominate` for the whole sector at a terminal (a pseudo-terminal): the default
per-unit summary and `--list` (every nomination), each the median of several interleaved runs.
Prints figures; not a test.

    python bench/bench_nominate.py [--db PATH] [--year Y] [--repeat N] [--before PATH]

Uses a copy of the report bench's sector database (bench/bench_report.py builds it), or of
any sector database given with --db (`dtt demo --scale sector` builds one). The
first run introduces every candidate; the runs timed are re-runs, which recompute everything
and write only the differences. Floor: `python -c pass`. --before PATH runs a second checkout
of dtt in the same rounds.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ROOT, cpu_line, dtt, line, machine, measure, prepare


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
    work = Path(tempfile.mkdtemp(prefix="dtt-bench-nominate-")) / "sector.db"
    shutil.copy(args.db, work)
    base = ["--db", str(work), "nominate", "--year", str(args.year)]
    subprocess.run([*dtt(), *base], check=True, stdout=subprocess.DEVNULL)
    steps = {"python": ([sys.executable, "-c", "pass"], False),
             "nominate": ([*dtt(), *base], True),
             "nominate --list": ([*dtt(), *base, "--list"], True)}
    if args.before:
        steps["before nominate"] = ([*dtt(args.before), *base], True)
        steps["before nominate --list"] = ([*dtt(args.before), *base, "--list"], True)
    got = measure(steps, args.repeat)
    print(machine())
    print(line("python -c pass", got["python"]))
    for label in ("nominate", "nominate --list"):
        print(line(f"{label} (sector, at a terminal)", got[label], got["python"], "python",
                   got.get(f"before {label}")))
    for label in ("nominate", "nominate --list"):
        print(cpu_line(label, label, "python", f"before {label}"))
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
