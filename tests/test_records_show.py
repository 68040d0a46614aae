"""`records show` on a 100-column terminal: wide records go over several tables; no column is
dropped and no value cut."""

from __future__ import annotations

from test_foundation import DATA
from typer.testing import CliRunner

from dtt.cli import app

ROW = {"rating": "HTXSNV", "title": "TTLDXS", "collection_plan": "101.25", "si_plan": "99.5",
       "vsi_plan": "120.75", "arrears_rate": "2.25", "tthc_on_time": "98.5",
       "e_transactions": "87.5", "initiatives": "12", "charity": "1"}


def test_records_show_fits_100_columns(cli, db_path, tmp_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    f = tmp_path / "tapthe.csv"
    f.write_text("year,subject," + ",".join(ROW) + "\n"
                 + "".join(f"{y},HNI," + ",".join(ROW.values()) + "\n" for y in (2019, 2020)),
                 encoding="utf-8")
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    out = cli("records", "show", "HNI").stdout
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 100
    # Vietnamese (the default): metric labels, enum values by name, numbers as 101,25
    text = " ".join(out.split())
    for words in ("Mức độ hoàn thành", "101,25", "99,5", "120,75", "2,25", "87,5", " có ",
                  "Năm"):
        assert words in text, words
    assert {"Hoàn", "xuất", "sắc", "TTLĐXS"} & set(out.split()) >= {"Hoàn", "xuất", "sắc"}
    for code in ("HTXSNV", "TTLDXS", "collection_plan", "101.25"):
        assert code not in out, code
    assert "HNI (1/" in out and "HNI (2/" in out
    assert out.split().count("2019") >= 2 and out.split().count("2020") >= 2  # on every table

    # English: the keys and codes, numbers as 101.25; every column, no value cut
    english = CliRunner(env={"DTT_LANG": "en"}).invoke(app, ["records", "show", "HNI"]).stdout
    assert max(len(line.rstrip()) for line in english.splitlines()) <= 100
    words = english.split()
    for key, value in ROW.items():
        assert key in words, key
        shown = {"1": "yes"}.get(value, value) if key == "charity" else value
        assert words.count(shown) >= 2, (key, shown)
    assert "HNI (1/2)" in english and "HNI (2/2)" in english
    assert words.count("2019") == 2 and words.count("2020") == 2  # the year on every table
