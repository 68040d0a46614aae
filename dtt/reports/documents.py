"""The administrative documents: the proposal list (danh sách đề nghị) and the council minutes
(biên bản họp Hội đồng), and any report Document set in the same administrative form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dtt.domain import HEADQUARTERS_PLACE, PROPOSAL_STATUSES
from dtt.errors import InputError
from dtt.messages import t
from dtt.render.model import Document
from dtt.render.values import cell_text
from dtt.reports import labels as L
from dtt.reports.data import criteria_info, head_of, latest_decisions, load_units
from dtt.reports.docmodel import SECTOR, AdminDoc, Para, Signer, Table, date_line, place_of
from dtt.reports.ranked import build_ranked, scope_groups
from dtt.store import Store
from dtt.store import reports as store_reports
from dtt.text import name_key

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

def w(lang: str, key: str, **values: Any) -> str:
    """The document text `key` (message `doc.<key>` of `dtt.messages`) in `lang`."""
    return t(f"doc.{key}", lang, **values)


def issuer(units: Any, code: str | None, lang: str) -> list[str]:
    """The issuing body: VSS, then the unit itself unless it is VSS."""
    lines = [SECTOR.get(lang, SECTOR["vi"])]
    if code and code in units.units and units.units[code]["parent"] is not None:
        lines.append(units.name(code).upper())
    return lines


def head_signer(store: Store, code: str | None, role: str, lang: str) -> Signer:
    head = head_of(store, code) if code else None
    return Signer([role], w(lang, "sign_seal"), head["full_name"] if head else "")


def proposal_doc(store: Store, unit: str, year: int, *, lang: str = "vi",
                 when: dt.date | None = None, track: str | None = None,
                 status: str | None = None) -> AdminDoc:
    """The proposal list: everyone recommended (or recognised, escalated) by track."""
    report = build_ranked(store, unit, year, track=track, lang=lang,
                          status=status or ",".join(PROPOSAL_STATUSES))
    units, info = report.units, report.info
    code = report.groups[0].unit if len(report.groups) == 1 and report.groups[0].level != \
        "cluster" else None
    unit_name = units.name(code) if code else SECTOR.get(lang, SECTOR["vi"])
    seen: set[tuple[str, str]] = set()
    by_track: dict[str, list[dict[str, Any]]] = {}
    for group in report.groups:
        for r in group.results:
            if (r["subject"], r["track"]) not in seen:
                seen.add((r["subject"], r["track"]))
                by_track.setdefault(r["track"], []).append(r)
    rows: list[list[str]] = []
    heads: set[int] = set()
    n = 0
    for i, trk in enumerate(sorted(by_track, key=info.track_order)):
        heads.add(len(rows))
        label = L.track_long(lang, trk, info.tracks.get(trk)).upper()
        rows.append([ROMAN[i] if i < len(ROMAN) else str(i + 1), label, "", "", "", ""])
        for r in by_track[trk]:
            n += 1
            where = r.get("unit")
            where = (units.units.get(where) or {}).get("parent") if where == r["subject"] else where
            rows.append([str(n), r.get("name") or "", units.name(where),
                         cell_text(round(r["score"], 2) if r.get("score") is not None else ""),
                         cell_text(r.get("rank")), r.get("facts") or ""])
    table = Table([w(lang, "stt"), w(lang, "who"), w(lang, "where"), w(lang, "score"),
                   w(lang, "rank"), w(lang, "basis")], rows, widths=[5, 24, 24, 7, 6, 34],
                  group_rows=heads, numeric={0, 3, 4})
    when = when or dt.date.today()
    return AdminDoc(
        lang=lang, issuer=issuer(units, code, lang), number=w(lang, "number_ds"),
        place_date=date_line(place_of(unit_name) if lang == "vi" else HEADQUARTERS_PLACE["en"],
                             when, lang),
        title=w(lang, "proposal"),
        subtitle=[w(lang, "proposal_sub", year=year), w(lang, "proposal_att", unit=unit_name)],
        blocks=[table, Para(w(lang, "count_line", n=n), italic=True)],
        recipients=[w(lang, "recipients_head"), w(lang, "rec1"), w(lang, "rec2")],
        signers=[Signer([w(lang, "maker")], w(lang, "sign")),
                 head_signer(store, code, w(lang, "head"), lang)],
        landscape=False,
    )


def _decisions_rows(store: Store, unit: str, year: int, track: str | None) -> tuple[
        str | None, list[dict[str, Any]]]:
    units = load_units(store)
    how, groups = scope_groups(units, unit)
    if how == "cluster":
        councils = {m for g in groups for m in units.clusters[g.unit]["members"]}
    else:
        councils = {g.unit for g in groups}
    code = groups[0].unit if how == "unit" else None
    names = store_reports.decided_person_names(store, year)
    out = []
    for d in latest_decisions(store, year).values():
        if d["unit"] in councils and (not track or d["track"] == track):
            who = names.get(d["subject"]) or units.name(d["subject"])
            out.append({**d, "name": who})
    return code, out


def minutes_doc(store: Store, unit: str, year: int, *, lang: str = "vi",
                when: dt.date | None = None, track: str | None = None) -> AdminDoc:
    """The council minutes: who was voted on, the votes, and the outcome under the rule."""
    units = load_units(store)
    info = criteria_info(store)
    code, decisions = _decisions_rows(store, unit, year, track)
    if not decisions:
        raise InputError(w(lang, "no_decisions", unit=unit, year=year), field="--unit")
    decisions.sort(key=lambda d: (info.track_order(d["track"]), d["unit"],
                                  name_key(d["name"])))
    rows: list[list[str]] = []
    heads: set[int] = set()
    counts: dict[str, int] = {}
    tracks: list[str] = []
    n = 0
    for d in decisions:
        if d["track"] not in tracks:
            tracks.append(d["track"])
            heads.add(len(rows))
            label = L.track_long(lang, d["track"], info.tracks.get(d["track"])).upper()
            rows.append([ROMAN[len(tracks) - 1] if len(tracks) <= len(ROMAN) else "", label]
                        + [""] * 6)
        n += 1
        counts[d["outcome"]] = counts.get(d["outcome"], 0) + 1
        share = 100.0 * d["votes_for"] / d["members"] if d["members"] else 0.0
        subj_unit = units.units.get(d["subject"])
        where = subj_unit["parent"] if subj_unit else d["unit"]
        rows.append([str(n), d["name"], units.name(where), str(d["members"]),
                     str(d["votes_for"]), str(d["votes_against"]),
                     f"{share:.1f}%".replace(".", ",") if lang == "vi" else f"{share:.1f}%",
                     L.status_label(lang, d["outcome"])])
    council_unit = code or decisions[0]["unit"]
    name = units.name(council_unit)
    members = max(d["members"] for d in decisions)
    head = head_of(store, council_unit)
    when = when or dt.date.today()
    blocks: list[Para | Table] = [
        Para(w(lang, "time", date=date_line("", when, lang).lstrip(", "))),
        Para(w(lang, "place", unit=name)),
        Para(w(lang, "members", unit=name, n=members)),
        Para(w(lang, "chair", name=head["full_name"] if head else "………")),
        Para(w(lang, "secretary")), Para(w(lang, "ballot")),
    ]
    for trk in tracks:
        rule = info.council.get(trk)
        if rule:
            blocks.append(Para(w(lang, "rule", track=L.track_long(lang, trk,
                                                                  info.tracks.get(trk)),
                                 rule=rule), italic=True))
    blocks.append(Para(w(lang, "votes_head"), bold=True, heading=True))
    blocks.append(Table([w(lang, "stt"), w(lang, "who"), w(lang, "where"),
                         w(lang, "v_members"), w(lang, "v_for"), w(lang, "v_against"),
                         w(lang, "v_share"), w(lang, "v_outcome")], rows,
                        widths=[5, 22, 22, 9, 8, 9, 9, 16], group_rows=heads,
                        numeric={0, 3, 4, 5, 6}))
    text = ", ".join(f"{L.status_label(lang, s).lower()} {counts[s]}"
                     for s in L.STATUS_ORDER if s in counts)
    blocks += [Para(w(lang, "conclusion", text=text)), Para(w(lang, "closing"))]
    return AdminDoc(
        lang=lang, issuer=issuer(units, council_unit, lang), number=w(lang, "number_bb"),
        place_date=date_line(place_of(name) if lang == "vi" else HEADQUARTERS_PLACE["en"],
                             when, lang),
        title=w(lang, "minutes"), subtitle=[w(lang, "minutes_sub", year=year)],
        blocks=blocks,
        signers=[Signer([w(lang, "secretary_sign")], w(lang, "sign")),
                 Signer([w(lang, "chair_sign")], w(lang, "sign"),
                        head["full_name"] if head else "")],
    )


def document_from_report(doc: Document, lang: str = "vi",
                         when: dt.date | None = None) -> AdminDoc:
    """Any report Document in the administrative form: a heading and a table per section."""
    blocks: list[Para | Table] = []
    for section in doc.sections:
        blocks.append(Para(section.title, bold=True, heading=True))
        blocks.append(Table([c.title for c in section.columns],
                            [[cell_text(r.get(c.key)) for c in section.columns]
                             for r in section.rows]))
        if section.summary:
            blocks.append(Para(section.summary, italic=True))
    return AdminDoc(
        lang=lang, issuer=[SECTOR.get(lang, SECTOR["vi"])], number="",
        place_date=date_line(HEADQUARTERS_PLACE["vi" if lang == "vi" else "en"],
                             when or dt.date.today(), lang),
        title=doc.title.upper(), subtitle=[doc.subtitle] if doc.subtitle else [],
        blocks=blocks, signers=[Signer([w(lang, "maker")], w(lang, "sign"))],
        landscape=True)
