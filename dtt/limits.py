"""Input limits and the characters a text cell may hold: one place, one message per breach.

The limits are generous for real sector files (about 25,000 people, 130,000 records a term)
and stop hostile ones early, before the work they would cause: see docs/criteria.md.
"""

from __future__ import annotations

import re
from typing import Any

from dtt.errors import InputError

CELL_BYTES = 128 * 1024  # one CSV or xlsx cell
MAX_ROWS = 1_000_000  # data rows in one .csv/.xlsx file
MAX_COLUMNS = 500
BLANK_RUN = 10_000  # blank rows in a row: a sheet padded with empty formatted rows
FILE_BYTES = 256 * 1024 * 1024  # a .csv or .yaml file
XLSX_INFLATED = 512 * 1024 * 1024  # the uncompressed size of all parts of an .xlsx
XLSX_RATIO = 200  # uncompressed / compressed, for a part bigger than 1 MiB
YAML_DEPTH = 64  # nesting of mappings and lists
YAML_BYTES = 32 * 1024 * 1024
NUMBER_CHARS = 40  # a number written with more characters than this is refused
RULE_NODES = 2_000  # operators in one track's rules, all criteria together
RULE_DEPTH = 32  # nesting of all/any/not

# C0 controls but tab, newline and carriage return; DEL; C1 controls; a BOM (U+FEFF) anywhere
# but the very start of a file; the bidirectional overrides that reorder what a terminal shows.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u202a-\u202e\u2066-\u2069]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def describe_char(ch: str) -> str:
    if ch == "\x00":
        return "a NUL byte"
    if ch == "\ufeff":
        return "a byte-order mark (U+FEFF) inside the text"
    if ch == "\x1b":
        return "a terminal escape character (ESC)"
    return f"the control character U+{ord(ch):04X}"


def bad_char(text: str) -> str | None:
    """The first character a text cell must not hold, or None."""
    m = _BAD.search(text)
    return m.group() if m else None


def check_text(text: str, *, file: str | None = None, row: int | None = None,
               field: str | None = None) -> str:
    """Refuse NUL, control characters, terminal escapes and stray BOMs; the text unchanged."""
    ch = bad_char(text)
    if ch is not None:
        raise InputError(f"holds {describe_char(ch)}; remove it", file=file, row=row,
                         field=field)
    return text


def check_document_text(text: str, filename: str) -> str:
    """`check_text` over a whole decoded file, naming the line of the first bad character."""
    m = _BAD.search(text)
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        raise InputError(f"holds {describe_char(m.group())}; remove it", file=filename, row=line)
    return text


def plain_number(text: str) -> bool:
    """Digits with an optional sign, point and exponent: no `1_0`, `inf`, `nan` or `0x10`."""
    return len(text) <= NUMBER_CHARS and _PLAIN_NUMBER.fullmatch(text) is not None


def check_size(size: int, limit: int, what: str, file: str) -> None:
    if size > limit:
        raise InputError(f"{what} is {size:,} bytes; the limit is {limit:,}", file=file)


def visible(text: str) -> str:
    """Control characters, escapes and stray BOMs shown as \\uXXXX, never sent to a terminal."""
    return _BAD.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _BAD.search(text) else text


def one_line(text: str) -> str:
    """`visible`, with line breaks and tabs as spaces: an error message stays on one line."""
    return visible(re.sub(r"[\r\n\t]+", " ", text))


def shown(value: Any, limit: int = 60) -> str:
    """A value for an error message: control characters made visible, long text cut."""
    text = str(value)
    text = _BAD.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
