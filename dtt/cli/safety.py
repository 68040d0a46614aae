"""Keeping the database sound: check, restore, evaluations prune."""

from __future__ import annotations

from pathlib import Path

import typer

from dtt import maintenance
from dtt.cli.common import FormatOption, OutputOption, emit, handles_errors, info, store
from dtt.cli.lang import tr
from dtt.maintenance import DEFAULT_KEEP
from dtt.render import resolve_format
from dtt.render.model import Column, Document, Section
from dtt.store.db import default_path

evaluations_app = typer.Typer(help="Stored evaluation runs: prune old ones.",
                              no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("check")(check_cmd)
    app.command("restore")(restore_cmd)
    app.add_typer(evaluations_app, name="evaluations")


@handles_errors
def check_cmd(
    ctx: typer.Context,
    quick: bool = typer.Option(False, "--quick", help="SQLite's quick check instead of the full "
                               "integrity check (faster on a large database)."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Check the database: integrity, foreign keys, the audit chain and its triggers, and the
    domain (leaders, records, decisions, the tree); exit 1 with the list if anything is wrong."""
    path = ctx.find_root().obj.db or default_path()
    report = maintenance.check_database(Path(path), quick=quick)
    problems = report["problems"]
    cols = [Column("check", "check"), Column("problem", "problem", max_width=90)]
    head = report["audit_head"]
    fmt_ = resolve_format(fmt, output)
    if problems or fmt_ != "table" or output is not None:
        summary = (f"{len(problems)} problem(s)" if problems else
                   f"sound; audit head: row {head['id']} {head['hash'] or '-'}")
        emit(Document(f"Check — {path}", [Section("check", cols, problems,
                                                      summary=summary)]), fmt_, output)
    else:
        typer.echo(tr(f"{path}: sound (integrity, foreign keys, audit chain of {head['id']} rows, "
                   f"domain); audit head {head['hash'] or '-'}"))
    if problems:
        raise typer.Exit(1)


@handles_errors
def restore_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A backup made by `dtt backup` (or a copy of a dtt "
                                "database)."),
) -> None:
    """Replace the database with a backup; the current one is kept next to it first."""
    result = maintenance.restore(store(ctx), file)
    for warning in result["warnings"]:
        info(f"warning: {warning['problem']}")
    info(f"restored from {file}; the previous database is kept as {result['kept_as']}")


@evaluations_app.command("prune")
@handles_errors
def prune_cmd(
    ctx: typer.Context,
    keep: int = typer.Option(DEFAULT_KEEP, "--keep", help="Runs to keep per year (the newest); "
                             "runs holding current results or a council decision's evaluation "
                             "are always kept."),
    vacuum: bool = typer.Option(False, "--vacuum", help="Then VACUUM, giving the space back to "
                                "the file system (slow on a large database)."),
) -> None:
    """Remove old evaluation runs and their results."""
    result = maintenance.prune(store(ctx), keep=keep, vacuum=vacuum)
    for run in result["removed"]:
        info(f"removed evaluation {run['id']} ({run['year']}, {run['run_at']}, "
             f"{run['results']} results)")
    info(f"{len(result['removed'])} run(s) removed, {result['kept']} kept; "
         f"{result['bytes_freed']:,} bytes freed"
         + ("" if result["vacuumed"] else " for reuse (--vacuum gives them back to the disk)"))
