"""`evaluate --explain SUBJECT` as a Document a person reads: per track, every criterion with
its label, the values read (in Vietnamese written again from the stored detail) and its source,
the score's breakdown, and the verdict in words."""

from __future__ import annotations

from typing import Any

from dtt.messages import t
from dtt.render import numbers
from dtt.render.explain import Vocabulary, detail_text
from dtt.render.model import Column, Document, Section
from dtt.render.trace_text import origin_text, quota_basis_text, term_text, tie_text
from dtt.reports import labels as L

__all__ = ["explain_page", "explain_sections", "verdict_text"]


def explain_sections(trace: dict[str, Any], lang: str = "vi",
                     vocab: Vocabulary | None = None) -> list[Section]:
    """The sections of an explanation: each track's checks, then its score terms."""
    check_cols = [Column("mark", "", "center"), Column("id", t("explain.criterion", lang)),
                  Column("label", t("explain.label", lang), max_width=34),
                  Column("detail", t("explain.values", lang), max_width=44),
                  Column("source", t("explain.source", lang), max_width=24)]
    term_cols = [Column("label", t("explain.term", lang), max_width=34),
                 Column("detail", t("explain.breakdown", lang), max_width=50),
                 Column("points", t("explain.points", lang), "right")]
    sections = []
    for tr in trace.get("tracks", []):
        rows = [{**c, "mark": "✓" if c["passed"] else "✗",
                 "detail": detail_text(c, lang, vocab)} for c in tr["checks"]]
        name = tr["track"] if lang == "en" else L.track_short(lang, tr["track"])
        sections.append(Section(title=f"{name} — {tr['label']} ({tr['source']})",
                                key=tr["track"], columns=check_cols, rows=rows,
                                summary=verdict_text(tr, lang, vocab)))
        if tr["score_terms"]:
            terms = [{**term, "detail": term_text(term, lang, vocab)}
                     for term in tr["score_terms"]]
            score = numbers.number(tr["score"], lang) if tr["score"] is not None else ""
            sections.append(Section(title=t("explain.score_title", lang, track=name,
                                            score=score),
                                    key=f"{tr['track']}.score", columns=term_cols, rows=terms))
    return sections


def verdict_text(tr: dict[str, Any], lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """One track's verdict in words: candidate or not, eligible, score, rank, quota, status."""
    if lang == "en":
        return _verdict_en(tr)
    parts = []
    if tr["candidate"]:
        parts.append(t("explain.candidate", lang, origin=origin_text(tr.get("origin"), lang)))
    else:
        parts.append(t("explain.not_candidate", lang,
                       why=not_candidate_text(tr.get("not_candidate") or "", lang, vocab)))
    parts.append(L.status_label(lang, "deferred") if tr.get("status") == "deferred"
                 else t("explain.eligible" if tr["eligible"] else "explain.ineligible", lang))
    if tr["score"] is not None:
        parts.append(t("explain.score", lang, score=numbers.number(tr["score"], lang)))
    if tr["rank"] is not None:
        parts.append(t("explain.rank", lang, rank=tr["rank"], group=tr.get("group_name") or ""))
    quota = tr.get("quota")
    if quota and quota.get("limit") is not None:
        pos = quota.get("position")
        where = (t("explain.quota_pos", lang, pos=pos, limit=quota["limit"]) if pos
                 else t("explain.quota_limit", lang, limit=quota["limit"]))
        parts.append(t("explain.quota", lang, where=where,
                       basis=quota_basis_text(quota.get("basis") or "", lang, vocab)))
    parts.extend(tie_text(x, lang, vocab) for x in tr.get("tie") or [])
    status = tr["status"]
    said = (t("compare.not_candidate", lang) if status == "not a candidate"
            else L.status_label(lang, status))
    parts.append(t("explain.status", lang, status=said[:1].upper() + said[1:]))
    return "; ".join(parts)


def not_candidate_text(text: str, lang: str, vocab: Vocabulary | None) -> str:
    """`not discovered (DETAIL) and not nominated`, in `lang`."""
    head, tail = "not discovered (", ") and not nominated"
    if lang == "en" or not (text.startswith(head) and text.endswith(tail)):
        return text
    inner = detail_text({"detail": text[len(head):-len(tail)]}, lang, vocab)
    return t("explain.not_discovered", lang, detail=inner)


def _verdict_en(tr: dict[str, Any]) -> str:
    parts = []
    if tr["candidate"]:
        parts.append(f"candidate ({tr['origin']})")
    else:
        parts.append(f"not a candidate: {tr['not_candidate']}")
    parts.append("deferred (under review)" if tr.get("status") == "deferred"
                 else "eligible" if tr["eligible"] else "not eligible")
    if tr["score"] is not None:
        parts.append(f"score {tr['score']}")
    if tr["rank"] is not None:
        parts.append(f"rank {tr['rank']} in {tr['group_name']}")
    quota = tr.get("quota")
    if quota and quota.get("limit") is not None:
        pos = quota.get("position")
        where = f"position {pos} of limit {quota['limit']}" if pos else \
            f"limit {quota['limit']}"
        parts.append(f"quota {quota['basis']}; {where}")
    parts.extend(tr.get("tie") or [])
    parts.append(f"status: {tr['status']}")
    return "; ".join(parts)


def explain_title(trace: dict[str, Any]) -> str:
    return f"{trace.get('name')} ({trace.get('subject')}) — {trace.get('year')}"


def explain_page(trace: dict[str, Any], subtitle: str, json: Any, lang: str = "vi",
                 vocab: Vocabulary | None = None) -> Document:
    """The whole explanation as a Document (its JSON left as the engine gives it)."""
    return Document(title=explain_title(trace), subtitle=subtitle,
                    sections=explain_sections(trace, lang, vocab), json=json, lang=lang)


# --- the run's summary and list (dtt evaluate without --explain) ---------------------------
def summary_sections(run: Any, top: int, lang: str = "vi") -> list[Section]:
    """Per track, the best `top` eligible by score, with the track's counts."""
    by_track: dict[str, list[dict[str, Any]]] = {}
    for r in run.results:
        by_track.setdefault(r["track"], []).append(r)
    columns = [Column("rank", "#", "right"), Column("subject", t("compare.code", lang)),
               Column("name", L.t(lang, "name"), max_width=30),
               Column("group", t("compare.group", lang)),
               Column("score", L.t(lang, "score"), "right"),
               Column("status", L.t(lang, "status"))]
    sections = []
    for key, counts in run.summary["tracks"].items():
        rows = sorted((r for r in by_track.get(key, []) if r["eligible"]),
                      key=lambda r: (-(r["score"] or 0), r["group"], r["rank"] or 0))[:top]
        if lang != "en":
            rows = [{**r, "status": L.status_label(lang, r["status"])} for r in rows]
        label = run.track_labels.get(key, key)
        name = key if lang == "en" else L.track_short(lang, key)
        sections.append(Section(
            title=f"{name} — {label}", key=key, columns=columns, rows=rows,
            summary=t("evaluation.counts", lang, candidates=L.count(counts["candidates"], lang),
                      eligible=L.count(counts["eligible"], lang),
                      recommended=L.count(counts["recommended"], lang))
            + (t("evaluation.deferred", lang, n=counts["deferred"])
               if counts.get("deferred") else "")
            + t("evaluation.top", lang, n=min(top, len(rows)))))
    return sections


def list_rows(run: Any, lang: str = "vi") -> tuple[list[Column], list[dict[str, Any]]]:
    """Every result of the run: its track, subject, verdict, the failed criteria, the quota."""
    rows = []
    for r in run.results:
        failed = [c["id"] for c in r["checks"] if not c["passed"]]
        quota = r["quota"] or {}
        rows.append({**r, "eligible": bool(r["eligible"]),
                     "track": r["track"] if lang == "en" else L.track_short(lang, r["track"]),
                     "status": r["status"] if lang == "en" else L.status_label(lang, r["status"]),
                     "failed": ", ".join(failed),
                     "quota": quota_basis_text(quota.get("basis") or "", lang)})
    columns = [Column("track", L.t(lang, "track")), Column("subject", t("compare.code", lang)),
               Column("name", L.t(lang, "name")), Column("unit", L.t(lang, "unit")),
               Column("group", t("compare.group", lang)),
               Column("eligible", t("evaluation.eligible", lang)),
               Column("score", L.t(lang, "score"), "right"),
               Column("rank", L.t(lang, "rank"), "right"),
               Column("status", L.t(lang, "status")),
               Column("failed", t("evaluation.failed", lang)),
               Column("quota", t("compare.quota", lang))]
    return columns, rows
