"""Numbers and dates as people read them, in one place for every writer and document.

Vietnamese (the default): thousands with '.', decimals with ',' — 1.673; 3,56; 99,5%; dates
05/01/2026 in tables and "ngày 05 tháng 01 năm 2026" in prose. English: 1,673; 3.56; 99.5%;
2026-01-05 in tables and "5 January 2026" in prose.

    number(1673, "vi")        → "1.673"
    number(3.5612, "vi")      → "3,56"
    percent(99.5, "vi")       → "99,5%"     (a value already in percent)
    share(0.995, "vi")        → "99,5%"     (a fraction)
    date_short("2026-01-05")  → "05/01/2026"
    date_long("2026-01-05")   → "ngày 05 tháng 01 năm 2026"
    xlsx_number_format(3.5)   → '#,##0.00' (Excel shows it with the reader's separators)

An xlsx cell keeps its number; `xlsx_number_format` gives it a format code. Excel writes the
thousands and decimal marks of the workbook's locale for ',' and '.', so a Vietnamese Excel
shows 1.673 and 3,56 from the same cell (the file stays a real number).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

__all__ = [
    "date_long", "date_short", "is_number", "number", "percent", "share",
    "xlsx_date_format", "xlsx_number_format", "year_span",
]

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def is_number(value: Any) -> bool:
    """int, float or Decimal; a bool is not a number here."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _marks(lang: str) -> tuple[str, str]:
    """(thousands, decimal) marks of a language."""
    return (".", ",") if lang != "en" else (",", ".")


def number(value: int | float | Decimal, lang: str = "vi", decimals: int = 2,
           group: bool = True) -> str:
    """A number with at most `decimals` decimals (trailing zeros dropped), thousands grouped:
    vi 1.673 / 3,56 / -0,5; en 1,673 / 3.56. `group=False` leaves the thousands ungrouped
    (years, codes)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}" if group else str(value)
        whole, frac = text, ""
    else:
        text = f"{value:,.{decimals}f}" if group else f"{value:.{decimals}f}"
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        if whole in ("-0", "") and not frac:
            whole = "0"
    thousands, point = _marks(lang)
    whole = whole.replace(",", thousands)
    return f"{whole}{point}{frac}" if frac else whole


def percent(value: int | float | Decimal, lang: str = "vi", decimals: int = 1) -> str:
    """A value already in percent: 99.5 → vi '99,5%', en '99.5%'."""
    return number(value, lang, decimals) + "%"


def share(fraction: float, lang: str = "vi", decimals: int = 1) -> str:
    """A fraction as a percentage: 0.995 → vi '99,5%'."""
    return percent(fraction * 100, lang, decimals)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_short(value: Any, lang: str = "vi") -> str:
    """A date in a table: vi 05/01/2026, en 2026-01-05; text that is not a date as it is."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    if lang == "en":
        return day.isoformat()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_long(value: Any, lang: str = "vi") -> str:
    """A date in prose: vi 'ngày 05 tháng 01 năm 2026', en '5 January 2026'."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def year_span(start: int, end: int) -> str:
    """2017–2018, or 2017 when both are the same year."""
    return str(start) if start == end else f"{start}–{end}"


# the Vietnamese locale tag of a number format: LibreOffice then writes 1.673 and 3,56
# whatever the reader's own locale; Excel takes the marks from the reader's settings
VI_LOCALE = "[$-42A]"


def xlsx_number_format(value: Any, lang: str = "vi", percent_cell: bool = False) -> str:
    """The Excel number format of a numeric cell: whole numbers grouped ('#,##0'), others
    with up to two decimals ('#,##0.##' would leave a bare point, so '#,##0.00'), a
    fraction shown as a percentage with `percent_cell`; in Vietnamese with the vi locale tag.
    The cell keeps its number."""
    if percent_cell:
        code = "0.0%"
    elif isinstance(value, int) and not isinstance(value, bool):
        code = "#,##0"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        code = "#,##0"
    else:
        code = "#,##0.00"
    return code if lang == "en" else VI_LOCALE + code


def xlsx_date_format(lang: str = "vi", stamp: bool = False) -> str:
    """dd/mm/yyyy (en yyyy-mm-dd), with the time for a timestamp."""
    day = "yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy"
    return day + " hh:mm" if stamp else day
