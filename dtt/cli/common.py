"""What every command shares: the opened store, error handling, output options."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from dtt.errors import DttError
from dtt.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def err_console() -> Console:
    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)


def out_console() -> Console:
    return Console(no_color="NO_COLOR" in os.environ, highlight=False, width=_width())


def _width() -> int | None:
    return None if sys.stdout.isatty() else 100


class State:
    """Put on ctx.obj by the root callback; opens the store on first use."""

    def __init__(self, db: Path | None) -> None:
        self.db = db
        self._store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def store(ctx: typer.Context) -> Store:
    root = ctx.find_root()
    state = root.obj
    if not isinstance(state, State):  # a sub-app invoked on its own in tests
        state = State(None)
        root.obj = state
    return state.store()


def handles_errors(fn: F) -> F:
    """Turn DttError into a one-line message per problem on stderr and exit 2 (input) or 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DttError as exc:
            console = err_console()
            for line in exc.lines:
                console.print(f"[red]error:[/red] {line}", markup=True, soft_wrap=True,
                              highlight=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def info(message: str) -> None:
    """A message for the user (stderr, never mixed with data)."""
    err_console().print(message, soft_wrap=True, highlight=False)


FormatOption = typer.Option(
    None,
    "--format",
    "-f",
    help="Output format: table, json, csv, md, html, xlsx (default: from --output's "
    "extension, else table).",
)
OutputOption = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")
