"""Benchmark: `records import` of a 25,000-row .xlsx sheet of people's results on a sector-scale
database: the time to read the sheet and the whole import. Prints figures; not a test.

    python bench/bench_import.py [--db PATH] [--reuse] [--rows N] [--runs K]

It also times, as fresh processes in interleaved rounds on copies of the database, `dtt records
import` of the same rows as .csv against `sqlite-utils insert --csv` of that file into a plain
table (the floor: a generic CSV load, with no checks) and prints dtt ÷ floor in CPU and wall.

The sheet has the plain English header in its first row, so any version of dtt reads it: run
the script with an older checkout on PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import machine, run  # noqa: E402

from dtt.records import import_records_file  # noqa: E402
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


def write_csv(sheet: Path, path: Path) -> None:
    """The sheet's rows as a UTF-8 .csv, header first."""
    wb = load_workbook(sheet, read_only=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in wb.worksheets[0].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    wb.close()


def csv_rounds(db: Path, sheet: Path, runs: int) -> None:
    """`dtt records import x.csv` against `sqlite-utils insert --csv`, fresh processes, each on
    its own copy of the database, interleaved; medians."""
    work = Path(tempfile.mkdtemp(prefix="dtt_bench_import_"))
    data = work / "records.csv"
    write_csv(sheet, data)
    utils = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    dtt_cmd = [sys.executable, "-m", "dtt"]
    times: dict[str, list[tuple[float, float]]] = {"dtt": [], "floor": []}
    for _ in range(runs):
        for label in times:
            copy = work / f"{label}.db"
            shutil.copyfile(db, copy)
            if label == "dtt":
                argv = [*dtt_cmd, "--db", str(copy), "records", "import", str(data), "--force"]
            else:
                argv = [utils, "insert", str(copy), "bench_records", str(data), "--csv"]
            times[label].append(run(argv))
            copy.unlink()
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    print(f"csv        {data.stat().st_size / 1e6:.1f} MB, {runs} interleaved rounds, medians")
    for label, text in (("floor", "sqlite-utils insert --csv (floor)"),
                        ("dtt", "dtt records import x.csv")):
        print(f"  {text:<35} cpu {cpu[label]:.2f} s   wall {wall[label]:.2f} s")
    print(f"  dtt ÷ floor                         cpu {cpu['dtt'] / cpu['floor']:.2f} ×   "
          f"wall {wall['dtt'] / wall['floor']:.2f} ×")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--rows", type=int, default=25000)
    parser.add_argument("--runs", type=int, default=3, help="rounds of the .csv comparison")
    args = parser.parse_args()

    print(machine())
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
    csv_rounds(args.db, sheet, args.runs)


if __name__ == "__main__":
    main()
