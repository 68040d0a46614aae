"""People's optional personal columns: gender (nam / nữ) and dates (born, recruited).

Each parser takes one non-empty cell as a .csv or .xlsx gives it and returns the stored value,
or raises CellError with a message (the caller adds file, row and field)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dtt.criteria.metrics import CellError
from dtt.text import clean, fold_code

GENDERS = ("nam", "nu")  # stored codes
GENDER_LABELS = {"nam": "nam", "nu": "nữ"}
_GENDER_SPELLINGS = {"nam": "nam", "male": "nam", "m": "nam", "nu": "nu", "female": "nu",
                     "f": "nu"}
DATE_COLUMNS = ("born", "recruited")
# Excel stores a date as days since 1899-12-30; serials of 1900-01-01 .. 2199-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = (2, 110_209)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_gender(raw: Any) -> str:
    """'Nữ', 'NU', 'nu', 'Nam', 'male' … → 'nu' / 'nam'."""
    code = _GENDER_SPELLINGS.get(fold_code(str(raw)))
    if code is None:
        raise CellError(f"'{clean(raw)}' is not nam or nữ")
    return code


def parse_date(raw: Any) -> str:
    """A date as ISO text: from ISO (2018-03-01), dd/mm/yyyy (01/03/2018, also with - or .),
    an Excel date cell, or an Excel serial number (43160)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' is not a date")
    if isinstance(raw, int | float):
        if not float(raw).is_integer() or not _SERIALS[0] <= raw <= _SERIALS[1]:
            raise CellError(f"'{raw}' is not a date (dd/mm/yyyy or yyyy-mm-dd)")
        return (_EXCEL_EPOCH + dt.timedelta(days=int(raw))).isoformat()
    text = clean(raw)
    if text.isdigit():
        return parse_date(int(text))
    found = _ISO.match(text)
    if found:
        year, month, day = (int(x) for x in found.groups())
    else:
        found = _DMY.match(text)
        if not found:
            raise CellError(f"'{text}' is not a date (dd/mm/yyyy or yyyy-mm-dd)")
        day, month, year = (int(x) for x in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise CellError(f"'{text}' is not a date ({exc})") from exc


def as_date(text: str | None) -> dt.date | None:
    """A stored ISO date back as a date (None for none or a malformed stored value)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (negative when `end` is earlier): 1 Mar → 31 Dec
    is 9 (9 months and 30 days), 1 Mar → 1 Jan is 10."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months
