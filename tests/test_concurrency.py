"""Several dtt processes writing one database at once all succeed (BEGIN IMMEDIATE + WAL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _dtt(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DTT_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "dtt", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_four_record_imports_at_once(cli, db_path, tmp_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    files = []
    for i, code in enumerate(["NV001", "NV002", "NV003", "NV004"]):
        f = tmp_path / f"r{i}.csv"
        lines = ["year,subject,rating,months_worked"]
        lines += [f"{year},{code},HTTNV,{12 - i}" for year in range(2010, 2021)]
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(f)
    procs = [_dtt(db_path, "records", "import", str(f)) for f in files]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    for i, code in enumerate(["NV001", "NV002", "NV003", "NV004"]):
        r = cli("records", "show", code, "-f", "json")
        rows = json.loads(r.stdout)["sections"][0]["rows"]
        assert len(rows) == 11 and rows[-1]["months_worked"] == 12 - i
