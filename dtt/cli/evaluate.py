"""`dtt evaluate`: run the criteria for a year, store the run, show it or explain a subject."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import typer

from dtt.cli.common import (
    FormatOption,
    OutputOption,
    emit,
    err_console,
    handles_errors,
    info,
    store,
)
from dtt.cli.lang import current, tr
from dtt.criteria.source import read_criteria_file
from dtt.engine import evaluate as run_evaluation
from dtt.engine.documents import evaluation_document, explain_document
from dtt.engine.run import Run, explain_subject, try_draft
from dtt.errors import InputError
from dtt.render import Column, Document, Section, resolve_format
from dtt.reports.labels import status_label

TOP = 5


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)


@handles_errors
def evaluate(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="The year (default: the latest with "
                             "records)."),
    unit: str = typer.Option(None, "--unit", "-u", help="Only subjects in this unit's subtree "
                             "(ranks and quotas still count whole groups)."),
    track: str = typer.Option(None, "--track", "-t", help="Only this track (e.g. exemplar)."),
    explain: str = typer.Option(None, "--explain", "-e", help="Print the whole trace for this "
                                "person or unit code: every criterion, score, rank, quota "
                                "(nothing is stored)."),
    criteria: Path = typer.Option(None, "--criteria", "-c", help="Try this draft criteria "
                                  "file on the year: stored as a draft run, apart from the "
                                  "current results (see dtt compare)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --criteria: evaluate and "
                                 "show, store nothing at all."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Evaluate candidates against the criteria in force, rank them, cut at the quotas, and
    store the run (every verdict with the values it read and its legal source). With
    --criteria FILE, a draft policy on the same year, never touching the current results."""
    chosen = resolve_format(fmt, output)
    s = store(ctx)
    if dry_run and criteria is None:
        raise InputError("--dry-run goes with --criteria FILE", field="--dry-run")
    if criteria is not None and explain is not None:
        raise InputError("--explain reads the criteria in force; drop --criteria",
                         field="--explain")
    if explain is not None:
        run = explain_subject(s, explain, year=year, unit=unit, track=track)
        info(f"{run.year}, criteria {run.version} (sha256 {run.sha256[:12]}): {explain} "
             "explained; nothing stored")
        emit(explain_view(run), chosen, output)
        return
    if criteria is not None:
        text = read_criteria_file(criteria)
        with _progress() as progress:
            run = try_draft(s, text, criteria.name, year=year, unit=unit, track=track,
                            dry_run=dry_run, progress=progress)
        base = run.base or {}
        stored = (f"stored as draft evaluation #{run.evaluation_id} (not current)"
                  if run.evaluation_id is not None else "dry run: nothing stored")
        info(f"draft {criteria.name}: {run.year}, criteria {run.version} "
             f"(sha256 {run.sha256[:12]}); in force: {base.get('version')} "
             f"(sha256 {str(base.get('sha256'))[:12]}); {len(run.results)} results, {stored}")
    else:
        with _progress() as progress:
            run = run_evaluation(s, year=year, unit=unit, track=track, progress=progress)
        info(f"evaluation #{run.evaluation_id}: {run.year}, criteria {run.version} "
             f"(sha256 {run.sha256[:12]}), {len(run.results)} results stored")
    if chosen == "table":
        doc = summary_view(run)
    else:
        doc = list_view(run)
    emit(doc, chosen, output)


class _Bar:
    def __init__(self) -> None:
        from rich.progress import Progress

        self.progress = Progress(console=err_console(), transient=True)
        self.word = tr("evaluating")
        self.task = self.progress.add_task(self.word, total=None)

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, step: str, done: int, total: int) -> None:
        self.progress.update(self.task, description=f"{self.word} {step}", completed=done,
                             total=total)


def _progress() -> Any:
    return _Bar() if sys.stderr.isatty() else nullcontext(None)


def _criteria_line(run: Run) -> str:
    scope = f", unit {run.scope_unit}" if run.scope_unit else ""
    if run.kind == "draft":
        base = run.base or {}
        stored = (f"draft evaluation #{run.evaluation_id}" if run.evaluation_id is not None
                  else "dry run, not stored")
        return (f"Draft {run.criteria_file}: criteria {run.version} (sha256 {run.sha256}); "
                f"in force: {base.get('version')} (sha256 {base.get('sha256')}); "
                f"{stored}{scope}")
    stored = (f"evaluation #{run.evaluation_id}" if run.evaluation_id is not None
              else "not stored")
    return f"Criteria {run.version} (sha256 {run.sha256[:12]}), {stored}{scope}"


def summary_view(run: Run) -> Document:
    by_track: dict[str, list[dict]] = {}
    for r in run.results:
        by_track.setdefault(r["track"], []).append(r)
    sections = []
    columns = [Column("rank", "#", "right"), Column("subject", "Subject"),
               Column("name", "Name", max_width=30), Column("group", "Group"),
               Column("score", "Score", "right"), Column("status", "Status")]
    for key, counts in run.summary["tracks"].items():
        rows = sorted((r for r in by_track.get(key, []) if r["eligible"]),
                      key=lambda r: (-(r["score"] or 0), r["group"], r["rank"] or 0))[:TOP]
        rows = [{**r, "status": status_label(current(), r["status"])} for r in rows]
        label = run.track_labels.get(key, key)
        sections.append(Section(
            title=f"{key} — {label}", key=key, columns=columns, rows=rows,
            summary=f"{counts['candidates']} candidates, {counts['eligible']} eligible, "
                    f"{counts['recommended']} recommended"
                    + (f", {counts['deferred']} deferred" if counts.get("deferred") else "")
                    + f" (top {min(TOP, len(rows))} by score shown)"))
    return Document(title=f"Evaluation {run.year}", subtitle=_criteria_line(run),
                    sections=sections, json=evaluation_document(run))


def list_view(run: Run) -> Document:
    rows = []
    for r in run.results:
        failed = [c["id"] for c in r["checks"] if not c["passed"]]
        quota = r["quota"] or {}
        rows.append({**r, "eligible": "yes" if r["eligible"] else "no",
                     "failed": ", ".join(failed), "quota": quota.get("basis") or ""})
    columns = [Column("track", "Track"), Column("subject", "Subject"), Column("name", "Name"),
               Column("unit", "Unit"), Column("group", "Group"), Column("eligible", "Eligible"),
               Column("score", "Score", "right"), Column("rank", "Rank", "right"),
               Column("status", "Status"), Column("failed", "Failed criteria"),
               Column("quota", "Quota")]
    return Document(title=f"Evaluation {run.year}", subtitle=_criteria_line(run),
                    sections=[Section(title="Results", columns=columns, rows=rows)],
                    json=evaluation_document(run))


def explain_view(run: Run) -> Document:
    trace = run.explain or {}
    sections = []
    check_cols = [Column("mark", "", "center"), Column("id", "Criterion"),
                  Column("label", "Label", max_width=34), Column("detail", "Values read",
                                                                 max_width=44),
                  Column("source", "Source", max_width=24)]
    term_cols = [Column("label", "Score term", max_width=34), Column("detail", "Breakdown",
                                                                     max_width=50),
                 Column("points", "Points", "right")]
    for t in trace.get("tracks", []):
        rows = [{**c, "mark": "✓" if c["passed"] else "✗"} for c in t["checks"]]
        sections.append(Section(title=f"{t['track']} — {t['label']} ({t['source']})",
                                key=t["track"], columns=check_cols, rows=rows,
                                summary=_verdict(t)))
        if t["score_terms"]:
            sections.append(Section(title=f"{t['track']} — score {t['score']}",
                                    key=f"{t['track']}.score", columns=term_cols,
                                    rows=t["score_terms"]))
    title = f"{trace.get('name')} ({trace.get('subject')}) — {trace.get('year')}"
    return Document(title=title, subtitle=_criteria_line(run), sections=sections,
                    json=explain_document(run))


def _verdict(t: dict[str, Any]) -> str:
    parts = []
    if t["candidate"]:
        parts.append(f"candidate ({t['origin']})")
    else:
        parts.append(f"not a candidate: {t['not_candidate']}")
    parts.append("deferred (under review)" if t.get("status") == "deferred"
                 else "eligible" if t["eligible"] else "not eligible")
    if t["score"] is not None:
        parts.append(f"score {t['score']}")
    if t["rank"] is not None:
        parts.append(f"rank {t['rank']} in {t['group_name']}")
    quota = t.get("quota")
    if quota and quota.get("limit") is not None:
        pos = quota.get("position")
        where = f"position {pos} of limit {quota['limit']}" if pos else \
            f"limit {quota['limit']}"
        parts.append(f"quota {quota['basis']}; {where}")
    parts.extend(t.get("tie") or [])
    parts.append(f"status: {t['status']}")
    return "; ".join(parts)
