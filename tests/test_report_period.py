"""`dtt report --period`: titles and exemplars per unit and year, continuous holders,
replication coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_support import make_db, stored_results

from dtt.store import now


@pytest.fixture
def db(tmp_path: Path):
    store = make_db(tmp_path, years=(2018, 2019, 2020))
    stored_results(store, 2020)
    with store.write() as c:
        c.execute("INSERT INTO replications(subject, to_unit, year, form, created_at) "
                  "VALUES ('P02', 'BNH-TS', 2020, 'Hội thảo chia sẻ', ?)", (now(),))
    yield store
    store.close()


def test_period_json(db, cli) -> None:
    result = cli("report", "--period", "2018-2020", "--unit", "province", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["period"] == {"from": 2018, "to": 2020}
    hni = next(g for g in doc["groups"] if g["unit"] == "HNI")
    years = {y["year"]: y for y in hni["years"]}
    assert years[2019]["CSTDCS"] == 3 and years[2019]["LDTT"] == 2
    assert years[2019]["TTLDXS"] == 2
    assert years[2019]["recommended"] is None  # no evaluation stored for 2019
    assert years[2020]["recommended"] == 1
    hni_people = [c["name"] for c in doc["continuous"]
                  if c["section"] == "HNI" and c["kind"] == "person"]
    assert hni_people == ["Lê Đức Anh", "Nguyễn Văn Ánh", "Đặng Văn Đức"]  # Anh, Ánh, Đức
    rep = doc["replication"]
    assert rep == [{"section": "BNH", "unit": "BNH-TS", "name": "BHXH thị xã Từ Sơn",
                    "models": ["Trần Thị Ân"], "exemplars": ["P02"],
                    "forms": ["Hội thảo chia sẻ"], "years": [2020]}]
    bnh = next(g for g in doc["groups"] if g["unit"] == "BNH")
    assert bnh["replication"] == {"units": 2, "adopted": 1, "models": 1}


def test_period_table_and_xlsx(db, cli, tmp_path) -> None:
    out = cli("report", "--period", "2018-2020", "--unit", "cluster").stdout
    assert "Cụm thi đua số 1 (C1)" in out and "CSTĐCS" in out
    assert "Giữ danh hiệu liên tục cả giai đoạn 2018–2020" in out
    assert "Nhân rộng điển hình, mô hình" in out
    from openpyxl import load_workbook

    path = tmp_path / "p.xlsx"
    assert cli("report", "--period", "2018-2020", "--unit", "HNI", "-o", path).exit_code == 0
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.cell(row=1, column=1).value == "Năm"
    assert [ws.cell(row=i, column=1).value for i in range(2, 6)] == [2018, 2019, 2020, "Tổng"]
