"""Hostile and broken input: each refused with one line naming file, row and field (exit 2),
nothing stored, never a traceback. One test per finding of the reliability review."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text
from dtt.errors import InputError, InputErrors
from dtt.tabular import read_table

DATA = Path(__file__).parent / "data"
HEADER = "code,full_name,unit,category,position,heads\n"


def _init(cli, db_path: Path) -> None:
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0


def _people(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT code, full_name FROM people ORDER BY code").fetchall()


def _refused(result, *needles: str) -> str:
    """Exit 2, one `error:` line per problem, no traceback; the stderr text."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr
    assert "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.strip().splitlines()), err
    for needle in needles:
        assert needle in err, err
    return err


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# --- CSV ----------------------------------------------------------------------------------
def test_csv_cell_over_128_kib_is_a_message_not_a_traceback(cli, db_path, tmp_path):
    _init(cli, db_path)
    big = "x" * (129 * 1024)
    f = _write(tmp_path / "p.csv", HEADER + f'NV1,"{big}",HNI,CBCCVC,,\n')
    _refused(cli("people", "import", f), "p.csv:2", "longer than 128 KiB")
    assert _people(db_path) == []


@pytest.mark.parametrize("bad, what", [
    ("\x00", "NUL"), ("\ufeff", "byte-order mark"), ("\x1b[31m", "terminal escape"),
    ("\x07", "U+0007"), ("\u202e", "U+202E"),
])
def test_nul_stray_bom_and_terminal_escapes_are_refused_in_names(cli, db_path, tmp_path, bad,
                                                                 what):
    _init(cli, db_path)
    f = _write(tmp_path / "p.csv", HEADER + "NV1,Lê Văn A,HNI,CBCCVC,,\n"
               f"NV2,Trần{bad} Thị B,HNI,CBCCVC,,\n")
    err = _refused(cli("people", "import", f), "p.csv:3", what)
    assert "\x1b" not in err and "\x00" not in err
    assert _people(db_path) == []


def test_a_bom_at_the_start_is_still_allowed(cli, db_path, tmp_path):
    _init(cli, db_path)
    f = tmp_path / "p.csv"
    f.write_bytes(b"\xef\xbb\xbf" + (HEADER + "NV1,Lê Văn A,HNI,CBCCVC,,\n").encode())
    assert cli("people", "import", f).exit_code == 0
    assert _people(db_path) == [("NV1", "Lê Văn A")]


@pytest.mark.parametrize("header", [
    "code,full_name,unit,category,full_name",
    "code,full_name,unit,category,Code",
    "code,full_name,unit,category,position,position,heads,heads",
])
def test_all_duplicate_header_columns_are_refused(cli, db_path, tmp_path, header):
    _init(cli, db_path)
    f = _write(tmp_path / "p.csv", header + "\nNV1,Lê Văn A,HNI,CBCCVC,x,x,,\n")
    _refused(cli("people", "import", f), "p.csv:1", "duplicate column")
    assert _people(db_path) == []


def test_a_run_of_blank_rows_is_refused(tmp_path):
    f = _write(tmp_path / "p.csv", HEADER + ",,,,,\n" * 10_001 + "NV1,A,HNI,CBCCVC,,\n")
    with pytest.raises(InputError, match="blank rows in a row from row 2"):
        read_table(f)


@pytest.mark.parametrize("cell", ["1_0", "5" * 5000, "0x10", "nan", "inf", "1e999"])
def test_numbers_in_plain_forms_only(cli, db_path, tmp_path, cell):
    _init(cli, db_path)
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    f = _write(tmp_path / "r.csv", f"year,subject,months_worked\n2020,NV001,{cell}\n")
    err = _refused(cli("records", "import", f), "r.csv:2", "months_worked")
    assert len(err) < 400  # a 5,000-digit number is not echoed whole
    f = _write(tmp_path / "y.csv", f"year,subject,months_worked\n{cell},NV001,12\n")
    _refused(cli("records", "import", f), "y.csv:2", "year")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0


# --- xlsx ---------------------------------------------------------------------------------
def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_of_blank_rows_stops_early(tmp_path):
    rows = [["code", "full_name", "unit", "category"]] + [[" "]] * 10_002 + [["NV1", "A", "H",
                                                                             "NLD"]]
    f = _xlsx(tmp_path / "p.xlsx", rows)
    with pytest.raises(InputError, match="blank rows in a row"):
        read_table(f)


def test_xlsx_with_broken_sheet_xml_is_a_message(cli, db_path, tmp_path):
    _init(cli, db_path)
    good = _xlsx(tmp_path / "good.xlsx", [["code", "full_name", "unit", "category"],
                                         ["NV1", "A", "HNI", "NLD"]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            zout.writestr(item, data)
    _refused(cli("people", "import", bad), "bad.xlsx", "not a readable .xlsx")
    assert _people(db_path) == []


def test_xlsx_zip_bomb_is_refused_before_inflating(tmp_path, monkeypatch):
    good = _xlsx(tmp_path / "good.xlsx", [["code"], ["NV1"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
        zout.writestr("xl/padding.bin", b"\0" * (4 << 20))  # 4 MiB → a few KiB
    with pytest.raises(InputError, match="zip bomb"):
        read_table(bomb)
    from dtt import limits

    monkeypatch.setattr(limits, "XLSX_INFLATED", 1000)
    with pytest.raises(InputError, match="inflates to"):
        read_table(good)


def test_xlsx_cells_with_control_characters_are_refused(tmp_path):
    f = _xlsx(tmp_path / "p.xlsx", [["code", "full_name"], ["NV1", "Lê\u202eVăn"]])
    with pytest.raises(InputError, match=r"p.xlsx:2: full_name: holds the control"):
        read_table(f)


# --- YAML ---------------------------------------------------------------------------------
def test_yaml_nested_200_deep_is_a_message_not_recursion(cli, db_path, tmp_path):
    _init(cli, db_path)
    f = _write(tmp_path / "t.yaml", "units: " + "[" * 200 + "]" * 200 + "\n")
    _refused(cli("units", "load", f), "t.yaml:1", "nested more than")
    nested = "".join("  " * i + "- \n" for i in range(200)).replace("- \n", "-\n")
    f2 = _write(tmp_path / "t2.yaml", "units:\n" + "".join(
        "  " * (i + 1) + "- children:\n" for i in range(200)))
    assert nested
    _refused(cli("units", "load", f2), "t2.yaml", "nested more than")


def test_yaml_number_of_5000_digits_and_1_0(cli, db_path, tmp_path):
    _init(cli, db_path)
    text = (DATA / "tree.yaml").read_text(encoding="utf-8")
    f = _write(tmp_path / "t.yaml", text.replace("code: VSS", "code: " + "7" * 5000))
    _refused(cli("units", "load", f), "t.yaml:8", "5,000 characters")
    f = _write(tmp_path / "u.yaml", text.replace("code: VSS", "code: 1_0"))
    _refused(cli("units", "load", f), "u.yaml:8", "not a plain number")


def test_a_mapping_as_a_unit_name_is_refused(cli, db_path, tmp_path):
    _init(cli, db_path)
    text = (DATA / "tree.yaml").read_text(encoding="utf-8")
    f = _write(tmp_path / "t.yaml", text.replace("name: Bảo hiểm xã hội Việt Nam",
                                                  "name: {a: 1}"))
    _refused(cli("units", "load", f), "t.yaml:9", "name: must be text")


def test_yaml_escapes_for_control_characters_are_refused(cli, db_path, tmp_path):
    _init(cli, db_path)
    text = (DATA / "tree.yaml").read_text(encoding="utf-8")
    f = _write(tmp_path / "t.yaml", text.replace("name: Bảo hiểm xã hội Việt Nam",
                                                  'name: "Bảo \\e[2J hiểm"'))
    err = _refused(cli("units", "load", f), "t.yaml:9", "terminal escape")
    assert "\x1b" not in err


# --- criteria -----------------------------------------------------------------------------
def _criteria_error(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_criteria(text, "c.yaml")
    exc = info.value
    return "\n".join(exc.lines) if isinstance(exc, InputErrors) else str(exc)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e999"])
def test_criteria_refuse_nan_and_inf_weights(value):
    text = default_text().replace("eq: HTXSNV}, weight: 10}", f"eq: HTXSNV}}, weight: {value}}}",
                                  1)
    assert text != default_text()
    message = _criteria_error(text)
    line = 1 + text[:text.index(f"weight: {value}")].count("\n")  # the poisoned weight's line
    assert f"c.yaml:{line}" in message


def test_criteria_refuse_nan_thresholds():
    text = default_text().replace("{metric: months_worked, gte: 10}", "{metric: months_worked, "
                                  "gte: .nan}", 1)
    if text == default_text():
        pytest.skip("the bundled criteria changed: no months_worked threshold to poison")
    assert "not a plain number" in _criteria_error(text)


def test_number_finite_check_of_the_rule_parser():
    from dtt.criteria.rules import is_number

    assert is_number(1.5) and is_number(3)
    assert not is_number(float("nan")) and not is_number(float("inf")) and not is_number(True)


def test_a_track_that_requires_itself_is_refused():
    text = default_text().replace("rule: {track: ldtt}", "rule: {track: cstdcs}", 1)
    assert "requires itself" in _criteria_error(text)


def test_a_rule_past_the_documented_size_is_refused():
    from dtt import limits

    branches = ", ".join(["{metric: months_worked, gte: 1}"] * (limits.RULE_NODES + 5))
    text = default_text().replace("rule: {track: ldtt}", f"rule: {{any: [{branches}]}}", 1)
    message = _criteria_error(text)
    assert f"more than {limits.RULE_NODES:,} operators" in message
    deep = "{not: " * (limits.RULE_DEPTH + 2) + "{track: ldtt}" + "}" * (limits.RULE_DEPTH + 2)
    text = default_text().replace("rule: {track: ldtt}", f"rule: {deep}", 1)
    assert "nested more than" in _criteria_error(text)


def test_the_limits_are_documented():
    from dtt import limits

    doc = (Path(__file__).parent.parent / "docs" / "criteria.md").read_text(encoding="utf-8")
    for value in (f"{limits.RULE_NODES:,}", str(limits.RULE_DEPTH), str(limits.YAML_DEPTH),
                  "128 KiB", f"{limits.NUMBER_CHARS}"):
        assert value in doc, value


# --- nothing stored on refusal: a hash of the file before and after ------------------------
def test_a_refused_import_leaves_the_database_file_unchanged(cli, db_path, tmp_path):
    _init(cli, db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    f = _write(tmp_path / "p.csv", HEADER + "NV1,A\x00B,HNI,CBCCVC,,\n")
    _refused(cli("people", "import", f))
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
