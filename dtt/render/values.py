"""How one value reads as text in every writer, and which columns hold numbers."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from dtt.render.model import Column, Section


def is_number(value: Any) -> bool:
    """int, float or Decimal; a bool is not a number here."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def number_text(value: int | float | Decimal) -> str:
    """Integers as they are, other numbers with at most 2 decimals: 3.14159 → '3.14'."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell_text(value: Any) -> str:
    """None → '', bools → yes/no, numbers via number_text, dates in ISO form, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_number(value):
        return number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return cell_text(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(cell_text(v) for v in items)
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
