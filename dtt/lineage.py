"""The units through time: when each unit was in force, what it succeeded and what succeeded
it (the `formerly:` lists of the dated trees). Loaded once (`Lineage.load(store)`); the engine
asks it whose years a collective's earlier years are, and where the people of a closed unit
went; `dtt units history` shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtt.store import Store
from dtt.store import history as store_history


@dataclass(slots=True)
class Span:
    """A unit as it stood in one tree: from `start` (that tree's date) until `until` (the
    next tree's date, '' if it is the latest)."""

    start: str
    until: str
    name: str
    level: str
    parent: str | None


@dataclass
class Lineage:
    spans: dict[str, list[Span]] = field(default_factory=dict)  # code -> its spans, oldest first
    # code -> [(date, [predecessors, principal first])]
    formerly: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    # predecessor -> [(date, successor, ord)]
    successors: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> Lineage:
        out = cls()
        for code, start, name, level, parent, until in store_history.unit_spans(store):
            out.spans.setdefault(code, []).append(Span(start, until, name, level, parent))
        for when, code, pred, order in store_history.lineage(store):
            entries = out.formerly.setdefault(code, [])
            if not entries or entries[-1][0] != when:
                entries.append((when, []))
            entries[-1][1].append(pred)
            out.successors.setdefault(pred, []).append((when, code, order))
        return out

    def first_seen(self, code: str) -> str | None:
        spans = self.spans.get(code)
        return spans[0].start if spans else None

    def formed_by(self, code: str) -> tuple[str, list[str]] | None:
        """(date, predecessors) when `code` first came into force succeeding other units."""
        first = self.first_seen(code)
        for when, preds in self.formerly.get(code, ()):
            if when == first:
                return when, preds
        return None

    def principal(self, code: str) -> str | None:
        """The principal predecessor of a unit formed under a new code (None if it kept its
        code from the beginning or succeeds nothing)."""
        formed = self.formed_by(code)
        return formed[1][0] if formed else None

    def in_year(self, code: str, year: int) -> tuple[str, str, str] | None:
        """For a unit formed after `year`: (the unit whose years it continues in `year`,
        the date the unit was formed, 'merged' or 'renamed'); None if `code` itself was in
        force in `year` or has no predecessor."""
        end = f"{year}-12-31"
        cursor, seen, step = code, {code}, None
        while True:
            first = self.first_seen(cursor)
            if first is None or first <= end:
                break
            formed = self.formed_by(cursor)
            if formed is None or formed[1][0] in seen:
                break
            if step is None:
                step = (formed[0], "merged" if len(formed[1]) > 1 else "renamed")
            cursor = formed[1][0]
            seen.add(cursor)
        if step is None or cursor == code:
            return None
        return cursor, step[0], step[1]

    def follow(self, code: str, units: Any) -> str:
        """Where a unit's people are in a tree whose `units` lack it: its successor (the
        principal one where it is principal), else its last parent's, repeated."""
        seen = set()
        while code not in units and code not in seen:
            seen.add(code)
            spans = self.spans.get(code)
            if not spans:
                break
            until = spans[-1].until
            after = [(order, succ) for when, succ, order in self.successors.get(code, ())
                     if when == until]
            if after:
                code = min(after)[1]
            elif spans[-1].parent is not None:
                code = spans[-1].parent
            else:
                break
        return code

    def history(self, code: str) -> dict[str, Any]:
        """A unit's spans, predecessors and successors, for `dtt units history`."""
        first = self.first_seen(code)
        return {
            "code": code,
            "spans": [{"from": s.start, "until": s.until or None, "name": s.name,
                       "level": s.level, "parent": s.parent} for s in self.spans.get(code, [])],
            "predecessors": [{"on": when, "units": preds,
                              "kept_code": first is not None and first < when}
                             for when, preds in self.formerly.get(code, [])],
            "successors": [{"on": when, "unit": succ,
                            "principal": order == 0 and self.first_seen(succ) == when}
                           for when, succ, order in self.successors.get(code, [])],
        }
