"""Every `dtt` example in the README runs as written on the demo.

Each shell block runs in its own folder: a block that starts by creating the database (`dtt
demo`, `dtt init`) starts empty; any other starts from a copy of the demo database. The input
files an officer would have (the tree, the filled forms, a draft policy) are made from the
demo's own data; a form written by `dtt template` in the block is filled the way an officer
fills it, then imported as it is."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from dtt.bootstrap import build_demo
from dtt.cli import app
from dtt.criteria.source import default_text
from dtt.demo import DemoData, build

README = Path(__file__).resolve().parent.parent / "README.md"


def blocks() -> list[tuple[str, list[list[str]]]]:
    """(heading, the dtt commands of each line) for every ```sh block of the README."""
    out: list[tuple[str, list[list[str]]]] = []
    heading = ""
    text = README.read_text(encoding="utf-8").split("<!-- COMMANDS -->")
    text = text[0] + text[-1].split("<!-- /COMMANDS -->")[-1] if len(text) > 1 else text[0]
    for match in re.finditer(r"^(#+ [^\n]*)$|^```sh\n(.*?)^```", text, re.M | re.S):
        if match.group(1):
            heading = match.group(1).lstrip("# ")
            continue
        commands = []
        for line in match.group(2).splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                if words and words[0] == "dtt":
                    commands.append(words[1:])
        if commands:
            out.append((heading, commands))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoData]:
    path = tmp_path_factory.mktemp("readme") / "demo.db"
    build_demo(path)
    return path, build("sample")


def _keys(sheet: Any) -> list[str | None]:
    """A dtt form's column keys: each header cell's note starts with it."""
    return [c.comment.text.split("\n")[0].strip() if c.comment else None for c in sheet[1]]


def _fill(path: Path, rows: list[dict]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    keys = _keys(sheet)
    for row in rows:
        sheet.append([None if k is None else _cell(row.get(k)) for k in keys])
    book.save(path)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def _form(path: Path, kind: str, year: int, rows: list[dict]) -> None:
    """The officer's filled form: dtt's own template (written by the block or made here)."""
    if not path.exists():
        result = CliRunner().invoke(app, ["template", kind, "--year", str(year), "-o",
                                          str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    _fill(path, rows)


def _dump(path: Path, doc: Any) -> None:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _draft(path: Path) -> None:
    """A draft policy: the CSTĐCS quota raised from 15% to 20% of the LĐTT."""
    text = default_text()
    assert "share: 15\n" in text
    path.write_text(text.replace("share: 15\n", "share: 20\n"), encoding="utf-8")


def _roster_2026(data: DemoData) -> list[dict]:
    """The demo's people placed in the 2025 tree (their unit's successor)."""
    later = data.later_trees[0]
    in_force: set[str] = set()

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            in_force.add(node["code"])
            walk(node.get("children", []))

    walk(later["units"])
    rows = []
    for person in data.people:
        unit = person["unit"]
        while unit not in in_force and "-" in unit:
            unit = unit.rsplit("-", 1)[0]
        if unit in in_force:
            rows.append({**person, "unit": unit, "heads": None})
    return rows


FILES: dict[str, Callable[[Path, DemoData], None]] = {
    "donvi.yaml": lambda p, d: _dump(p, d.tree),
    "donvi-2025.yaml": lambda p, d: _dump(p, d.later_trees[0]),
    "canhan.xlsx": lambda p, d: _form(p, "people", 2018, d.people),
    "ketqua-2018.xlsx": lambda p, d: _form(
        p, "records", 2018, [r for r in d.records if r["year"] <= 2018]),
    "canhan-2026.xlsx": lambda p, d: _form(p, "people", 2026, _roster_2026(d)),
    "du-thao.yaml": lambda p, d: _draft(p),
}
MADE_BY_BLOCK = {"de-nghi-2018.xlsx", "qnh-2025.xlsx", "de-nghi.docx", "tom-tat.docx",
                 "bien-ban.html", "giai-doan.html", "so-sanh.docx"}


def _inputs(args: list[str]) -> list[str]:
    """The files a command reads: arguments and --units/--criteria values ending in a known
    input name."""
    return [a for a in args if a in FILES]


CASES = blocks()


def test_the_readme_has_examples() -> None:
    assert len(CASES) >= 4 and sum(len(c) for _, c in CASES) >= 25


@pytest.mark.parametrize("heading, commands", CASES, ids=[h for h, _ in CASES])
def test_readme_block_runs_on_the_demo(heading: str, commands: list[list[str]], demo,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_db, data = demo
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "dtt.db"
    monkeypatch.setenv("DTT_DB", str(db))
    if commands[0][0] not in ("demo", "init"):
        shutil.copy(demo_db, db)
    runner = CliRunner()
    for args in commands:
        for name in _inputs(args):
            reads = not (args[0] == "template" or name in MADE_BY_BLOCK)
            if reads and (name.endswith(".yaml") or name not in _filled):
                FILES[name](tmp_path / name, data)
                _filled.add(name)
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, f"dtt {shlex.join(args)}\n{result.stderr}"
        for name in args:
            if name in MADE_BY_BLOCK:
                assert (tmp_path / name).stat().st_size > 0, f"dtt {shlex.join(args)}: {name}"
    _filled.clear()


_filled: set[str] = set()
