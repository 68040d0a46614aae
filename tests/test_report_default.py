"""`dtt report` at volume: ineligible rows left out by default (and counted), --status all,
the stored `facts` read instead of the checks, JSON lines, the streaming text writer and the
fast Vietnamese name key."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest

from dtt.render.model import Column, Document, Section
from dtt.reports.order import fast_name_key, parse_statuses
from dtt.reports.ranked import build_ranked
from dtt.reports.ranked_out import result_json
from dtt.reports.textable import write_document
from dtt.text import name_key

HINT = "1 không đạt (dùng --status all để xem)"


def _hni(out: str) -> str:
    return out[out.index("BHXH thành phố Hà Nội"):]


def test_table_leaves_ineligible_out_and_counts_them(db, cli) -> None:
    out = cli("report", "--unit", "province").stdout
    assert "Không đủ điều kiện" not in out and "needs HTXSNV" not in out
    assert out.count("Lê Đức Anh") == 1  # eligible for ldtt, not for the exemplar
    assert f"10 ứng viên: Được công nhận 1, Đề nghị 6, Đủ điều kiện 2, {HINT}" in _hni(out)
    en = cli("report", "--unit", "province", "--lang", "en").stdout
    assert "1 ineligible (use --status all to see them)" in en


@pytest.mark.parametrize("status", ["all", "ALL", "ineligible,all"])
def test_status_all_shows_every_row(db, cli, status) -> None:
    out = cli("report", "--unit", "province", "--status", status).stdout
    hni = _hni(out)
    # the decisive fact of the ineligible row, in Vietnamese from the stored check
    assert "Không đủ điều kiện" in hni and "Mức độ hoàn thành" in hni and "cần" in hni.split()
    assert "needs" not in hni and "HTXSNV" not in hni
    assert "10 ứng viên: Được công nhận 1, Đề nghị 6, Đủ điều kiện 2, Không đủ điều kiện 1" \
        in hni
    assert "--status all" not in out


def test_status_ineligible_shows_only_them(db, cli) -> None:
    out = cli("report", "--unit", "HNI", "--status", "ineligible").stdout
    assert "1 ứng viên: Không đủ điều kiện 1" in out
    assert "Đề nghị" not in out


def test_csv_follows_the_default(db, cli, tmp_path) -> None:
    out = tmp_path / "r.csv"
    assert cli("report", "--unit", "province", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and "ineligible" not in {r["status"] for r in rows}
    assert cli("report", "--unit", "province", "-s", "all", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert "ineligible" in {r["status"] for r in rows}


def test_json_keeps_every_result_unless_filtered(db, cli) -> None:
    def statuses(*args: str) -> list[str]:
        doc = json.loads(cli("report", "--unit", "province", "-f", "json", *args).stdout)
        return [r["status"] for g in doc["groups"] for r in g["results"]]

    every = statuses()
    assert every.count("ineligible") == 2 and len(every) == 16
    assert "ineligible" not in statuses("--top", "5")
    assert statuses("--top", "5", "--status", "all").count("ineligible") == 2
    assert set(statuses("--status", "ineligible")) == {"ineligible"}


def test_hidden_count_follows_track_and_cluster(db) -> None:
    report = build_ranked(db, "cluster", 2020, track="exemplar")
    assert [(g.unit, g.hidden) for g in report.groups] == [("C1", 2), ("C2", 0)]
    assert all(r["status"] != "ineligible" for g in report.groups for r in g.results)
    report = build_ranked(db, "cluster", 2020, track="ldtt")
    assert [g.hidden for g in report.groups] == [0, 0]


def test_every_result_reads_all_for_the_charts(db) -> None:
    report = build_ranked(db, "province", 2020, every_result=True)
    assert len(report.results) == 16
    assert [g.hidden for g in report.groups] == \
        [g.hidden for g in build_ranked(db, "province", 2020).groups]


def test_stored_facts_are_read_not_the_checks(db) -> None:
    with db.write() as c:
        c.execute("UPDATE results SET facts = 'exemplar.rating: from the facts column', "
                  "checks = '[]' WHERE subject = 'P03' AND track = 'exemplar'")
    report = build_ranked(db, "HNI-BD", 2020, track="exemplar", status="ineligible")
    (row,) = report.groups[0].results
    assert row["facts"] == "exemplar.rating: from the facts column"


def test_parse_statuses() -> None:
    default = parse_statuses(None)
    assert default.hidden == {"ineligible"} and default.only is None
    assert not default.shows("ineligible") and default.shows("escalated")
    assert parse_statuses("all").shows("ineligible")
    chosen = parse_statuses("eligible, recognised")
    assert chosen.only == {"eligible", "recognised"} and not chosen.counted


def test_json_line_is_plain_json_whatever_the_name() -> None:
    tricky = 'Tên "lạ" \\ \x00@checks@ \n end'
    result = {"subject": "P1", "kind": "person", "track": "ldtt", "name": tricky, "unit": "U",
              "group": None, "eligible": True, "score": 0.1 + 0.2, "rank": 3,
              "status": "recommended", "quota_pos": 3, "quota_limit": 5, "facts": "f",
              "decision": {"unit": "U", "members": 9, "votes_for": 9, "votes_against": 0,
                           "outcome": "recognised", "escalated_to": None, "decided_at": "t"},
              "checks_json": '[{"id": "a", "passed": true, "detail": "x"}]'}
    line = result_json(result)
    assert "\n" not in line
    doc = json.loads(line)
    assert doc["name"] == tricky and doc["score"] == 0.1 + 0.2
    assert doc["quota"] == {"position": 3, "limit": 5}
    assert doc["decision"]["votes_for"] == 9
    assert doc["checks"] == [{"id": "a", "passed": True, "detail": "x"}]
    assert list(doc)[:10] == ["subject", "kind", "track", "name", "unit", "group", "eligible",
                              "score", "rank", "status"]


class _Counting(io.StringIO):
    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_text_writer_streams_in_blocks() -> None:
    rows = [{"n": i, "name": f"Người số {i} " + "rất dài " * (i % 3), "note": "x" * 80}
            for i in range(5000)]
    cols = [Column("n", "N"), Column("name", "Họ tên", max_width=12), Column("note", "Ghi chú")]
    section = Section("S", cols, rows, summary="5000 rows")
    out = _Counting()
    write_document(Document("T", [section]), out)
    text = out.getvalue()
    assert 3 <= out.writes <= 20  # blocks of lines, not one write per line nor one in all
    lines = text.splitlines()
    assert lines[:3] == ["T", "", "S"] and lines[-1] == "5000 rows"
    assert max(len(line) for line in lines) <= 100
    # numbers right (in Vietnamese form: 4.999), long names wrapped
    assert "\n4.999  Người số " in text and "\n       rất dài\n" in text
    assert text.endswith("\n")


@pytest.mark.parametrize("name", [
    "Nguyễn Văn Ánh", "Lê  Đức   Anh ", "Anh", "", "Tôn Nữ Thị Ngọc Hân",
    unicodedata.normalize("NFD", "Đặng Thị Ấu"), "Trần\tThị\u00a0Ân",
])
def test_fast_name_key_is_name_key(name) -> None:
    assert fast_name_key(name) == name_key(name)
