"""Before a report: choose the year, and make sure an evaluation of it is stored."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from dtt.errors import DttError, InputError
from dtt.store import Store
from dtt.years import resolve_year

report_year = resolve_year


def has_evaluation(store: Store, year: int) -> bool:
    return store.scalar("SELECT 1 FROM evaluations WHERE year = ? LIMIT 1", (year,)) is not None


def find_evaluate() -> Callable[..., Any] | None:
    """The engine's `evaluate(store, year, …)`, wherever the engine package exports it."""
    for name in ("dtt.engine", "dtt.engine.evaluate", "dtt.engine.run", "dtt.engine.engine"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        fn = getattr(module, "evaluate", None)
        if callable(fn):
            return fn
    return None


def ensure_evaluation(store: Store, year: int) -> bool:
    """Run the engine for `year` when no evaluation is stored; True if it ran.

    Raises DttError when there is nothing stored and no engine to run.
    """
    if has_evaluation(store, year):
        return False
    if not store.scalar("SELECT 1 FROM records WHERE year = ? LIMIT 1", (year,)):
        raise InputError(f"no records for {year}", field="--year")
    evaluate = find_evaluate()
    if evaluate is None:
        raise DttError(f"no evaluation stored for {year}: run dtt evaluate --year {year}")
    evaluate(store, year)
    return True
