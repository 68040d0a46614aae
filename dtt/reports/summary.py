"""The one-page achievement summary of one candidate (tóm tắt thành tích): who, the records
year by year, and the verdict of each criterion with its legal source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dtt.domain import (
    EXEMPLAR_TRACKS,
    HEADQUARTERS_PLACE,
    SUMMARY_PERSON_METRICS,
    SUMMARY_UNIT_METRICS,
    TITLE_METRIC,
)
from dtt.errors import InputError
from dtt.messages import t
from dtt.records import records_of, subject_kind
from dtt.render.explain import Vocabulary, default_vocabulary, detail_text, value_label
from dtt.render.numbers import number
from dtt.reports import labels as L
from dtt.reports.data import (
    criteria_info,
    head_of,
    load_units,
    subject_results,
)
from dtt.reports.docmodel import SECTOR, AdminDoc, Para, Signer, Table, date_line, place_of
from dtt.reports.documents import w
from dtt.store import Store
from dtt.store import reports as store_reports

PERSON_COLS: tuple[str, ...] = ("year", *SUMMARY_PERSON_METRICS)
UNIT_COLS: tuple[str, ...] = ("year", *SUMMARY_UNIT_METRICS)
HEAD = {"year": "year", "rating": "rating", "title": "title_col", "initiatives": "init",
        "initiative_level": "init_level", "discipline": "discipline",
        "collection_plan": "collection", "arrears_rate": "arrears", "tthc_on_time": "tthc",
        "e_transactions": "etx"}


def s(lang: str, key: str, **values: Any) -> str:
    """The summary's word `key` (message `summary.<key>`) in `lang`."""
    return t(f"summary.{key}", lang, **values)


def _value(key: str, value: Any, lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """A record's value as a person reads it: a title's short official form, an enum's label
    (Vietnamese), có/không, a number in the language's form; the year as it is."""
    if value is None:
        return ""
    if key == TITLE_METRIC:
        return L.title_short(str(value))
    if key == "year":
        return str(value)
    return value_label(vocab or default_vocabulary(), key, value, lang)


def pick_result(results: list[dict[str, Any]], track: str | None) -> dict[str, Any] | None:
    """The track asked for; else the exemplar track; else the best status."""
    if track:
        chosen = [r for r in results if r["track"] == track]
        if not chosen:
            raise InputError(f"no {track} result for this subject", field="--track")
        return chosen[0]
    for r in results:
        if r["track"] in EXEMPLAR_TRACKS:
            return r
    if not results:
        return None
    return min(results, key=lambda r: L.STATUS_ORDER.index(r["status"])
               if r["status"] in L.STATUS_ORDER else 99)


def summary_doc(store: Store, subject: str, year: int, *, lang: str = "vi",
                when: dt.date | None = None, track: str | None = None) -> AdminDoc:
    kind = subject_kind(store, subject)
    if kind is None:
        raise InputError(f"unknown subject '{subject}' (not a person or unit code)",
                         field="--subject")
    units = load_units(store)
    info = criteria_info(store)
    vocab = L.store_vocabulary(store, units.levels) if lang != "en" else None
    records = [r for r in records_of(store, subject) if r["year"] <= year][-5:]
    result = pick_result(subject_results(store, subject, year), track)
    person = store_reports.person(store, subject) if kind == "person" else None
    if person is not None:
        name, home = person["full_name"], person["unit"]
        profile = [s(lang, "name", v=name), s(lang, "position", v=person["position"] or ""),
                   s(lang, "unit", v=" – ".join(units.name(u) for u in units.lineage(home)[:2]))]
        cols = PERSON_COLS
    else:
        name, home = units.name(subject), subject
        parent = units.units[subject]["parent"]
        profile = [s(lang, "cname", v=name), s(lang, "parent", v=units.name(parent))]
        cols = UNIT_COLS
    blocks: list[Para | Table] = [Para(s(lang, "part1"), bold=True, heading=True)]
    blocks += [Para(p) for p in profile]
    blocks.append(Para(s(lang, "part2"), bold=True, heading=True))
    blocks.append(Table([s(lang, HEAD[c]) for c in cols],
                        [[_value(c, r.get(c), lang, vocab) for c in cols] for r in records],
                        numeric={0}))
    blocks.append(Para(s(lang, "part3", year=year), bold=True, heading=True))
    track_label = ""
    if result is None:
        blocks.append(Para(s(lang, "none"), italic=True))
    else:
        track_label = L.track_long(lang, result["track"], info.tracks.get(result["track"]))
        quota = ""
        if result.get("quota_limit") is not None and result.get("quota_pos") is not None:
            quota = s(lang, "quota", pos=result["quota_pos"], limit=result["quota_limit"])
        score = result.get("score")
        blocks.append(Para(s(lang, "verdict", status=L.status_label(lang, result["status"]),
                             score=(number(score, lang) if isinstance(score, float)
                                    else score or "—"),
                             rank=result.get("rank") or "—", quota=quota), bold=True))
        rows = [[c.get("label") or info.checks.get(c.get("id", ""), c.get("id", "")),
                 c.get("source") or info.sources.get(c.get("id", ""), ""),
                 s(lang, "yes") if c.get("passed") else s(lang, "no"), detail_text(c, lang, vocab)]
                for c in result["checks"]]
        if lang == "en":
            for row, c in zip(rows, result["checks"], strict=True):
                row[0] = c.get("id", row[0])
        blocks.append(Table([s(lang, "criterion"), s(lang, "source"), s(lang, "met"),
                             s(lang, "detail")], rows, widths=[34, 26, 8, 32]))
        decision = result.get("decision")
        if decision:
            blocks.append(Para(s(lang, "vote", yes=decision["votes_for"],
                                 members=decision["members"],
                                 outcome=L.status_label(lang, decision["outcome"]))))
    province = next((u for u in units.lineage(home) if units.units[u]["parent"] is not None
                     and units.units[units.units[u]["parent"]]["parent"] is None), home)
    head = head_of(store, home if kind == "person" else subject)
    when = when or dt.date.today()
    return AdminDoc(
        lang=lang, issuer=[SECTOR.get(lang, SECTOR["vi"]), units.name(province).upper()],
        number="", place_date=date_line(place_of(units.name(province)) if lang == "vi"
                                        else HEADQUARTERS_PLACE["en"], when, lang),
        title=s(lang, "title"),
        subtitle=[s(lang, "for", track=track_label or "—", year=year), name],
        blocks=blocks,
        signers=[Signer([s(lang, "confirm")], w(lang, "sign_seal"),
                        head["full_name"] if head and kind == "person" else ""),
                 Signer([s(lang, "reporter")], w(lang, "sign"),
                        name if kind == "person" else (head or {}).get("full_name", ""))],
    )
