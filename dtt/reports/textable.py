"""The fast text table now lives in `dtt.render.textable` (the table writer for long
documents); this name stays for callers that import it from here."""

from dtt.render.textable import write_document

__all__ = ["write_document"]
