"""An administrative document in the usual Vietnamese form, independent of the file format:
the issuing body and the national heading side by side, the number and the place-and-date
line, the title, paragraphs and tables, the recipients and the signature blocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dtt.messages import LANGS, t

# the sector's name by language (from the message catalogue), for `SECTOR.get(lang, …)`
SECTOR = {lang: t("doc.sector", lang) for lang in LANGS}


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left | center | right | justify
    heading: bool = False  # a section heading inside the document


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    group_rows: set[int] = field(default_factory=set)  # indexes of rows that head a group
    numeric: set[int] = field(default_factory=set)  # column indexes aligned right / centre


@dataclass
class Signer:
    role: list[str]  # e.g. ["TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH"]
    note: str = "(Ký, ghi rõ họ tên)"  # the message doc.sign
    name: str = ""


@dataclass
class AdminDoc:
    lang: str
    issuer: list[str]  # e.g. ["BẢO HIỂM XÃ HỘI VIỆT NAM", "BHXH TỈNH BẮC NINH"]
    number: str  # "Số: …/DS-TĐKT"
    place_date: str
    title: str
    subtitle: list[str] = field(default_factory=list)
    blocks: list[Para | Table] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    landscape: bool = False
    appendix: str = ""  # "Phụ lục": an attachment of another document, without a number

    def table_rows(self) -> list[list[str]]:
        return [row for b in self.blocks if isinstance(b, Table) for row in b.rows]

    def national(self) -> tuple[str, str]:
        """The national heading and motto in the document's language."""
        return t("doc.national", self.lang), t("doc.motto", self.lang)


def place_of(unit_name: str) -> str:
    """'BHXH tỉnh Bắc Ninh' → 'Bắc Ninh'; headquarters units → 'Hà Nội'."""
    lowered = unit_name.lower()
    for prefix in ("bhxh thành phố ", "bhxh tỉnh ", "bảo hiểm xã hội thành phố ",
                   "bảo hiểm xã hội tỉnh "):
        if lowered.startswith(prefix):
            return unit_name[len(prefix):].strip()
    for prefix in ("bhxh quận ", "bhxh huyện ", "bhxh thị xã ", "bhxh thành phố "):
        if lowered.startswith(prefix):
            return unit_name[len("bhxh "):].strip()
    return "Hà Nội"


def date_line(place: str, when: dt.date, lang: str = "vi") -> str:
    """'Bắc Ninh, ngày 05 tháng 01 năm 2021' (day under 10 and months 1–2 get a leading 0)."""
    if lang == "en":
        return f"{place}, {when.day} {when.strftime('%B')} {when.year}"
    day = f"{when.day:02d}"
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"{place}, ngày {day} tháng {month} năm {when.year}"


