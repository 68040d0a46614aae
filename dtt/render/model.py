"""What the writers render: titled sections of rows under named columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Column:
    key: str  # the row dict key
    title: str  # heading shown to people
    align: str = "left"  # left | right | center
    max_width: int | None = None  # for the terminal table; longer text wraps


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    key: str | None = None  # e.g. the unit code of the section
    summary: str | None = None  # one line under the section


@dataclass
class Document:
    """A whole output: a title, sections, and optionally the JSON to emit for --format json."""

    title: str
    sections: list[Section] = field(default_factory=list)
    json: Any = None  # if set, `--format json` writes exactly this
    subtitle: str | None = None
