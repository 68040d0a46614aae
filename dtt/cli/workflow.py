"""The plan's workflow: register, nominate, council, foster, replicate, show, audit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from dtt.cli.common import FormatOption, OutputOption, emit, handles_errors, info, store
from dtt.cli.documents import MeetingOpts
from dtt.errors import InputError
from dtt.render import resolve_format
from dtt.workflow import audit as audit_lib
from dtt.workflow import council as council_lib
from dtt.workflow import foster as foster_lib
from dtt.workflow import nominate as nominate_lib
from dtt.workflow import register as register_lib
from dtt.workflow import replicate as replicate_lib
from dtt.workflow import story, views


def _words(ctx: typer.Context) -> dict[str, Any]:
    """The language of a workflow table and, in Vietnamese, the names of the database's
    codes (tracks, levels, enum values, checks)."""
    from dtt.cli.lang import current

    lang = current()
    if lang == "en":
        return {"lang": lang}
    from dtt.reports.labels import store_vocabulary

    return {"lang": lang, "vocab": store_vocabulary(store(ctx))}

council_app = typer.Typer(help="The Emulation and Commendation Council's secret-ballot "
                          "decisions (quyết định Hội đồng Thi đua – Khen thưởng).",
                          no_args_is_help=True)

SubjectArg = typer.Argument(None, help="A person or unit code.", show_default=False)
YearOpt = typer.Option(None, "--year", "-y", help="The year (default: the latest year with "
                       "records).", show_default=False)
UnitOpt = typer.Option(None, "--unit", "-u", help="A unit code: only its subtree.",
                       show_default=False)
TrackOpt = typer.Option(None, "--track", "-t", help="A track key (ldtt, cstdcs, cstdn, cstdtq, "
                        "ttldtt, ttldxs, co_thi_dua, bang_khen, bang_khen_collective, exemplar, "
                        "exemplar_collective).", show_default=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("register")(register_cmd)
    app.command("nominate")(nominate_cmd)
    from dtt.cli.documents import council_award

    council_app.command("award")(council_award)
    app.add_typer(council_app, name="council")
    app.command("foster")(foster_cmd)
    app.command("replicate")(replicate_cmd)
    app.command("show")(show_cmd)
    app.command("audit")(audit_cmd)


def _need(value: object, field: str, what: str) -> None:
    if value is None or value == "":
        raise InputError(f"missing: {what}", field=field)


@handles_errors
def register_cmd(
    ctx: typer.Context,
    subject: str = SubjectArg,
    track: str = TrackOpt,
    year: int = typer.Option(None, "--year", "-y", help="The year the subject strives in "
                             "(required to register; a filter with --list).", show_default=False),
    goal: str = typer.Option(None, "--goal", help="The subject's goals for the year.",
                             show_default=False),
    withdraw: bool = typer.Option(False, "--withdraw", help="Withdraw SUBJECT's registration."),
    reason: str = typer.Option(None, "--reason", help="Why (with --withdraw).",
                               show_default=False),
    list_: bool = typer.Option(False, "--list", help="List registrations (filters: --year, "
                               "--track, --unit)."),
    unit: str = UnitOpt,
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Register SUBJECT to strive for a track in a year (đăng ký thi đua), with its goals.

    `dtt register NV001 --track exemplar --year 2020 --goal "…"` registers;
    `--withdraw` withdraws; `dtt register --list [--year Y] [--track T] [--unit CODE]` lists."""
    s = store(ctx)
    if list_:
        rows = register_lib.registrations(s, year=year, track=track, unit=unit)
        emit(views.registrations_doc(rows, **_words(ctx)), resolve_format(fmt, output), output)
        return
    _need(subject, "SUBJECT", "a person or unit code (or --list)")
    _need(track, "--track", "the track to register for")
    if withdraw:
        done = register_lib.withdraw(s, subject, track=track, year=year, reason=reason)
        info(f"{done['subject']} ({done['name']}): registration for {done['track']} "
             f"{done['year']} withdrawn")
        return
    done = register_lib.register(s, subject, track=track, year=year, goal=goal)
    verb = "registration renewed" if done["renewed"] else "registered"
    info(f"{done['subject']} ({done['name']}): {verb} for {done['track']} {done['year']}")


@handles_errors
def nominate_cmd(
    ctx: typer.Context,
    year: int = YearOpt,
    unit: str = typer.Option(None, "--unit", "-u", help="Only this unit's subtree (with "
                             "--add/--withdraw: the unit making the choice; default: the "
                             "subject's own unit, or a unit's parent).", show_default=False),
    track: str = TrackOpt,
    add: str = typer.Option(None, "--add", help="Introduce this subject by hand (needs --track, "
                            "--reason).", show_default=False),
    withdraw: str = typer.Option(None, "--withdraw", help="Withdraw this subject (needs "
                                 "--track, --reason); re-runs keep it withdrawn.",
                                 show_default=False),
    reason: str = typer.Option(None, "--reason", help="Why the unit adds or withdraws.",
                               show_default=False),
    list_: bool = typer.Option(False, "--list", help="Every stored nomination, row by row "
                               "(no run): whom each unit introduced, and why."),
    brief: bool = typer.Option(False, "--summary", help="One line per unit (counts): what a "
                               "run prints; with --list, for the stored nominations."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Each unit, grassroots first, discovers and introduces its candidates (giới thiệu).

    A unit introduces its own people and its direct sub-units that pass the track's discovery
    rule (statutory titles: every subject with a record; exemplar tracks: registered or rated
    HTXSNV); every unit above sees them too. Re-running is idempotent and keeps the units'
    manual choices (--add / --withdraw). A run prints one line per unit (how many it
    introduced, withdrew and received from below); --list prints every nomination. JSON
    always carries every nomination."""
    s = store(ctx)
    fmt_ = resolve_format(fmt, output)
    if add and withdraw:
        raise InputError("give --add or --withdraw, not both", field="--add")
    run = None
    with _steps(3 if not (list_ or add or withdraw) else 2) as step:
        if add or withdraw:
            code = add or withdraw
            lib = nominate_lib.add if add else nominate_lib.withdraw
            done = lib(s, code, track=track, reason=reason, year=year, unit=unit)
            verb = "withdrawn" if withdraw else "introduced"
            info(f"{code}: {verb} for {done['track']} {done['year']} by {done['unit']}")
            step("reading the nominations")
            listing = nominate_lib.listing(s, done["year"], done["unit"], done["track"])
            listing["units"] = [u for u in listing["units"] if u["unit"] == done["unit"]]
            summary = brief
        else:
            if not list_:
                step("discovering and introducing candidates")
                run = nominate_lib.run(s, year, unit, track)
                year = run["year"]
            step("reading the nominations")
            summary = brief or not list_
            # the summary's counts come counted from SQL; JSON carries every nomination
            read = nominate_lib.summary if summary and fmt_ != "json" else nominate_lib.listing
            listing = read(s, year, unit, track)
        step("writing")
    doc = views.nominations_doc(listing, run, summary, **_words(ctx))
    doc.long = True  # thousands of rows: the streaming table, not rich's
    emit(doc, fmt_, output)


class _Steps:
    """A progress bar over a command's steps, on stderr (only when it is a terminal)."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from dtt.cli.common import err_console

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.completed}/{task.total}"),
                                 TimeElapsedColumn(), console=err_console(), transient=True)
        self.task = self.progress.add_task("", total=total)
        self.started = False

    def __enter__(self) -> _Steps:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, description: str) -> None:
        if self.started:
            self.progress.advance(self.task)
        self.started = True
        self.progress.update(self.task, description=description)


@contextmanager
def _steps(total: int) -> Iterator[Callable[[str], None]]:
    """`step(description)` marks the start of each step; a bar on a terminal, else nothing."""
    if not sys.stderr.isatty():
        yield lambda description: None
        return
    with _Steps(total) as bar:
        yield bar


@council_app.command("decide")
@handles_errors
def council_decide(
    ctx: typer.Context,
    subject: str = typer.Argument(..., help="The candidate: a person or unit code."),
    track: str = typer.Option(..., "--track", "-t", help="The track decided."),
    year: int = YearOpt,
    members: int = typer.Option(..., "--members", help="All members of the council."),
    votes_for: int = typer.Option(..., "--for", help="Ballots for."),
    votes_against: int = typer.Option(..., "--against", help="Ballots against."),
    blank: int = typer.Option(0, "--blank", help="Blank or spoilt ballots (count toward the "
                              "quorum)."),
    escalate: bool = typer.Option(False, "--escalate", help="Recognised here: send it to the "
                                  "council of the unit above (province → sector)."),
    unit: str = typer.Option(None, "--unit", "-u", help="The deciding council's unit (default: "
                             "the unit escalated to, else the subject's province / HQ unit).",
                             show_default=False),
    amend: bool = typer.Option(False, "--amend", help="Record a corrected ballot for a "
                               "candidate this council already decided."),
    over_quota: bool = typer.Option(False, "--over-quota", help="Recognise a candidate the "
                                    "evaluation left outside the quota (needs --reason)."),
    reason: str = typer.Option(None, "--reason", help="Why the council goes beyond the quota.",
                               show_default=False),
    present: int = MeetingOpts["present"], written: int = MeetingOpts["written"],
    issued: int = MeetingOpts["issued"], chair: str = MeetingOpts["chair"],
    secretary: str = MeetingOpts["secretary"], started: str = MeetingOpts["started"],
    ended: str = MeetingOpts["ended"], decision: str = MeetingOpts["decision"],
    decision_date: str = MeetingOpts["date"],
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Record a council's secret-ballot result; the track's council rule decides.

    Only a candidate the last evaluation found eligible (or recommended) can be recognised.
    The outcome — recognised, rejected or escalated — is explained with the rule's source."""
    s = store(ctx)
    fmt_ = resolve_format(fmt, output)
    d = council_lib.decide(s, subject, track=track, year=year, members=members,
                           votes_for=votes_for, votes_against=votes_against, blank=blank,
                           escalate=escalate, unit=unit, amend=amend, over_quota=over_quota,
                           reason=reason, decision_no=decision, decision_date=decision_date,
                           meeting={"present": present, "written": written, "issued": issued,
                                    "chair": chair, "secretary": secretary,
                                    "started": started, "ended": ended})
    votes = d["checks"][1]["detail"]
    to = f" to {d['escalated_to']}" if d["escalated_to"] else ""
    info(f"{d['subject']} {d['track']} {d['year']}: {d['outcome']}{to} by {d['unit']} "
         f"({votes}; {d['source']})")
    if d["over_quota"]:
        info(f"beyond the quota: {d['over_quota']['reason']}")
    emit(views.decision_doc(d, **_words(ctx)), fmt_, output)


@council_app.command("list")
@handles_errors
def council_list(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="Only this year.", show_default=False),
    track: str = TrackOpt,
    unit: str = typer.Option(None, "--unit", "-u", help="Only this council's decisions.",
                             show_default=False),
    subject: str = typer.Option(None, "--subject", help="Only this candidate.",
                                show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """List the councils' decisions with their vote explanations."""
    rows = council_lib.list_decisions(store(ctx), year=year, track=track, unit=unit,
                                      subject=subject)
    emit(views.decisions_doc(rows, **_words(ctx)), resolve_format(fmt, output), output)


@handles_errors
def foster_cmd(
    ctx: typer.Context,
    subject: str = SubjectArg,
    year: int = YearOpt,
    goal: str = typer.Option(None, "--goal", help="What the candidate is to reach.",
                             show_default=False),
    support: str = typer.Option(None, "--support", help="The support the unit gives "
                                "(material, moral, guidance).", show_default=False),
    list_: bool = typer.Option(False, "--list", help="List fostering plans (filters: --year, "
                               "--unit, SUBJECT)."),
    unit: str = UnitOpt,
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """The council's fostering plan (kế hoạch bồi dưỡng) for a candidate of the year."""
    s = store(ctx)
    if list_:
        rows = foster_lib.plans(s, year=year, unit=unit, subject=subject)
        emit(views.plans_doc(rows, **_words(ctx)), resolve_format(fmt, output), output)
        return
    _need(subject, "SUBJECT", "the candidate's code (or --list)")
    _need(goal, "--goal", "the plan's goal")
    done = foster_lib.foster(s, subject, year=year, goal=goal, support=support)
    info(f"{done['subject']} ({done['name']}): fostering plan #{done['id']} for {done['year']}")


@handles_errors
def replicate_cmd(
    ctx: typer.Context,
    subject: str = typer.Argument(None, help="The recognised exemplar (person or unit code).",
                                  show_default=False),
    to: str = typer.Option(None, "--to", help="The unit that takes up the model.",
                           show_default=False),
    year: int = YearOpt,
    form: str = typer.Option(None, "--form", help="How: " + ", ".join(replicate_lib.FORMS)
                             + ", or any text.", show_default=False),
    note: str = typer.Option(None, "--note", help="A note.", show_default=False),
    report: bool = typer.Option(False, "--report", help="Replication report: who spread what "
                                "where, and units with no model yet (filters: --year, --unit)."),
    unit: str = UnitOpt,
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """A unit takes up a recognised exemplar's model (phổ biến, nhân rộng)."""
    s = store(ctx)
    if report:
        rep = replicate_lib.report(s, year=year, unit=unit)
        emit(views.replication_doc(rep, **_words(ctx)), resolve_format(fmt, output), output)
        return
    _need(subject, "SUBJECT", "the exemplar's code (or --report)")
    _need(to, "--to", "the unit that takes up the model")
    _need(form, "--form", "the form (" + ", ".join(replicate_lib.FORMS) + ")")
    done = replicate_lib.replicate(s, subject, to=to, year=year, form=form, note=note)
    info(f"{done['to']} takes up {done['subject']} ({done['name']}, recognised "
         f"{done['recognised']}) in {done['year']}: {done['form']}")


@handles_errors
def show_cmd(
    ctx: typer.Context,
    subject: str = typer.Argument(..., help="A person or unit code."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """One subject's whole story, year by year: who and where, records, registrations,
    nominations, verdicts with failing checks, decisions, fostering, replications."""
    s = store(ctx)
    fmt_ = resolve_format(fmt, output)
    emit(views.story_doc(story.story(s, subject), **_words(ctx)), fmt_, output)


@handles_errors
def audit_cmd(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="Only this year.", show_default=False),
    subject: str = typer.Option(None, "--subject", help="Only this subject.",
                                show_default=False),
    action: str = typer.Option(None, "--action", help="Only this action or family "
                               "(council, nominate, register, records, …).",
                               show_default=False),
    limit: int = typer.Option(50, "--limit", "-n", help="At most N entries, newest first."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """The append-only audit log: when, OS user, command, and what changed."""
    rows = audit_lib.entries(store(ctx), year=year, subject=subject, action=action, limit=limit)
    emit(views.audit_doc(rows, lang=str(_words(ctx)["lang"])), resolve_format(fmt, output), output)
