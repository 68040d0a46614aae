"""The command line: one small module per command group; parse, call, render.

The command modules load only when one of their commands runs (or its help is asked for):
`dtt --help` lists the commands from COMMANDS below without importing them, so start-up pays
for neither the engine, nor rich's tables, nor openpyxl. The click tree is still all there:
`typer.main.get_command(app).commands` loads every module and holds every command.
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import typer

from dtt import __version__
from dtt.cli import params
from dtt.cli.lang import check_lang, help_text, translate_command
from dtt.cli.lang_click import I18nGroup, click_text

params.install()  # option values converted without importing pydantic

# each command of the root: its module (dtt.cli.<module>) and the first paragraph of its help,
# for `dtt --help` (tests/test_help.py checks them against the commands' own help); in the
# order the help lists them: the commands first, then the groups
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup", "Create (or update) the database: the unit tree and the criteria."),
    "demo": ("setup", "Build a ready database from generated sample data (2016–2025 records)."),
    "backup": ("setup", "Copy the whole database to a file, consistently, even while others "
               "are writing."),
    "evaluate": ("evaluate", "Evaluate candidates against the criteria in force, rank them, "
                 "cut at the quotas, and store the run (every verdict with the values it read "
                 "and its legal source). With --criteria FILE, a draft policy on the same "
                 "year, never touching the current results."),
    "compare": ("compare", "Every subject whose eligibility, status or rank changes between "
                "the stored current results and a draft criteria file (or another stored "
                "run), with the criterion that decides it and its values; per group and track "
                "the counts and quota lines before and after. --format docx writes the "
                "administrative report."),
    "register": ("workflow", "Register SUBJECT to strive for a track in a year (đăng ký thi "
                 "đua), with its goals."),
    "nominate": ("workflow", "Each unit, grassroots first, discovers and introduces its "
                 "candidates (giới thiệu)."),
    "foster": ("workflow", "The council's fostering plan (kế hoạch bồi dưỡng) for a candidate "
               "of the year."),
    "replicate": ("workflow", "A unit takes up a recognised exemplar's model (phổ biến, nhân "
                  "rộng)."),
    "show": ("workflow", "One subject's whole story, year by year: who and where, records, "
             "registrations, nominations, verdicts with failing checks, decisions, fostering, "
             "replications."),
    "audit": ("workflow", "The append-only audit log: when, OS user, command, and what "
              "changed."),
    "report": ("report", "Ranked candidates per unit, with the decisive facts behind each "
               "status."),
    "check": ("safety", "Check the database: integrity, foreign keys, the audit chain and its "
              "triggers, and the domain (leaders, records, decisions, the tree); exit 1 with "
              "the list if anything is wrong."),
    "restore": ("safety", "Replace the database with a backup; the current one is kept next "
                "to it first."),
    "units": ("setup", "The unit tree: load it from YAML, show it."),
    "people": ("setup", "The roster: import people, list them."),
    "records": ("setup", "Yearly results: import them, show a subject's years."),
    "council": ("workflow", "The Emulation and Commendation Council's secret-ballot decisions "
                "(quyết định Hội đồng Thi đua – Khen thưởng)."),
    "criteria": ("criteria", "The criteria in force: dated versions and their rules, with "
                 "sources."),
    "evaluations": ("safety", "Stored evaluation runs: prune old ones."),
    "template": ("template", "Excel forms to fill and import: the right columns, drop-down "
                 "lists and ranges from the criteria in force, and a sheet that explains each "
                 "column."),
}
MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))


class LazyGroup(I18nGroup):
    """The root group: a command's module is imported when that command is looked up; the
    help lists the commands not yet loaded from COMMANDS. Reading `commands` loads them all
    (for code that walks the click tree). Help and click's messages in the language of the
    run (I18nGroup)."""

    _loaded: dict[str, Any]
    _modules: set[str]

    @property
    def commands(self) -> MutableMapping[str, Any]:
        for module in MODULES:
            self._load(module)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, Any]) -> None:
        self._loaded = dict(value)
        self._modules = set()

    def _load(self, module: str) -> None:
        if module in self._modules:
            return
        self._modules.add(module)
        sub = typer.Typer(rich_markup_mode=None)
        importlib.import_module(f"dtt.cli.{module}").register(sub)
        for name, command in typer.main.get_group(sub).commands.items():
            _plain_help(command)
            self._loaded[name] = command

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(n for n in self._loaded if n not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self._loaded and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0])
        cmd = self._loaded.get(cmd_name)
        if cmd is not None:
            translate_command(cmd)
        return cmd

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with the first paragraph of its help, importing none of them."""
        rows = []
        for name in self.list_commands(ctx):
            command = self._loaded.get(name)
            if command is not None and not command.hidden:
                rows.append((name, first_paragraph(command.short_help or command.help)))
            elif command is None and name in COMMANDS:
                rows.append((name, first_paragraph(help_text(COMMANDS[name][1]))))
        if rows:
            with formatter.section(click_text("Commands")):
                formatter.write_dl(rows)


def first_paragraph(text: str | None) -> str:
    """The first paragraph of a help text, on one line."""
    return " ".join((text or "").split("\n\n")[0].split())


def _plain_help(command: Any) -> None:
    """Help in plain text (rich's help panels would load rich's tables with every command)."""
    if hasattr(command, "rich_markup_mode"):
        command.rich_markup_mode = None
    for sub in (getattr(command, "_loaded", None) or getattr(command, "commands", {})).values():
        _plain_help(sub)


app = typer.Typer(
    name="dtt",
    cls=LazyGroup,
    help="dtt — điển hình tiên tiến: find, evaluate, rank and track the advanced exemplars "
    "of Vietnam Social Security (BHXH Việt Nam).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
    from dtt.cli.common import State

    state = State(db)
    ctx.obj = state
    ctx.call_on_close(state.close)


def main() -> None:
    app()
