"""The engine's set-wise paths agree with its subject-by-subject paths: plans read for many
subjects at once (dtt.engine.readers), rules picked over a pool (dtt.engine.select), member
counts, a track's checks and its scores for all candidates — on random small sectors and on the
demo database (every verdict equal)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from test_operators_props import (  # noqa: E402
    METRICS,
    SETTINGS,
    TRACK,
    YEAR,
    Sector,
    discoverable,
    rules,
    sectors,
    subjects,
)

from dtt.criteria.model import Criterion  # noqa: E402
from dtt.engine.context import Subject  # noqa: E402
from dtt.engine.readers import cell, token  # noqa: E402
from dtt.engine.rules import Evaluator  # noqa: E402
from dtt.engine.select import picked  # noqa: E402
from dtt.rules import (  # noqa: E402
    AllOf,
    AnyOf,
    Award,
    Compare,
    Members,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    TrackRef,
    When,
    Window,
    member_counts,
)


def fresh(sector: Sector, spec: Any = None, **others: Any) -> Evaluator:
    """A new evaluator over the sector's context (no memo shared with another)."""
    ctx = sector.ctx
    ctx.own_records = ctx.records
    ctx.borrowed = {}
    ev = Evaluator(ctx, version=None)  # type: ignore[arg-type]
    if spec is not None:
        ev.version = SimpleNamespace(tracks={TRACK: spec, **others},  # type: ignore[assignment]
                                     covers=lambda y: True, key="v")
    return ev


def a_track(rule_list: list[Rule], key: str = TRACK, subject: str = "person") -> Any:
    crits = [Criterion(f"{key}{i}", f"{key}{i}", "test", r) for i, r in enumerate(rule_list)]
    return SimpleNamespace(key=key, criteria=crits, lineage="principal", label=key,
                           subject=subject)


# --- random small sectors ---------------------------------------------------------------------
@SETTINGS
@given(sector=sectors(), kind=st.sampled_from(["person", "collective"]), data=st.data())
def test_a_plan_read_set_wise_is_read_as_one_by_one(sector: Sector, kind: str,
                                                    data: Any) -> None:
    rule = data.draw(rules(kind))
    reads = rule.reads()
    if reads is None:
        return
    ev = fresh(sector)
    plan = ev.plan(reads)
    pool = subjects(sector, kind)
    got = ev.readers.keys(plan, pool, YEAR, sector.ctx.records)
    assert got == [fresh(sector).reading(plan, s, YEAR) for s in pool], rule.describe()


@SETTINGS
@given(sector=sectors(), kind=st.sampled_from(["person", "collective"]), data=st.data())
def test_picked_is_exactly_the_subjects_the_rule_passes(sector: Sector, kind: str,
                                                        data: Any) -> None:
    rule = data.draw(st.one_of(discoverable(kind), rules(kind, 1)))
    pool = subjects(sector, kind)
    got = picked(fresh(sector), rule, pool, YEAR, TRACK)
    if got is None:  # an operator that is not set-wise: the caller asks each subject
        return
    ev = fresh(sector)
    assert got == {s.code for s in pool if rule.passes(ev, s, YEAR, TRACK)}, rule.describe()


@SETTINGS
@given(sector=sectors(), data=st.data())
def test_member_counts_set_wise_agree_with_one_pass_per_person(sector: Sector,
                                                                data: Any) -> None:
    where = data.draw(st.one_of(st.none(), rules("person", 1)))
    for year in (YEAR, YEAR - 1):
        assert fresh(sector).member_counts(where, year) == \
            member_counts(fresh(sector), where, year)


@SETTINGS
@given(sector=sectors(), kind=st.sampled_from(["person", "collective"]), data=st.data())
def test_track_checks_for_all_agree_with_one_by_one(sector: Sector, kind: str,
                                                    data: Any) -> None:
    spec = a_track(data.draw(st.lists(rules(kind), min_size=0, max_size=3)))
    pool = subjects(sector, kind)
    together = fresh(sector, spec)
    together.track_checks_all(TRACK, pool, YEAR)
    alone = fresh(sector, spec)
    for subj in pool:
        assert together.track_checks(TRACK, subj, YEAR) == \
            alone.track_checks(TRACK, subj, YEAR), subj.code


# --- each branch, passing and failing ----------------------------------------------------------
def small(records: dict[str, dict[int, dict[str, Any]]], registered: tuple[str, ...] = (),
          awards: tuple[tuple[str, int], ...] = ()) -> Sector:
    return Sector(records, set(registered), {}, set(awards))


RANK = METRICS["person"]["rank"]
N = METRICS["person"]["n"]
SECTOR = small({"P0": {YEAR: {"rank": "A", "n": 2}, YEAR - 1: {"rank": "A"}},
                "P1": {YEAR: {"rank": "C", "n": ""}},
                "P2": {YEAR - 1: {"rank": "B", "n": 1}},
                "P3": {YEAR: {"n": [1, 2]}}},  # a value no key can hold (a list)
               registered=("P2",), awards=(("P1", YEAR),))
ALL = subjects(SECTOR, "person")
N_GTE_1 = Compare(1, N, "gte", 1)


@pytest.mark.parametrize(("rule", "want"), [
    (RecordLeaf(1), {"P0", "P1", "P3"}),
    (RegisteredLeaf(1), {"P2"}),
    (Compare(1, RANK, "gte", "B"), {"P0"}),
    (Compare(1, RANK, "gte", "B", -1), {"P0", "P2"}),
    (Compare(1, N, "eq", 0), {"P1"}),  # a value not given reads as the default
    (Award(1, TRACK), {"P1"}),
    (Award(1, TRACK, RANK, "A"), {"P0", "P1"}),
    (AllOf(1, [RecordLeaf(1), Compare(1, RANK, "eq", "C")]), {"P1"}),
    (AnyOf(1, [RegisteredLeaf(1), Compare(1, RANK, "eq", "C")]), {"P1", "P2"}),
    (NotRule(1, RecordLeaf(1)), {"P2", "P4", "P5"}),
    (Window(1, "each", -1, 0, Compare(1, RANK, "gte", "B")), {"P0"}),
    (Window(1, "any", -1, 0, Compare(1, RANK, "gte", "B")), {"P0", "P2"}),
    (Window(1, "at_least", -1, 0, RecordLeaf(1), k=2), {"P0"}),
])
def test_each_operator_picks_and_leaves(rule: Rule, want: set[str]) -> None:
    ev = fresh(SECTOR)
    got = picked(ev, rule, ALL, YEAR, TRACK)
    assert got == want
    assert got == {s.code for s in ALL if rule.passes(fresh(SECTOR), s, YEAR, TRACK)}
    assert got != {s.code for s in ALL}  # someone is left out: a failing case too


def test_an_operator_that_is_not_set_wise_falls_back() -> None:
    rule = When(1, RecordLeaf(1), leader=True)
    assert picked(fresh(SECTOR), rule, ALL, YEAR, TRACK) is None
    assert picked(fresh(SECTOR), AllOf(1, [RecordLeaf(1), rule]), ALL, YEAR, TRACK) is None
    assert picked(fresh(SECTOR), Window(1, "any", -1, 0, rule), ALL, YEAR, TRACK) is None


def test_a_value_that_cannot_key_a_check_is_checked_alone() -> None:
    rule = Compare(1, N, "gte", 1)
    spec = a_track([rule, RecordLeaf(1)])
    together = fresh(SECTOR, spec)
    together.track_checks_all(TRACK, ALL, YEAR)
    alone = fresh(SECTOR, spec)
    results = {s.code: together.track_checks(TRACK, s, YEAR) for s in ALL}
    assert results == {s.code: alone.track_checks(TRACK, s, YEAR) for s in ALL}
    assert results["P0"][0] is True and results["P1"][0] is False
    assert "P3" in results and results["P3"][0] is False  # [1, 2] is not comparable to 1


@pytest.mark.parametrize("other", [
    a_track([Compare(1, RANK, "gte", "B"), RecordLeaf(1)], "other"),  # judged set-wise
    a_track([Compare(1, RANK, "gte", "B")], "other", subject="collective"),  # not applicable
])
def test_a_track_criterion_for_all_agrees_with_one_by_one(other: Any) -> None:
    spec = a_track([TrackRef(1, "other"), TrackRef(1, "missing"), N_GTE_1])
    together = fresh(SECTOR, spec, other=other)
    together.track_checks_all(TRACK, ALL, YEAR)
    alone = fresh(SECTOR, spec, other=other)
    results = {s.code: together.track_checks(TRACK, s, YEAR) for s in ALL}
    assert results == {s.code: alone.track_checks(TRACK, s, YEAR) for s in ALL}
    ref = {code: checks[0]["passed"] for code, (_, checks) in results.items()}
    if other.subject == "person":
        assert ref["P0"] is True and ref["P1"] is False  # P0 rank A, P1 rank C
    else:
        assert not any(ref.values())


def test_a_score_read_over_the_candidates_agrees_with_one_by_one() -> None:
    from dtt.criteria.model import ScoreTerm
    from dtt.engine.score import score, score_all

    track = SimpleNamespace(key=TRACK, score=[
        ScoreTerm("metric", "rank", metric=RANK, weights={"A": 3.0, "B": 2.0}, start=-1),
        ScoreTerm("sum", "n", metric=N, weight=2.0)])
    ev = fresh(SECTOR)
    ev.version = SimpleNamespace(period_start=YEAR - 2)  # type: ignore[assignment]
    among = [s for s in ALL if s.code != "P3"]  # P3's list of numbers has no sum
    few, most = among[:1], among[:4]
    for scored in (few, most):  # few of the candidates: read alone; most: read whole
        got = score_all(ev, track, scored, YEAR, among)  # type: ignore[arg-type]
        alone = fresh(SECTOR)
        alone.version = ev.version
        assert got == {s.code: score(alone, track, s, YEAR)  # type: ignore[arg-type]
                       for s in scored}
    assert got["P0"][0] == 3.0 + 3.0 + 4.0  # rank A in both years, n = 2


def test_tokens_and_cells() -> None:
    from dtt.engine.context import MISSING

    assert token("a") == "a" and token(1) == (int, 1) and token(True) == (bool, True)
    assert token(-0.0) != token(0.0) and token(1.0) != token(1)
    assert cell(None, MISSING) is MISSING and cell("", 0) == 0
    assert cell(3, MISSING) == (int, 3) and cell("x", MISSING) == "x"


def test_member_counts_with_and_without_a_set_wise_rule() -> None:
    sector = small({"P0": {YEAR: {"rank": "A"}}, "P1": {YEAR: {"rank": "C"}},
                    "P2": {YEAR: {"rank": "A"}}})
    where = Compare(1, RANK, "eq", "A")
    counts = fresh(sector).member_counts(where, YEAR)
    # P0 and P1 are of U0 (the root), P2 of U1 (U0's child): the root counts its subtree
    assert counts["U0"] == (2, 3) and counts["U1"] == (0, 1) and counts["U2"] == (1, 1)
    other = When(1, where, leader=False)  # not set-wise: each person is asked
    assert fresh(sector).member_counts(other, YEAR) == counts
    share = Members(1, "share", where, "gt", 50)
    ev = fresh(sector)
    ev.member_counts(where, YEAR)
    unit = sector.ctx.collectives["U0"]
    assert share.passes(ev, unit, YEAR) is True
    assert share.passes(ev, sector.ctx.collectives["U1"], YEAR) is False


# --- the demo database: every verdict equal --------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from make_fixtures import build_demo

    return build_demo(tmp_path_factory.mktemp("setwise"))


def _one_by_one(store: Any, year: int) -> dict[tuple[str, str], tuple]:
    """Every candidate's verdict of every track the old way: each criterion and score asked
    of each subject alone."""
    from dtt.criteria.source import active_criteria
    from dtt.engine.context import Context
    from dtt.engine.run import applicable
    from dtt.engine.score import score

    criteria = active_criteria(store)
    version = criteria.version_for(year)
    ctx = Context(store, criteria, version, year)
    ev = Evaluator(ctx, version)
    out: dict[tuple[str, str], tuple] = {}
    for key in version.order:
        track = version.tracks[key]
        pool: dict[str, Subject] = ctx.people if track.subject == "person" else ctx.collectives
        for code, subj in pool.items():
            if not applicable(track, subj, ctx) or not ev.passes(track.discovery, subj, year,
                                                                 key):
                continue
            eligible, checks = ev.track_checks(key, subj, year)
            total = score(ev, track, subj, year) if eligible else (None, [])
            out[(key, code)] = (eligible, checks, total)
    return out


@pytest.mark.parametrize("year", [2020, 2025])
def test_every_verdict_of_the_demo_is_the_same(demo: Path, year: int) -> None:
    from dtt.engine.run import compute
    from dtt.store.db import open_store

    store = open_store(demo, read_only=True)
    try:
        run = compute(store, year)[0]
        want = _one_by_one(store, year)
    finally:
        store.close()
    discovered = {(r["track"], r["subject"]): r for r in run.results
                  if r["origin"] == "discovered"}
    assert set(discovered) == set(want)
    for at, (eligible, checks, total) in want.items():
        row = discovered[at]
        assert row["eligible"] == eligible, at
        assert row["checks"] == checks, at
        assert (row["score"], row["score_terms"]) == total, at
