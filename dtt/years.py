"""The one default-year rule: the year asked for, else the latest year with records."""

from __future__ import annotations

from datetime import date

from dtt.errors import InputError
from dtt.store import Store
from dtt.store.records import latest_year

FIRST_YEAR, LAST_YEAR = 1990, 2100


def resolve_year(store: Store, year: int | None, field: str = "--year") -> int:
    """`year` if given (checked to be a plausible year), else the latest year with records;
    an InputError naming `field` when there is neither."""
    if year is not None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InputError(f"'{year}' is not a year", field=field)
        return year
    latest = latest_year(store)
    if latest is None:
        raise InputError("no records yet: give --year, or import records first "
                         "(dtt records import FILE) or run dtt demo", field=field)
    return latest


def default_year(store: Store) -> tuple[int, str]:
    """The year a command takes when none is given, where it may act before any records
    exist (a roster, the people of the tree): the latest year with records, else the current
    year; with the reason, for the message that states it."""
    latest = latest_year(store)
    if latest is not None:
        return latest, "the latest year with records"
    return date.today().year, "the current year; no records yet"
