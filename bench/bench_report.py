"""Time `dtt report --unit province` on a sector-scale database: the table (to a file and at a
terminal), JSON, --top, --status all and xlsx, each the median of several interleaved runs,
beside its floors measured in the same rounds. Prints figures; not a test.

    python bench/bench_report.py [--db PATH] [--rebuild] [--year Y] [--repeat N]
                                 [--before PATH]

Builds the database once (`dtt demo --scale sector`, then `dtt evaluate` for the year, 2020
unless --year says otherwise) and reuses it afterwards. Floors: `python -c pass` (start-up),
and a Python process reading with `sqlite3` the rows the report prints (the standings of the
year that are not ineligible, with the columns the report shows) and counting the others per
unit — what no report can do without. --before PATH runs a second checkout of dtt (e.g. an
export of an earlier commit) in the same rounds, for before/after figures under one load,
and first checks that both write the same bytes (table, --top 10, --status all, json, en).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, cpu_line, dtt, line, machine, measure, prepare

READ_ROWS = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA mmap_size = 1073741824")
rows = con.execute(
    "SELECT s.subject, s.kind, s.track, s.unit, s.grp, s.eligible, s.score, s.rank, s.status, "
    "s.quota, s.facts, s.decision_id, p.full_name FROM standings s "
    "LEFT JOIN people p ON p.code = s.subject WHERE s.year = ? AND s.status != 'ineligible'",
    (int(sys.argv[2]),)).fetchall()
hidden = con.execute(
    "SELECT CASE WHEN kind = 'collective' THEN subject ELSE unit END, COUNT(*) FROM standings "
    "WHERE year = ? AND status = 'ineligible' GROUP BY 1", (int(sys.argv[2]),)).fetchall()
"""


def build(db: Path, year: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    for args in (["demo", "--scale", "sector"], ["evaluate", "--year", str(year)]):
        start = time.perf_counter()
        subprocess.run([*dtt(), "--db", str(db), *args], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"{' '.join(args)}: {time.perf_counter() - start:.1f} s")


def same_output(report: list[str], before: Path) -> None:
    """Stop unless this checkout and `before` write the same bytes for each report variant."""
    for extra in ([], ["--top", "10"], ["--status", "all"], ["--format", "json"],
                  ["--lang", "en"]):
        outputs = [subprocess.run([*dtt(tree), *report, *extra], check=True,
                                  capture_output=True, env={**os.environ, "NO_COLOR": "1"}).stdout
                   for tree in (ROOT, before)]
        if outputs[0] != outputs[1]:
            sys.exit(f"report {' '.join(extra) or '(table)'}: the output differs from {before}")
        print(f"report {' '.join(extra) or '(table)'}: {len(outputs[0]):,} bytes, "
              "the same as before")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt-bench-report-sector.db")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--before", type=Path, help="another checkout to time alike")
    parser.add_argument("--only", help="comma-separated step labels to run (default: all)")
    args = parser.parse_args()
    prepare(*([args.before] if args.before else []), ROOT)
    if args.rebuild or not args.db.exists():
        build(args.db, args.year)
    con = sqlite3.connect(args.db)
    results = con.execute("SELECT COUNT(*) FROM results WHERE current = 1 AND year = ?",
                          (args.year,)).fetchone()[0]
    people = con.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    con.close()
    print(machine())
    print(f"database {args.db}: {people} people, {results} current results of {args.year}")
    out = Path(tempfile.mkdtemp(prefix="dtt-bench-report-"))
    report = ["--db", str(args.db), "report", "--unit", "province", "--year", str(args.year)]
    if args.before:
        same_output(report, args.before)
    variants = {
        "table": ([], False),
        "table, at a terminal": ([], True),
        "json": (["--format", "json"], False),
        "table --top 10": (["--top", "10"], False),
        "table --status all": (["--status", "all"], False),
        "xlsx": (["-o", str(out / "report.xlsx")], False),
    }
    if args.only:
        keep = {s.strip() for s in args.only.split(",")}
        variants = {k: v for k, v in variants.items() if k in keep}
    steps = {"python": ([sys.executable, "-c", "pass"], False),
             "rows": ([sys.executable, "-c", READ_ROWS, str(args.db), str(args.year)], False)}
    for label, (extra, tty) in variants.items():
        steps[label] = ([*dtt(), *report, *extra], tty)
        if args.before:
            steps[f"before {label}"] = ([*dtt(args.before), *report, *extra], tty)
    got = measure(steps, args.repeat, env={"NO_COLOR": "1"})
    print(line("python -c pass", got["python"]))
    print(line("floor: sqlite3 reads the report's rows", got["rows"], got["python"],
               "python"))
    for label in variants:
        print(line(f"report --unit province ({label})", got[label], got["rows"], "rows",
                   got.get(f"before {label}")))
    print(cpu_line("floor: sqlite3 reads the report's rows", "rows", "python"))
    for label in variants:
        print(cpu_line(f"report ({label})", label, "rows", f"before {label}"))


if __name__ == "__main__":
    main()
