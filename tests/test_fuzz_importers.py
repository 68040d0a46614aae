"""Fuzzing the importers (people, records, the units YAML) and the criteria loader.

Each generated file either imports correctly or is refused with exit status 2, one `error:`
line per problem and the database unchanged — never a traceback. DTT_FUZZ_EXAMPLES raises the
number of cases (CI keeps it modest).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dtt.cli import app
from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text
from dtt.errors import InputError

DATA = Path(__file__).parent / "data"
EXAMPLES = int(os.environ.get("DTT_FUZZ_EXAMPLES", "20"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])
TREE = (DATA / "tree.yaml").read_text(encoding="utf-8")
CRITERIA = default_text()

# the characters that broke things: markup, quotes, separators, controls, BOM, NUL, escapes
NASTY = st.sampled_from(["[/red]", "[bold]", '"', "'", ",", ";", "\t", "\n", "\r", "\x00",
                         "\x1b[31m", "\ufeff", "\u202e", "\x7f", "1_0", "ẫ", "Đ", " ", "-",
                         "9" * 60, "nan", "inf", ":", "{", "}", "[", "]", "&", "*a", "!!"])
CELL = st.one_of(
    st.text(max_size=12),
    st.lists(NASTY, max_size=4).map("".join),
    st.sampled_from(["NV001", "HNI", "HNI-BD", "CBCCVC", "NLĐ", "2020", "12", "HTXSNV",
                     "Nguyễn Văn Ân", ""]),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database with the test tree and people, made once; each case works on a copy."""
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    runner = CliRunner()
    for args in (["init", "--units", str(DATA / "tree.yaml")],
                 ["people", "import", str(DATA / "people.csv")]):
        assert runner.invoke(app, ["--db", str(path), *args]).exit_code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy is whole (still WAL)
    return path


def _digest(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(template: Path, work: Path, args: list[str]):
    """Run dtt on a fresh copy of the template; (result, db, digest before)."""
    db = work / "case.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, db)
    before = _digest(db)
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result, db, before


def _held(result, db: Path, before: str) -> None:
    """Imported (exit 0), or refused (exit 2, error lines only, database unchanged)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), result.stderr
        assert "\x1b" not in result.stderr and "\x00" not in result.stderr
        assert _digest(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _csv(header: list[str], rows: list[list[str]], raw: bool) -> bytes:
    if raw:  # no quoting: separators and line breaks in cells make a malformed file
        text = "\n".join(",".join(r) for r in [header, *rows])
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
    return text.encode("utf-8", "surrogatepass")


PEOPLE_HEADER = st.one_of(
    st.just(["code", "full_name", "unit", "category", "position", "heads"]),
    st.lists(st.sampled_from(["code", "full_name", "unit", "category", "position", "heads",
                              "Code", "full name", "[/red]", "", "x\x00"]),
             min_size=1, max_size=8),
)


@SETTINGS
@given(header=PEOPLE_HEADER, rows=st.lists(st.lists(CELL, max_size=7), max_size=6),
       raw=st.booleans())
def test_fuzz_people_import(template, tmp_path, header, rows, raw):
    f = tmp_path / "people.csv"
    try:
        f.write_bytes(_csv(header, rows, raw))
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written as UTF-8 at all
    result, db, before = _run(template, tmp_path, ["people", "import", str(f)])
    _held(result, db, before)
    if result.exit_code == 0:
        with sqlite3.connect(db) as conn:
            codes = {r[0] for r in conn.execute("SELECT code FROM people")}
            names = conn.execute("SELECT full_name FROM people").fetchall()
        imported = {r[header.index("code")].strip() for r in rows
                    if "code" in header and len(r) > header.index("code")
                    and r[header.index("code")].strip()}
        assert imported <= {c for c in codes} | {c.strip() for c in codes}
        for (name,) in names:
            assert "\x00" not in name and "\x1b" not in name and "\ufeff" not in name


RECORD_METRICS = ["months_worked", "rating", "initiatives", "hcm_study", "title", "discipline"]


@SETTINGS
@given(metrics=st.lists(st.sampled_from(RECORD_METRICS), min_size=1, max_size=4),
       rows=st.lists(st.tuples(st.one_of(st.sampled_from(["2019", "2020", "1_0", "20_20",
                                                          "2020.0", "9" * 5000]), CELL),
                               st.sampled_from(["NV001", "NV002", "HNI", "nobody", "[/red]"]),
                               st.lists(CELL, min_size=4, max_size=4)), max_size=6),
       raw=st.booleans())
def test_fuzz_records_import(template, tmp_path, metrics, rows, raw):
    header = ["year", "subject", *metrics]
    body = [[y, s, *cells[: len(metrics)]] for y, s, cells in rows]
    f = tmp_path / "records.csv"
    try:
        f.write_bytes(_csv(header, body, raw))
    except UnicodeEncodeError:
        return
    result, db, before = _run(template, tmp_path, ["records", "import", str(f)])
    _held(result, db, before)
    if result.exit_code == 0:
        with sqlite3.connect(db) as conn:
            years = {r[0] for r in conn.execute("SELECT DISTINCT year FROM records")}
        assert years <= {2019, 2020}


def _mutate(text: str, edits: list[tuple[int, str, int]]) -> str:
    for position, insert, cut in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut:]
    return text


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.one_of(NASTY, CELL), st.integers(0, 3)),
                 min_size=1, max_size=4)
YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), CELL),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(["code", "name", "level",
                                                                "children", "units", "levels",
                                                                "key", "parent", "members",
                                                                "clusters"]), children,
                                               max_size=4)),
    max_leaves=12,
)


@SETTINGS
@given(edits=EDITS)
def test_fuzz_units_yaml_edits(template, tmp_path, edits):
    f = tmp_path / "tree.yaml"
    try:
        f.write_bytes(_mutate(TREE, edits).encode("utf-8", "surrogatepass"))
    except UnicodeEncodeError:
        return
    result, db, before = _run(template, tmp_path, ["units", "load", str(f)])
    _held(result, db, before)


@SETTINGS
@given(doc=YAML_VALUES)
def test_fuzz_units_yaml_shapes(template, tmp_path, doc):
    import yaml

    f = tmp_path / "tree.yaml"
    try:
        f.write_bytes(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass"))
    except (UnicodeEncodeError, yaml.YAMLError):
        return
    result, db, before = _run(template, tmp_path, ["units", "load", str(f)])
    _held(result, db, before)


NUMBER_LIKE = st.sampled_from([".nan", ".inf", "-.inf", "1_0", "0x1F", "1:30", "9" * 5000,
                               "1.0e999", "-1", "0", "1e3", "'5'", "[1]", "{a: 1}", "~"])


@SETTINGS
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.one_of(NASTY, NUMBER_LIKE),
                                st.integers(0, 3)), min_size=1, max_size=3))
def test_fuzz_criteria_loader(edits):
    text = _mutate(CRITERIA, edits)
    try:
        parse_criteria(text, "criteria.yaml")
    except InputError as exc:
        for line in exc.lines if hasattr(exc, "lines") else [str(exc)]:
            assert "criteria.yaml" in line or line.startswith("…"), line


@SETTINGS
@given(number=NUMBER_LIKE, nth=st.integers(0, 200))
def test_fuzz_criteria_numbers(number, nth):
    """Every number of the criteria in turn replaced by a hostile one: loads or refuses."""
    import re

    spots = [m for m in re.finditer(r"(?<=[:\[, ])(-?\d+(?:\.\d+)?)(?=[,}\]\n ])", CRITERIA)]
    spot = spots[nth % len(spots)]
    text = CRITERIA[: spot.start()] + number + CRITERIA[spot.end():]
    try:
        parse_criteria(text, "criteria.yaml")
    except InputError:
        pass
