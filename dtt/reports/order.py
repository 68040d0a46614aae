"""Which results a ranked report shows, and in which order.

The status selection (`--status`, and the default that leaves the ineligible out of a ranked
list), Vietnamese name order computed once per distinct word, and one sort for the whole
report: every section then takes its rows in that order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from dtt.domain import HIDDEN_BY_DEFAULT
from dtt.errors import InputError
from dtt.reports import labels as L
from dtt.reports.data import CriteriaInfo, unit_sort_key
from dtt.text import name_key, sort_key

ALL = "all"


@dataclass(frozen=True)
class StatusChoice:
    """The statuses a report shows: `only` (None: any) minus `hidden`; hidden rows are only
    counted (`counted`: each section's summary names them), not listed."""

    only: frozenset[str] | None = None
    hidden: frozenset[str] = frozenset()

    @property
    def counted(self) -> bool:
        return bool(self.hidden)

    def shows(self, status: str) -> bool:
        return status not in self.hidden and (self.only is None or status in self.only)


def parse_statuses(text: str | None) -> StatusChoice:
    """--status: None → the ranked default (every status but `ineligible`); `all` → every
    result; else the comma-separated statuses."""
    if text is None:
        return StatusChoice(hidden=HIDDEN_BY_DEFAULT)
    chosen = {s.strip().lower() for s in re.split(r"[,\s]+", text) if s.strip()}
    if not chosen:
        return StatusChoice(hidden=HIDDEN_BY_DEFAULT)
    if ALL in chosen:
        return StatusChoice()
    unknown = chosen - set(L.STATUS_ORDER)
    if unknown:
        raise InputError(f"unknown status '{sorted(unknown)[0]}' (use "
                         f"{', '.join(L.STATUS_ORDER)} or {ALL})", field="--status")
    return StatusChoice(only=frozenset(chosen))


# --- Vietnamese name order -----------------------------------------------------------------
@cache
def _word(word: str) -> tuple:
    return sort_key(word)


def fast_name_key(full_name: str) -> tuple:
    """`dtt.text.name_key`, each word keyed once per process (names share few words)."""
    text = full_name or ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    words = text.split()
    if not words:
        return name_key(text)
    if len(words) == 1:
        return (_word(words[0]),)
    middle = tuple(k for w in words[1:-1] for k in _word(w)) or _word("")
    return (_word(words[-1]), _word(words[0]), middle)


def name_order(results: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """(kind, name) → its place in Vietnamese order (people by given name), each name keyed
    once however many rows carry it."""
    people: set[str] = set()
    others: set[str] = set()
    for r in results:
        (people if r.get("kind") == "person" else others).add(r.get("name") or "")
    order = {("person", n): i for i, n in enumerate(sorted(people, key=fast_name_key))}
    order.update({("collective", n): i
                  for i, n in enumerate(sorted(others, key=unit_sort_key))})
    return order


def order_results(info: CriteriaInfo, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Track (criteria order), status (best first), rank, Vietnamese name, code."""
    names = name_order(results)
    statuses = {s: i for i, s in enumerate(L.STATUS_ORDER)}
    tracks = {t: info.track_order(t) for t in {r["track"] for r in results}}
    unknown = len(statuses)
    inf = math.inf
    place = names.get
    # the keys made in one pass, then the rows sorted by them (stable, as sorted() by key)
    keys = [(tracks[r["track"]], statuses.get(r["status"], unknown),
             rank if type(rank := r["rank"]) is int else inf,
             place(("person" if r["kind"] == "person" else "collective", r["name"] or ""), 0),
             r["subject"]) for r in results]
    return [results[i] for i in sorted(range(len(results)), key=keys.__getitem__)]


def trim(results: list[dict[str, Any]], top: int | None) -> list[dict[str, Any]]:
    """The first `top` of each track (results already in order)."""
    if top is None:
        return results
    kept: list[dict[str, Any]] = []
    per_track: dict[str, int] = {}
    for result in results:
        n = per_track.get(result["track"], 0)
        if n < top:
            kept.append(result)
            per_track[result["track"]] = n + 1
    return kept

