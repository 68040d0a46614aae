"""The layering: SQL lives in dtt/store/ only; the library never prints."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dtt"
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|"
                 r"DELETE\s+FROM|CREATE\s+(TABLE|VIEW|INDEX)|PRAGMA\s+\w+)\b", re.I | re.S)
STORE_CALLS = {"execute", "executemany", "executescript"}


def _library_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "store" not in p.relative_to(PACKAGE).parts]


def test_no_module_outside_the_store_calls_execute() -> None:
    offenders = []
    for path in _library_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in STORE_CALLS):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_no_sql_text_outside_the_store() -> None:
    offenders = []
    for path in _library_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and SQL.search(node.value)):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_no_module_outside_the_store_reaches_the_connection() -> None:
    offenders = []
    for path in _library_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"conn", "query", "one",
                                                                  "scalar"}:
                base = node.value
                if isinstance(base, ast.Name) and base.id in {"store", "s", "self_store"}:
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_the_library_never_prints() -> None:
    """Only the CLI and the writers (dtt/render) print; everything else returns data."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in {"cli", "render"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "print"
            stdout = isinstance(node, ast.Attribute) and node.attr in {"stdout", "stderr"} \
                and isinstance(node.value, ast.Name) and node.value.id == "sys"
            if called or stdout:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_start_up_leaves_the_heavy_modules_unloaded() -> None:
    """`dtt --help` pays for none of openpyxl, python-docx or calamine: the commands that
    write or read those files import them when they run."""
    import subprocess
    import sys

    code = ("import sys, dtt.cli; print(sorted(m for m in ('openpyxl', 'docx', "
            "'python_calamine') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_help_imports_no_command_module_nor_heavy_library() -> None:
    """`dtt --help` lists the commands without importing them: none of the command modules,
    the engine, the render pipeline, rich (its help tables), pydantic (Typer's conversion of
    option values), YAML, openpyxl or python-docx is in sys.modules afterwards."""
    import subprocess
    import sys

    code = ("import sys\nsys.argv = ['dtt', '--help']\nfrom dtt.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('rich', 'pydantic', 'openpyxl', 'docx', 'python_calamine', 'yaml', "
            "'sqlite_utils', 'dtt.engine', 'dtt.render', 'dtt.store', 'dtt.reports', "
            "'dtt.workflow', 'dtt.cli.common', 'dtt.cli.report', 'dtt.cli.setup')\n"
            "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert "Commands:" in out.stdout and "report" in out.stdout
    assert out.stderr.strip() == "[]"


def test_a_command_loads_only_its_own_module() -> None:
    """`dtt report --help` imports dtt.cli.report, not the other command modules, and no
    command pays for pydantic."""
    import subprocess
    import sys

    code = ("import sys\nsys.argv = ['dtt', '--db', 'x.db', 'report', '--help']\n"
            "from dtt.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('dtt.cli.', 'pydantic'))), "
            "file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stderr.strip() == ("['dtt.cli.common', 'dtt.cli.lang', 'dtt.cli.lang_click', "
                                  "'dtt.cli.params', 'dtt.cli.report']")
