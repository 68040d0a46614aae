"""Benchmark: `records import` of a 25,000-row .xlsx sheet of people's results on a sector-scale
database: the time to read the sheet and the whole import. Prints figures; not a test.

    python bench/bench_import.py [--db PATH] [--reuse] [--rows N]

The sheet has the plain English header in its first row, so any version of dtt reads it: run
the script with an older checkout on PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from dtt.records import import_records_file
from dtt.store import open_store
from dtt.tabular import read_table

COLUMNS = ["year", "subject", "rating", "title", "initiatives", "initiative_level", "discipline",
           "months_worked", "hcm_study", "charity", "reform"]


def build_db(path: Path, reuse: bool) -> None:
    if reuse and path.exists():
        return
    subprocess.run([sys.executable, "-m", "dtt", "--db", str(path), "demo", "--scale", "sector",
                    "--force"], check=True, stdout=subprocess.DEVNULL)


def build_sheet(path: Path, codes: list[str], rows: int, year: int) -> float:
    started = time.perf_counter()
    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("records")
    ws.append(COLUMNS)
    for i in range(rows):
        ws.append([year - i // len(codes), codes[i % len(codes)],
                   rng.choice(["HTXSNV", "HTTNV", "HTNV"]),
                   rng.choice(["LĐTT", "CSTĐCS", None]), rng.randint(0, 3),
                   rng.choice(["ngành", "cơ sở", None]), rng.choice(["Không", None]),
                   rng.choice([12, 12, 11, 10]), rng.choice(["có", "x", None]),
                   rng.choice([1, 0]), rng.choice(["có", "không"])])
    wb.save(path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--rows", type=int, default=25000)
    args = parser.parse_args()

    build_db(args.db, args.reuse)
    store = open_store(args.db, command="bench_import")
    codes = [r["code"] for r in store.query("SELECT code FROM people ORDER BY code")]
    year = store.scalar("SELECT MAX(year) FROM records")
    rows = args.rows  # past the roster's size, the year before follows
    sheet = Path(tempfile.gettempdir()) / f"dtt_bench_records_{rows}.xlsx"
    built = build_sheet(sheet, codes, rows, year)
    print(f"sheet      {sheet}: {rows:,} rows x {len(COLUMNS)} columns "
          f"({sheet.stat().st_size / 1e6:.1f} MB, built in {built:.1f} s)")

    for attempt in (1, 2):
        wall = time.perf_counter()
        table = read_table(sheet)
        read = time.perf_counter() - wall
        wall = time.perf_counter()
        summary = import_records_file(store, sheet, force=True)
        total = time.perf_counter() - wall
        print(f"run {attempt}      read the sheet {read:.2f} s ({len(table.rows):,} rows); "
              f"records import {total:.2f} s in all ({summary['rows']:,} records stored)")
    store.close()


if __name__ == "__main__":
    main()
