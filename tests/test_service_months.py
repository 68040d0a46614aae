"""The `service_months` operator: months from recruitment to the review, its fast path and
discovery agree with its explained path, and a malformed rule is refused when the criteria
load (file, line, field)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_operators_props import (
    PEOPLE,
    SETTINGS,
    YEAR,
    Data,
    Sector,
    compares,
    sectors,
    subjects,
)

from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text
from dtt.errors import InputErrors
from dtt.personal import months_between, parse_date, parse_gender
from dtt.rules import ServiceMonths

DATES = [None, "", "2010-01-31", "2019-12-31", "2020-02-29", "2020-03-01", "2020-04-30",
         "2020-06-30", "2020-12-31", "2021-01-01", "not a date"]


class WithDates(Data):
    def __init__(self, sector: Sector, dates: dict[str, str | None]) -> None:
        super().__init__(sector)
        self.dates = dates

    def personal(self, column: str) -> dict[str, str | None]:
        assert column == "recruited"
        return {code: self.dates.get(code) for code in PEOPLE}


@st.composite
def services(draw: Any) -> ServiceMonths:
    op = draw(st.sampled_from(["gt", "gte", "lt", "lte", "eq", "ne"]))
    review = draw(st.sampled_from([(12, 31), (6, 30), (2, 29), (1, 15)]))
    otherwise = draw(st.one_of(st.none(), compares("person")))
    return ServiceMonths(1, op, draw(st.integers(0, 14)), review, otherwise)


@SETTINGS
@given(sector=sectors(), rule=services(),
       dates=st.dictionaries(st.sampled_from(PEOPLE), st.sampled_from(DATES)))
def test_fast_path_discovery_and_check_agree(sector: Sector, rule: ServiceMonths,
                                             dates: dict[str, str | None]) -> None:
    for subj in sector.ctx.people.values():
        subj.recruited = dates.get(subj.code)
    passing = set()
    for subj in subjects(sector, "person"):
        out = rule.check(sector.ev, subj, YEAR, "t")
        assert rule.passes(sector.ev, subj, YEAR, "t") == out.passed, (rule.describe(),
                                                                       out.detail)
        if out.passed:
            passing.add(subj.code)
    found = rule.discover(WithDates(sector, dates), "t", set(PEOPLE))
    assert set(found) == passing
    assert all(found[s] for s in found)


def test_months_between_counts_whole_months() -> None:
    d = dt.date
    assert months_between(d(2018, 3, 1), d(2018, 12, 31)) == 9
    assert months_between(d(2018, 2, 28), d(2018, 12, 31)) == 10
    assert months_between(d(2018, 1, 31), d(2018, 2, 28)) == 0
    assert months_between(d(2019, 1, 2), d(2018, 12, 31)) == -1


def test_the_check_says_what_it_read() -> None:
    sector = Sector({}, set(), {})
    subj = sector.ctx.people["P0"]
    subj.recruited = "2020-04-15"
    rule = ServiceMonths(1, "gte", 10)
    out = rule.check(sector.ev, subj, YEAR, "t")
    assert not out.passed
    assert out.detail == ("recruited 2020-04-15: 8 months at the review 2020-12-31, needs ≥ 10 "
                          "months")
    assert out.values == {"recruited": "2020-04-15", "service_months": {"2020": 8}}
    subj.recruited = None
    out = rule.check(sector.ev, subj, YEAR, "t")
    assert not out.passed and out.detail.startswith("recruited not recorded")


def test_dates_and_genders_parse() -> None:
    assert parse_date("2018-03-01") == "2018-03-01"
    assert parse_date("01/03/2018") == "2018-03-01"
    assert parse_date("1.3.2018") == "2018-03-01"
    assert parse_date("2018-03-01 00:00:00") == "2018-03-01"
    assert parse_date(dt.datetime(2018, 3, 1, 0, 0)) == "2018-03-01"
    assert parse_date(43160) == "2018-03-01"  # an Excel serial
    assert parse_date("43160") == "2018-03-01"
    assert [parse_gender(g) for g in ("Nữ", "NU", "nữ", "Nam", "NAM")] == \
        ["nu", "nu", "nu", "nam", "nam"]
    for bad in ("31/02/2018", "2018/03/01x", "march", 1.5, True):
        with pytest.raises(ValueError):
            parse_date(bad)
    with pytest.raises(ValueError, match="not nam or nữ"):
        parse_gender("khác")


BAD_RULES = [
    ("{service_months: recruited, gte: 10, review: '13-01'}", "review is the day of the review"),
    ("{service_months: born, gte: 10}", "counts from recruited, not 'born'"),
    ("{service_months: recruited, in: [10]}", "compares with one of"),
    ("{service_months: recruited, gte: ten}", "a number of months"),
    ("{service_months: recruited}", "needs a comparison"),
    ("{service_months: recruited, gte: 10, otherwise: {metric: months_workd, gte: 10}}",
     "unknown person metric 'months_workd'"),
    ("{service_months: recruited, gte: 10, since: 2}", "unknown operator key 'since'"),
]


@pytest.mark.parametrize(("rule", "words"), BAD_RULES)
def test_a_malformed_rule_is_refused_at_load(rule: str, words: str) -> None:
    old = ("rule: {service_months: recruited, gte: 10, review: \"12-31\", otherwise: "
           "{metric: months_worked, gte: 10}}")
    text = default_text()
    assert old in text
    text = text.replace(old, f"rule: {rule}")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if f"rule: {rule}" in s)
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, "c.yaml")
    assert any(words in p.message and p.row == line and "ldtt.service" in (p.field or "")
               for p in info.value.problems), [str(p) for p in info.value.problems]


def test_service_months_applies_to_people_only() -> None:
    text = default_text().replace("rule: {metric: charity, eq: true}\n          - id: "
                                  "exemplar_collective.tthc",
                                  "rule: {service_months: recruited, gte: 1}\n          - id: "
                                  "exemplar_collective.tthc")
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, "c.yaml")
    assert any("applies to people only" in p.message for p in info.value.problems)


def test_discovery_reads_the_stored_dates(tmp_path) -> None:
    from case_runner import build_case_db

    from dtt.criteria.source import active_criteria
    from dtt.workflow.discover import YearData

    case = {"year": 2018,
            "people": [{"code": "P1", "full_name": "Lê Thị Ân", "unit": "HNI-BD",
                        "recruited": "01/02/2018"},
                       {"code": "P2", "full_name": "Trần Văn Bảo", "unit": "HNI-BD",
                        "recruited": "2018-06-01"},
                       {"code": "P3", "full_name": "Phạm Văn Cường", "unit": "HNI-BD"}],
            "records": {"P3": {2018: {"months_worked": 11}}}}
    store = build_case_db(tmp_path / "d.db", case)
    rule = active_criteria(store).version_for(2018).tracks["ldtt"].criteria[1].rule
    assert isinstance(rule, ServiceMonths)
    found = rule.discover(YearData(store, 2018), "ldtt", {"P1", "P2", "P3", "HNI-BD"})
    store.close()
    assert found == {"P1": ["recruited 2018-02-01: 10 months at the review"],
                     "P3": ["recruited not recorded", "months_worked 2018 = 11"]}
