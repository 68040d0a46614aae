"""Time `dtt report --unit province` on a sector-scale database (table, JSON, variants).

    python bench/bench_report.py [--db PATH] [--rebuild] [--year Y]

Builds the database once (`dtt demo --scale sector --db PATH`, then `dtt evaluate` for the
year, 2020 unless --year says otherwise) and reuses it afterwards; each figure is the best of
three runs of the real command in a fresh process, output to /dev/null.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DTT = [sys.executable, "-m", "dtt"]


def run(args: list[str], db: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*DTT, "--db", str(db), *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build(db: Path, year: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t = run(["demo", "--scale", "sector"], db)
    print(f"demo --scale sector: {t:.1f} s")
    t = run(["evaluate", "--year", str(year)], db)
    print(f"evaluate --year {year}: {t:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt-bench-report-sector.db")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db, args.year)
    import sqlite3

    con = sqlite3.connect(args.db)
    results = con.execute("SELECT COUNT(*) FROM results WHERE current = 1 AND year = ?",
                          (args.year,)).fetchone()[0]
    people = con.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    columns = {r[1] for r in con.execute("PRAGMA table_info(results)")}
    facts = con.execute("SELECT COUNT(facts) FROM results WHERE current = 1 AND year = ?",
                        (args.year,)).fetchone()[0] if "facts" in columns else 0
    print(f"database {args.db}: {people} people, {results} current results of {args.year} "
          f"({facts} with stored facts{'' if facts else '; --rebuild to store them'})")
    baseline = min(run(["--version"], args.db) for _ in range(args.repeat))
    print(f"start-up (dtt --version): {baseline:.2f} s")
    os.environ.setdefault("NO_COLOR", "1")
    for label, extra in (("table", []), ("json", ["--format", "json"]),
                         ("table --top 10", ["--top", "10"]),
                         ("table --status all", ["--status", "all"])):
        best = min(run(["report", "--unit", "province", "--year", str(args.year), *extra],
                       args.db)
                   for _ in range(args.repeat))
        print(f"report --unit province ({label}): {best:.2f} s "
              f"({best - baseline:.2f} s after start-up)")


if __name__ == "__main__":
    main()
