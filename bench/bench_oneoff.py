"""Benchmark: `dtt evaluate` of one year (all tracks, stored and explained) against a plain-Python
one-off of the same policy reading CSV files (bench/oneoff.py), and whether their verdicts agree.
Prints figures; not a test.

    python bench/bench_oneoff.py [--db PATH] [--reuse] [--year Y] [--runs N] [--keep DIR]
                                 [--check-years Y ...] [--decisions N]

The sector database is built as bench/bench_evaluate.py builds it (`dtt demo --scale sector`).
Its CSV export (the year's tree, people with the year's roster, the records of Y-5 … Y,
registrations, council decisions) is timed apart and not counted. Then, in rounds, each in a
fresh process: the sqlite3 floor of bench_evaluate (the rows an evaluation reads), the one-off
(CSV in, verdicts CSV out), `dtt evaluate --year Y` on a fresh copy of the database (it stores
every result), and `dtt evaluate --year Y` again on that copy (the re-run: every result found
unchanged). Figures are medians; cpu is the process's user + system time, peak memory the
process's max RSS.

The verdicts of the last round are compared subject by subject. `--check-years` compares them
for other years too (one run each, untimed), and `--decisions N` does the same for the year on a
copy given N council decisions on `cstdn` in earlier years (some recognised, some overridden by a
later rejection), so that awards read from decisions are compared as well.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # noqa: E402
from bench_evaluate import build  # noqa: E402
from bench_evaluate import machine as cpu_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BACK = 5  # the oldest year the 2017–2020 rules read: cstdtq's Y-5


# --- the export: what the sector's database hands the analyst ---------------------------------
def export(db: Path, year: int, out: Path) -> dict[str, int]:
    """Write units.csv, people.csv, records.csv, registrations.csv and decisions.csv of `year`
    into `out`; return the rows written per file."""
    out.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    counts: dict[str, int] = {}

    def write(name: str, header: list[str], rows: list) -> None:
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        counts[name] = len(rows)

    day = f"{year}-12-31"
    tree = conn.execute("SELECT id FROM trees WHERE valid_from <= ? ORDER BY valid_from DESC "
                        "LIMIT 1", (day,)).fetchone() \
        or conn.execute("SELECT id FROM trees ORDER BY valid_from LIMIT 1").fetchone()
    if tree is None:
        raise SystemExit("the database has no dated tree")
    units = conn.execute(
        "SELECT u.code, u.name, u.level, COALESCE(u.parent, ''), "
        "COALESCE((SELECT MIN(c.cluster) FROM tree_clusters c WHERE c.tree = u.tree "
        "AND c.unit = u.code), '') FROM tree_units u WHERE u.tree = ? "
        "ORDER BY u.position, u.code", (tree[0],)).fetchall()
    write("units.csv", ["code", "name", "level", "parent", "cluster"], units)

    # every person with the unit, position and headed unit of the roster as of the year
    people = conn.execute(
        "SELECT p.code, p.full_name, COALESCE(r.unit, p.unit), "
        "CASE WHEN r.person IS NULL THEN p.position ELSE r.position END, "
        "CASE WHEN r.person IS NULL THEN p.heads ELSE r.heads END, "
        "p.gender, p.born, p.recruited "
        "FROM people p LEFT JOIN roster r ON r.person = p.code AND r.year = COALESCE("
        "(SELECT MAX(x.year) FROM roster x WHERE x.person = p.code AND x.year <= ?), "
        "(SELECT MIN(x.year) FROM roster x WHERE x.person = p.code)) ORDER BY p.code",
        (year,)).fetchall()
    write("people.csv", ["code", "full_name", "unit", "position", "heads", "gender", "born",
                         "recruited"], [["" if v is None else v for v in r] for r in people])

    rows = conn.execute("SELECT subject, year, data FROM records WHERE year BETWEEN ? AND ? "
                        "ORDER BY subject, year", (year - BACK, year)).fetchall()
    parsed = [(s, y, json.loads(data or "{}")) for s, y, data in rows]
    keys = sorted({k for _, _, data in parsed for k in data})

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    write("records.csv", ["subject", "year", *keys],
          [[s, y, *(cell(data.get(k)) for k in keys)] for s, y, data in parsed])
    write("registrations.csv", ["subject", "track", "year"], conn.execute(
        "SELECT subject, track, year FROM registrations WHERE withdrawn_at IS NULL "
        "ORDER BY subject, track, year").fetchall())
    write("decisions.csv", ["id", "year", "track", "subject", "outcome"], conn.execute(
        "SELECT id, year, track, subject, outcome FROM decisions ORDER BY id").fetchall())
    counts["nominations (left out)"] = conn.execute(
        "SELECT COUNT(*) FROM nominations WHERE year = ?", (year,)).fetchone()[0]
    outside = conn.execute(
        "SELECT COUNT(*) FROM people p WHERE COALESCE((SELECT r.unit FROM roster r WHERE "
        "r.person = p.code AND r.year <= ? ORDER BY r.year DESC LIMIT 1), p.unit) NOT IN "
        "(SELECT code FROM tree_units WHERE tree = ?)", (year, tree[0])).fetchone()[0]
    counts["people outside the tree (left out)"] = outside
    conn.close()
    return counts


# --- comparing the verdicts --------------------------------------------------------------------
Verdict = tuple[int, str, int | None, float | None]  # eligible, status, rank, score


def dtt_verdicts(db: Path, year: int) -> dict[tuple[str, str], Verdict]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT track, subject, eligible, status, rank, score FROM "
                        "current_results WHERE year = ?", (year,)).fetchall()
    conn.close()
    return {(t, s): (int(e), st, r, None if sc is None else float(sc))
            for t, s, e, st, r, sc in rows}


def oneoff_verdicts(path: Path) -> dict[tuple[str, str], Verdict]:
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(row["track"], row["subject"])] = (
                int(row["eligible"]), row["status"], int(row["rank"]) if row["rank"] else None,
                float(row["score"]) if row["score"] else None)
    return out


def agreement(ours: dict, theirs: dict, examples: int = 3) -> int:
    """Print per track the counts of both sides and the subjects on which they differ;
    return the number of disagreements."""
    tracks = list(dict.fromkeys([t for t, _ in theirs] + [t for t, _ in ours]))
    print(f"{'track':<20} {'candidates':>17} {'eligible':>17} {'recommended':>17} "
          f"{'disagree':>9}   (dtt / one-off)")
    total = 0
    for track in tracks:
        a = {s: v for (t, s), v in theirs.items() if t == track}
        b = {s: v for (t, s), v in ours.items() if t == track}
        diffs: list[str] = []
        kinds: Counter[str] = Counter()
        for s in sorted(set(a) | set(b)):
            va, vb = a.get(s), b.get(s)
            if va is None or vb is None:
                kinds["only dtt" if vb is None else "only one-off"] += 1
                diffs.append(f"{s}: dtt {va}, one-off {vb}")
                continue
            what = [name for name, x, y in zip(("eligible", "status", "rank"), va[:3], vb[:3],
                                               strict=True) if x != y]
            if va[3] is not None and vb[3] is not None and abs(va[3] - vb[3]) > 1e-6:
                what.append("score")
            if what:
                kinds[what[0]] += 1
                diffs.append(f"{s}: dtt {va}, one-off {vb}")

        def count(v: dict, status: str | None = None) -> int:
            return sum(1 for x in v.values() if (x[1] == status if status else x[0]))

        print(f"{track:<20} {len(a):>8,}/{len(b):<8,} {count(a):>8,}/{count(b):<8,} "
              f"{count(a, 'recommended'):>8,}/{count(b, 'recommended'):<8,} {len(diffs):>9,}"
              + (f"   {dict(kinds)}" if kinds else ""))
        for line in diffs[:examples]:
            print(f"{'':<22}{line}")
        total += len(diffs)
    return total


# --- council decisions for the agreement check -------------------------------------------------
def add_decisions(db: Path, year: int, n: int) -> int:
    """Give `n` people holding a CSTĐCS-or-higher title in Y-1 a council decision on cstdn in
    one of Y-5 … Y-1: recognised, and every third overridden by a later rejection (the latest
    decision counts). Returns the decisions written."""
    conn = sqlite3.connect(db)
    people = conn.execute(
        "SELECT r.subject, p.unit FROM records r JOIN people p ON p.code = r.subject "
        "WHERE r.year = ? AND json_extract(r.data, '$.title') IN ('CSTDCS', 'CSTDN') "
        "ORDER BY r.subject", (year - 1,)).fetchall()
    step = max(1, len(people) // max(1, n))
    written = 0
    with conn:
        for i, (subject, unit) in enumerate(people[::step][:n]):
            for y in {year - 1 - i % 5, year - 1 - (i + 2) % 5}:
                outcomes = ["recognised"] + (["rejected"] if i % 3 == 2 else [])
                for outcome in outcomes:
                    conn.execute(
                        "INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
                        "votes_against, outcome, decided_at) VALUES (?, 'cstdn', ?, ?, 9, 9, 0, "
                        "?, ?)", (y, subject, unit, outcome, f"{y + 1}-01-15T00:00:00+00:00"))
                    written += 1
    conn.close()
    return written


def check(db: Path, year: int, work: Path, decisions: int = 0) -> int:
    """One untimed comparison of the verdicts of `year` on a copy of `db`."""
    copy = work / f"check_{year}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    note = ""
    if decisions:
        note = f", {add_decisions(copy, year, decisions)} council decisions on cstdn added"
    csvs, verdicts = work / f"csv_{year}", work / f"oneoff_{year}.csv"
    subprocess.run([sys.executable, __file__, "--export", str(csvs), "--db", str(copy),
                    "--year", str(year)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(HERE / "oneoff.py"), str(csvs), str(verdicts),
                    "--year", str(year)], check=True)
    subprocess.run([*timing.dtt(), "--db", str(copy), "evaluate", "--year", str(year)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"\nagreement in {year}{note}")
    n = agreement(oneoff_verdicts(verdicts), dtt_verdicts(copy, year))
    print(f"disagreements in all: {n}")
    return n


def run(argv: list[str]) -> tuple[float, float, float]:
    """(wall s, cpu s, peak memory MB) of one run of `argv` in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# --- the timed steps -------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt_bench_sector.db")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=3, help="rounds of measurements")
    parser.add_argument("--check-years", type=int, nargs="*", default=[],
                        help="also compare the verdicts of these years (untimed)")
    parser.add_argument("--decisions", type=int, default=0,
                        help="also compare the year's verdicts with N council decisions added")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the CSV files and the copies here (default: a temporary "
                             "directory, removed)")
    parser.add_argument("--export", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export is not None:
        print(json.dumps(export(args.db, args.year, args.export)))
        return

    built = build(args.db, args.reuse)
    work = args.keep or Path(tempfile.mkdtemp(prefix="dtt_oneoff_"))
    work.mkdir(parents=True, exist_ok=True)
    csvs, verdicts, copy = work / "csv", work / "oneoff_verdicts.csv", work / "copy.db"
    timing.prepare(ROOT)
    print(f"machine    {cpu_model()}; {timing.machine()}")
    print(f"database   {args.db}" + (f" (built in {built:.1f} s)" if built else " (reused)"))

    # the export in its own process, so that this one stays small: a child's peak memory
    # (max RSS) starts from its parent's size at the fork
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--export", str(csvs), "--db", str(args.db),
                          "--year", str(args.year)], check=True, capture_output=True, text=True)
    counts = json.loads(out.stdout)
    print(f"export     {time.perf_counter() - started:.2f} s (not counted): "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    py = sys.executable
    floor_cmd = [py, "-c", f"import sys; sys.path[:0] = [{str(HERE)!r}, {str(ROOT)!r}]; "
                 f"import bench_evaluate as b; b.floor({str(args.db)!r}, {args.year})"]
    oneoff_cmd = [py, str(HERE / "oneoff.py"), str(csvs), str(verdicts), "--year",
                  str(args.year)]
    dtt_cmd = [*timing.dtt(), "--db", str(copy), "evaluate", "--year", str(args.year)]
    times: dict[str, list[tuple[float, float, float]]] = {
        k: [] for k in ("floor", "oneoff", "dtt", "dtt_rerun")}
    for _ in range(args.runs):
        times["floor"].append(run(floor_cmd))
        times["oneoff"].append(run(oneoff_cmd))
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        shutil.copyfile(args.db, copy)  # a fresh copy: the run stores every result
        times["dtt"].append(run(dtt_cmd))
        times["dtt_rerun"].append(run(dtt_cmd))  # the same copy: nothing changed

    med = statistics.median
    wall = {k: med(x[0] for x in v) for k, v in times.items()}
    cpu = {k: med(x[1] for x in v) for k, v in times.items()}
    peak = {k: max(x[2] for x in v) for k, v in times.items()}
    print(f"\nmedians of {args.runs} interleaved runs, each a fresh process "
          f"(load now {os.getloadavg()[0]:.1f})")
    print(f"{'step':<44} {'cpu':>8} {'÷ one-off':>10} {'wall':>8} {'÷ one-off':>10} "
          f"{'peak':>8}")
    labels = {"floor": "floor: sqlite3 reads the evaluation's rows",
              "oneoff": "one-off: CSV → verdicts CSV (bench/oneoff.py)",
              "dtt": f"dtt evaluate --year {args.year} (stores all)",
              "dtt_rerun": f"dtt evaluate --year {args.year} again"}
    for key, label in labels.items():
        print(f"{label:<44} {cpu[key]:7.2f}s {cpu[key] / cpu['oneoff']:9.2f}× "
              f"{wall[key]:7.2f}s {wall[key] / wall['oneoff']:9.2f}× {peak[key]:5.0f} MB")

    print("\nagreement (verdicts of the last runs: dtt's stored current results, the one-off's "
          "CSV)")
    n = agreement(oneoff_verdicts(verdicts), dtt_verdicts(copy, args.year))
    print(f"disagreements in all: {n}")
    for y in args.check_years:
        check(args.db, y, work)
    if args.decisions:
        check(args.db, args.year, work, args.decisions)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept       {work}")


if __name__ == "__main__":
    main()
