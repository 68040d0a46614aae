"""Time a proposal list (danh sách đề nghị) of about 700 rows written as .docx (target ≤ 2 s).

    python bench/bench_documents.py [--db PATH] [--rebuild] [--unit QNH] [--year 2020]

Builds the sample demo once (`dtt demo`, then `dtt evaluate` for the year) and reuses it.
Prints, each the median of --repeat runs: the whole command in a fresh process (`dtt report
--document proposal -o x.docx`), the floor of a fresh process (`dtt --version`), and in this
process the document's parts: building it from the store, writing the .docx, writing the HTML,
and, for comparison, the same table written cell by cell with python-docx's API.
"""

from __future__ import annotations

import argparse
import statistics
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


def timed(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def cell_by_cell(admin) -> bytes:
    """The python-docx way: one add_row and one cell write at a time (the old writer)."""
    import io

    from docx import Document

    from dtt.reports.docmodel import Table

    doc = Document()
    for block in admin.blocks:
        if isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.headers))
            for j, title in enumerate(block.headers):
                table.rows[0].cells[j].text = title
            for values in block.rows:
                cells = table.add_row().cells
                for j, value in enumerate(values):
                    cells[j].text = value
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "dtt-bench-documents.db")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--unit", default="QNH")
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        print(f"demo: {run(['demo'], args.db):.1f} s")
        print(f"evaluate --year {args.year}: "
              f"{run(['evaluate', '--year', str(args.year)], args.db):.1f} s")
    from dtt.render import Document, to_bytes
    from dtt.reports.documents import proposal_doc
    from dtt.store import open_store

    store = open_store(args.db, read_only=True)
    build, admin = timed(lambda: proposal_doc(store, args.unit, args.year), args.repeat)
    rows = len(admin.table_rows())  # type: ignore[attr-defined]
    doc = Document(admin.title, admin=admin)  # type: ignore[attr-defined]
    docx_time, data = timed(lambda: to_bytes(doc, "docx"), args.repeat)
    html_time, _ = timed(lambda: to_bytes(doc, "html"), args.repeat)
    old_time, _ = timed(lambda: cell_by_cell(admin), max(1, args.repeat // 2))
    out = Path(tempfile.gettempdir()) / "dtt-bench-proposal.docx"
    floor = statistics.median(run(["--version"], args.db) for _ in range(args.repeat))
    command = statistics.median(
        run(["report", "--unit", args.unit, "--year", str(args.year), "--document", "proposal",
             "-o", str(out)], args.db) for _ in range(args.repeat))
    print(f"proposal list of {args.unit} {args.year}: {rows} rows, "
          f"{len(data) // 1024} KiB .docx")  # type: ignore[arg-type]
    print(f"  dtt report --document proposal -o x.docx: {command:.2f} s "
          f"(process floor, dtt --version: {floor:.2f} s; ratio {command / floor:.1f}×)")
    print(f"  build from the store: {build:.3f} s")
    print(f"  write .docx (table XML in one pass): {docx_time:.3f} s")
    print(f"  write .html: {html_time:.3f} s")
    print(f"  python-docx cell by cell, same rows: {old_time:.3f} s "
          f"({old_time / docx_time:.0f}× the .docx writer)")


if __name__ == "__main__":
    main()
