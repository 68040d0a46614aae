"""What every command shares: the opened store, error handling, output options."""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
import typer
from rich.console import Console
from rich.text import Text

from dtt.cli.lang import error_lines, tr
from dtt.errors import DttError
from dtt.limits import one_line, visible
from dtt.store import Store, open_store
from dtt.store.db import store_error

F = TypeVar("F", bound=Callable[..., Any])


def err_console() -> Console:
    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)


def out_console() -> Console:
    return Console(no_color="NO_COLOR" in os.environ, highlight=False, width=_width())


def _width() -> int | None:
    return None if sys.stdout.isatty() else 100


# commands that only read: they open the database with query_only and never migrate it
READ_ONLY = frozenset({
    "backup", "show", "audit", "units show", "people list", "records show", "council list",
    "criteria versions", "criteria show",
})
# the only commands that may create a database (`demo` opens its own)
CREATING = frozenset({"init", "demo"})


class State:
    """Put on ctx.obj by the root callback; opens the store on first use."""

    def __init__(self, db: Path | None) -> None:
        self.db = db
        self._store: Store | None = None

    def store(self, command: str = "") -> Store:
        if self._store is None:
            self._store = open_store(self.db, create=command in CREATING or command == "",
                                     read_only=command in READ_ONLY)
            self._store.on_wait = info
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def command_name(ctx: typer.Context) -> str:
    """The command as typed, without the program: 'people list', 'init'."""
    names: list[str] = []
    node: Any = ctx
    while node is not None and node.parent is not None:
        names.append(node.info_name or "")
        node = node.parent
    return " ".join(reversed(names))


def store(ctx: typer.Context) -> Store:
    root = ctx.find_root()
    state = root.obj
    if not isinstance(state, State):  # a sub-app invoked on its own in tests
        state = State(None)
        root.obj = state
    return state.store(command_name(ctx) or "?")


def handles_errors(fn: F) -> F:
    """Turn every failure into one line per problem on stderr and exit 2 (input) or 1.

    DttErrors carry their own message; a database, file-system or other failure that got
    past the library is still one line naming what failed (DTT_DEBUG=1 shows the traceback).
    Values in messages are never read as rich markup and never reach the terminal as
    control characters.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DttError as exc:
            fail(error_lines(exc), exc.exit_code)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort,
                click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("DTT_DEBUG"):
                raise
            fail([tr(unexpected(exc))], 1)

    return wrapper  # type: ignore[return-value]


def fail(lines: list[str], code: int) -> NoReturn:
    """Print each line as `error: …` on stderr (plain text, one line each) and exit."""
    try:
        console = err_console()
        for line in lines:
            console.print(Text.assemble((tr("error:"), "red"), " ", one_line(str(line))),
                          soft_wrap=True, highlight=False)
    except OSError:
        pass  # stderr itself is gone: the exit status still tells
    raise typer.Exit(code) from None


def unexpected(exc: BaseException) -> str:
    """One line for a failure the library did not turn into a DttError."""
    if isinstance(exc, sqlite3.Error):
        return str(store_error(exc, Path(os.environ.get("DTT_DB") or "the database")))
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        if exc.errno == errno.ENOSPC:
            return f"{where}the disk is full: the output was not written"
        if exc.errno == errno.EROFS:
            return f"{where}the file system is read-only"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"{where}permission denied"
        if exc.errno == errno.EPIPE:
            return "the output was closed before everything was written"
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process"
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large"
    return one_line(f"unexpected {type(exc).__name__}: {exc} (run with DTT_DEBUG=1 for "
                    "details)")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def info(message: str) -> None:
    """A message for the user (stderr, never mixed with data); plain text, never markup."""
    try:
        err_console().print(Text(visible(tr(str(message)))), soft_wrap=True,
                            highlight=False)
    except OSError:
        pass


FormatOption = typer.Option(
    None,
    "--format",
    "-f",
    help="Output format: table, json, csv, md, html, xlsx (default: from --output's "
    "extension, else table).",
)
OutputOption = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")


def emit(doc: Any, fmt: str, output: Path | None, console: Console | None = None) -> None:
    """dtt.render.emit with the document in the chosen language — the terminal's table whole
    (titles, summaries, column headings); documents (md, html, docx, xlsx) their titles and
    summaries; CSV and JSON, read by scripts and imports, keep their column keys — and, when
    it went to a file, say what was written: the file, what it holds, its rows and size."""
    from dtt.cli.lang import document
    from dtt.render import emit as render_emit

    if fmt not in ("json", "csv"):
        document(doc, columns=fmt == "table")
    written = render_emit(doc, fmt, output, console)
    if written is not None:
        info(f"{written.path}: {written.title} — {written.rows} rows, {fmt}, "
             f"{size_text(written.size)}")
