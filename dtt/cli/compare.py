"""`dtt compare`: who a draft criteria file (or another stored run) changes against the stored
current results of a year."""

from __future__ import annotations

from pathlib import Path

import typer

from dtt.cli.common import FormatOption, OutputOption, emit, handles_errors, info, store
from dtt.cli.lang import current as current_lang
from dtt.criteria.source import read_criteria_file
from dtt.errors import InputError
from dtt.render import resolve_format
from dtt.reports import labels as L


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)


@handles_errors
def compare(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="The year (default: the latest with "
                             "records)."),
    criteria: Path = typer.Option(None, "--criteria", "-c", help="A draft criteria file, "
                                  "evaluated in memory (nothing stored)."),
    evaluation: int = typer.Option(None, "--evaluation", "-n", help="A stored run (an older "
                                   "one, or a draft) to compare instead."),
    unit: str = typer.Option(None, "--unit", "-u", help="Only subjects in this unit's "
                             "subtree."),
    track: str = typer.Option(None, "--track", "-t", help="Only this track."),
    lang: str = typer.Option(None, "--lang", help="Headings in vi or en (default: the "
                             "language of dtt, --lang before the command or DTT_LANG).",
                             show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Every subject whose eligibility, status or rank changes between the stored current
    results and a draft criteria file (or another stored run), with the criterion that
    decides it and its values; per group and track the counts and quota lines before and
    after. --format docx writes the administrative report."""
    chosen = resolve_format(fmt, output, extra=("docx",))
    lang = L.check_lang(lang or current_lang())
    if (criteria is None) == (evaluation is None):
        raise InputError("give either --criteria FILE or --evaluation N", field="--criteria")
    s = store(ctx)
    text = read_criteria_file(criteria) if criteria is not None else None
    from dtt.engine.compare import compare as run_compare  # the engine only when it runs
    from dtt.reports.compare_doc import compare_document

    result = run_compare(s, year, criteria_text=text,
                         criteria_file=criteria.name if criteria is not None else None,
                         evaluation=evaluation, unit=unit, track=track)
    doc = result.document
    info(f"{doc['year']}: {len(doc['changes'])} changes, "
         f"{sum(1 for g in doc['groups'] if g['changed'])} of {len(doc['groups'])} groups "
         "change; nothing stored")
    emit(compare_document(result, lang, admin=chosen == "docx"), chosen, output)
