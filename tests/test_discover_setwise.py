"""Set-wise discovery (`Rule.picks`): given every subject of a year, a rule returns at once
the ones it passes for, and that set is exactly the subjects `passes` says yes to — on random
sectors (hypothesis), on one passing and one failing case for each operator, and on the
shipped criteria over a stored database (where the readings come from SQL)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_operators_props import (
    METRICS,
    SETTINGS,
    TRACK,
    YEAR,
    Data,
    Sector,
    compares,
    rules,
    sectors,
    subjects,
)

from dtt.rules import (
    AllOf,
    AnyOf,
    Award,
    Compare,
    CountYears,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    Window,
)
from dtt.workflow.discover import YearData


def _passing(sector: Sector, rule: Rule, kind: str, pool: set[str] | None = None) -> set[str]:
    return {s.code for s in subjects(sector, kind)
            if (pool is None or s.code in pool) and rule.passes(sector.ev, s, YEAR, TRACK)}


# --- strategies: rules every operator of which picks set-wise -------------------------------
def _spans() -> st.SearchStrategy[tuple[int, int]]:
    # short windows, so that rules two deep still read only the years a context holds
    return st.tuples(st.integers(-3, 0), st.integers(-3, 0)).map(lambda t: (min(t), max(t)))


def setwise(kind: str, depth: int = 2) -> st.SearchStrategy[Rule]:
    leaves: list[st.SearchStrategy[Any]] = [
        compares(kind), st.builds(RecordLeaf, st.just(1)), st.builds(RegisteredLeaf, st.just(1)),
        st.builds(Award, st.just(1), st.just(TRACK))]
    if kind == "person":
        leaves.append(st.builds(Award, st.just(1), st.just(TRACK),
                                st.just(METRICS["person"]["rank"]),
                                st.sampled_from(["C", "B", "A"])))
    base = st.one_of(*leaves)
    if depth == 0:
        return base
    inner = setwise(kind, depth - 1)
    return st.one_of(
        base,
        st.builds(AllOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
        st.builds(AnyOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
        st.builds(NotRule, st.just(1), inner),
        st.tuples(st.sampled_from(["each", "any", "at_least"]), _spans(), inner,
                  st.integers(1, 3)).map(
            lambda t: Window(1, t[0], t[1][0], t[1][1], t[2],
                             k=min(t[3], t[1][1] - t[1][0] + 1))),
        st.tuples(st.integers(1, 4), inner).map(
            lambda t: Window(1, "streak", -(t[0] - 1), 0, t[1], k=t[0])),
        st.tuples(_spans(), inner, st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]),
                  st.integers(0, 4)).map(
            lambda t: CountYears(1, t[0][0], t[0][1], t[1], t[2], t[3])))


KINDS = st.sampled_from(["person", "collective"])


@SETTINGS
@given(sector=sectors(), kind=KINDS, data=st.data())
def test_picks_agree_with_the_rule_subject_by_subject(sector: Sector, kind: str,
                                                      data: Any) -> None:
    rule = data.draw(setwise(kind))
    pool = {s.code for s in subjects(sector, kind)}
    got = rule.picks(Data(sector), TRACK, YEAR, pool)
    assert got is not None, rule.describe()
    assert got == _passing(sector, rule, kind), rule.describe()


@SETTINGS
@given(sector=sectors(), kind=KINDS, data=st.data())
def test_picks_from_part_of_the_subjects_stay_in_it(sector: Sector, kind: str,
                                                    data: Any) -> None:
    rule = data.draw(setwise(kind))
    every = sorted(s.code for s in subjects(sector, kind))
    pool = set(data.draw(st.lists(st.sampled_from(every), unique=True)))
    got = rule.picks(Data(sector), TRACK, YEAR, pool)
    assert got == _passing(sector, rule, kind, pool), rule.describe()


@SETTINGS
@given(sector=sectors(), kind=KINDS, data=st.data())
def test_any_rule_either_picks_exactly_or_says_it_cannot(sector: Sector, kind: str,
                                                        data: Any) -> None:
    rule = data.draw(rules(kind))
    pool = {s.code for s in subjects(sector, kind)}
    got = rule.picks(Data(sector), TRACK, YEAR, pool)
    assert got is None or got == _passing(sector, rule, kind), rule.describe()


# --- each operator: one subject that passes, one that does not ------------------------------
RANK = METRICS["person"]["rank"]
N = METRICS["person"]["n"]


def _example() -> Sector:
    records = {"P0": {2020: {"rank": "A", "n": 2}, 2019: {"rank": "A"}, 2018: {"rank": "B"}},
               "P1": {2020: {"rank": "C"}, 2018: {"rank": "A"}},
               "P2": {2019: {"rank": "B", "n": 1}}}
    return Sector(records, {"P1"}, {}, {("P2", 2019)})


def _rank(op: str, value: Any, offset: int = 0) -> Compare:
    return Compare(1, RANK, op, value, offset)


CASES: list[tuple[str, Rule, str, str]] = [
    ("compare", _rank("gte", "B"), "P0", "P1"),
    ("compare with a default", Compare(1, N, "eq", 0), "P1", "P0"),
    ("compare a year back", _rank("eq", "A", -1), "P0", "P2"),
    ("record", RecordLeaf(1), "P1", "P2"),
    ("registered", RegisteredLeaf(1), "P1", "P0"),
    ("award by a council", Window(1, "any", -1, 0, Award(1, TRACK)), "P2", "P0"),
    ("award by a title", Window(1, "any", -2, 0, Award(1, TRACK, RANK, "A")), "P1", "P3"),
    ("each_year", Window(1, "each", -1, 0, _rank("eq", "A")), "P0", "P1"),
    ("any_year", Window(1, "any", -2, -1, _rank("eq", "A")), "P1", "P2"),
    ("at_least", Window(1, "at_least", -2, 0, _rank("gte", "B"), k=2), "P0", "P1"),
    ("streak", Window(1, "streak", -2, 0, RecordLeaf(1), k=3), "P0", "P1"),
    ("count_years", CountYears(1, -2, 0, RecordLeaf(1), "eq", 2), "P1", "P0"),
    ("all", AllOf(1, [RecordLeaf(1), _rank("eq", "C")]), "P1", "P0"),
    ("any", AnyOf(1, [RegisteredLeaf(1), _rank("eq", "A")]), "P1", "P2"),
    ("not", NotRule(1, RecordLeaf(1)), "P2", "P0"),
]


@pytest.mark.parametrize(("name", "rule", "yes", "no"), CASES, ids=[c[0] for c in CASES])
def test_each_operator_picks_set_wise(name: str, rule: Rule, yes: str, no: str) -> None:
    sector = _example()
    pool = {s.code for s in subjects(sector, "person")}
    got = rule.picks(Data(sector), TRACK, YEAR, pool)
    assert got is not None and yes in got and no not in got, (name, got)
    assert got == _passing(sector, rule, "person")


def test_a_rule_reaching_past_the_years_a_context_holds_says_it_cannot() -> None:
    sector = _example()
    deep = Window(1, "any", -9, 0, _rank("eq", "A", -3))
    assert deep.picks(Data(sector), TRACK, YEAR, {"P0"}) is None


# --- the shipped criteria over a stored database ---------------------------------------------
def test_the_shipped_rules_pick_what_the_engine_passes(db: Any) -> None:
    data = YearData(db, 2020)
    ev = data.evaluator()
    picked = 0
    for key in ev.version.order:
        trk = ev.version.tracks[key]
        every = ev.ctx.people if trk.subject == "person" else ev.ctx.collectives
        pool = set(every) - data.borrowers()
        for rule in [trk.discovery, *(c.rule for c in trk.criteria)]:
            got = rule.picks(data, key, 2020, pool)
            if got is None:
                continue
            picked += 1
            assert got == {s for s in pool if ev.passes(rule, every[s], 2020, key)}, \
                (key, rule.describe())
    assert picked > 10


def test_the_readings_from_sql_match_the_parsed_records(db: Any) -> None:
    from dtt.workflow.policy import criteria

    metrics = [m for kind in criteria(db).metrics.by_kind.values() for m in kind.values()]
    for year in (2018, 2019, 2020):
        parsed = YearData(db, 2020)
        parsed.records(year)
        from_sql = YearData(db, 2020)
        for metric in metrics:
            want = parsed.values(year, metric)
            got = from_sql.values(year, metric)
            assert {s: (type(v), v) for s, v in got.items()} == \
                {s: (type(v), v) for s, v in want.items()}, metric.key
            if metric.type == "enum":
                for cut in range(len(metric.values)):
                    codes = set(metric.values[cut:])
                    assert YearData(db, 2020).having(year, metric, codes) == \
                        parsed.having(year, metric, codes), (metric.key, codes)
