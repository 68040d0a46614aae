"""The comparison of two criteria (`dtt compare`) as a Document for every format: the changes
and the groups that change as sections, the JSON contract as `json`, and — for .docx — the
administrative report "Báo cáo so sánh phương án tiêu chí"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dtt.domain import HEADQUARTERS_PLACE
from dtt.engine.compare import NOT_CANDIDATE, Comparison
from dtt.messages import t
from dtt.render.explain import detail_text
from dtt.render.model import Column, Document, Section
from dtt.reports import labels as L
from dtt.reports.docmodel import SECTOR, AdminDoc, Para, Signer, Table, date_line

__all__ = ["compare_document"]


def _status(lang: str, verdict: dict[str, Any]) -> str:
    status = verdict["status"]
    text = (t("compare.not_candidate", lang) if status == NOT_CANDIDATE
            else L.status_label(lang, status))
    if verdict["rank"] is not None:
        text += f" ({t('compare.rank', lang, n=verdict['rank'])})"
    return text


def _decisive(change: dict[str, Any], lang: str = "en") -> str:
    """The criteria that decide the change: `id: detail` (Vietnamese: the detail written
    again in Vietnamese from the stored check)."""
    if lang == "en":
        return "; ".join(f"{d['id']}: {d['detail']}" for d in change["decisive"])
    return "; ".join(f"{d['id']}: {detail_text(d, lang)}" for d in change["decisive"])


def _counts(c: dict[str, int]) -> str:
    return f"{c['candidates']} / {c['eligible']} / {c['recommended']}"


def _heads(cmp: Comparison, lang: str) -> list[str]:
    doc = cmp.document
    lines = []
    for key, side, file in (("compare.base", doc["base"], cmp.base_file),
                            ("compare.draft", doc["draft"], cmp.draft_file)):
        run = t("compare.run", lang, n=side["evaluation"]) if side["evaluation"] else ""
        params: dict[str, Any] = {"version": side["version"], "sha": side["sha256"], "run": run}
        if key == "compare.draft":
            params["file"] = f"{file}, " if file else ""
        lines.append(t(key, lang, **params))
    scope = ", ".join(x for x in (cmp.unit, cmp.track) if x)
    if scope:
        lines.append(t("compare.scope", lang, scope=scope))
    return lines


def compare_document(cmp: Comparison, lang: str = "vi", admin: bool = False,
                     when: dt.date | None = None) -> Document:
    """The comparison as a Document: the JSON contract as `json`; sections of the changes and
    of the groups whose counts or quota change; with `admin`, the administrative form too."""
    doc = cmp.document
    year = doc["year"]
    rows = [{"subject": c["subject"], "name": cmp.names.get(c["subject"], ""),
             "track": L.track_short(lang, c["track"]), "before": _status(lang, c["from"]),
             "after": _status(lang, c["to"]), "decisive": _decisive(c, lang)}
            for c in doc["changes"]]
    changed = [g for g in doc["groups"] if g["changed"]]
    group_rows = [{"track": L.track_short(lang, g["track"]), "group": g["name"],
                   "before": _counts(g["before"]), "after": _counts(g["after"]),
                   "quota_before": "; ".join(g["quota"]["before"]),
                   "quota_after": "; ".join(g["quota"]["after"])} for g in changed]
    before, after = t("compare.before", lang), t("compare.after", lang)
    counts = (f"{t('compare.candidates', lang)} / {t('compare.eligible', lang)} / "
              f"{t('compare.recommended', lang)}")
    sections = [
        Section(t("compare.changes", lang), [
            Column("subject", t("compare.code", lang)), Column("name", L.t(lang, "name")),
            Column("track", L.t(lang, "track")), Column("before", before),
            Column("after", after), Column("decisive", t("compare.decisive", lang),
                                           max_width=44)], rows, key="changes",
            summary=t("compare.count", lang, n=len(rows), groups=len(changed),
                      all=len(doc["groups"]))),
        Section(t("compare.groups", lang), [
            Column("track", L.t(lang, "track")), Column("group", t("compare.group", lang)),
            Column("before", f"{before}: {counts}", "right"),
            Column("after", f"{after}: {counts}", "right"),
            Column("quota_before", f"{t('compare.quota', lang)} ({before})", max_width=30),
            Column("quota_after", f"{t('compare.quota', lang)} ({after})", max_width=30)],
            group_rows, key="groups",
            summary=t("compare.unchanged_groups", lang, n=len(doc["groups"]) - len(changed))),
    ]
    out = Document(title=t("compare.title", lang, year=year),
                   subtitle=" · ".join(_heads(cmp, lang)), sections=sections, json=doc,
                   lang=lang)
    if admin:
        out.admin = compare_admin(cmp, rows, changed, lang, when)
    return out


def compare_admin(cmp: Comparison, rows: list[dict[str, Any]], changed: list[dict[str, Any]],
                  lang: str = "vi", when: dt.date | None = None) -> AdminDoc:
    """"Báo cáo so sánh phương án tiêu chí" in the administrative form."""
    doc = cmp.document
    year = doc["year"]
    blocks: list[Para | Table] = [Para(line, italic=True) for line in _heads(cmp, lang)]
    blocks.append(Para(t("compare.part1", lang), bold=True, heading=True))
    blocks.append(Para(t("compare.count", lang, n=len(rows), groups=len(changed),
                         all=len(doc["groups"]))))
    blocks.append(Para(t("compare.part2", lang), bold=True, heading=True))
    if rows:
        blocks.append(Table(
            [t("doc.stt", lang), t("doc.who", lang), t("compare.code", lang),
             t("doc.track", lang), t("compare.before", lang), t("compare.after", lang),
             t("compare.decisive", lang)],
            [[str(i), r["name"], r["subject"], L.track_short(lang, r["track"]), r["before"],
              r["after"], r["decisive"]] for i, r in enumerate(rows, start=1)],
            widths=[5, 18, 9, 10, 13, 13, 32], numeric={0}))
    else:
        blocks.append(Para(t("compare.none", lang), italic=True))
    blocks.append(Para(t("compare.part3", lang), bold=True, heading=True))
    if changed:
        def pair(g: dict[str, Any], key: str) -> str:
            return f"{g['before'][key]} → {g['after'][key]}"

        blocks.append(Table(
            [t("doc.stt", lang), t("doc.track", lang), t("compare.group", lang),
             t("compare.candidates", lang), t("compare.eligible", lang),
             t("compare.recommended", lang), t("compare.quota", lang)],
            [[str(i), L.track_short(lang, g["track"]), g["name"], pair(g, "candidates"),
              pair(g, "eligible"), pair(g, "recommended"),
              " → ".join(("; ".join(g["quota"]["before"]) or "—",
                          "; ".join(g["quota"]["after"]) or "—"))]
             for i, g in enumerate(changed, start=1)],
            widths=[5, 10, 20, 10, 10, 10, 35], numeric={0, 3, 4, 5}))
    else:
        blocks.append(Para(t("compare.none", lang), italic=True))
    return AdminDoc(
        lang=lang, issuer=[SECTOR.get(lang, SECTOR["vi"])], number=t("compare.number", lang),
        place_date=date_line(HEADQUARTERS_PLACE["vi" if lang == "vi" else "en"],
                             when or dt.date.today(), lang),
        title=t("compare.doc_title", lang), subtitle=[t("compare.sub", lang, year=year)],
        blocks=blocks,
        recipients=[t("doc.recipients_head", lang), t("doc.rec1", lang), t("doc.rec2", lang)],
        signers=[Signer([t("doc.maker", lang)], t("doc.sign", lang)),
                 Signer([t("doc.head", lang)], t("doc.sign_seal", lang))],
        landscape=True)
