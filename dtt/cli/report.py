"""`dtt report`: ranked candidates, the period summary, and the administrative documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from dtt.cli.common import FormatOption, OutputOption, emit, handles_errors, info, size_text, store
from dtt.cli.lang import current as current_lang
from dtt.errors import InputError
from dtt.render import Document, resolve_format
from dtt.reports import labels as L
from dtt.reports.prepare import ensure_evaluation, report_year
from dtt.store import Store

DOCUMENTS = ("proposal", "summary", "minutes")


def register(app: typer.Typer) -> None:
    """Add `dtt report` to the root app."""
    app.command("report")(report)


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date (YYYY-MM-DD)", field="--date") from None


def _period(text: str) -> tuple[int, int]:
    parts = text.replace("–", "-").split("-")
    try:
        start, end = (int(parts[0]), int(parts[1])) if len(parts) == 2 else (0, -1)
    except ValueError:
        start, end = 0, -1
    if not (1990 <= start <= end <= 2100) or end - start > 20:
        raise InputError(f"'{text}' is not a period (e.g. 2016-2020)", field="--period")
    return start, end


@handles_errors
def report(
    ctx: typer.Context,
    unit: str = typer.Option(None, "--unit", "-u", help="A level key (province, district, "
                             "hq_unit, …) or 'cluster' for one section per unit of that level; "
                             "or a unit code for that unit's subtree."),
    year: int = typer.Option(None, "--year", "-y", help="The year (default: the latest year "
                             "with records)."),
    track: str = typer.Option(None, "--track", "-t", help="Only this track (ldtt, cstdcs, "
                              "cstdn, cstdtq, ttldtt, ttldxs, co_thi_dua, bang_khen, "
                              "bang_khen_collective, exemplar, exemplar_collective)."),
    top: int = typer.Option(None, "--top", "-n", help="Keep the top N per section and track."),
    status: str = typer.Option(None, "--status", "-s", help="Only these statuses (comma-"
                               "separated): recognised, recommended, eligible, escalated, "
                               "deferred, rejected, ineligible; or all. Default: all but "
                               "ineligible (each section's summary counts them); JSON without "
                               "--status or --top keeps every result."),
    lang: str = typer.Option(None, "--lang", help="Headings in vi or en (default: the "
                             "language of dtt, --lang before the command or DTT_LANG).",
                             show_default=False),
    period: str = typer.Option(None, "--period", help="A period summary instead, e.g. "
                               "2016-2020: titles and exemplars per unit and year, who held "
                               "them continuously, replication coverage."),
    document: str = typer.Option(None, "--document", "-d", help="An administrative document "
                                 "(.docx or .html): proposal (danh sách đề nghị), summary "
                                 "(tóm tắt thành tích, with --subject), minutes (biên bản "
                                 "họp Hội đồng)."),
    subject: str = typer.Option(None, "--subject", help="The candidate of --document summary."),
    date: str = typer.Option(None, "--date", help="The document's date, YYYY-MM-DD "
                             "(default: today)."),
    template: Path = typer.Option(None, "--template", help="With --document: a .docx template "
                                  "to fill (see dtt template check).", show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Ranked candidates per unit, with the decisive facts behind each status.

    A level key gives one section per unit of that level (--unit province; --unit cluster for
    the emulation clusters); a unit code gives that unit's subtree. Rows go by track, status,
    rank, then Vietnamese name order. Ineligible candidates are left out unless --status asks
    for them (--status all, --status ineligible); each section's summary still counts them.
    JSON keeps every result unless --status or --top is given. With no stored evaluation for
    the year, the engine runs first.
    """
    s = store(ctx)
    lang = L.check_lang(lang or current_lang())
    if document:
        _document(s, document, unit, year, track, status, subject, lang, _date(date), fmt,
                  output, template)
        return
    if unit is None:
        raise InputError("which units? e.g. --unit province, --unit cluster, --unit HNI",
                         field="--unit")
    chosen = resolve_format(fmt, output, extra=("docx",))
    if period:
        from dtt.reports.period import build_period, period_document

        start, end = _period(period)
        doc = period_document(build_period(s, unit, start, end, lang=lang))
        doc.lang, doc.long = lang, True
        emit(doc, chosen, output)
        return
    the_year = report_year(s, year)
    from dtt.reports.ranked import build_ranked, check_options

    check_options(s, unit, the_year, track=track, top=top, status=status)
    ensure_evaluation_told(s, the_year)
    from dtt.reports.ranked_out import ranked_document, ranked_json_document

    if chosen == "json" and status is None and top is None:
        status = "all"  # scripts read the complete data
    built = build_ranked(s, unit, the_year, track=track, top=top, status=status, lang=lang,
                         raw_checks=chosen == "json", every_result=chosen == "html")
    if chosen == "json":
        doc = ranked_json_document(built)
    elif chosen == "html":
        from dtt.reports.html_report import ranked_html_document

        doc = ranked_html_document(s, built)
    else:
        doc = ranked_document(built, wide=chosen in ("csv", "xlsx"))
    emit(doc, chosen, output)


def ensure_evaluation_told(s: Store, year: int) -> bool:
    """Evaluate `year` first if nothing is stored for it, telling the user; True if it ran."""
    from dtt.reports.prepare import has_evaluation

    if has_evaluation(s, year):
        return False
    info(f"no evaluation stored for {year}: evaluating {year} now …")
    ran = ensure_evaluation(s, year)
    if ran:
        info(f"evaluated {year}; the results are stored")
    return ran


def _document(s: Store, kind: str, unit: str | None, year: int | None, track: str | None,
              status: str | None, subject: str | None, lang: str, when: dt.date,
              fmt: str | None, output: Path | None, template: Path | None = None) -> None:
    """An administrative document (an AdminDoc) written as .docx or .html through emit."""
    from dtt.reports.documents import minutes_doc, proposal_doc
    from dtt.reports.summary import summary_doc

    kind = kind.strip().lower()
    if kind not in DOCUMENTS:
        raise InputError(f"unknown document '{kind}' (use {', '.join(DOCUMENTS)})",
                         field="--document")
    chosen = resolve_format(fmt, output, extra=("docx", "pdf"))
    if chosen == "table" and output is None:
        chosen = "html"
    if chosen not in ("docx", "html", "pdf"):
        raise InputError(f"a document is written as .docx, .html or .pdf, not {chosen}",
                         field="--format")
    the_year = report_year(s, year)
    from dtt.reports.ranked import check_options

    check_options(s, unit if kind == "proposal" else None, the_year, track=track,
                  status=status if kind == "proposal" else None)
    if kind == "summary":
        if not subject:
            raise InputError("which candidate? give --subject CODE", field="--subject")
        from dtt.records import subject_kind

        if subject_kind(s, subject) is None:  # before anything is evaluated and stored
            raise InputError(f"unknown subject '{subject}' (not a person or unit code)",
                             field="--subject")
        ensure_evaluation_told(s, the_year)
        doc = summary_doc(s, subject, the_year, lang=lang, when=when, track=track)
    elif kind == "proposal":
        if not unit:
            raise InputError("which unit proposes? give --unit CODE or a level", field="--unit")
        ensure_evaluation_told(s, the_year)
        doc = proposal_doc(s, unit, the_year, lang=lang, when=when, track=track,
                           status=status)
    else:
        if not unit:
            raise InputError("whose council? give --unit CODE or a level", field="--unit")
        doc = minutes_doc(s, unit, the_year, lang=lang, when=when, track=track)
    from dtt.cli import documents

    if documents.write_document(doc, kind, chosen, output, template):
        info(f"{output}: {doc.title} — {len(doc.table_rows())} rows, {chosen}, "
             f"{size_text(Path(str(output)).stat().st_size)}")
    else:
        emit(Document(doc.title, lang=lang, admin=doc), chosen, output)
