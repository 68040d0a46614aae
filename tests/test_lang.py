"""The command line's language: Vietnamese by default, English with --lang en or DTT_LANG=en;
every help text, error and printed line of the code has its Vietnamese in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from lang_scan import missing, normal

from dtt.cli import app
from dtt.cli.lang import catalogue, english_help, tr

VI = catalogue("vi")


@pytest.fixture
def vi(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default language: no DTT_LANG."""
    monkeypatch.delenv("DTT_LANG", raising=False)


def _walk(cmd, path=()):
    yield path, cmd
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        yield from _walk(sub, (*path, name))


def _key(text: str) -> str:
    return " ".join(text.split())


def test_every_help_text_has_its_vietnamese() -> None:
    root = typer.main.get_command(app)
    lacking = []
    for path, cmd in _walk(root):
        where = "dtt " + " ".join(path)
        for paragraph in re.split(r"\n\s*\n", english_help(cmd) or ""):
            if paragraph.strip() and _key(paragraph) not in VI["help"]:
                lacking.append(f"{where}: {_key(paragraph)}")
        for param in cmd.params:
            text = english_help(param)
            if text and _key(text) not in VI["help"]:
                lacking.append(f"{where} {param.opts[0] if param.opts else param.name}: "
                               f"{_key(text)}")
    assert not lacking, "add to dtt/data/lang/vi.yaml (help:):\n" + "\n".join(lacking)


def test_every_error_and_printed_line_has_its_vietnamese() -> None:
    lacking = missing(VI["messages"])
    report = "\n".join(f"{p.name}:{line}: {text}" for p, line, text in lacking)
    assert not lacking, ("add to dtt/data/lang/vi.yaml (messages:), "
                         "`python tests/lang_scan.py` lists them:\n" + report)


def test_the_scan_sees_raise_sites_and_prints() -> None:
    from lang_scan import sites

    found = {normal(t) for _p, _l, _k, t in sites()}
    assert normal("'{raw}' is not a year") in found  # Collector.add in dtt/records.py
    assert normal("unknown level '{level}' in {where}") in found  # InputError
    # info
    assert normal("{file}: {rows} people ({added} new, {updated} updated), {as_of}") in found


def test_vietnamese_forms_use_only_the_english_placeholders() -> None:
    token = re.compile(r"\{\{|\}\}|\{(\w*)(?::(\w+))?[^{}]*\}")
    for part in ("messages", "click"):
        for english, vi in VI[part].items():
            names = {m.group(1) for m in token.finditer(english) if m.group(1)}
            for m in token.finditer(vi):
                if m.group(0) in ("{{", "}}") or not m.group(1):
                    continue
                assert m.group(1) in names, (english, vi)
                assert m.group(2) in (None, "n", "pct", "date", "dmy", "r"), (english, vi)


def test_templates_fill_in_vietnamese_numbers_and_dates() -> None:
    line = "evaluation #1: 2020, criteria 2017-2020 (sha256 bc6f00fd9f43), 11486 results stored"
    assert tr(line, "vi") == ("lượt đánh giá #1: năm 2020, bộ tiêu chí 2017-2020 "
                              "(sha256 bc6f00fd9f43), đã lưu 11.486 kết quả")
    assert tr(line, "en") == line
    assert tr("tree.yaml: 3 units in force from 2025-07-01 (1 new, 0 removed, 0 closed), "
              "0 clusters", "vi") == ("tree.yaml: 3 đơn vị có hiệu lực từ ngày 01 tháng 07 năm "
                                      "2025 (1 mới, 0 bỏ đi, 0 giải thể), 0 cụm thi đua")
    # a value that is itself a catalogue text is translated too; an unknown text stays
    assert tr("missing: the plan's goal", "vi") == "thiếu: the plan's goal"
    assert tr("no such text anywhere", "vi") == "no such text anywhere"


def test_help_is_vietnamese_by_default(vi, cli) -> None:
    root = cli("--help")
    assert root.exit_code == 0
    assert "Cách dùng" in root.stdout and "Tuỳ chọn" in root.stdout and "Lệnh" in root.stdout
    assert "Tạo (hoặc cập nhật) cơ sở dữ liệu" in root.stdout
    evaluate = cli("evaluate", "--help").stdout
    assert "Đánh giá ứng viên theo bộ tiêu chí" in evaluate
    assert "Năm (mặc định: năm gần nhất có kết quả)." in evaluate
    assert "Hiện trợ giúp này rồi thoát." in evaluate
    records = cli("records", "import", "--help").stdout
    assert "Nhập kết quả hằng năm" in records and "Tham số" in records
    council = cli("council", "decide", "--help").stdout
    assert "Tổng số thành viên Hội đồng." in council and "[bắt buộc]" in council


def test_lang_en_and_dtt_lang_en_switch_to_english(vi, cli, monkeypatch) -> None:
    english = cli("--lang", "en", "evaluate", "--help").stdout
    assert "Usage" in english and "The year (default: the latest with records)." in english
    assert "Cách dùng" not in english
    monkeypatch.setenv("DTT_LANG", "en")
    assert "Only this track (e.g. exemplar)." in cli("evaluate", "--help").stdout
    # the command line wins over the environment
    assert "Chỉ danh hiệu này" in cli("--lang", "vi", "evaluate", "--help").stdout


def test_an_unknown_language_is_refused(vi, cli) -> None:
    result = cli("--lang", "fr", "units", "show")
    assert result.exit_code == 2
    assert "'fr' không phải là ngôn ngữ (dùng vi hoặc en)" in result.stderr


def test_click_usage_errors_in_vietnamese(vi, cli) -> None:
    result = cli("evaluate", "--yeer", "2020")
    assert result.exit_code == 2
    assert "Không có tuỳ chọn: --yeer (có thể là: --year)" in result.stderr
    result = cli("council", "decide", "P01", "--track", "ldtt")
    assert "Thiếu tuỳ chọn '--members'." in result.stderr
    assert "Thiếu tuỳ chọn" not in cli("--lang", "en", "council", "decide", "P01", "--track",
                                       "ldtt").stderr


def test_an_input_error_names_file_row_and_field_in_vietnamese(vi, cli, tmp_path: Path,
                                                                db_path: Path) -> None:
    assert cli("init").exit_code == 0
    sheet = tmp_path / "records.csv"
    sheet.write_text("year,subject,rating\n2020,NOBODY,HTXSNV\nabc,HNI,HTXSNV\n"
                     "2020,VSS,xyz\n",
                     encoding="utf-8")
    result = cli("records", "import", sheet)
    assert result.exit_code == 2
    lines = result.stderr.replace(str(sheet), "records.csv").splitlines()
    assert "lỗi: records.csv, dòng 2, trường subject: 'NOBODY' không phải là cá nhân hay đơn vị" \
        in lines
    assert "lỗi: records.csv, dòng 3, trường year: 'abc' không phải là năm" in lines
    assert "lỗi: records.csv, dòng 4, trường rating: 'xyz' không thuộc KHTNV, HTNV, HTTNV, " \
        "HTXSNV" in lines
    english = cli("--lang", "en", "records", "import", sheet).stderr.replace(str(sheet),
                                                                            "records.csv")
    assert "error: records.csv:2: subject: 'NOBODY' is neither a person nor a unit" in english


def test_status_lines_and_headings_in_vietnamese(vi, cli, db_path: Path) -> None:
    result = cli("init")
    assert result.exit_code == 0
    assert re.search(r": \d+ cấp, \d+ đơn vị, \d+ cụm thi đua \(cây đơn vị mẫu kèm theo\); "
                     r"bộ tiêu chí kèm theo",
                     result.stderr), result.stderr
    table = cli("units", "show", "--level", "province").stdout
    assert "Đơn vị" in table and "đơn vị cấp trên" in table and "cụm thi đua" in table
    assert "Units" in cli("--lang", "en", "units", "show", "--level", "province").stdout


def test_report_language_follows_the_global_choice(db, cli, monkeypatch) -> None:
    monkeypatch.delenv("DTT_LANG", raising=False)
    assert "Hạng" in cli("report", "--unit", "DNG").stdout
    english = cli("--lang", "en", "report", "--unit", "DNG").stdout
    assert "Ranked candidates" in english and "Rank" in english
    assert "Hạng" in cli("--lang", "en", "report", "--unit", "DNG", "--lang", "vi").stdout


def test_click_plain_error_lines_in_vietnamese(vi, monkeypatch) -> None:
    """Without rich (plain help), click prints the usage error itself: translated too."""
    import io

    import typer.main
    from typer._click.exceptions import NoSuchOption

    from dtt.cli.lang_click import _translated_error

    monkeypatch.setattr("dtt.cli.lang._chosen", "vi")
    command = typer.main.get_command(app)
    ctx = command.make_context("dtt", ["units", "show"])
    exc = NoSuchOption("--yeer", possibilities=["--year"], ctx=ctx)
    _translated_error(exc)
    out = io.StringIO()
    exc.show(out)
    text = out.getvalue()
    assert "Xem 'dtt -h' để được trợ giúp." in text
    assert "Lỗi: Không có tuỳ chọn: --yeer (có thể là: --year)" in text


def test_the_built_catalogue_matches_the_one_people_edit(tmp_path, monkeypatch) -> None:
    """dtt reads dtt/data/lang/vi.json, built from vi.yaml: `python -m dtt.cli.lang`."""
    import json

    import yaml

    from dtt.cli import lang

    source = yaml.safe_load((lang.CATALOGUES / "vi.yaml").read_text(encoding="utf-8"))
    built = json.loads((lang.CATALOGUES / "vi.json").read_text(encoding="utf-8"))
    for part in ("help", "messages", "click"):
        want = {lang._key(k): str(v) for k, v in (source.get(part) or {}).items()}
        assert built[part] == want, f"{part}: run python -m dtt.cli.lang"
