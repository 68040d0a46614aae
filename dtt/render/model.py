"""What the writers render: titled sections of rows under named columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dtt.reports.docmodel import AdminDoc


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
    """A whole output: a title, sections, and what some writers write instead of the sections.

    - `json`: if set, `--format json` writes exactly this;
    - `json_chunks`: if set, `--format json` writes the UTF-8 pieces it yields (a long report
      streamed block by block) — it wins over `json`;
    - `long`: tables are drawn by the fast streaming text table (tens of thousands of rows)
      instead of rich's;
    - `html_intro`, `html_css`: escaped HTML placed after the subtitle, and extra style rules,
      for the HTML page (e.g. a report's summary cards and charts);
    - `admin`: the document in the administrative form; if set, docx and html write it;
      without it docx sets the sections in that form;
    - `lang`: the language of the headings (vi or en), for html's lang attribute and docx.
    """

    title: str
    sections: list[Section] = field(default_factory=list)
    json: Any = None
    subtitle: str | None = None
    lang: str = "vi"
    long: bool = False
    json_chunks: Callable[[], Iterable[bytes]] | None = None
    html_intro: str | None = None
    html_css: str = ""
    admin: AdminDoc | None = None
