"""The official documents' commands: the meeting facts of `council decide`, `council award`
(the award decision of a recognised candidate), `template check FILE` (a Word template's
unknown fields), and writing a document as a templated .docx or a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from dtt.cli.common import FormatOption, OutputOption, handles_errors, info, store
from dtt.errors import InputError

# `council decide`'s options for the minutes and the award decision
MeetingOpts: dict[str, Any] = {
    "present": typer.Option(None, "--present", help="Members present at the meeting (for the "
                            "minutes).", show_default=False),
    "written": typer.Option(None, "--written", help="Absent members who sent a written "
                            "opinion.", show_default=False),
    "issued": typer.Option(None, "--issued", help="Ballots issued (default: present + "
                           "written).", show_default=False),
    "chair": typer.Option(None, "--chair", help="The chair's full name (for the minutes).",
                          show_default=False),
    "secretary": typer.Option(None, "--secretary", help="The secretary's full name.",
                              show_default=False),
    "started": typer.Option(None, "--started", help="When the meeting began, HH:MM.",
                            show_default=False),
    "ended": typer.Option(None, "--ended", help="When the meeting ended, HH:MM.",
                          show_default=False),
    "decision": typer.Option(None, "--decision", help="The award decision's number, e.g. "
                             "123/QĐ-BHXH (a recognised candidate; with --date).",
                             show_default=False),
    "date": typer.Option(None, "--date", help="The award decision's date, YYYY-MM-DD.",
                         show_default=False),
}


@handles_errors
def council_award(
    ctx: typer.Context,
    subject: str = typer.Argument(..., help="The recognised candidate: a person or unit code."),
    track: str = typer.Option(..., "--track", "-t", help="The track recognised."),
    year: int = typer.Option(None, "--year", "-y", help="The year (default: the latest year "
                             "with records).", show_default=False),
    decision: str = typer.Option(..., "--decision", help="The award decision's number, e.g. "
                                 "123/QĐ-BHXH."),
    date: str = typer.Option(..., "--date", help="The award decision's date, YYYY-MM-DD."),
    issuer: str = typer.Option(None, "--issuer", help="Who issued it (default: the deciding "
                               "council's unit).", show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Record the award decision (number, date, issuer) of a candidate the council recognised;
    later achievement reports list it among the previous awards."""
    from dtt.render import Document, Section, emit, resolve_format
    from dtt.render.model import Column
    from dtt.workflow import council as council_lib

    s = store(ctx)
    fmt_ = resolve_format(fmt, output)
    a = council_lib.award(s, subject, track=track, year=year, decision_no=decision,
                          decision_date=date, issuer=issuer)
    info(f"{a['subject']} {a['track']} {a['year']}: decision {a['decision_no']} of "
         f"{a['decision_date']} ({a['decision_by']})")
    cols = [Column(k, k) for k in ("subject", "name", "track", "year", "decision_no",
                                   "decision_date", "decision_by")]
    emit(Document(f"{a['subject']} {a['track']} {a['year']}", [Section("award", cols, [a])],
                  json=a), fmt_, output)


@handles_errors
def template_check(
    file: Path = typer.Argument(..., help="The .docx template to check."),
) -> None:
    """List a Word template's fields that no document gives (exit 2 if any); prints the
    fields it uses."""
    from dtt.reports.doc_files import template_fields, unknown_fields

    if not file.is_file():
        raise InputError("no such file", file=str(file))
    used = template_fields(file)
    unknown = unknown_fields(file)
    typer.echo(f"{file}: fields {', '.join(used) or '(none)'}")
    if unknown:
        raise InputError(f"unknown fields: {', '.join(unknown)}", file=str(file))
    info(f"{file}: every field is known")


@handles_errors
def template_document(
    output: Path = typer.Option(..., "--output", "-o", help="The .docx file to write."),
) -> None:
    """The bundled Word template of the documents (proposal, summary, minutes), to restyle in
    Word and use with `dtt report --document … --template FILE`."""
    from dtt.render import write_atomic
    from dtt.reports.doc_files import CONTEXT_FIELDS, default_template_bytes

    write_atomic(output, default_template_bytes())
    info(f"{output}: the documents' Word template; fields: {', '.join(sorted(CONTEXT_FIELDS))}")


def write_document(admin: Any, kind: str, fmt: str, output: Path | None,
                   template: Path | None) -> bool:
    """Write the document as a templated .docx or a PDF; False for the other formats (the
    caller emits them)."""
    from dtt.render import write_atomic

    if fmt == "pdf":
        if output is None or str(output) == "-":
            raise InputError("pdf needs --output FILE", field="--format")
        from dtt.reports.doc_files import pdf_bytes

        write_atomic(output, pdf_bytes(admin))
        return True
    if template is not None:
        if fmt != "docx" or output is None:
            raise InputError("--template writes a .docx: give -o FILE.docx", field="--template")
        from dtt.reports.doc_files import template_docx_bytes

        write_atomic(output, template_docx_bytes(admin, template, kind))
        return True
    return False
