"""The reports' codes in order, and their names read from the message catalogue
(`dtt.messages`): headings, statuses and tracks in Vietnamese (default) or English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtt.domain import COLLECTIVE_TITLES, EXEMPLAR_TRACKS, PERSON_TITLES
from dtt.messages import LANGS, MESSAGES, lookup
from dtt.render.numbers import number

if TYPE_CHECKING:
    from dtt.render.explain import Vocabulary
    from dtt.store import Store

__all__ = [
    "COLLECTIVE_TITLES", "EXEMPLAR_TRACKS", "LANGS", "PERSON_TITLES", "STATUS_ORDER",
    "check_lang", "count", "env_lang", "status_label", "store_vocabulary", "t", "title_short",
    "track_long", "track_short",
]

# council outcomes first, then the engine's verdicts, best first
STATUS_ORDER = ("recognised", "recommended", "eligible", "escalated", "deferred", "rejected",
                "ineligible")


def check_lang(lang: str | None) -> str:
    from dtt.errors import InputError

    chosen = (lang or "vi").strip().lower()
    if chosen not in LANGS:
        raise InputError(f"unknown language '{lang}' (use vi or en)", field="--lang")
    return chosen


def t(lang: str, key: str, **values: object) -> str:
    """The report heading `key` (message `report.<key>`) in `lang`, {placeholders} filled."""
    entry = MESSAGES["report." + key]  # as messages.t, inlined: reports call it per row
    text = entry.get(lang) or entry["vi"]
    return text.format(**values) if values else text


def env_lang() -> str:
    """The language of what dtt writes when no --lang is given: $DTT_LANG, else vi."""
    import os

    lang = (os.environ.get("DTT_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGS else "vi"


def status_label(lang: str, status: str) -> str:
    return lookup(f"status.{status}", lang) or status


def track_short(lang: str, track: str) -> str:
    """The short name for table cells (English keeps the code)."""
    return lookup(f"track.short.{track}", lang) or track


def track_long(lang: str, track: str, criteria_label: str | None = None) -> str:
    """The track's full name: the criteria file's label in Vietnamese, a fixed one in English."""
    if lang == "en":
        return lookup(f"track.long.{track}", "en") or criteria_label or track
    return criteria_label or lookup(f"track.short.{track}", "vi") or track


def store_vocabulary(store: Store, levels: dict[str, str] | None = None) -> Vocabulary:
    """The names of the database's criteria codes (metrics, enum values, checks, tracks) and
    of the tree's levels, for explanations written in Vietnamese."""
    from dtt.criteria.source import active_criteria
    from dtt.render.explain import vocabulary
    from dtt.store import reports as store_reports

    if levels is None:
        levels = dict(store_reports.level_names(store))
    return vocabulary(active_criteria(store), levels)


def count(n: int, lang: str) -> str:
    """A count in the language's form: 1.673 (en 1,673)."""
    return number(n, lang)


def title_short(code: str | None) -> str:
    return lookup(f"title.short.{code or ''}") or code or ""
