"""Spreadsheet formula-injection defence for the CSV and xlsx writers.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return may be taken by
Excel (or LibreOffice) for a formula. In CSV such text gets a leading single quote, which
Excel shows as text; in xlsx it is stored as a string cell with the quote-prefix style, which
Excel never evaluates. Numbers are never altered: a negative number stays a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dtt.render.values import cell_text, is_number

if TYPE_CHECKING:  # openpyxl is loaded only when a workbook is written
    from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"


def is_dangerous(text: str) -> bool:
    """True when Excel could read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix a single quote to text Excel could run; leave other text alone."""
    return PREFIX + text if is_dangerous(text) else text


def csv_cell(value: Any, lang: str = "vi", key: str | None = None) -> str:
    """The CSV field for a value: numbers in the form of `lang`, text neutralised."""
    if is_number(value):
        return cell_text(value, lang, key)
    return neutralise(cell_text(value, lang, key))


def set_text_cell(cell: Cell, text: str) -> None:
    """Store text as a string cell that can never be a formula, whatever it begins with."""
    cell.value = text
    if cell.data_type != "s":  # openpyxl made it a formula (it begins with '=')
        cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True  # Excel keeps it text even when the user edits the cell
