"""The one output pipeline: a Document, a registry of writers by format name, and `emit`.

    fmt = resolve_format(format_option, output_option)
    emit(doc, fmt, output_option)

Every command writes through `emit`: a table (rich's, or the fast streaming one for a
Document marked `long`), json (streamed when the Document gives its pieces), csv, md, html,
xlsx and docx, to a file (atomically) or to stdout. `register` adds a writer.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from dtt.errors import DttError, InputError
from dtt.render.csvfmt import render_csv, render_csv_bytes
from dtt.render.htmlfmt import html_page, render_html, section_table_html
from dtt.render.jsonfmt import render_json
from dtt.render.markdown import render_markdown
from dtt.render.model import Column, Document, Section
from dtt.render.table import print_document, render_table

__all__ = [
    "FORMATS", "WRITERS", "Column", "Document", "Section", "Writer", "emit", "html_page",
    "register", "resolve_format", "section_table_html", "to_bytes", "to_text", "write_atomic",
]

# the formats every command offers; `docx` is registered too, for the report command
FORMATS = ("table", "json", "csv", "md", "html", "xlsx")
EXTENSIONS = {
    ".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html",
    ".htm": "html", ".xlsx": "xlsx", ".txt": "table", ".text": "table",
}
# formats that are not text, so they cannot go to the terminal
BINARY = {"xlsx", "xlsm", "docx", "pdf", "odt", "ods"}
# extensions that name a format a plain-text table would only pretend to be
_MISLEADING = {".xls", ".xlsm", ".ods", ".odt", ".doc", ".docx", ".pdf", ".rtf", ".tsv", ".xml"}


@dataclass(frozen=True)
class Writer:
    """How one format is written.

    `chunks` gives the file's bytes in pieces; `text` (text formats only; None for binary
    ones) the document as text, as `to_text` returns it; `show`, if set, writes to stdout
    instead of the file's bytes (e.g. the table at the terminal's width).
    """

    chunks: Callable[[Document], Iterable[bytes]]
    text: Callable[[Document], str] | None = None
    show: Callable[[Document, Console | None], None] | None = None


WRITERS: dict[str, Writer] = {}


def register(name: str, writer: Writer) -> None:
    """Add (or replace) the writer of a format."""
    WRITERS[name] = writer


def _writer(fmt: str) -> Writer:
    try:
        return WRITERS[fmt]
    except KeyError:
        raise ValueError(f"no writer for format {fmt!r}") from None


# --- the writers --------------------------------------------------------------------------
def _table_text(doc: Document) -> str:
    if doc.long:
        from dtt.render.textable import document_text

        return document_text(doc)
    return render_table(doc)


def _show_table(doc: Document, console: Console | None) -> None:
    if doc.long:
        from dtt.render.textable import print_long

        print_long(doc)
    else:
        print_document(doc, console or _stdout_console())


def _json_chunks(doc: Document) -> Iterable[bytes]:
    if doc.json_chunks is not None:
        return doc.json_chunks()
    return [render_json(doc).encode("utf-8")]


def _json_text(doc: Document) -> str:
    return b"".join(_json_chunks(doc)).decode("utf-8")


def _show_csv(doc: Document, console: Console | None) -> None:
    # no invisible BOM on the terminal
    _write_stdout(render_csv(doc).encode("utf-8") if sys.stdout.isatty()
                  else render_csv_bytes(doc))


def _html_text(doc: Document) -> str:
    if doc.admin is not None:
        from dtt.reports.admin_html import admin_html

        return admin_html(doc.admin)
    return render_html(doc)


def _xlsx_chunks(doc: Document) -> list[bytes]:
    from dtt.render.xlsxfmt import render_xlsx  # openpyxl is loaded only for a workbook

    return [render_xlsx(doc)]


def _docx_chunks(doc: Document) -> list[bytes]:
    """The administrative form as .docx: the Document's own, else its sections set in it."""
    from dtt.reports.docx_writer import docx_bytes  # python-docx is loaded only here

    admin = doc.admin
    if admin is None:
        from dtt.reports.documents import document_from_report

        admin = document_from_report(doc, doc.lang)
    return [docx_bytes(admin)]


def _text_writer(text: Callable[[Document], str]) -> Writer:
    return Writer(chunks=lambda doc: [text(doc).encode("utf-8")], text=text)


register("table", Writer(chunks=lambda doc: [_table_text(doc).encode("utf-8")],
                         text=_table_text, show=_show_table))
register("json", Writer(chunks=_json_chunks, text=_json_text))
register("csv", Writer(chunks=lambda doc: [render_csv_bytes(doc)], text=render_csv,
                       show=_show_csv))
register("md", _text_writer(render_markdown))
register("html", _text_writer(_html_text))
register("xlsx", Writer(chunks=_xlsx_chunks))
register("docx", Writer(chunks=_docx_chunks))


def _stdout_path(output: Path | None) -> Path | None:
    return None if output is None or str(output) == "-" else Path(output)


def resolve_format(fmt: str | None, output: Path | None, extra: tuple[str, ...] = ()) -> str:
    """The format to write: --format if given, else from --output's extension, else table.

    `extra` adds formats a command writes itself (e.g. "docx"), recognised both ways.
    """
    known = FORMATS + tuple(e for e in extra if e not in FORMATS)
    output = _stdout_path(output)
    if fmt is not None and fmt.strip():
        chosen = fmt.strip().lower()
        if chosen not in known:
            raise InputError(f"unknown format '{fmt}' (use {', '.join(known)})", field="--format")
    elif output is not None:
        suffix = output.suffix.lower()
        chosen = EXTENSIONS.get(suffix) or (suffix[1:] if suffix[1:] in extra else "")
        if not chosen:
            if suffix in _MISLEADING:
                raise InputError(
                    f"cannot write '{suffix}' files (use --format: {', '.join(known)})",
                    field="--output",
                )
            chosen = "table"
    else:
        chosen = "table"
    if chosen in BINARY and output is None:
        raise InputError(f"{chosen} needs --output FILE", field="--format")
    return chosen


def to_text(doc: Document, fmt: str) -> str:
    """The document as text; `table` is plain (no colour) at 100 columns; csv has no BOM."""
    text = _writer(fmt).text
    if text is None:
        raise ValueError(f"{fmt} is not a text format")
    return text(doc)


def to_bytes(doc: Document, fmt: str) -> bytes:
    """The bytes of the file: UTF-8 text (csv with a BOM), or an xlsx or docx file."""
    return b"".join(_writer(fmt).chunks(doc))


@dataclass(frozen=True)
class Written:
    """What `emit` wrote to a file: for the command to tell the user."""

    path: Path
    fmt: str
    size: int  # bytes
    rows: int  # table rows written (the administrative document's, or every section's)
    title: str


def row_count(doc: Document) -> int:
    if doc.admin is not None:
        return len(doc.admin.table_rows())
    return sum(len(section.rows) for section in doc.sections)


def emit(doc: Document, fmt: str, output: Path | None,
         console: Console | None = None) -> Written | None:
    """Write the document in format `fmt` to `output` (atomically) or to stdout; what was
    written to a file is returned (None for stdout).

    A table to stdout goes through `console` (or a new one honouring NO_COLOR, 100 columns
    wide when stdout is not a terminal; a long document's table is drawn at the terminal's
    width); other formats go to stdout as UTF-8 bytes, piece by piece as they are made.
    """
    writer = _writer(fmt)
    path = _stdout_path(output)
    if path is not None:
        data = to_bytes(doc, fmt)
        write_atomic(path, data)
        return Written(path, fmt, len(data), row_count(doc), doc.title)
    if writer.text is None:
        raise InputError(f"{fmt} needs --output FILE", field="--format")
    if writer.show is not None:
        writer.show(doc, console)
        return None
    for chunk in writer.chunks(doc):
        _write_stdout(chunk)
    return None


def _stdout_console() -> Console:
    width = None if sys.stdout.isatty() else 100
    return Console(no_color="NO_COLOR" in os.environ, highlight=False, width=width)


def _write_stdout(data: bytes) -> None:
    """UTF-8 bytes to stdout, whatever the locale's encoding (Windows pipes use cp125x)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    stream.flush()
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream, e.g. io.StringIO in a test
        stream.write(data.decode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename it over `path`."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory", field="--output")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        _write_special(path, data)  # a device or FIFO (-o /dev/null): written, never replaced
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise DttError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        hint = " (is it open in Excel?)" if isinstance(exc, PermissionError) else ""
        raise DttError(f"cannot write {path}: {exc.strerror or exc}{hint}") from None


def _write_special(path: Path, data: bytes) -> None:
    """Write to a device, FIFO or socket in place: renaming over it would replace it."""
    try:
        with open(path, "wb", buffering=0) as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written or len(view):]
    except OSError as exc:
        raise DttError(f"cannot write {path}: {exc.strerror or exc}") from None


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 & ~umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
