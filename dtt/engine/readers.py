"""Plans read set-wise: what a rule (or a score term) reads of many subjects at once.

A plan (`Evaluator.plan`) lists what a rule reads: metrics of a year's record, awards, whether
a record exists, a subject's own column, member counts. `Evaluator.reading` reads it for one
subject; `Readers.keys` reads it for every subject of a track in one go — one column per
item of the plan (a metric of a year, an award, ...), each from an index made once per run
(the records of a year by subject, the awards of a track and year), then zipped into the
subjects' keys. Both give the same key, item for item (tests/test_engine_setwise.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dtt.engine.context import Subject

if TYPE_CHECKING:
    from dtt.engine.rules import Evaluator, Plan

Records = dict[str, dict[int, dict[str, Any]]]
KEPT = 4  # lists of subjects whose columns are kept


def token(value: Any) -> Any:
    """A value as part of a memo key: equal tokens are shown and stored alike (True, 1 and 1.0
    are equal in Python but not in a check's text; -0.0 and 0.0 neither)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        return (kind, repr(value))
    return (kind, value)


def cell(value: Any, fallback: Any) -> Any:
    """One recorded value as a plan reads it: the fallback (the metric's default, or MISSING)
    for a value not given, the value's token otherwise."""
    if value is None or value == "":
        return fallback
    return value if type(value) is str else token(value)


class Readers:
    """The indexes that plans are read from, built once per run and shared by every track."""

    def __init__(self, ev: Evaluator) -> None:
        self.ev = ev
        self._years: dict[tuple[int, int], dict[str, dict[str, Any]]] = {}
        self._awards: dict[tuple[str, int], set[str]] | None = None
        self._columns: dict[tuple, tuple[list[str], dict[tuple, list[Any]]]] = {}

    def year(self, records: Records, y: int) -> dict[str, dict[str, Any]]:
        """subject → its record of year `y` (only the subjects with one)."""
        at = (id(records), y)
        index = self._years.get(at)
        if index is None:
            index = self._years[at] = {code: data for code, by_year in records.items()
                                       if (data := by_year.get(y)) is not None}
        return index

    def awarded(self, track: str, y: int) -> set[str]:
        """The subjects recognised for `track` in `y` by a council."""
        if self._awards is None:
            awards: dict[tuple[str, int], set[str]] = {}
            for t, code, year in self.ev.ctx.awards:
                awards.setdefault((t, year), set()).add(code)
            self._awards = awards
        return self._awards.get((track, y), set())

    def _cache(self, codes: list[str]) -> dict[tuple, list[Any]]:
        """The columns already read for this very list of subjects (the same candidates in
        several tracks, the criteria of one track and its score); the last few lists kept."""
        at = (len(codes), codes[0] if codes else None, codes[-1] if codes else None)
        hit = self._columns.get(at)
        if hit is not None and hit[0] == codes:
            return hit[1]
        if len(self._columns) >= KEPT:
            del self._columns[next(iter(self._columns))]
        cache: dict[tuple, list[Any]] = {}
        self._columns[at] = (codes, cache)
        return cache

    def keys(self, plan: Plan, subjects: Sequence[Subject], year: int,
             records: Records) -> list[tuple]:
        """`Evaluator.reading(plan, s, year)` for each of `subjects`, in order, read from
        `records` (the records the evaluator reads at that moment)."""
        codes = [s.code for s in subjects]
        columns: list[list[Any]] = []
        cache = self._cache(codes)
        for kind, offset, what in plan:
            y = year + offset
            if kind == "values":
                for key, fallback in what:
                    at = (id(records), y, key, fallback)
                    column = cache.get(at)
                    if column is None:
                        datas = cache.get((id(records), y))
                        if datas is None:
                            get = self.year(records, y).get
                            datas = cache[(id(records), y)] = list(map(get, codes))
                        # `cell` inlined: None for no record, strings as they are, else the
                        # fallback (a value not given) or the value's token
                        column = cache[at] = [
                            None if d is None
                            else v if type(v := d.get(key)) is str and v != ""
                            else fallback if v is None or v == ""
                            else (float, repr(v)) if type(v) is float else (type(v), v)
                            for d in datas]
                    columns.append(column)
            elif kind == "award":
                given = self.awarded(what, y)
                columns.append([c in given for c in codes])
            elif kind == "record":
                has = self.year(self.ev.ctx.records, y)
                columns.append([c in has for c in codes])
            elif kind == "subject":
                columns.append([getattr(s, what) for s in subjects])
            else:  # members
                counts = self.ev.member_counts(what, y)
                columns.append([counts.get(c, (0, 0)) for c in codes])
        if not columns:
            return [()] * len(codes)
        return list(zip(*columns, strict=True))
