"""Writers for a Document: table, json, csv, md, html, xlsx; to a file (atomically) or stdout.

    fmt = resolve_format(format_option, output_option)
    emit(doc, fmt, output_option)
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
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
    "FORMATS", "Column", "Document", "Section", "emit", "html_page", "resolve_format",
    "section_table_html", "to_bytes", "to_text",
]

FORMATS = ("table", "json", "csv", "md", "html", "xlsx")
EXTENSIONS = {
    ".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html",
    ".htm": "html", ".xlsx": "xlsx", ".txt": "table", ".text": "table",
}
# formats that are not text, so they cannot go to the terminal
BINARY = {"xlsx", "xlsm", "docx", "pdf", "odt", "ods"}
# extensions that name a format a plain-text table would only pretend to be
_MISLEADING = {".xls", ".xlsm", ".ods", ".odt", ".doc", ".docx", ".pdf", ".rtf", ".tsv", ".xml"}
_TEXT_RENDERERS = {
    "table": render_table, "json": render_json, "csv": render_csv, "md": render_markdown,
    "html": render_html,
}


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
    try:
        renderer = _TEXT_RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"{fmt} is not a text format") from None
    return renderer(doc)


def render_xlsx(doc: Document) -> bytes:
    """The xlsx workbook's bytes (openpyxl is loaded only when a workbook is written)."""
    from dtt.render.xlsxfmt import render_xlsx as build

    return build(doc)


def to_bytes(doc: Document, fmt: str) -> bytes:
    """The bytes of the file: UTF-8 text (csv with a BOM) or an xlsx workbook."""
    if fmt == "xlsx":
        return render_xlsx(doc)
    if fmt == "csv":
        return render_csv_bytes(doc)
    return to_text(doc, fmt).encode("utf-8")


def emit(doc: Document, fmt: str, output: Path | None, console: Console | None = None) -> None:
    """Write the document to `output` (atomically) or to stdout.

    A table to stdout goes through `console` (or a new one honouring NO_COLOR, 100 columns
    wide when stdout is not a terminal); other formats go to stdout as UTF-8 bytes.
    """
    path = _stdout_path(output)
    if path is not None:
        write_atomic(path, to_bytes(doc, fmt))
        return
    if fmt in BINARY:
        raise InputError(f"{fmt} needs --output FILE", field="--format")
    if fmt == "table":
        print_document(doc, console or _stdout_console())
        return
    data = to_bytes(doc, fmt)
    if fmt == "csv" and sys.stdout.isatty():
        data = render_csv(doc).encode("utf-8")  # no invisible BOM on the terminal
    _write_stdout(data)


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


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 & ~umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
