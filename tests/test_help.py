"""Every command has help text and is in the README's command reference."""

from __future__ import annotations

from pathlib import Path

import typer.main

from dtt.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands():
    root = typer.main.get_command(app)
    stack = [((), root)]
    while stack:
        path, cmd = stack.pop()
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                stack.append(((*path, name), sub))
        elif path:
            yield path, cmd


def test_there_are_commands():
    names = {" ".join(p) for p, _ in _commands()}
    assert {"init", "demo", "units load", "people import", "records import"} <= names


def test_every_command_has_help():
    for path, cmd in _commands():
        assert (cmd.help or "").strip(), f"dtt {' '.join(path)} has no help text"


def test_every_command_in_readme():
    text = README.read_text(encoding="utf-8")
    missing = [" ".join(p) for p, _ in _commands() if f"dtt {' '.join(p)}" not in text]
    assert not missing, f"not in README.md: {missing}"


def test_help_runs(cli):
    for path, _ in _commands():
        r = cli(*path, "--help")
        assert r.exit_code == 0, path
        assert "Usage" in r.stdout


def test_readme_reference_matches_help():
    from dtt.cli.reference import END, START, reference

    text = README.read_text(encoding="utf-8")
    current = text[text.index(START): text.index(END) + len(END)]
    assert current == reference(), "run: python -m dtt.cli.reference README.md"
