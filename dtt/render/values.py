"""How one value reads as text in every writer, and which columns hold numbers."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from dtt.render import numbers
from dtt.render.model import Column, Section
from dtt.render.numbers import is_number

__all__ = ["align_of", "cell_text", "is_number", "is_numeric_column", "is_plain_key",
           "merged_columns", "number_text", "text_width", "yes_no"]


def number_text(value: int | float | Decimal, lang: str = "en") -> str:
    """Integers as they are, other numbers with at most 2 decimals: 3.14159 → '3.14' (the
    plain form of machine-read text); with `lang`, grouped in that language's form."""
    if lang != "en":
        return numbers.number(value, lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# columns whose whole numbers are never grouped: years (2020, not 2.020) and codes
_PLAIN_KEYS = ("year", "years", "nam", "from", "to", "start", "end", "period", "code", "id", "sha")


def is_plain_key(key: str | None) -> bool:
    """A column of years or identifiers: its numbers are written without grouping."""
    if not key:
        return False
    low = key.lower()
    return any(part in _PLAIN_KEYS for part in low.replace("-", "_").split("_")) or \
        low.endswith("year")


def yes_no(value: bool, lang: str = "vi") -> str:
    """có / không (en: yes / no), from the message catalogue."""
    from dtt.messages import t

    return t("value.yes" if value else "value.no", lang)


def cell_text(value: Any, lang: str = "vi", key: str | None = None) -> str:
    """None → '', bools → có/không (yes/no), numbers in the language's form (1.673; 3,56 —
    en 1,673; 3.56; years and codes ungrouped), dates 05/01/2026 (en ISO), lists joined.
    `key` is the column's key (a year column keeps 2020)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if is_number(value):
        if isinstance(value, int) and (is_plain_key(key) or 1900 <= value <= 2199
                                       and key is None):
            return str(value)
        return numbers.number(value, lang)
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return numbers.date_short(value, lang)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return cell_text(value.value, lang, key)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(cell_text(v, lang, key) for v in items)
    return str(value)


def is_numeric_column(section: Section, column: Column) -> bool:
    """A column whose filled cells are all numbers (and there is at least one)."""
    seen = False
    for row in section.rows:
        value = row.get(column.key)
        if value is None or value == "":
            continue
        if not is_number(value):
            return False
        seen = True
    return seen


def align_of(section: Section, column: Column) -> str:
    """The column's own alignment, except that number columns go right."""
    if column.align == "left" and is_numeric_column(section, column):
        return "right"
    return column.align if column.align in ("left", "right", "center") else "left"


def merged_columns(sections: list[Section]) -> list[Column]:
    """Every column of every section, by key, in order of first appearance."""
    seen: dict[str, Column] = {}
    for section in sections:
        for column in section.columns:
            seen.setdefault(column.key, column)
    return list(seen.values())


def text_width(text: str) -> int:
    """Display width of text in characters: combining marks add nothing, wide chars count 2."""
    width = 0
    for line in unicodedata.normalize("NFC", text).splitlines() or [""]:
        w = sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in line
        )
        width = max(width, w)
    return width
