"""Real sheets: forms from `dtt template` filled and imported, Vietnamese headers under merged
title rows, informative columns, percent cells, .xls and .ods files; exact stored values."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from test_foundation import DATA, snapshot


def stored(db: Path) -> dict[tuple[str, int], dict]:
    conn = sqlite3.connect(db)
    try:
        return {(s, y): json.loads(d) for s, y, d in
                conn.execute("SELECT subject, year, data FROM records")}
    finally:
        conn.close()


def people(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {r[0]: r[1:] for r in conn.execute(
            "SELECT code, full_name, unit, category, position, heads FROM people")}
    finally:
        conn.close()


@pytest.fixture
def tree(cli, db_path):
    assert cli("init", "--units", DATA / "tree.yaml").exit_code == 0
    return db_path


@pytest.fixture
def roster(cli, tree):
    assert cli("people", "import", DATA / "people.csv").exit_code == 0
    return tree


def test_people_template_filled_and_imported(cli, tree, tmp_path):
    form = tmp_path / "canhan.xlsx"
    r = cli("template", "people", "--year", "2020", "-o", form)
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["Mã", "Họ và tên", "Đơn vị", "Đối tượng", "Chức vụ",
                                        "Đứng đầu đơn vị", "Giới tính", "Ngày sinh",
                                        "Ngày tuyển dụng"]
    assert ws["A1"].comment.text.startswith("code")
    assert "Hướng dẫn" in wb.sheetnames
    lists = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert lists["D"].type == "list" and lists["C"].type == "list"
    ws.append(["NV100", "Lê Thị Hoa", "HNI-BD", "NLĐ", "Giám đốc", "HNI-BD"])
    ws.append(["NV101", "Phạm Văn Minh", "HNI-HK", "CBCCVC", None, None])
    wb.save(form)
    r = cli("people", "import", form)
    assert r.exit_code == 0, r.stderr
    assert people(tree) == {
        "NV100": ("Lê Thị Hoa", "HNI-BD", "NLD", "Giám đốc", "HNI-BD"),
        "NV101": ("Phạm Văn Minh", "HNI-HK", "CBCCVC", None, None),
    }


def test_records_template_filled_and_imported(cli, roster, tmp_path):
    form = tmp_path / "ketqua.xlsx"
    r = cli("template", "records", "--year", "2020", "--kind", "person", "-o", form)
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["Năm", "Mã", "Mức độ hoàn thành nhiệm vụ", "Danh hiệu thi đua"]
    # the drop-down lists hold the labels of the enums in force
    lists = wb["Danh mục"]
    columns = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, 10)
                                        if lists.cell(r, c).value]
               for c in range(1, lists.max_column + 1)}
    assert columns["rating"] == ["Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ",
                                 "Hoàn thành tốt nhiệm vụ", "Hoàn thành xuất sắc nhiệm vụ"]
    assert columns["hcm_study"] == ["Có", "Không"]
    by_key = {ws.cell(1, c).comment.text.split("\n")[0]: c for c in range(1, len(headers) + 1)}
    row = {"year": 2020, "subject": "NV001", "rating": "Hoàn thành xuất sắc nhiệm vụ",
           "title": "Chiến sĩ thi đua cơ sở", "initiatives": 2, "initiative_level": "Cấp ngành",
           "discipline": "Không", "months_worked": 12, "hcm_study": "Có", "charity": "Không"}
    for key, value in row.items():
        ws.cell(2, by_key[key], value)
    wb.save(form)
    r = cli("records", "import", form)
    assert r.exit_code == 0, r.stderr
    assert stored(roster)[("NV001", 2020)] == {
        "rating": "HTXSNV", "title": "CSTDCS", "initiatives": 2, "initiative_level": "sector",
        "discipline": "none", "months_worked": 12, "hcm_study": True, "charity": False}


def test_units_template_percent_cells(cli, tree, tmp_path):
    form = tmp_path / "tapthe.xlsx"
    assert cli("template", "units", "--year", "2020", "-o", form).exit_code == 0
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    by_key = {ws.cell(1, c).comment.text.split("\n")[0]: c
              for c in range(1, ws.max_column + 1) if ws.cell(1, c).value}
    assert ws.cell(2, by_key["collection_plan"]).number_format == "0.0%"
    values = {"year": 2020, "subject": "HNI", "rating": "Hoàn thành xuất sắc nhiệm vụ",
              "collection_plan": 1.025, "tthc_on_time": 0.995, "arrears_rate": 0.008,
              "charity": "Có"}
    for key, value in values.items():
        ws.cell(2, by_key[key], value)
    wb.save(form)
    r = cli("records", "import", form)
    assert r.exit_code == 0, r.stderr
    assert stored(tree)[("HNI", 2020)] == {"rating": "HTXSNV", "collection_plan": 102.5,
                                           "tthc_on_time": 99.5, "arrears_rate": 0.8,
                                           "charity": True}


def _title_sheet() -> Workbook:
    """An officer's sheet: a two-row merged title, Vietnamese headers, STT, names, notes."""
    wb = Workbook()
    ws = wb.active
    ws.merge_cells("A1:H1")
    ws["A1"] = "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI"
    ws.merge_cells("A2:H2")
    ws["A2"] = "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2018"
    ws.append(["STT", "Mã số", "Họ và tên", "NĂM", "xep loai", "Danh hiệu", "Số tháng công tác",
               "Ghi chú"])
    ws.append([1, "NV001", "Nguyễn Văn Ân", 2018, "HTXSNV", "CSTĐCS", 12, "đi học 2 tháng"])
    ws.append([2, "NV002", "Trần Thị Bảo", 2018, "Hoàn thành tốt nhiệm vụ", "LĐTT", 11, None])
    return wb


def test_merged_title_vietnamese_headers_and_notes(cli, roster, tmp_path):
    f = tmp_path / "xeploai.xlsx"
    _title_sheet().save(f)
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("warning") == 1
    assert "STT, Họ và tên, Ghi chú" in r.stderr
    got = stored(roster)
    assert got[("NV001", 2018)] == {"rating": "HTXSNV", "title": "CSTDCS", "months_worked": 12}
    assert got[("NV002", 2018)] == {"rating": "HTTNV", "title": "LDTT", "months_worked": 11}


def test_error_names_the_true_row(cli, roster, tmp_path):
    wb = _title_sheet()
    wb.active["G5"] = 13
    f = tmp_path / "sai.xlsx"
    wb.save(f)
    before = snapshot(roster)
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert f"{f}:5: months_worked: 13 is above the maximum 12" in r.stderr
    assert snapshot(roster) == before


def test_misspelt_metric_header_is_an_error(cli, roster, tmp_path):
    wb = _title_sheet()
    wb.active["F3"] = "Danh hieu thi dau"
    f = tmp_path / "sai.xlsx"
    wb.save(f)
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert ":3: Danh hieu thi dau: not a metric the criteria declare (did you mean 'title'?)" \
        in r.stderr


def test_fraction_in_a_plain_cell_is_refused(cli, tree, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Năm", "Mã đơn vị", "Tỷ lệ hoàn thành kế hoạch thu (%)", "Tỷ lệ nợ"])
    ws.append([2020, "HNI", 0.995, 0.8])
    f = tmp_path / "thu.xlsx"
    wb.save(f)
    before = snapshot(tree)
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert (f"{f}:2: collection_plan: 0.995 looks like a fraction where a percentage is "
            "expected") in r.stderr
    assert snapshot(tree) == before
    ws["C2"].number_format = "0.0%"
    wb.save(f)
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    # arrears of 0.8% are real: a bare number there is the percentage itself
    assert stored(tree)[("HNI", 2020)] == {"collection_plan": 99.5, "arrears_rate": 0.8}


def test_percent_text_in_csv(cli, tree, tmp_path):
    f = tmp_path / "thu.csv"
    f.write_text("year,subject,e_transactions,tthc_on_time\n2020,HNI,\"0,9%\",98\n"
                 "2020,HPG,0.9,97\n", encoding="utf-8")
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert ":3: e_transactions: 0.9 looks like a fraction" in r.stderr
    f.write_text("year,subject,e_transactions,tthc_on_time\n2020,HNI,\"0,9%\",98\n",
                 encoding="utf-8")
    assert cli("records", "import", f).exit_code == 0
    assert stored(tree)[("HNI", 2020)] == {"e_transactions": 0.9, "tthc_on_time": 98}


def test_people_sheet_vietnamese_headers(cli, tree, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.merge_cells("A1:G2")
    ws["A1"] = "DANH SÁCH CÁN BỘ"
    ws.append([])
    ws.append(["STT", "MÃ CÁN BỘ", "Họ và tên", "Đơn vị", "Đối tượng", "Chức vụ", "Ghi chú"])
    ws.append([1, "NV200", "Đỗ Thị Lan", "HNI-BD", "nld", "Phó Giám đốc", "mới"])
    f = tmp_path / "canhan.xlsx"
    wb.save(f)
    r = cli("people", "import", f)
    assert r.exit_code == 0, r.stderr
    assert "STT, Ghi chú" in r.stderr
    assert people(tree) == {"NV200": ("Đỗ Thị Lan", "HNI-BD", "NLD", "Phó Giám đốc", None)}


def test_xls_file(cli, tree, tmp_path):
    xlwt = pytest.importorskip("xlwt")
    f = tmp_path / "ketqua.xls"

    def save(qnh_rate: float) -> None:
        wb = xlwt.Workbook()
        ws = wb.add_sheet("Kết quả")
        ws.write_merge(0, 1, 0, 4, "KẾT QUẢ NĂM 2019")
        for col, h in enumerate(["Năm", "Mã", "Tên đơn vị", "Xếp loại", "Giao dịch điện tử"]):
            ws.write(2, col, h)
        for col, v in enumerate([2019, "HNI", "BHXH thành phố Hà Nội", "HTTNV", 85.5]):
            ws.write(3, col, v)
        for col, v in enumerate([2019, "QNH", "BHXH tỉnh Quảng Ninh", "htxsnv", qnh_rate]):
            ws.write(4, col, v)
        wb.save(str(f))

    save(0.9)
    r = cli("records", "import", f)
    assert r.exit_code == 2  # a fraction in row 5, the row the officer sees
    assert f"{f}:5: e_transactions: 0.9 looks like a fraction" in r.stderr
    save(90)
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    assert "Tên đơn vị" in r.stderr
    assert stored(tree) == {("HNI", 2019): {"rating": "HTTNV", "e_transactions": 85.5},
                            ("QNH", 2019): {"rating": "HTXSNV", "e_transactions": 90}}


def test_ods_file(cli, roster, tmp_path):
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Kết quả")
    rows = [["DANH SÁCH XẾP LOẠI NĂM 2018"], [],
            ["TT", "Năm", "Mã số", "Họ và tên", "Mức độ hoàn thành nhiệm vụ", "Kỷ luật"],
            [1, 2018, "NV001", "Nguyễn Văn Ân", "Hoàn thành xuất sắc nhiệm vụ", "Khiển trách"],
            [2, 2018, "NV003", "Lê Văn Cường", "HTNV", None]]
    for values in rows:
        tr = TableRow()
        for v in values:
            if isinstance(v, int):
                cell = TableCell(valuetype="float", value=v)
            else:
                cell = TableCell(valuetype="string")
            if v is not None:
                cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    f = tmp_path / "xeploai.ods"
    doc.save(str(f))
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    assert stored(roster) == {("NV001", 2018): {"rating": "HTXSNV", "discipline": "khien_trach"},
                              ("NV003", 2018): {"rating": "HTNV"}}


def test_unknown_form_and_kind(cli, tree, tmp_path):
    r = cli("template", "records", "--year", "2020", "--kind", "team", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "--kind" in r.stderr
    r = cli("template", "people", "--year", "2020", "-o", tmp_path / "x.csv")
    assert r.exit_code == 2 and ".xlsx" in r.stderr


def test_ods_percent_cells(cli, tree, tmp_path):
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Tập thể")
    rows = [[("string", "Năm"), ("string", "Mã đơn vị"), ("string", "Tỷ lệ giao dịch điện tử"),
             ("string", "Tỷ lệ nợ")],
            [("float", 2020), ("string", "HNI"), ("percentage", 0.875), ("percentage", 0.008)]]
    for values in rows:
        tr = TableRow()
        for kind, v in values:
            cell = TableCell(valuetype=kind, value=v) if kind != "string" else \
                TableCell(valuetype="string")
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    f = tmp_path / "tapthe.ods"
    doc.save(str(f))
    r = cli("records", "import", f)
    assert r.exit_code == 0, r.stderr
    assert stored(tree) == {("HNI", 2020): {"e_transactions": 87.5, "arrears_rate": 0.8}}


def test_xls_small_percentage_is_refused(cli, tree, tmp_path):
    """An .xls file's number formats are not read: a fraction is refused even where small
    percentages are real (arrears), rather than guessed."""
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("a")
    for col, v in enumerate(["Năm", "Mã", "Tỷ lệ nợ"]):
        ws.write(0, col, v)
    ws.write(1, 0, 2020)
    ws.write(1, 1, "HNI")
    ws.write(1, 2, 0.008, xlwt.easyxf(num_format_str="0.0%"))
    f = tmp_path / "no.xls"
    wb.save(str(f))
    r = cli("records", "import", f)
    assert r.exit_code == 2
    assert f"{f}:2: arrears_rate: 0.008 looks like a fraction" in r.stderr
    assert "save the file as .xlsx" in r.stderr
    assert stored(tree) == {}


@pytest.mark.parametrize(("header", "key"), [
    ("Xếp loại 2018", "rating"), ("Kỷ luật (nếu có)", "discipline"), ("NĂM", "year"),
    ("Mã đơn vị", "subject"), ("Tỷ lệ thu (%)", "collection_plan"), ("danh hieu", "title"),
    ("Tên sáng kiến", None), ("Ghi chú", None)])
def test_header_spellings(header, key):
    from dtt.columns import records_spec
    from dtt.criteria.source import default_text, metrics_from_text

    spec = records_spec(metrics_from_text(default_text(), "criteria.yaml"))
    assert spec.resolve(header) == key
    if key is None:
        assert spec.suggest(header) is None  # ignored, not taken for a misspelt metric
