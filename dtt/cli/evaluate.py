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
from dtt.render import Document, Section, resolve_format

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
        emit(explain_view(run, s), chosen, output)
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
    from dtt.messages import t
    from dtt.reports.explain_view import summary_sections

    lang = current()
    return Document(title=t("evaluation.title", lang, year=run.year),
                    subtitle=_criteria_line(run), sections=summary_sections(run, TOP, lang),
                    json=evaluation_document(run), lang=lang)


def list_view(run: Run) -> Document:
    from dtt.messages import t
    from dtt.reports.explain_view import list_rows

    lang = current()
    columns, rows = list_rows(run, lang)
    return Document(title=t("evaluation.title", lang, year=run.year),
                    subtitle=_criteria_line(run), lang=lang,
                    sections=[Section(title=t("evaluation.results", lang), columns=columns,
                                      rows=rows)],
                    json=evaluation_document(run))


def explain_view(run: Run, s: Any = None) -> Document:
    """The trace in the reader's language ($DTT_LANG, default Vietnamese)."""
    from dtt.reports.explain_view import explain_page
    from dtt.reports.labels import store_vocabulary

    lang = current()
    vocab = store_vocabulary(s) if lang != "en" and s is not None else None
    return explain_page(run.explain or {}, _criteria_line(run), explain_document(run), lang,
                        vocab)
