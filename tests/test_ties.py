"""`tie_break:` of a criteria version: validated at load (file, line, field), inherited through
`extends:`, and explained beside every tie it breaks (stored, and shown by --explain)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from case_runner import build_case_db

from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text
from dtt.engine import current_results, evaluate
from dtt.errors import InputErrors

WOMEN = ("      - {gender: nữ, collective_share: 70, label: nữ ưu tiên, source: NĐ 98/2023/NĐ-CP "
         "Điều 4 khoản 6}")


def test_versions_inherit_their_base_list() -> None:
    crit = parse_criteria(default_text(), "c.yaml")
    names = {v.key: [t.name for t in v.tie_break] for v in crit.versions}
    assert names == {"2016": ["rating"], "2017-2020": ["rating"], "2021-2023": ["rating"],
                     "2024": ["gender", "rating"], "2025-": ["gender", "rating"]}
    gender = crit.version_for(2024).tie_break[0]
    assert (gender.gender, gender.share) == ("nu", 70.0)
    assert gender.reason == "gender (nữ ưu tiên, NĐ 98/2023/NĐ-CP Điều 4 khoản 6)"


@pytest.mark.parametrize(("entry", "field", "words"), [
    ("      - {gender: khác}", "tie_break[0].gender", "gender is one of nam, nữ"),
    ("      - {gender: nu, collective_share: 170}", "tie_break[0].collective_share",
     "a percentage"),
    ("      - {metric: ratin}", "tie_break[0].metric", "unknown metric 'ratin'"),
    ("      - {metric: charity}", "tie_break[0].metric", "needs an ordered metric"),
    ("      - {metric: rating, gender: nu}", "tie_break[0]", "one of metric: or gender:"),
    ("      - {gender: nu, weight: 2}", "tie_break[0].weight", "unknown key 'weight'"),
])
def test_a_bad_entry_names_line_and_field(entry: str, field: str, words: str) -> None:
    text = default_text()
    assert text.count(WOMEN) == 1
    text = text.replace(WOMEN, entry)
    line = text.splitlines().index(entry) + 1
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, "c.yaml")
    problems = info.value.problems
    assert any(p.row == line and p.field == f"versions[2024].{field}" and words in p.message
               for p in problems), [str(p) for p in problems]
    assert len(problems) == 1  # reported once, where written (2025- writes its own list)


CASE = {
    "year": 2024,
    "people": [{"code": "P1", "full_name": "Lê Văn An", "unit": "HPG-LC", "gender": "nam"},
               {"code": "P2", "full_name": "Trần Thị Bình", "unit": "HPG-LC", "gender": "nữ"}],
    "records": {p: {y: {"rating": "HTXSNV", "title": "CSTDCS", "initiatives": 1,
                        "initiative_level": "unit", "hcm_study": True, "charity": True}
                    for y in (2023, 2024)} for p in ("P1", "P2")},
}


def test_the_tie_is_stored_and_explained(tmp_path: Path, cli, monkeypatch) -> None:
    store = build_case_db(tmp_path / "t.db", CASE)
    evaluate(store, year=2024)
    stored = {r["subject"]: r for r in current_results(store, 2024, "exemplar")}
    store.close()
    assert stored["P2"]["rank"] == 1 and stored["P2"]["status"] == "recommended"
    assert stored["P2"]["tie"] == ["ranked above P1 (same score): tie broken by: gender (nữ ưu "
                                   "tiên, NĐ 98/2023/NĐ-CP Điều 4 khoản 6)"]
    monkeypatch.setenv("DTT_DB", str(tmp_path / "t.db"))
    r = cli("evaluate", "--year", "2024", "--track", "exemplar", "--explain", "P1", "--format",
            "json")
    assert r.exit_code == 0, r.stderr
    (track,) = json.loads(r.stdout)["tracks"]
    assert track["tie"] == ["ranked below P2 (same score): tie broken by: gender (nữ ưu tiên, "
                            "NĐ 98/2023/NĐ-CP Điều 4 khoản 6)"]
    r = cli("evaluate", "--year", "2024", "--track", "exemplar", "--explain", "P1")
    assert ("xếp dưới P2 (bằng điểm), phân định theo: giới tính (nữ ưu tiên"
            in " ".join(r.stdout.split()))
    monkeypatch.setenv("DTT_LANG", "en")
    r = cli("evaluate", "--year", "2024", "--track", "exemplar", "--explain", "P1")
    assert "tie broken by: gender" in " ".join(r.stdout.split())


def test_criteria_show_lists_the_tie_break(cli, db_path) -> None:
    assert cli("init").exit_code == 0
    shown = {}
    for year in (2023, 2024):
        r = cli("criteria", "show", "--year", str(year), "--format", "json")
        assert r.exit_code == 0, r.stderr
        shown[year] = [(t["label"], t["source"]) for t in json.loads(r.stdout)["tie_break"]]
    assert shown[2023] == [("mức độ hoàn thành nhiệm vụ cao hơn", "mặc định dtt")]
    # the law's preference for women before dtt's own default (the rating)
    assert shown[2024] == [("nữ ưu tiên", "NĐ 98/2023/NĐ-CP Điều 4 khoản 6")] + shown[2023]
