"""Excel forms to fill and import: the right columns with Vietnamese headers (the key in a cell
note), drop-down lists from the enums of the criteria in force, number formats and ranges as
data validation, and a sheet that explains each column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dtt.columns import PEOPLE_COLUMNS, RECORD_KEYS
from dtt.criteria.metrics import Metric
from dtt.criteria.source import active_criteria
from dtt.errors import InputError
from dtt.store import Store
from dtt.store import units as store_units

FORMS = ("people", "records", "units")
ROWS = 30000  # rows the validations cover: a whole sector's roster
FORMATTED = 2000  # rows given a percent format: more than a sector's collectives
LISTS = "Danh mục"
GUIDE = "Hướng dẫn"
_BOOL = ["Có", "Không"]
_CATEGORIES = ["CBCCVC", "NLĐ"]
_HEAD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass
class Field:
    key: str
    header: str
    required: bool
    kind: str  # what the guide says: text, code, list, whole number, number, percent, yes/no
    allowed: str  # the values or range, in words
    note: str
    choices: list[str] | None = None
    low: float | None = None
    high: float | None = None
    number_format: str | None = None


def build_template(store: Store, form: str, year: int, kind: str | None, path: Path) -> dict:
    """Write the form to `path` (.xlsx); returns what it wrote (file, sheet, columns)."""
    if form not in FORMS:
        raise InputError(f"unknown form '{form}' (use {', '.join(FORMS)})", field="FORM")
    if path.suffix.lower() != ".xlsx":
        raise InputError("a template is an .xlsx workbook: give -o FILE.xlsx", field="--output")
    if form == "units":
        if kind not in (None, "collective"):
            raise InputError("the units form is the units' own results: --kind collective",
                             field="--kind")
        kind = "collective"
    if kind not in (None, "person", "collective"):
        raise InputError(f"unknown kind '{kind}' (use person or collective)", field="--kind")
    criteria = active_criteria(store)
    version = criteria.version_for(year)
    units = sorted(store_units.unit_codes(store))
    if form == "people":
        fields = _people_fields(units)
        title = "Danh sách cán bộ, công chức, viên chức, người lao động"
    else:
        kind = kind or "person"
        fields = _record_fields(year, kind, criteria.metrics.for_kind(kind), units)
        title = (f"Kết quả năm {year} của "
                 + ("cá nhân" if kind == "person" else "tập thể (đơn vị)"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả" if form != "people" else "Cá nhân"
    lists = wb.create_sheet(LISTS)
    guide = wb.create_sheet(GUIDE)
    list_col = 0
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(row=1, column=col, value=f.header)
        cell.font = _HEAD
        cell.fill = _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(f"{f.key}\n{f.note}", "dtt", width=300, height=120)
        ws.column_dimensions[letter].width = max(12, min(40, len(f.header) + 2))
        rng = f"{letter}2:{letter}{ROWS + 1}"
        dv: DataValidation | None = None
        if f.choices:
            list_col += 1
            lcol = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=f.key).font = _HEAD
            for i, choice in enumerate(f.choices, start=2):
                lists.cell(row=i, column=list_col, value=choice)
            ref = f"{quote_sheetname(LISTS)}!${lcol}$2:${lcol}${len(f.choices) + 1}"
            dv = DataValidation(type="list", formula1=ref, allow_blank=True)
        elif f.low is not None and f.high is not None:
            dv = DataValidation(type="whole" if f.kind in ("số nguyên", "năm") else "decimal",
                                operator="between", formula1=_num(f.low),
                                formula2=_num(f.high), allow_blank=True)
        if dv is not None:
            dv.error = f"{f.header}: {f.allowed}"
            dv.errorTitle = "Giá trị không hợp lệ"
            dv.prompt = f.allowed
            dv.showErrorMessage = True
            dv.showInputMessage = True
            dv.add(rng)
            ws.add_data_validation(dv)
        if f.number_format:
            for row in range(2, FORMATTED + 2):  # Excel carries the format on below the block
                ws.cell(row=row, column=col).number_format = f.number_format
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 45
    lists.sheet_state = "hidden"
    _guide(guide, title, version.key, version.label, year, fields)
    wb.save(path)
    return {"file": str(path), "form": form, "kind": kind, "year": year,
            "version": version.key, "columns": [f.header for f in fields]}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _people_fields(units: list[str]) -> list[Field]:
    notes = {
        "code": ("mã", True, "Mã cá nhân, duy nhất trong ngành (vd. NV000123)."),
        "full_name": ("chữ", True, "Họ và tên đầy đủ, có dấu."),
        "unit": ("mã đơn vị", True, "Mã đơn vị nơi cá nhân công tác, theo cây đơn vị đã nạp."),
        "category": ("danh sách", True, "CBCCVC hoặc NLĐ (người lao động)."),
        "position": ("chữ", False, "Chức vụ (vd. Giám đốc, Phó Trưởng phòng); để trống nếu "
                     "không giữ chức vụ."),
        "heads": ("mã đơn vị", False, "Nếu là người đứng đầu một đơn vị: mã đơn vị đó; "
                  "để trống nếu không."),
        "gender": ("danh sách", False, "Nam hoặc Nữ (từ năm 2024, khi thành tích như nhau, "
                   "nữ được ưu tiên)."),
        "born": ("ngày", False, "Ngày sinh (dd/mm/yyyy)."),
        "recruited": ("ngày", False, "Ngày tuyển dụng (dd/mm/yyyy): danh hiệu LĐTT tính thời "
                      "gian công tác từ ngày này."),
    }
    out = []
    for key, (header, _) in PEOPLE_COLUMNS.items():
        kind, required, note = notes[key]
        choices: list[str] | None = None
        allowed = "chữ tự do"
        if key == "category":
            choices, allowed = _CATEGORIES, "CBCCVC, NLĐ"
        elif key == "gender":
            choices, allowed = ["Nam", "Nữ"], "Nam, Nữ"
        elif key in ("born", "recruited"):
            allowed = "một ngày"
        elif key in ("unit", "heads") and units:
            choices, allowed = units, "một mã đơn vị trong danh mục"
        out.append(Field(key, header, required, kind, allowed, note, choices))
    return out


def _record_fields(year: int, kind: str, metrics: dict[str, Metric], units: list[str]
                   ) -> list[Field]:
    subject_note = ("Mã cá nhân, như trong danh sách cán bộ đã nhập." if kind == "person"
                    else "Mã đơn vị (tập thể), theo cây đơn vị đã nạp.")
    out = [
        Field("year", RECORD_KEYS["year"][0], True, "năm", f"năm {year}",
              f"Năm của kết quả: {year}.", low=year, high=year),
        Field("subject", RECORD_KEYS["subject"][0], True, "mã",
              "một mã đơn vị trong danh mục" if kind == "collective" and units else "mã",
              subject_note, choices=units if kind == "collective" and units else None),
    ]
    for key, m in metrics.items():
        if m.has_default:
            shown = m.label_of(m.default) if m.type == "enum" else _word(m.default)
            default = f" Để trống: {shown}."
        else:
            default = " Để trống: chưa ghi nhận (tiêu chí cần chỉ tiêu này sẽ không đạt)."
        if m.type == "enum":
            labels = [m.value_labels[c] for c in m.values]
            out.append(Field(key, m.label, False, "danh sách", ", ".join(labels),
                             f"Chọn trong danh sách (thấp đến cao: {', '.join(m.values)})."
                             + default, choices=labels))
        elif m.type == "bool":
            out.append(Field(key, m.label, False, "có/không", "Có, Không",
                             "Có hoặc Không." + default, choices=_BOOL))
        elif m.type == "date":
            out.append(Field(key, m.label, False, "ngày", "dd/mm/yyyy",
                             "Ngày, dạng dd/mm/yyyy (ví dụ 15/03/2025)." + default))
        elif m.percent:
            low = 0.0 if m.min is None else m.min
            high = 100.0 if m.max is None else m.max
            out.append(Field(key, m.label, False, "tỷ lệ %",
                             f"từ {_num(low)}% đến {_num(high)}%",
                             "Tỷ lệ phần trăm; ô đã định dạng %, nhập 99,5 hoặc 99,5%." + default,
                             low=low / 100, high=high / 100, number_format="0.0%"))
        else:
            whole = m.type == "int"
            low = m.min if m.min is not None else 0
            high = m.max if m.max is not None else 10 ** 9
            out.append(Field(key, m.label, False, "số nguyên" if whole else "số",
                             f"từ {_num(low)} đến {_num(high)}",
                             ("Số nguyên." if whole else "Số.") + default, low=low, high=high))
    return out


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def _guide(ws: Any, title: str, version: str, label: str, year: int,
           fields: list[Field]) -> None:
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Tiêu chí áp dụng năm {year}: phiên bản {version} ({label})."
    ws["A3"] = ("Điền từ dòng 2 của trang đầu; không đổi tên cột. Có thể thêm cột ghi chú "
                "(STT, họ tên, ghi chú): dtt bỏ qua và báo tên các cột đó.")
    headers = ["Cột", "Khóa", "Bắt buộc", "Kiểu", "Giá trị hợp lệ", "Giải thích"]
    for col, h in enumerate(headers, start=1):
        c = ws.cell(row=5, column=col, value=h)
        c.font = _HEAD
        c.fill = _FILL
    for row, f in enumerate(fields, start=6):
        values = [f.header, f.key, "Có" if f.required else "Không", f.kind, f.allowed, f.note]
        for col, v in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=v).alignment = Alignment(wrap_text=True,
                                                                         vertical="top")
    for letter, width in zip("ABCDEF", (36, 18, 10, 12, 40, 60), strict=True):
        ws.column_dimensions[letter].width = width
