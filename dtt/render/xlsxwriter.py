"""A small .xlsx writer: the workbook's XML written directly into the zip, rows streamed.

Only what dtt's tables need: sheets of shared-string text and numbers, a fixed set of cell
styles (bold header, italic summary, the number and date formats of the language, quote
prefix, wrapped text), column widths, a frozen header row and an autofilter. The caller
hands each sheet its widths and its rows already encoded as cell fragments (see `Book.text`,
`Book.number`, `Book.date`): a distinct text is escaped and stored once, and a row is written
by joining strings. openpyxl is not imported; it still reads workbooks and fills templates.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from dtt.render.numbers import xlsx_date_format, xlsx_number_format

# characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, plus lone surrogates and
# the two non-characters)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

# cell styles: indexes into cellXfs below
PLAIN, BOLD, BOLD_QUOTED, ITALIC, ITALIC_QUOTED = 0, 1, 2, 3, 4
WHOLE, FRACTION, DATE, STAMP, QUOTED, WRAPPED, QUOTED_WRAPPED = 5, 6, 7, 8, 9, 10, 11

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = dt.datetime(1899, 12, 30)
_FLUSH = 20000  # pieces of XML gathered before a write to the zip entry


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute (a carriage return kept as such)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(value: dt.date) -> float | int:
    """Days since Excel's epoch (1900 system), as openpyxl counts them."""
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (stamp - _EPOCH).days
    if 0 < days <= 60:
        days -= 1
    if not isinstance(value, dt.datetime):
        return days
    seconds = stamp.hour * 3600 + stamp.minute * 60 + stamp.second + stamp.microsecond / 10**6
    return days + seconds / 86400


def number_text(value: Any) -> str:
    """A number as openpyxl writes it: 16 significant digits (whole ints exactly)."""
    if type(value) is int:
        return str(value)
    return "%.16g" % value  # noqa: UP031 — the exact form openpyxl writes


class Book:
    """One workbook being written to `target` (a binary file)."""

    def __init__(self, target: IO[bytes], lang: str = "vi", compresslevel: int = 1) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                                   compresslevel=compresslevel)
        self.lang = lang
        self.strings: dict[str, int] = {}
        self.sheets: list[tuple[str, str | None]] = []  # (name, autofilter ref)

    # -- cells: the part of `<c r="A1` that follows the reference ------------------------
    def text(self, text: str, style: int = PLAIN) -> str:
        """A shared-string cell (the text must be free of illegal characters)."""
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        if style:
            return f'" s="{style}" t="s"><v>{index}</v></c>'
        return f'" t="s"><v>{index}</v></c>'

    @staticmethod
    def number(value: Any, style: int = PLAIN) -> str:
        if style:
            return f'" s="{style}"><v>{number_text(value)}</v></c>'
        return f'"><v>{number_text(value)}</v></c>'

    @staticmethod
    def date(value: dt.date) -> str:
        style = STAMP if isinstance(value, dt.datetime) else DATE
        return f'" s="{style}"><v>{number_text(excel_serial(value))}</v></c>'

    # -- sheets ---------------------------------------------------------------------------
    def sheet(self, name: str, widths: Sequence[float], rows: Iterable[tuple[int, Sequence[str]]],
              *, last_row: int, freeze: bool = True, autofilter: str | None = None) -> None:
        """Write one sheet: `rows` are (row number, cell fragments, '' for an empty cell)
        in ascending row order; `last_row` the last row number, for the dimension."""
        index = len(self.sheets) + 1
        self.sheets.append((name, autofilter))
        letters = [column_letter(j) for j in range(1, max(1, len(widths)) + 1)]
        with self.zip.open(f"xl/worksheets/sheet{index}.xml", "w") as raw:
            head = [_HEAD, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
                    f'<dimension ref="A1:{letters[-1]}{max(1, last_row)}"/>',
                    '<sheetViews><sheetView workbookViewId="0"'
                    + (' tabSelected="1"' if index == 1 else "") + ">"]
            if freeze:
                head.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
                            'sqref="A2"/>')
            head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
            if widths:
                head.append("<cols>")
                head.extend(f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
                            for j, w in enumerate(widths, start=1))
                head.append("</cols>")
            head.append("<sheetData>")
            raw.write("".join(head).encode("utf-8"))
            parts: list[str] = []
            add = parts.append
            for number, cells in rows:
                n = str(number)
                add(f'<row r="{n}">')
                for letter, cell in zip(letters, cells, strict=False):
                    if cell:
                        add('<c r="' + letter + n + cell)
                add("</row>")
                if len(parts) > _FLUSH:
                    raw.write("".join(parts).encode("utf-8"))
                    parts.clear()
            add("</sheetData>")
            if autofilter:
                add(f'<autoFilter ref="{autofilter}"/>')
            add('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                'footer="0.5"/></worksheet>')
            raw.write("".join(parts).encode("utf-8"))

    # -- the rest of the package -----------------------------------------------------------
    def close(self, title: str = "", subject: str | None = None) -> None:
        """Write the workbook, styles, shared strings and properties; close the zip."""
        write = self.zip.writestr
        n = len(self.sheets)
        write("[Content_Types].xml", _HEAD + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType='
                      '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                      'worksheet+xml"/>' for i in range(1, n + 1))
            + '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'))
        write("_rels/.rels", _HEAD + (
            f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'))
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write("docProps/core.xml", _HEAD + (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + (f"<dc:title>{escape(_clean(title))}</dc:title>" if title else "")
            + (f"<dc:subject>{escape(_clean(subject))}</dc:subject>" if subject else "")
            + "<dc:creator>dtt</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"))
        write("docProps/app.xml", _HEAD + (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>dtt</Application></Properties>'))
        sheets, names = [], []
        for i, (name, autofilter) in enumerate(self.sheets, start=1):
            sheets.append(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>')
            if autofilter:
                quoted = "'" + name.replace("'", "''") + "'"
                ref = ":".join("$" + re.sub(r"(\d+)$", r"$\1", part)
                               for part in autofilter.split(":"))
                names.append(f'<definedName name="_xlnm._FilterDatabase" '
                             f'localSheetId="{i - 1}" hidden="1">'
                             f"{escape(quoted)}!{ref}</definedName>")
        write("xl/workbook.xml", _HEAD + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{''.join(sheets)}</sheets>"
            + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'))
        write("xl/_rels/workbook.xml.rels", _HEAD + (
            f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'))
        write("xl/styles.xml", self._styles())
        strings = [_HEAD, f'<sst xmlns="{_MAIN}" count="{len(self.strings)}" '
                          f'uniqueCount="{len(self.strings)}">']
        for text in self.strings:  # in index order
            keep = text[:1].isspace() or text[-1:].isspace() or "\n" in text
            strings.append(('<si><t xml:space="preserve">' if keep else "<si><t>")
                           + escape(text) + "</t></si>")
        strings.append("</sst>")
        write("xl/sharedStrings.xml", "".join(strings))
        self.zip.close()

    def _styles(self) -> str:
        lang = self.lang
        formats = [xlsx_number_format(1, lang), xlsx_number_format(0.5, lang),
                   xlsx_date_format(lang), xlsx_date_format(lang, True)]
        font = '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>' \
               '<scheme val="minor"/>'
        base = 'fillId="0" borderId="0" xfId="0"'
        wrap = '<alignment vertical="top" wrapText="1"/>'
        xfs = [
            f'<xf numFmtId="0" fontId="0" {base}/>',  # PLAIN
            f'<xf numFmtId="0" fontId="1" {base} applyFont="1"/>',  # BOLD
            f'<xf numFmtId="0" fontId="1" {base} applyFont="1" quotePrefix="1"/>',
            f'<xf numFmtId="0" fontId="2" {base} applyFont="1"/>',  # ITALIC
            f'<xf numFmtId="0" fontId="2" {base} applyFont="1" quotePrefix="1"/>',
            f'<xf numFmtId="164" fontId="0" {base} applyNumberFormat="1"/>',  # WHOLE
            f'<xf numFmtId="165" fontId="0" {base} applyNumberFormat="1"/>',  # FRACTION
            f'<xf numFmtId="166" fontId="0" {base} applyNumberFormat="1"/>',  # DATE
            f'<xf numFmtId="167" fontId="0" {base} applyNumberFormat="1"/>',  # STAMP
            f'<xf numFmtId="0" fontId="0" {base} quotePrefix="1"/>',  # QUOTED
            f'<xf numFmtId="0" fontId="0" {base} applyAlignment="1">{wrap}</xf>',  # WRAPPED
            f'<xf numFmtId="0" fontId="0" {base} applyAlignment="1" quotePrefix="1">'
            f"{wrap}</xf>",
        ]
        return _HEAD + (
            f'<styleSheet xmlns="{_MAIN}">'
            f'<numFmts count="{len(formats)}">'
            + "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{escape(code)}"/>'
                      for i, code in enumerate(formats))
            + f'</numFmts><fonts count="3"><font>{font}</font><font><b/>{font}</font>'
            f"<font><i/>{font}</font></fonts>"
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>")


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)
