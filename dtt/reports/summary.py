"""The one-page achievement summary of one candidate (tóm tắt thành tích): who, the records
year by year, and the verdict of each criterion with its legal source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dtt.domain import (
    EXEMPLAR_TRACKS,
    SUMMARY_PERSON_METRICS,
    SUMMARY_UNIT_METRICS,
    TITLE_METRIC,
)
from dtt.errors import InputError
from dtt.messages import t
from dtt.records import records_of, subject_kind
from dtt.render.explain import Vocabulary, default_vocabulary, detail_text, value_label
from dtt.reports import labels as L
from dtt.reports.data import (
    criteria_info,
    head_in,
    load_units,
    person_in,
    subject_results,
)
from dtt.reports.docmodel import AdminDoc, Para, Signer, Table, date_line
from dtt.reports.documents import w
from dtt.reports.issuer import issuer_lines, place_line
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import decisions as store_decisions
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


# the record title each track confers (so a decided award is not listed twice)
TRACK_TITLE = {"ldtt": "LDTT", "cstdcs": "CSTDCS", "cstdn": "CSTDN", "cstdtq": "CSTDTQ",
               "ttldtt": "TTLDTT", "ttldxs": "TTLDXS"}


def pick_result(results: list[dict[str, Any]], track: str | None) -> dict[str, Any] | None:
    """The track asked for; else the exemplar track; else the best status."""
    if track:
        chosen = [r for r in results if r["track"] == track]
        if not chosen:
            raise InputError(f"no {track} result for this subject", field="--track")
        return chosen[0]
    if not results:
        return None
    # the best status (a recognised or proposed title before an ineligible one), the
    # exemplar track first among equals
    return min(results, key=lambda r: (L.STATUS_ORDER.index(r["status"])
                                       if r["status"] in L.STATUS_ORDER else 99,
                                       r["track"] not in EXEMPLAR_TRACKS))


def _date_text(iso: str | None) -> str:
    """'1975-05-12' → '12/05/1975'; '' for none."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def previous_awards(store: Store, subject: str, year: int, records: list[dict[str, Any]],
                    lang: str, info: Any) -> list[list[str]]:
    """Year | title (award) | decision number and date; issuer: the recognised council
    decisions before `year` (with their award decisions), and the titles the records hold for
    years without such a decision."""
    rows: list[tuple[int, str, str]] = []
    decided: set[tuple[int, str]] = set()
    for d in store_decisions.recognitions(store, subject, up_to=year - 1):
        label = L.track_long(lang, d["track"], info.tracks.get(d["track"]))
        title = TRACK_TITLE.get(d["track"])
        if title:
            decided.add((d["year"], title))
        if d.get("decision_no"):
            text = s(lang, "aw_line", no=d["decision_no"], date=_date_text(d["decision_date"]),
                     by=d.get("decision_by") or "")
        else:
            text = ""
        rows.append((d["year"], label, text))
    for r in records:
        title = r.get(TITLE_METRIC)
        if title and r["year"] < year and (r["year"], str(title)) not in decided:
            rows.append((r["year"], L.title_short(str(title)), s(lang, "aw_record")))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [[str(y), label, text] for y, label, text in rows]


def summary_doc(store: Store, subject: str, year: int, *, lang: str = "vi",
                when: dt.date | None = None, track: str | None = None) -> AdminDoc:
    """The achievement report (báo cáo thành tích; Mẫu 05 for a person): I. the CV (name,
    gender, born, post, unit, recruited); II. the achievements year by year and the criteria
    of the year with their values and sources; III. previous awards with the number, date and
    issuer of each decision."""
    kind = subject_kind(store, subject)
    if kind is None:
        raise InputError(f"unknown subject '{subject}' (not a person or unit code)",
                         field="--subject")
    units = load_units(store, year)  # the tree and roster of the year summarised
    if kind == "collective" and subject not in units.units:
        units = load_units(store)  # a unit not in force that year keeps its last place
    info = criteria_info(store)
    vocab = L.store_vocabulary(store, units.levels) if lang != "en" else None
    every = records_of(store, subject)
    records = [r for r in every if r["year"] <= year][-5:]
    result = pick_result(subject_results(store, subject, year), track)
    person = store_reports.person(store, subject) if kind == "person" else None
    if person is not None:
        name = person["full_name"]
        home, position = person_in(store, subject, year, units)
        gender = {"nam": s(lang, "male"), "nu": s(lang, "female"), "nữ": s(lang, "female")}.get(
            person.get("gender") or "", "")
        profile = [s(lang, "name", v=name), s(lang, "gender", v=gender),
                   s(lang, "born", v=_date_text(person.get("born"))),
                   s(lang, "position", v=position or ""),
                   s(lang, "unit", v=" – ".join(units.name(u) for u in units.lineage(home)[:2])),
                   s(lang, "recruited", v=_date_text(person.get("recruited")))]
        cols = PERSON_COLS
    else:
        if subject not in units.units:
            units = load_units(store)
        name, home = units.name(subject), subject
        parent = units.units[subject]["parent"]
        profile = [s(lang, "cname", v=name), s(lang, "parent", v=units.name(parent))]
        cols = UNIT_COLS
    blocks: list[Para | Table] = [Para(s(lang, "part1"), bold=True, heading=True)]
    blocks += [Para(p) for p in profile]
    blocks.append(Para(s(lang, "part2_ach"), bold=True, heading=True))
    blocks.append(Table([s(lang, HEAD[c]) for c in cols],
                        [[_value(c, r.get(c), lang, vocab) for c in cols] for r in records],
                        widths=[10, 30, 14, 12, 18, 16] if kind == "person" else None,
                        numeric={0}))
    track_label = ""
    if result is None:
        blocks.append(Para(s(lang, "none"), italic=True))
    else:
        track_label = L.track_long(lang, result["track"], info.tracks.get(result["track"]))
        blocks.append(Para(s(lang, "criteria_head", year=year), bold=True))
        rows = [[c.get("label") or info.checks.get(c.get("id", ""), c.get("id", "")),
                 c.get("source") or info.sources.get(c.get("id", ""), ""),
                 s(lang, "yes") if c.get("passed") else s(lang, "no"), detail_text(c, lang, vocab)]
                for c in result["checks"]]
        if lang == "en":
            for row, c in zip(rows, result["checks"], strict=True):
                row[0] = c.get("id", row[0])
        blocks.append(Table([s(lang, "criterion"), s(lang, "source"), s(lang, "met"),
                             s(lang, "detail")], rows, widths=[32, 23, 11, 34]))
        blocks.append(Para(s(lang, "status_line",
                             status=L.status_label(lang, result["status"]))))
        decision = result.get("decision")
        if decision:
            blocks.append(Para(s(lang, "vote", yes=decision["votes_for"],
                                 members=decision["members"],
                                 outcome=L.status_label(lang, decision["outcome"]))))
    blocks.append(Para(s(lang, "part3_awards"), bold=True, heading=True))
    awards = previous_awards(store, subject, year, every, lang, info)
    if awards:
        blocks.append(Table([s(lang, "year"), s(lang, "aw_title"), s(lang, "aw_decision")],
                            awards, widths=[10, 40, 50], numeric={0}))
    else:
        blocks.append(Para(s(lang, "aw_none"), italic=True))
    tree = UnitTree.load(store, year)
    if home not in tree:
        tree = units.tree
    issuing = home if kind == "person" else subject
    head = head_in(store, issuing, year)
    if head and head.get("code") == subject and units.units[home]["parent"]:
        head = head_in(store, units.units[home]["parent"], year)  # the head reports: the unit above
    when = when or dt.date.today()
    return AdminDoc(
        lang=lang, issuer=issuer_lines(tree, issuing, lang), number="",
        place_date=date_line(place_line(store, tree, issuing, lang), when, lang),
        title=s(lang, "report_title"),
        subtitle=[s(lang, "proposed", track=(track_label or "—").upper(), year=year), name],
        blocks=blocks,
        signers=[Signer([s(lang, "head_confirm")], w(lang, "sign_seal"),
                        head["full_name"] if head and kind == "person" else ""),
                 Signer([s(lang, "reporter")], w(lang, "sign"),
                        name if kind == "person" else (head or {}).get("full_name", ""))],
    )
