"""A draft policy tried on a stored year: `dtt evaluate --criteria FILE [--dry-run]`, `dtt
compare`, and reading (`--explain`) that never stores a run.

The small database of test_report_support: person i (P01…P08) has i % 3 initiatives in 2020
(P02, P05, P08: one; P03, P06: two) and every one of them meets `ldtt`. Under the default
2017–2020 criteria `cstdcs` needs one initiative, so P02, P03, P05, P06, P08 are eligible; in
HNI by score P05 is first, P02 second and P03 (rated HTTNV) third; no one is inside the quota
(15% of 5 floors to 0). A draft asking for two initiatives leaves P03 and P06 eligible: P02,
P05 and P08 become ineligible on `cstdcs.initiative`, P03 moves from third to first in HNI,
P06 (alone in BNH) does not move."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from test_report_support import make_db

from dtt.criteria.source import default_text
from dtt.engine import evaluate, latest_evaluation
from dtt.engine.compare import change_line, compare
from dtt.engine.results import current_results
from dtt.engine.run import try_draft
from dtt.reports.prepare import has_evaluation

OLD = "rule: {metric: initiatives, gte: 1}"
NEW = "rule: {metric: initiatives, gte: 2}"


def draft_text() -> str:
    text = default_text()
    assert text.count(OLD) == 1  # the 2017–2020 cstdcs.initiative
    return text.replace(OLD, NEW)


@pytest.fixture
def small(tmp_path: Path, db_path: Path) -> Path:
    """The small database at $DTT_DB with 2020 evaluated (evaluation #1); the draft file
    beside it."""
    store = make_db(db_path.parent)
    evaluate(store, 2020)
    store.close()
    (tmp_path / "draft.yaml").write_text(draft_text(), encoding="utf-8")
    return tmp_path / "draft.yaml"


def table_hashes(db: Path) -> dict[str, str]:
    """sha256 of every table's whole content, row by row in rowid (or key) order."""
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for name in names:
            digest = hashlib.sha256()
            for row in con.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2'):
                digest.update(repr(row).encode("utf-8"))
            out[name] = digest.hexdigest()
        out["user_version"] = str(con.execute("PRAGMA user_version").fetchone()[0])
        return out
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_raised_threshold_moves_exactly_the_hand_computed_subjects(small, db_path) -> None:
    from dtt.store import open_store

    store = open_store(db_path)
    try:
        result = compare(store, 2020, criteria_text=draft_text(), criteria_file="draft.yaml")
    finally:
        store.close()
    doc = result.document
    moved = {(c["subject"], c["track"]): c for c in doc["changes"]}
    assert set(moved) == {("P02", "cstdcs"), ("P05", "cstdcs"), ("P08", "cstdcs"),
                          ("P03", "cstdcs")}
    for code, rank in (("P02", 2), ("P05", 1), ("P08", 1)):
        c = moved[(code, "cstdcs")]
        assert c["from"] == {"eligible": True, "status": "eligible", "rank": rank}
        assert c["to"] == {"eligible": False, "status": "ineligible", "rank": None}
        assert c["decisive"] == [{"id": "cstdcs.initiative",
                                  "detail": "initiatives 2020 = 1, needs ≥ 2"}]
    p03 = moved[("P03", "cstdcs")]
    assert (p03["from"]["rank"], p03["to"]["rank"]) == (3, 1)
    assert p03["to"]["eligible"] and p03["decisive"] == [
        {"id": "rank", "detail": "rank 3 → 1 in HNI (BHXH thành phố Hà Nội: eligible 3 → 1)"}]
    assert change_line(moved[("P02", "cstdcs")]) == (
        "P02 cstdcs: eligible → ineligible; cstdcs.initiative: initiatives 2020 = 1, "
        "needs ≥ 2")
    # per group and track: counts before and after, and the quota lines
    changed = {(g["track"], g["group"]): g for g in doc["groups"] if g["changed"]}
    assert set(changed) == {("cstdcs", "HNI"), ("cstdcs", "DNG")}
    hni = changed[("cstdcs", "HNI")]
    assert hni["before"] == {"candidates": 5, "eligible": 3, "recommended": 0}
    assert hni["after"] == {"candidates": 5, "eligible": 1, "recommended": 0}
    assert hni["quota"]["before"] == hni["quota"]["after"]
    assert hni["quota"]["after"][0].startswith("limit 0: 15% of 5 eligible for ldtt")
    assert doc["base"]["evaluation"] == 1 and doc["draft"]["evaluation"] is None
    assert doc["base"]["version"] == doc["draft"]["version"] == "2017-2020"
    assert doc["base"]["sha256"] != doc["draft"]["sha256"]


def test_compare_json_is_the_contract(cli, small) -> None:
    result = cli("compare", "--year", "2020", "--criteria", small, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["year", "base", "draft", "changes", "groups"]
    assert set(doc["base"]) == set(doc["draft"]) == {"version", "sha256", "evaluation"}
    assert len(doc["draft"]["sha256"]) == 64
    for c in doc["changes"]:
        assert list(c) == ["subject", "track", "from", "to", "decisive"]
        assert set(c["from"]) == set(c["to"]) == {"eligible", "status", "rank"}
        assert all(set(d) == {"id", "detail"} for d in c["decisive"])
    assert len(doc["changes"]) == 4
    only = json.loads(cli("compare", "--year", "2020", "--criteria", small, "--track",
                          "ldtt", "--format", "json").stdout)
    assert only["changes"] == [] and {g["track"] for g in only["groups"]} == {"ldtt"}
    bnh = json.loads(cli("compare", "--year", "2020", "--criteria", small, "--unit", "BNH",
                         "--format", "json").stdout)
    assert bnh["changes"] == []
    hni = json.loads(cli("compare", "--year", "2020", "--criteria", small, "--unit", "HNI",
                         "--format", "json").stdout)
    assert {c["subject"] for c in hni["changes"]} == {"P02", "P03", "P05"}


def test_a_run_compared_with_itself_changes_nothing(cli, small, db_path) -> None:
    before = table_hashes(db_path)
    result = cli("compare", "--year", "2020", "--evaluation", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["changes"] == [] and doc["groups"]
    assert not any(g["changed"] for g in doc["groups"])
    assert doc["base"] == doc["draft"]
    assert table_hashes(db_path) == before  # compare stores nothing


def test_dry_run_leaves_every_table_byte_identical(cli, small, db_path) -> None:
    before = table_hashes(db_path)
    result = cli("evaluate", "--year", "2020", "--criteria", small, "--dry-run",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["evaluation_id"] is None and doc["draft"]["stored"] is False
    assert doc["draft"]["file"] == "draft.yaml"
    assert doc["draft"]["base"]["version"] == doc["criteria"]["version"] == "2017-2020"
    assert doc["draft"]["base"]["sha256"] != doc["criteria"]["sha256"]
    p02 = next(r for r in doc["results"] if r["subject"] == "P02" and r["track"] == "cstdcs")
    assert p02["status"] == "ineligible"
    assert "dry run: nothing stored" in result.stderr
    assert table_hashes(db_path) == before


def test_a_stored_draft_never_touches_the_current_results(cli, small, db_path) -> None:
    from dtt.store import open_store

    store = open_store(db_path)
    try:
        current = current_results(store, 2020)
        latest = latest_evaluation(store, 2020)
    finally:
        store.close()
    result = cli("evaluate", "--year", "2020", "--criteria", small)
    assert result.exit_code == 0, result.stderr
    assert "stored as draft evaluation #2 (not current)" in result.stderr
    assert "in force: 2017-2020" in result.stderr
    store = open_store(db_path)
    try:
        assert current_results(store, 2020) == current
        assert latest_evaluation(store, 2020) == latest
        # the draft is kept apart, with both files named
        con = sqlite3.connect(db_path)
        row = con.execute("SELECT kind, criteria_file, base_version, base_sha256, "
                          "criteria_sha256 FROM evaluations WHERE id = 2").fetchone()
        kept = con.execute("SELECT COUNT(*) FROM criteria_files WHERE sha256 = ?",
                           (row[4],)).fetchone()[0]
        currents = con.execute("SELECT COUNT(*) FROM results WHERE evaluation_id = 2 "
                               "AND current = 1").fetchone()[0]
        con.close()
        assert row[:3] == ("draft", "draft.yaml", "2017-2020") and row[3] == current[0][
            "criteria_sha256"]
        assert kept == 1 and currents == 0
        # comparing with the stored draft is comparing with the file
        stored = compare(store, 2020, evaluation=2).document
        fresh = compare(store, 2020, criteria_text=draft_text(),
                        criteria_file="draft.yaml").document
        assert stored["changes"] == fresh["changes"] and stored["groups"] == fresh["groups"]
        assert stored["draft"]["evaluation"] == 2
        # a draft alone is no evaluation of its year: a report would still run one first
        run = try_draft(store, draft_text(), "draft.yaml", 2019)
        assert run.evaluation_id == 3
        assert not has_evaluation(store, 2019) and latest_evaluation(store, 2019) is None
        assert current_results(store, 2019) == []
    finally:
        store.close()


def test_explain_stores_nothing(cli, small, db_path) -> None:
    before = table_hashes(db_path)
    evaluations = count(db_path, "evaluations")
    result = cli("evaluate", "--year", "2020", "--explain", "P03", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["subject"] == "P03" and doc["evaluation_id"] is None
    cstdcs = next(r for r in doc["results"] if r["track"] == "cstdcs")
    assert cstdcs["rank"] == 3  # the same rank as the stored full run: its group is whole
    assert "nothing stored" in result.stderr
    assert cli("evaluate", "--year", "2020", "--explain", "HNI").exit_code == 0
    assert count(db_path, "evaluations") == evaluations
    assert table_hashes(db_path) == before


def test_compare_writes_the_administrative_report(cli, small, tmp_path) -> None:
    import docx

    target = tmp_path / "so-sanh.docx"
    result = cli("compare", "--year", "2020", "--criteria", small, "--output", target,
                 "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO SO SÁNH PHƯƠNG ÁN TIÊU CHÍ" in text
    assert "Phương án dự thảo: draft.yaml" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "P02" in cells and any("cstdcs.initiative" in c for c in cells)
    for fmt in ("table", "md", "csv", "html"):
        out = cli("compare", "--year", "2020", "--criteria", small, "--format", fmt)
        assert out.exit_code == 0, out.stderr
        assert "P05" in out.stdout and "cstdcs.initiative" in out.stdout
    xlsx = tmp_path / "so-sanh.xlsx"
    assert cli("compare", "--year", "2020", "--evaluation", "1", "-o", xlsx).exit_code == 0
    assert xlsx.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args, words", [
    ((), "give either --criteria FILE or --evaluation N"),
    (("--evaluation", "1", "--criteria", "x.yaml"), "give either"),
    (("--evaluation", "9"), "no evaluation #9"),
    (("--criteria", "missing.yaml"), "file not found"),
    (("--evaluation", "1", "--track", "nope"), "unknown track 'nope'"),
    (("--evaluation", "1", "--unit", "XYZ"), "unknown unit 'XYZ'"),
])
def test_bad_compare_options_exit_2(cli, small, db_path, args, words) -> None:
    before = table_hashes(db_path)
    result = cli("compare", "--year", "2020", *args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert table_hashes(db_path) == before


def test_compare_needs_a_stored_year(cli, small, db_path) -> None:
    result = cli("compare", "--year", "2019", "--criteria", small)
    assert result.exit_code == 2
    assert "no evaluation stored for 2019" in result.stderr


def test_dry_run_needs_a_draft(cli, small) -> None:
    result = cli("evaluate", "--year", "2020", "--dry-run")
    assert result.exit_code == 2 and "--dry-run goes with --criteria" in result.stderr


@pytest.mark.parametrize("command", ["evaluate", "compare"])
def test_a_bad_draft_file_writes_nothing(cli, small, db_path, command) -> None:
    bad = Path(__file__).parent / "data" / "criteria_bad_unknown_metric.yaml"
    before = table_hashes(db_path)
    result = cli(command, "--year", "2020", "--criteria", bad)
    assert result.exit_code == 2
    assert "criteria_bad_unknown_metric.yaml" in result.stderr
    assert table_hashes(db_path) == before
