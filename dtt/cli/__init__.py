"""The command line: one small module per command group; parse, call, render."""

from __future__ import annotations

from pathlib import Path

import typer

from dtt import __version__
from dtt.cli import compare, criteria, evaluate, report, safety, setup, template, workflow
from dtt.cli.common import State
from dtt.cli.lang import check_lang
from dtt.cli.lang_click import I18nGroup

app = typer.Typer(
    name="dtt",
    cls=I18nGroup,
    help="dtt — điển hình tiên tiến: find, evaluate, rank and track the advanced exemplars "
    "of Vietnam Social Security (BHXH Việt Nam).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dtt {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Path = typer.Option(
        None, "--db", envvar="DTT_DB", help="The database file (default: ./dtt.db).",
        show_default=False,
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    lang: str = typer.Option(None, "--lang", envvar="DTT_LANG", show_default=False,
                             help="Language of help, messages and headings: vi (default) or "
                             "en."),
) -> None:
    """dtt — điển hình tiên tiến (advanced exemplars) of Vietnam Social Security."""
    if lang is not None:
        check_lang(lang)  # the language itself was chosen from the arguments (I18nGroup)
    state = State(db)
    ctx.obj = state
    ctx.call_on_close(state.close)


for module in (setup, evaluate, compare, workflow, report, criteria, safety, template):
    module.register(app)


def main() -> None:
    app()
