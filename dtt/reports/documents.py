"""The administrative documents: the proposal list (danh sách đề nghị) and the council minutes
(biên bản họp Hội đồng), and any report Document set in the same administrative form.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dtt.criteria.source import active_criteria
from dtt.domain import HEADQUARTERS_PLACE, PROPOSAL_STATUSES, TITLE_METRIC
from dtt.errors import InputError
from dtt.messages import t
from dtt.render.model import Document
from dtt.render.values import cell_text
from dtt.reports import labels as L
from dtt.reports.data import criteria_info, head_in, latest_decisions, load_units
from dtt.reports.docmodel import SECTOR, AdminDoc, Para, Signer, Table, date_line
from dtt.reports.issuer import issuer_lines, place_line
from dtt.reports.ranked import build_ranked, scope_groups
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import reports as store_reports
from dtt.store import sector as store_sector
from dtt.text import name_key

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

def w(lang: str, key: str, **values: Any) -> str:
    """The document text `key` (message `doc.<key>` of `dtt.messages`) in `lang`."""
    return t(f"doc.{key}", lang, **values)


def issuer(units: Any, code: str | None, lang: str, year: int | None = None,
           store: Store | None = None) -> list[str]:
    """The issuing body's lines from the tree (of `year` when a store is given): the body
    above, the issuing unit below."""
    tree = UnitTree.load(store, year) if store is not None else units.tree
    if code and code not in tree:
        tree = units.tree
    return issuer_lines(tree, code, lang)


def place_date(store: Store, units: Any, code: str | None, year: int, when: dt.date,
               lang: str) -> str:
    """'Bắc Ninh, ngày 05 tháng 01 năm 2026': the unit's place (`place:`, else its
    province's name) and the date."""
    tree = UnitTree.load(store, year)
    if code and code not in tree:
        tree = units.tree
    return date_line(place_line(store, tree, code, lang), when, lang)


def head_signer(store: Store, code: str | None, year: int, role: str, lang: str) -> Signer:
    """The head of the unit as of the roster of `year` signs."""
    head = head_in(store, code, year) if code else None
    return Signer([role], w(lang, "sign_seal"), head["full_name"] if head else "")


def _label(metric: Any, value: Any) -> str:
    if value is None or value == "":
        return ""
    return metric.label_of(value) if metric is not None else str(value)


def achievement_text(record: dict[str, Any] | None, kind: str, year: int, lang: str,
                     metrics: Any) -> str:
    """The year's achievements in words, from the subject's record: the rating, the title,
    the initiatives and their level ('Hoàn thành xuất sắc nhiệm vụ năm 2020; CSTĐCS; 1 sáng
    kiến (cấp ngành)')."""
    if not record:
        return ""
    parts = []
    rating = _label(metrics.get(kind, "rating"), record.get("rating"))
    if rating:
        parts.append(w(lang, "ach_rating", rating=rating, year=year))
    if record.get(TITLE_METRIC):
        parts.append(L.title_short(str(record[TITLE_METRIC])))
    n = record.get("initiatives")
    if isinstance(n, int | float) and n:
        level = _label(metrics.get(kind, "initiative_level"), record.get("initiative_level"))
        parts.append(w(lang, "ach_init", n=cell_text(n), level=f" ({level})" if level else ""))
    return "; ".join(parts)


def _year_records(store: Store, year: int) -> dict[str, dict[str, Any]]:
    return {subject: json.loads(data or "{}")
            for subject, _, data in store_sector.records(store, year, year)}


def _positions(store: Store) -> dict[str, str]:
    return {row[0]: row[3] or "" for row in store_sector.people(store)}


def _unit_text(units: Any, code: str | None, issuing: str | None) -> str:
    """The unit a candidate works in, with the unit above it unless that is the issuing unit
    or the sector ('Tổ Thu – Sổ, thẻ, BHXH thành phố Hạ Long')."""
    name = units.name(code)
    parent = (units.units.get(code or "") or {}).get("parent")
    if parent and parent != issuing and (units.units.get(parent) or {}).get("parent"):
        return f"{name}, {units.name(parent)}"
    return name


def _note(lang: str, r: dict[str, Any], decision: dict[str, Any] | None) -> str:
    """The note column: beyond the quota with the council's reason, or escalated."""
    if decision:
        detail = decision.get("detail")
        if isinstance(detail, str):
            detail = json.loads(detail or "{}")
        beyond = (detail or {}).get("over_quota")
        if beyond:
            return w(lang, "over_quota", reason=beyond.get("reason") or "")
    if r.get("status") == "escalated":
        return L.status_label(lang, "escalated")
    return ""


def proposal_doc(store: Store, unit: str, year: int, *, lang: str = "vi",
                 when: dt.date | None = None, track: str | None = None,
                 status: str | None = None) -> AdminDoc:
    """The proposal list, the attachment of the proposal letter (tờ trình): everyone
    recommended (or recognised, escalated), by track, with their post and unit and a summary
    of their achievements; the engine's scores and ranks stay off the official copy."""
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
    records = _year_records(store, year)
    positions = _positions(store)
    decisions = latest_decisions(store, year)
    metrics = active_criteria(store).metrics
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
            person = where != r["subject"]
            where = where if person else (units.units.get(where or "") or {}).get("parent")
            kind = "person" if person else "collective"
            rows.append([str(n), r.get("name") or "",
                         positions.get(r["subject"], "") if person else "",
                         _unit_text(units, where, code),
                         achievement_text(records.get(r["subject"]), kind, year, lang, metrics),
                         _note(lang, r, decisions.get((r["subject"], r["track"], year)))])
    table = Table([w(lang, "stt"), w(lang, "who"), w(lang, "position"), w(lang, "where"),
                   w(lang, "achievements"), w(lang, "note")], rows,
                  widths=[7, 19, 13, 21, 28, 12], group_rows=heads, numeric={0})
    when = when or dt.date.today()
    return AdminDoc(
        lang=lang, issuer=issuer(units, code, lang, year, store), number="",
        place_date=place_date(store, units, code, year, when, lang),
        title=w(lang, "proposal"),
        subtitle=[w(lang, "proposal_sub", year=year), w(lang, "proposal_att", unit=unit_name)],
        blocks=[table, Para(w(lang, "count_line", n=n), italic=True)],
        signers=[Signer([w(lang, "maker")], w(lang, "sign")),
                 head_signer(store, code, year, w(lang, "head"), lang)],
        landscape=False, appendix=w(lang, "appendix"),
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
            detail = d.get("detail")
            detail = json.loads(detail) if isinstance(detail, str) and detail else detail
            out.append({**d, "name": who, "detail": detail or {}})
    return code, out


def _meeting(decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """The meeting's facts: each fact from the latest decision that states it."""
    facts: dict[str, Any] = {}
    for d in sorted(decisions, key=lambda d: d["id"]):
        facts.update(d["detail"].get("meeting") or {})
    return facts


def _share(value: float, lang: str) -> str:
    text = f"{value:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def minutes_doc(store: Store, unit: str, year: int, *, lang: str = "vi",
                when: dt.date | None = None, track: str | None = None) -> AdminDoc:
    """The council minutes: the members in all, present and absent (with written opinions),
    chair and secretary, each candidate's ballots (issued, counted, for, against, blank) and
    votes for as a share of all members, the outcome under the rule (beyond the quota said
    so, with the reason), the conclusion and the end time."""
    every = units = load_units(store)
    info = criteria_info(store)
    code, decisions = _decisions_rows(store, unit, year, track)
    named = load_units(store, year)  # the names of the year's tree, where it has the unit
    if all(d["unit"] in named.units for d in decisions):
        units = named
    if not decisions:
        raise InputError(w(lang, "no_decisions", unit=unit, year=year), field="--unit")
    decisions.sort(key=lambda d: (info.track_order(d["track"]), d["unit"],
                                  name_key(d["name"])))
    blank_fill = w(lang, "blank_fill")
    council_unit = code or decisions[0]["unit"]
    rows: list[list[str]] = []
    heads: set[int] = set()
    counts: dict[str, int] = {}
    tracks: list[str] = []
    beyond: list[str] = []
    n = 0
    for d in decisions:
        if d["track"] not in tracks:
            tracks.append(d["track"])
            heads.add(len(rows))
            label = L.track_long(lang, d["track"], info.tracks.get(d["track"])).upper()
            rows.append([ROMAN[len(tracks) - 1] if len(tracks) <= len(ROMAN) else "", label]
                        + [""] * 7)
        n += 1
        counts[d["outcome"]] = counts.get(d["outcome"], 0) + 1
        detail = d["detail"]
        blank = int(detail.get("blank") or 0)
        counted = d["votes_for"] + d["votes_against"] + blank
        issued = (detail.get("meeting") or {}).get("issued")
        share = 100.0 * d["votes_for"] / d["members"] if d["members"] else 0.0
        subj_unit = units.units.get(d["subject"])
        where = subj_unit["parent"] if subj_unit else d.get("home") or d["unit"]
        outcome = L.status_label(lang, d["outcome"])
        if detail.get("over_quota"):
            outcome += " " + w(lang, "v_beyond")
            beyond.append(w(lang, "beyond_line", name=d["name"], reason=detail["over_quota"].get(
                "reason") or "", track=L.track_short(lang, d["track"])))
        person = store_reports.person(store, d["subject"]) if subj_unit is None else None
        home = person["unit"] if person else where
        index = units if home in units.units else every
        rows.append([str(n), f"{d['name']} — {_unit_text(index, home, council_unit)}",
                     str(issued) if issued is not None else str(counted), str(counted),
                     str(d["votes_for"]), str(d["votes_against"]), str(blank),
                     f"{d['votes_for']}/{d['members']} = {_share(share, lang)}", outcome])
    name = units.name(council_unit)
    members = max(d["members"] for d in decisions)
    facts = _meeting(decisions)
    head = head_in(store, council_unit, year)
    chair = facts.get("chair") or (head["full_name"] if head else blank_fill)
    when = when or dt.date.today()
    day = date_line("", when, lang).lstrip(", ")
    present = facts.get("present")
    written = facts.get("written", 0)
    blocks: list[Para | Table] = [
        Para(w(lang, "time_full", start=facts.get("started") or blank_fill, date=day)),
        Para(w(lang, "place", unit=name)),
        Para(w(lang, "members", unit=name, n=members)),
        Para(w(lang, "attendance", n=members,
               present=present if present is not None else blank_fill,
               absent=members - present if present is not None else blank_fill,
               written=written if present is not None else blank_fill)),
        Para(w(lang, "chair_named", name=chair)),
        Para(w(lang, "secretary_named", name=facts.get("secretary") or blank_fill)),
        Para(w(lang, "ballot")),
    ]
    for trk in tracks:
        rule = info.council.get(trk)
        if rule:
            blocks.append(Para(w(lang, "rule", track=L.track_long(lang, trk,
                                                                  info.tracks.get(trk)),
                                 rule=rule), italic=True))
    blocks.append(Para(w(lang, "votes_head"), bold=True, heading=True))
    blocks.append(Table([w(lang, "stt"), w(lang, "v_who"), w(lang, "v_issued"),
                         w(lang, "v_counted"), w(lang, "v_for"), w(lang, "v_against"),
                         w(lang, "v_blank"), w(lang, "v_share_all"), w(lang, "v_outcome")],
                        rows, widths=[7, 24, 9, 9, 9, 9, 9, 12, 12], group_rows=heads,
                        numeric={0, 2, 3, 4, 5, 6, 7}))
    text = ", ".join(f"{L.status_label(lang, s).lower()} {counts[s]}"
                     for s in L.STATUS_ORDER if s in counts)
    blocks += [Para(line, italic=True) for line in beyond]
    blocks += [Para(w(lang, "conclusion", text=text)), Para(w(lang, "closing")),
               Para(w(lang, "ended", time=facts.get("ended") or blank_fill))]
    return AdminDoc(
        lang=lang, issuer=issuer(units, council_unit, lang, year, store),
        number=w(lang, "number_bb"),
        place_date=place_date(store, units, council_unit, year, when, lang),
        title=w(lang, "minutes"), subtitle=[w(lang, "minutes_sub", year=year)],
        blocks=blocks,
        signers=[Signer([w(lang, "secretary_sign")], w(lang, "sign"),
                        facts.get("secretary") or ""),
                 Signer([w(lang, "chair_sign")], w(lang, "sign"), chair
                        if chair != blank_fill else "")],
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
