"""The columns an input sheet may have, and how a header written by a person names one: the key,
the Vietnamese label, or an alias, in any case, with or without diacritics."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from dtt.criteria.metrics import MetricSet
from dtt.text import clean, fold

# The people file: key -> (Vietnamese header, other spellings)
PEOPLE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã", ("Mã số", "Mã cán bộ", "Mã CB", "Mã CBCCVC", "Mã nhân viên", "Mã NV",
                    "Số hiệu")),
    "full_name": ("Họ và tên", ("Họ tên", "Tên", "name")),
    "unit": ("Đơn vị", ("Mã đơn vị", "Đơn vị công tác")),
    "category": ("Đối tượng", ("Loại", "Phân loại", "Loại cán bộ", "Đối tượng CB")),
    "position": ("Chức vụ", ("Chức danh", "Chức vụ, chức danh")),
    "heads": ("Đứng đầu đơn vị", ("Thủ trưởng đơn vị", "Phụ trách đơn vị", "Đơn vị đứng đầu",
                                 "Người đứng đầu")),
    "gender": ("Giới tính", ("Nam/nữ", "Giới")),
    "born": ("Ngày sinh", ("Năm sinh", "Sinh ngày")),
    "recruited": ("Ngày tuyển dụng", ("Ngày vào ngành", "Tuyển dụng", "Ngày tuyển")),
}
# The records file's key columns; every metric adds its key, label and `aliases:`.
RECORD_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "year": ("Năm", ("Năm đánh giá", "Năm xét", "Năm xét khen")),
    "subject": ("Mã", ("Mã số", "Mã cán bộ", "Mã CB", "Mã nhân viên", "Mã NV", "Mã đơn vị",
                       "Mã tập thể", "Mã cá nhân", "Mã đối tượng", "Số hiệu", "code")),
}
# Headers that are plainly informative (a row number, a name, a note): always ignored, never
# taken for a misspelt column.
INFORMATIVE = ("STT", "TT", "Số TT", "Số thứ tự", "Họ và tên", "Họ tên", "Tên", "Tên đơn vị",
               "Đơn vị", "Chức vụ", "Ghi chú", "Note", "Notes", "Name", "Full name", "Unit",
               "Position", "Remarks", "Tên sáng kiến", "Nội dung sáng kiến", "Tên đề tài",
               "Thành tích", "Lý do")


def header_key(text: Any) -> str:
    """A header as compared: folded, without a trailing '(%)', words joined by '_'."""
    folded = fold(clean(text))
    folded = folded.replace("%", " pct ")
    folded = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    return re.sub(r"_?\(?pct\)?$", "", folded).strip("_") or folded


@dataclass
class ColumnSpec:
    """The columns of one kind of file and every spelling of their headers."""

    keys: list[str]  # canonical keys, in the order a template lists them
    required: tuple[str, ...]
    headers: dict[str, str]  # key -> the header a template writes
    unknown: str  # the message for a header that looks like a misspelt column
    names: dict[str, str] = field(default_factory=dict)  # header_key(spelling) -> key
    guessable: dict[str, str] = field(default_factory=dict)  # spellings a typo is checked against
    informative: set[str] = field(default_factory=set)

    def add(self, key: str, *spellings: Any, guess: bool = True) -> None:
        for spelling in spellings:
            if spelling is None or not clean(spelling):
                continue
            norm = header_key(spelling)
            self.names.setdefault(norm, key)
            if guess:
                self.guessable.setdefault(norm, key)

    def resolve(self, text: Any) -> str | None:
        """The key a header names: as written, else without a note in parentheses or a
        trailing year ('Kỷ luật (nếu có)', 'Xếp loại 2018')."""
        if text is None or not isinstance(text, str | int | float):
            return None
        key = self.names.get(header_key(text))
        if key is None:
            bare = re.sub(r"\([^)]*\)|\b(19|20)\d\d\s*$", " ", clean(text))
            key = self.names.get(header_key(bare)) if clean(bare) else None
        return key

    def suggest(self, text: str) -> str | None:
        """The column a header not understood probably means, or None if it looks like an
        informative column of the officer's own (to be ignored)."""
        norm = header_key(text)
        if norm in self.informative or not norm:
            return None
        close = difflib.get_close_matches(norm, list(self.guessable), n=1, cutoff=0.8)
        return self.guessable[close[0]] if close else None

    def describe(self, key: str) -> str:
        return self.headers.get(key, key)


def _informative(spec: ColumnSpec) -> None:
    spec.informative = {header_key(t) for t in INFORMATIVE} - set(spec.names)


def people_spec() -> ColumnSpec:
    spec = ColumnSpec(keys=list(PEOPLE_COLUMNS), required=("code", "full_name", "unit",
                                                            "category"),
                      headers={k: v[0] for k, v in PEOPLE_COLUMNS.items()},
                      unknown="unknown column")
    for key, (header, aliases) in PEOPLE_COLUMNS.items():
        spec.add(key, key, header, *aliases)
    _informative(spec)
    return spec


def records_spec(metrics: MetricSet, kind: str | None = None) -> ColumnSpec:
    """The records file's columns: year, subject, then the metrics (of one kind, or all)."""
    kinds = [kind] if kind else ["person", "collective"]
    spec = ColumnSpec(keys=list(RECORD_KEYS), required=tuple(RECORD_KEYS),
                      headers={k: v[0] for k, v in RECORD_KEYS.items()},
                      unknown="not a metric the criteria declare")
    for key, (header, aliases) in RECORD_KEYS.items():
        spec.add(key, key, header, *aliases, guess=False)
    for k in kinds:
        for key, metric in metrics.for_kind(k).items():
            if key not in spec.keys:
                spec.keys.append(key)
                spec.headers[key] = metric.label
            spec.add(key, key, metric.label, *metric.aliases)
    _informative(spec)
    return spec
