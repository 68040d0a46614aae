"""The ranked report as a render Document: one table per section (for the table, csv, md,
xlsx, html and docx writers), and the JSON the json writer streams.

JSON: the frame indented, one result per line, streamed in blocks. The contract keys come
first (subject, kind, track, name, unit, group, eligible, score, rank, status), then quota,
facts, the council's decision when there is one, and the stored checks spliced in as the
engine wrote them (id, passed and detail, with the label, source and values read). A block
of results is encoded in one call, the checks spliced in after, so 100,000 results take a
fraction of a second.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from dtt.render.model import Column, Document, Section
from dtt.reports import labels as L
from dtt.reports.ranked import CONTRACT_KEYS, RankedReport, status_summary, without_gc

CHUNK = 1000  # results per block
DECISION_KEYS = ("unit", "members", "votes_for", "votes_against", "outcome", "escalated_to",
                 "decided_at")


# stands for each result's checks while a block is encoded in one call; no value can encode
# to this text (a quote inside a string is always escaped), so it marks exactly those places
_MARK = "\x00@checks@"
_MARK_JSON = json.dumps(_MARK).encode("ascii")


def result_dict(result: dict[str, Any]) -> dict[str, Any]:
    """The keys of one result, in order, with the checks left out."""
    out = {k: result.get(k) for k in CONTRACT_KEYS}
    limit = result.get("quota_limit")
    out["quota"] = None if limit is None else {"position": result.get("quota_pos"),
                                               "limit": limit}
    out["facts"] = result.get("facts")
    decision = result.get("decision")
    if decision:
        out["decision"] = {k: decision.get(k) for k in DECISION_KEYS}
    return out


def _checks(result: dict[str, Any]) -> bytes:
    checks = result.get("checks_json")
    if checks is None:
        checks = json.dumps(result.get("checks") or [], ensure_ascii=False)
    return checks.encode("utf-8") if isinstance(checks, str) else checks


def result_lines(results: list[dict[str, Any]]) -> list[bytes]:
    """Each result as one line of JSON (UTF-8), the stored checks spliced in as they are;
    the whole block is encoded in one call."""
    if not results:
        return []
    rows = []
    for result in results:
        row = result_dict(result)
        row["checks"] = _MARK
        rows.append(row)
    pieces = json.dumps(rows, ensure_ascii=False).encode("utf-8").split(_MARK_JSON)
    # pieces: '[{… "checks": ', then '}, {… "checks": ' per result, then '}]'
    out = []
    for i, result in enumerate(results):
        out.append(pieces[i][1 if i == 0 else 3:] + _checks(result) + b"}")
    return out


def result_json(result: dict[str, Any]) -> str:
    """One result as one line of JSON."""
    return result_lines([result])[0].decode("utf-8")


def ranked_json_chunks(report: RankedReport, chunk: int = CHUNK) -> Iterator[bytes]:
    """The JSON document (UTF-8) in pieces of at most `chunk` results each."""
    head = json.dumps({"year": report.year, "criteria": report.criteria,
                       "scope": report.scope}, ensure_ascii=False, indent=2)
    yield (head[:-2] + ',\n  "groups": [').encode("utf-8")
    for i, g in enumerate(report.groups):
        frame = json.dumps({"unit": g.unit, "name": g.name, "level": g.level},
                           ensure_ascii=False)[:-1]
        sep = ",\n" if i else "\n"
        if not g.results:
            yield f'{sep}    {frame}, "results": []}}'.encode()
            continue
        yield f'{sep}    {frame}, "results": [\n'.encode()
        rows = g.results
        for start in range(0, len(rows), chunk):
            block = b",\n".join(b"      " + line
                                for line in result_lines(rows[start:start + chunk]))
            yield (b"" if start == 0 else b",\n") + block
        yield b"\n    ]}"
    yield b"\n  ]\n}\n" if report.groups else b"]\n}\n"


def ranked_json_document(report: RankedReport) -> Document:
    """The report for `--format json`: no tables, only the streamed JSON."""
    return Document(L.t(report.lang, "ranked_title", year=report.year), lang=report.lang,
                    json_chunks=lambda: ranked_json_chunks(report))


# --- the Document -----------------------------------------------------------------------
def columns(lang: str, wide: bool = False) -> list[Column]:
    """The row columns; `wide` (csv, xlsx) adds the codes beside the labels."""
    codes = [Column("subject", "subject"), Column("unit", "unit"), Column("track", "track"),
             Column("status", "status")] if wide else []
    return [
        Column("rank", L.t(lang, "rank"), "right"),
        Column("name", L.t(lang, "name"), max_width=22),
        Column("unit_name", L.t(lang, "unit"), max_width=22),
        Column("track_short", L.t(lang, "track"), max_width=12),
        Column("score", L.t(lang, "score"), "right"),
        Column("status_label", L.t(lang, "status"), max_width=12),
        Column("facts", L.t(lang, "facts"), max_width=32),
        *codes,
    ]


def _unambiguous(units: Any, code: str | None, counts: Counter[str]) -> str:
    """A unit's name, with its parent's where several units share it ('Tổ Thu – Sổ, thẻ')."""
    name = units.name(code)
    parent = (units.units.get(code or "") or {}).get("parent")
    if counts[name] > 1 and parent:
        return f"{name} ({parent})"
    return name


def row_maker(report: RankedReport) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """result → its table row; each unit name and label is looked up once per report."""
    units, lang = report.units, report.lang
    unit_names: dict[tuple[str | None, bool], str] = {}
    name_counts = Counter(u["name"] for u in units.units.values())
    tracks: dict[str, str] = {}
    statuses: dict[str, str] = {}

    def row(result: dict[str, Any]) -> dict[str, Any]:
        subject, unit, track, status = (result["subject"], result.get("unit"),
                                        result["track"], result["status"])
        own = unit == subject
        shown = unit_names.get((unit, own))
        if shown is None:  # a collective is shown under its parent
            home = (units.units.get(unit or "") or {}).get("parent") if own else unit
            shown = unit_names[(unit, own)] = _unambiguous(units, home, name_counts)
        label = tracks.get(track) or tracks.setdefault(track, L.track_short(lang, track))
        said = statuses.get(status) or statuses.setdefault(status,
                                                           L.status_label(lang, status))
        score = result.get("score")
        return {
            "rank": result.get("rank"), "name": result.get("name"), "unit_name": shown,
            "track_short": label, "score": round(score, 2) if type(score) is float else score,
            "status_label": said, "facts": result.get("facts"),
            # for the other writers (csv/xlsx keep the codes next to the labels)
            "subject": subject, "unit": unit, "track": track, "status": status,
        }

    return row


def ranked_document(report: RankedReport, wide: bool = False) -> Document:
    """A section per group; `wide` (csv, xlsx) keeps the codes beside the labels. The
    document is `long`: its tables go through the fast text table."""
    with without_gc():
        return _ranked_document(report, wide)


def _ranked_document(report: RankedReport, wide: bool) -> Document:
    lang = report.lang
    sections = []
    row = row_maker(report)
    for group in report.groups:
        title = group.name if group.name == group.unit else f"{group.name} ({group.unit})"
        rows = [row(r) for r in group.results]
        sections.append(Section(title, columns(lang, wide), rows, key=group.unit,
                                summary=status_summary(
                                    lang, group.before_top or group.results, group.hidden,
                                    shown=len(group.results))))
    return Document(L.t(lang, "ranked_title", year=report.year), sections,
                    subtitle=criteria_line(report), lang=lang, long=True)


def criteria_line(report: RankedReport) -> str:
    version = report.criteria.get("version")
    if not version:
        return L.t(report.lang, "no_evaluation")
    sha = (report.criteria.get("sha256") or "")[:12]
    return L.t(report.lang, "criteria", version=version, sha=sha)
