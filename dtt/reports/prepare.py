"""Before a report: choose the year, and make sure an evaluation of it is stored."""

from __future__ import annotations

from dtt.errors import InputError
from dtt.store import Store
from dtt.store import reports as store_reports
from dtt.years import resolve_year

report_year = resolve_year


def has_evaluation(store: Store, year: int) -> bool:
    """Whether an evaluation of `year` is stored."""
    return store_reports.has_evaluation(store, year)


def ensure_evaluation(store: Store, year: int) -> bool:
    """Run the engine for `year` when no evaluation is stored; True if it ran.

    Raises InputError when `year` has no records to evaluate.
    """
    if has_evaluation(store, year):
        return False
    if not store_reports.has_records(store, year):
        raise InputError(f"no records for {year}", field="--year")
    from dtt.engine.run import evaluate  # the engine only when a report needs it

    evaluate(store, year)
    return True
