"""Dated versions written as differences (`extends:`), the law of each year from 2016, and
`dtt criteria versions|show`."""

from __future__ import annotations

import json

import pytest

from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text
from dtt.errors import InputErrors


@pytest.fixture(scope="module")
def criteria():
    return parse_criteria(default_text(), "criteria.yaml")


def test_every_year_from_2016_has_its_version(criteria) -> None:
    keys = {year: criteria.version_for(year).key for year in range(2016, 2027)}
    assert keys == {2016: "2016", **{y: "2017-2020" for y in range(2017, 2021)},
                    **{y: "2021-2023" for y in range(2021, 2024)}, 2024: "2024",
                    2025: "2025-", 2026: "2025-"}
    labels = {v.key: v.label for v in criteria.versions}
    assert "NĐ 42/2010" in labels["2016"] and "NĐ 91/2017" in labels["2017-2020"]
    assert "NĐ 91/2017" in labels["2021-2023"] and "06/2022/QH15" in labels["2024"]
    assert "NĐ 98/2023" in labels["2024"] and "NĐ 152/2025" in labels["2025-"]


def test_sources_follow_the_law(criteria) -> None:
    def sources(year: int) -> dict[str, str]:
        version = criteria.version_for(year)
        return {c.id: c.source for t in version.tracks.values() for c in t.criteria}

    old = sources(2018)
    assert old["ldtt.rating"] == "Luật TĐKT 2003/2013 Điều 24 khoản 1 điểm a"
    assert old["cstdcs.initiative"] == "NĐ 91/2017/NĐ-CP Điều 9 khoản 3"
    assert old["cstdn.cstdcs_streak"] == "NĐ 91/2017/NĐ-CP Điều 9 khoản 2"
    assert old["ttldtt.rating"].startswith("Luật TĐKT 2003/2013 Điều 28")
    assert old["ttldxs.rating"].startswith("Luật TĐKT 2003/2013 Điều 27")
    assert old["exemplar.leading"].startswith("mặc định dtt, diễn giải KH 2861")
    assert "Điều 45 khoản 8" in criteria.version_for(2018).tracks["cstdn"].council.source
    assert "mặc định ngành" in criteria.version_for(2018).tracks["ldtt"].council.source
    assert sources(2022) == old
    new = sources(2024)
    assert new["cstdcs.achievement"] == "Luật TĐKT 06/2022/QH15 Điều 23 khoản 2"
    assert new["ttldxs.rating"] == "Luật TĐKT 06/2022/QH15 Điều 27 khoản 1"
    assert "ttldxs.discipline" not in new and "cstdcs.initiative" not in new
    assert sources(2025)["ldtt.discipline"].startswith("NĐ 152/2025")


def test_council_of_cstdcs_is_per_version(criteria) -> None:
    """7 of 10 members: the sector's default (> 50%) recognises in 2023; NĐ 98/2023 Điều 30
    khoản 7 (≥ 80% of all members) rejects in 2024."""
    old = criteria.version_for(2023).tracks["cstdcs"].council
    new = criteria.version_for(2024).tracks["cstdcs"].council
    assert old.passes(10, 7) and not new.passes(10, 7) and new.passes(10, 8)
    assert new.source == "NĐ 98/2023/NĐ-CP Điều 30 khoản 7"
    cstdn = criteria.version_for(2024).tracks["cstdn"].council
    assert (cstdn.needs_share, cstdn.needs_op) == (90, "gte") and "NĐ 98/2023" in cstdn.source
    assert criteria.version_for(2025).tracks["cstdcs"].council.needs_share == 80


def test_cap_is_an_optional_setting_off_from_2024(criteria) -> None:
    assert criteria.version_for(2023).tracks["cstdcs"].quota.share == 15
    assert criteria.version_for(2024).tracks["cstdcs"].quota is None
    text = default_text().replace("          enabled: false\n", "          enabled: true\n")
    quota = parse_criteria(text, "c.yaml").version_for(2024).tracks["cstdcs"].quota
    assert quota is not None and quota.share == 15


BASE = """
metrics:
  person:
    rating:
      label: r
      type: enum
      values: [{code: HTNV, label: a}, {code: HTXSNV, label: b}]
versions:
  - version: A
    from: 2016
    to: 2017
    tracks:
      ldtt:
        subject: person
        criteria:
          - {id: ldtt.rating, label: x, source: s, rule: {metric: rating, gte: HTNV}}
"""


def _errors(extra: str) -> list:
    with pytest.raises(InputErrors) as info:
        parse_criteria(BASE + extra, "c.yaml")
    return info.value.problems


def test_extends_overrides_a_criterion_by_id() -> None:
    c = parse_criteria(BASE + """
  - version: B
    from: 2018
    extends: A
    tracks:
      ldtt:
        criteria:
          - {id: ldtt.rating, rule: {metric: rating, eq: HTXSNV}}
""", "c.yaml")
    a, b = c.version_for(2016).tracks["ldtt"], c.version_for(2018).tracks["ldtt"]
    assert a.criteria[0].rule.value == "HTNV" and b.criteria[0].rule.value == "HTXSNV"
    assert b.criteria[0].source == "s" and c.version_for(2018).extends == "A"


@pytest.mark.parametrize(("extra", "line", "field", "words"), [
    ("  - {version: B, from: 2018, extends: Z, tracks: {}}\n", 17, "versions[B].extends",
     "extends unknown version 'Z'"),
    ("  - {version: B, from: 2018, to: 2018, extends: C}\n"
     "  - {version: C, from: 2019, extends: B}\n", 18, "versions[C].extends",
     "cycle: B → C → B"),
    ("""  - version: B
    from: 2018
    extends: A
    tracks:
      ldtt:
        criteria:
          - {id: ldtt.ratin, label: y}
""", 23, "versions[B].tracks.ldtt.criteria[ldtt.ratin].id",
     "criterion id 'ldtt.ratin' is not in version A"),
])
def test_extends_errors_name_line_and_field(extra, line, field, words) -> None:
    problems = _errors(extra)
    assert any(p.row == line and p.field == field and words in p.message
               for p in problems), [str(p) for p in problems]
    assert "c.yaml" in str(problems[0])


def test_cli_versions_and_show(cli, db_path) -> None:
    assert cli("--db", db_path, "init").exit_code == 0  # read commands never create a database
    result = cli("--db", db_path, "criteria", "versions", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [v["version"] for v in doc["versions"]] == ["2016", "2017-2020", "2021-2023",
                                                       "2024", "2025-"]
    assert doc["versions"][-1]["to"] is None
    result = cli("--db", db_path, "criteria", "show", "--year", "2024", "--track", "cstdcs",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["version"]["version"] == "2024"
    rules = {r["id"]: r for r in doc["tracks"][0]["rules"]}
    assert rules["cstdcs.achievement"]["source"] == "Luật TĐKT 06/2022/QH15 Điều 23 khoản 2"
    assert "HTXSNV" in rules["cstdcs.achievement"]["rule"]
    assert "80%" in rules["cstdcs.council"]["rule"]
    table = cli("--db", db_path, "criteria", "show", "--year", "2018")
    assert table.exit_code == 0 and "NĐ 91/2017/NĐ-CP Điều 9 khoản 3" in table.stdout
    bad = cli("--db", db_path, "criteria", "show", "--year", "2015")
    assert bad.exit_code == 2 and "no criteria version in force in 2015" in bad.stderr
