"""The root group loads command modules lazily; what `dtt --help` lists without loading them
must be what the commands themselves say."""

from __future__ import annotations

import typer.main
from typer.testing import CliRunner

from dtt.cli import COMMANDS, app, first_paragraph


def test_the_listed_commands_are_the_commands() -> None:
    root = typer.main.get_command(app)
    commands = root.commands  # loads every module
    assert set(commands) == set(COMMANDS)
    for name, command in commands.items():
        assert COMMANDS[name][1] == first_paragraph(command.help), (
            f"update COMMANDS['{name}'] in dtt/cli/__init__.py to the command's help")


def test_help_is_the_same_before_and_after_the_modules_load() -> None:
    runner = CliRunner()
    lazy = runner.invoke(app, ["--help"])
    root = typer.main.get_command(app)
    assert lazy.exit_code == 0 and "Commands:" in lazy.stdout
    loaded_root = root.commands  # noqa: F841  (loads them all)
    full = runner.invoke(app, ["--help"])
    assert full.stdout == lazy.stdout


def test_a_bad_option_value_names_the_option(cli) -> None:
    r = cli("report", "--unit", "province", "--year", "abc")
    assert r.exit_code == 2
    assert "--year" in r.output and "'abc' is not an integer" in r.output


def test_an_unknown_command_is_refused(cli) -> None:
    r = cli("nosuch")
    assert r.exit_code == 2 and "No such command" in r.output
