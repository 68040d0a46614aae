"""Properties of the rule operators on random records: the fast path (`passes`) agrees with the
explained path (`check(...).passed`) for every operator, and set-wise discovery picks a subject
exactly when the rule passes for it."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtt.criteria.metrics import Metric
from dtt.engine.context import Context, Subject
from dtt.engine.rules import Evaluator
from dtt.rules import (
    AllOf,
    AnyOf,
    Award,
    Compare,
    CountYears,
    DisciplineTerm,
    FreshYears,
    HeadedUnit,
    Members,
    NotRule,
    RecordLeaf,
    RegisteredLeaf,
    Rule,
    SumRule,
    When,
    Window,
)
from dtt.workflow.discover import YearData

YEAR = 2020
YEARS = range(YEAR - 9, YEAR + 1)
TRACK = "t"
LEVELS = ["top", "mid"]


def _metrics() -> dict[str, dict[str, Metric]]:
    rank = Metric("rank", "person", "Rank", "enum", values=["C", "B", "A"],
                  value_labels={"C": "C", "B": "B", "A": "A"})
    n = Metric("n", "person", "N", "int", default=0, has_default=True)
    x = Metric("x", "person", "X", "number")
    ok = Metric("ok", "person", "Ok", "bool")
    size = Metric("size", "collective", "Size", "int")
    grade = Metric("grade", "collective", "Grade", "enum", values=["lo", "hi"],
                   value_labels={"lo": "lo", "hi": "hi"})
    return {"person": {m.key: m for m in (rank, n, x, ok)},
            "collective": {m.key: m for m in (size, grade)}}


METRICS = _metrics()
VALUES: dict[str, list[Any]] = {"rank": ["C", "B", "A", "Z", ""], "n": [0, 1, 2, 5, ""],
                                "x": [0.5, 1.5, 3.0, ""], "ok": [True, False],
                                "size": [0, 3, 10], "grade": ["lo", "hi"]}
PEOPLE = [f"P{i}" for i in range(6)]
UNITS = ["U0", "U1", "U2"]  # U0 is the root; U1 and U2 its children


class Sector:
    def __init__(self, records: dict[str, dict[int, dict[str, Any]]],
                 registered: set[str], heads: dict[str, str],
                 awards: set[tuple[str, int]] | None = None) -> None:
        ctx = Context.__new__(Context)
        ctx.criteria = type("C", (), {"metrics": type("M", (), {"by_kind": METRICS})(),
                                      "versions": []})()
        ctx.year = YEAR
        ctx.records = records
        ctx.registered = {(s, TRACK, YEAR) for s in registered}
        ctx.awards = {(TRACK, s, y) for s, y in awards or ()}
        ctx.collectives = {u: Subject(u, "collective", u, u, "top" if u == "U0" else "mid")
                           for u in UNITS}
        ctx.people = {p: Subject(p, "person", p, UNITS[i % 3], "top" if i % 3 == 0 else "mid",
                                 heads.get(p)) for i, p in enumerate(PEOPLE)}
        ctx.ancestors = {"U0": ("U0",), "U1": ("U1", "U0"), "U2": ("U2", "U0")}
        self.ctx = ctx
        self.ev = Evaluator(ctx, version=None)  # type: ignore[arg-type]


class Data(YearData):
    """Discovery's data over the same records, without a database."""

    def __init__(self, sector: Sector) -> None:
        self.year = YEAR
        self.sector = sector
        self._values: dict[tuple[int, str], dict[str, Any]] = {}
        self._registered_in: dict[tuple[str, int], set[str]] = {}
        self._borrowers: set[str] | None = set()
        self._records: dict[int, dict[str, dict[str, Any]]] = {}

    def metric_of_year(self, year: int, key: str) -> dict[str, Any]:
        self.records(year)
        return super().metric_of_year(year, key)

    def having(self, year: int, metric: Metric, codes: set[str]) -> set[str]:
        self.records(year)
        return super().having(year, metric, codes)

    def registered_in(self, track: str, year: int) -> set[str]:
        return {s for (s, t, y) in self.sector.ctx.registered if t == track and y == year}

    def awarded(self, track: str, year: int) -> set[str]:
        return {s for (t, s, y) in self.sector.ctx.awards if t == track and y == year}

    def records(self, year: int) -> dict[str, dict[str, Any]]:
        if year not in self._records:
            self._records[year] = {s: by_year[year] for s, by_year
                                   in self.sector.ctx.records.items() if year in by_year}
        return self._records[year]

    def registered(self, track: str) -> dict[str, str]:
        return {s: ("goal" if s == "P1" else "") for (s, t, _y) in self.sector.ctx.registered
                if t == track}

    def evaluator(self) -> Any:
        return self.sector.ev


# --- strategies -----------------------------------------------------------------------------
def _record(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(sorted(METRICS[kind])), st.none(), max_size=4) \
        .flatmap(lambda keys: st.fixed_dictionaries(
            {k: st.sampled_from(VALUES[k]) for k in keys}))


@st.composite
def sectors(draw: Any) -> Sector:
    records: dict[str, dict[int, dict[str, Any]]] = {}
    for code, kind in [*((p, "person") for p in PEOPLE), *((u, "collective") for u in UNITS)]:
        years = draw(st.sets(st.sampled_from(list(YEARS)), max_size=6))
        if years:
            records[code] = {y: draw(_record(kind)) for y in sorted(years)}
    registered = draw(st.sets(st.sampled_from(PEOPLE + UNITS), max_size=4))
    heads = draw(st.dictionaries(st.sampled_from(PEOPLE), st.sampled_from(UNITS + ["U9"]),
                                 max_size=3))
    awards = draw(st.sets(st.tuples(st.sampled_from(PEOPLE + UNITS), st.sampled_from(list(YEARS))),
                          max_size=6))
    return Sector(records, registered, heads, awards)


@st.composite
def compares(draw: Any, kind: str) -> Compare:
    metric = METRICS[kind][draw(st.sampled_from(sorted(METRICS[kind])))]
    values = [v for v in VALUES[metric.key] if v != "" and v != "Z"]
    if metric.type == "bool":
        op = draw(st.sampled_from(["eq", "ne"]))
    else:
        op = draw(st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in"]))
    if op in ("in", "not_in"):
        value: Any = draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))
    else:
        value = draw(st.sampled_from(values))
    return Compare(1, metric, op, value, draw(st.integers(-3, 0)))


def spans() -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(-9, 0), st.integers(-9, 0)).map(lambda t: (min(t), max(t)))


def rules(kind: str, depth: int = 2) -> st.SearchStrategy[Rule]:
    leaves: list[st.SearchStrategy[Any]] = [compares(kind), st.builds(RecordLeaf, st.just(1)),
                                            st.builds(RegisteredLeaf, st.just(1))]
    if kind == "person":
        leaves.append(st.builds(SumRule, st.just(1), st.just(METRICS["person"]["n"]),
                                st.just(-2), st.just(0), st.sampled_from(["gte", "lt", "eq"]),
                                st.integers(0, 6)))
    if kind == "person":
        rank = METRICS["person"]["rank"]
        leaves.append(st.builds(Award, st.just(1), st.just(TRACK), st.just(rank),
                                st.sampled_from(["C", "B", "A"])))
        # the discipline form: the enum `rank`, its lowest value C standing for none
        leaves.append(st.tuples(spans(), st.integers(1, 30)).map(
            lambda t: DisciplineTerm(1, t[0][0], t[0][1], rank, None, t[1])))
    leaves.append(st.builds(Award, st.just(1), st.just(TRACK)))
    base = st.one_of(*leaves)
    if depth == 0:
        return base
    inner = rules(kind, depth - 1)
    cmp_ops = st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"])
    composite: list[st.SearchStrategy[Any]] = [
        st.builds(AllOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
        st.builds(AnyOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
        st.builds(NotRule, st.just(1), inner),
        st.tuples(st.sampled_from(["each", "any", "at_least"]), spans(), inner,
                  st.integers(1, 3)).map(
            lambda t: Window(1, t[0], t[1][0], t[1][1], t[2],
                             k=min(t[3], t[1][1] - t[1][0] + 1))),
        st.tuples(st.integers(1, 4), inner).map(
            lambda t: Window(1, "streak", -(t[0] - 1), 0, t[1], k=t[0])),
        st.tuples(spans(), inner, cmp_ops, st.integers(0, 4)).map(
            lambda t: CountYears(1, t[0][0], t[0][1], t[1], t[2], t[3])),
        st.builds(When, st.just(1), inner, level_in=st.just(["mid"])),
        st.tuples(st.integers(-4, 0), st.integers(0, 4), inner, base).map(
            lambda t: FreshYears(1, t[0], min(0, t[0] + t[1]), t[2], t[3])),
    ]
    if kind == "person":
        composite.append(st.builds(When, st.just(1), inner, leader=st.booleans()))
        composite.append(st.builds(HeadedUnit, st.just(1), rules("collective", depth - 1)))
    else:
        where = rules("person", depth - 1)
        composite.append(st.tuples(st.sampled_from(["share", "count"]), where, cmp_ops,
                                   st.integers(0, 100)).map(
            lambda t: Members(1, t[0], t[1], t[2], t[3])))
        composite.append(st.tuples(st.sampled_from(["all", "none", "any"]), where).map(
            lambda t: Members(1, t[0], t[1])))
        composite.append(st.builds(Members, st.just(1), st.just("count"), st.none(),
                                   cmp_ops, st.integers(0, 4)))
    return st.one_of(base, *composite)


def discoverable(kind: str, depth: int = 2) -> st.SearchStrategy[Rule]:
    """Rules built of the operators that discover set-wise (the others fall back)."""
    base = st.one_of(compares(kind), st.builds(RecordLeaf, st.just(1)),
                     st.builds(RegisteredLeaf, st.just(1)))
    if depth == 0:
        return base
    inner = discoverable(kind, depth - 1)
    return st.one_of(base, st.builds(AllOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
                     st.builds(AnyOf, st.just(1), st.lists(inner, min_size=1, max_size=3)),
                     st.builds(NotRule, st.just(1), inner))


def subjects(sector: Sector, kind: str) -> list[Subject]:
    return list((sector.ctx.people if kind == "person" else sector.ctx.collectives).values())


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- properties -----------------------------------------------------------------------------
@SETTINGS
@given(sector=sectors(), kind=st.sampled_from(["person", "collective"]), data=st.data())
def test_the_fast_path_agrees_with_the_explained_path(sector: Sector, kind: str,
                                                      data: Any) -> None:
    rule = data.draw(rules(kind))
    ev = sector.ev
    for subj in subjects(sector, kind):
        out = rule.check(ev, subj, YEAR, TRACK)
        assert rule.passes(ev, subj, YEAR, TRACK) == out.passed, (rule.describe(), subj.code,
                                                                  out.detail)
        assert isinstance(out.detail, str) and isinstance(out.values, dict)


@SETTINGS
@given(sector=sectors(), kind=st.sampled_from(["person", "collective"]), data=st.data())
def test_discovery_picks_exactly_the_subjects_the_rule_passes(sector: Sector, kind: str,
                                                              data: Any) -> None:
    rule = data.draw(st.one_of(discoverable(kind), rules(kind, 1)))
    pool = {s.code for s in subjects(sector, kind)}
    found = rule.discover(Data(sector), TRACK, pool)
    passing = {s.code for s in subjects(sector, kind)
               if rule.check(sector.ev, s, YEAR, TRACK).passed}
    assert set(found) == passing, rule.describe()
    assert all(found[s] for s in found)  # every pick says why


@SETTINGS
@given(sector=sectors(), data=st.data())
def test_a_comparison_compiled_and_plain_agree(sector: Sector, data: Any) -> None:
    from dtt.rules import compare, enum_order

    rule = data.draw(compares("person"))
    order = enum_order(rule.metric)
    for value in VALUES[rule.metric.key]:
        assert rule.test(value) == compare(rule.op, value, rule.value, order)

