"""The message catalogue and the writer registry behind render.emit."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest

from dtt.messages import LANGS, MESSAGES, lookup, t
from dtt.render import WRITERS, Column, Document, Section, emit, to_bytes, to_text
from dtt.reports import labels as L


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_vietnamese_and_the_same_placeholders_in_each_language() -> None:
    for key, entry in MESSAGES.items():
        assert "vi" in entry, key
        assert set(entry) <= set(LANGS), key
        for text in entry.values():
            assert _fields(text) == _fields(entry["vi"]), key


def test_t_fills_placeholders_and_falls_back_to_vietnamese() -> None:
    assert t("report.ranked_title", "en", year=2020).endswith(", 2020")
    assert t("report.rank", "vi") == "Hạng"
    assert t("title.short.LDTT", "en") == "LĐTT"  # no English form: the Vietnamese one
    assert t("report.rank", "fr") == "Hạng"
    assert lookup("no.such.message") is None
    with pytest.raises(KeyError):
        t("no.such.message", "vi")


def test_labels_read_the_catalogue() -> None:
    assert L.t("en", "rank") == "Rank"
    assert L.status_label("vi", "recognised") == "Được công nhận"
    assert L.status_label("en", "recognised") == "recognised"
    assert L.status_label("vi", "unknown") == "unknown"
    assert L.track_short("vi", "ldtt") == "LĐTT"
    assert L.track_short("en", "ldtt") == "ldtt"
    assert L.track_long("en", "ldtt", "Lao động tiên tiến") == "Advanced worker"
    assert L.track_long("vi", "ldtt", "Lao động tiên tiến") == "Lao động tiên tiến"
    assert L.track_long("vi", "ldtt") == "LĐTT"
    assert L.title_short("CO_CP") == "Cờ CP"
    assert L.title_short(None) == ""


def _doc(**extra: object) -> Document:
    section = Section("Đơn vị", [Column("a", "Tên", max_width=10), Column("n", "Số")],
                      [{"a": "Nguyễn Văn An", "n": 3}, {"a": "Lê B", "n": 12}])
    return Document("Tiêu đề", [section], **extra)  # type: ignore[arg-type]


def test_registry_holds_every_format() -> None:
    assert {"table", "json", "csv", "md", "html", "xlsx", "docx"} <= set(WRITERS)


def test_long_documents_use_the_fast_table() -> None:
    from dtt.render.textable import document_text

    assert to_text(_doc(long=True), "table") == document_text(_doc())
    assert to_text(_doc(), "table") != document_text(_doc())


def test_json_chunks_are_streamed_as_they_come(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc(json_chunks=lambda: iter([b'{"a": ', b"1}\n"]))
    assert to_bytes(doc, "json") == b'{"a": 1}\n'
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    emit(doc, "json", None)
    assert out.getvalue() == '{"a": 1}\n'


def test_html_intro_css_and_language() -> None:
    text = to_text(_doc(html_intro="<p id=intro>x</p>", html_css=".x{}", lang="en"), "html")
    assert '<html lang="en">' in text
    assert "<p id=intro>x</p>" in text and ".x{}" in text


def test_docx_of_any_document(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    emit(_doc(), "docx", path)
    assert path.read_bytes()[:2] == b"PK"


def test_summary_texts_are_in_the_catalogue() -> None:
    from dtt.messages import MESSAGES
    from dtt.reports import summary

    keys = [k.removeprefix("summary.") for k in MESSAGES if k.startswith("summary.")]
    assert "title" in keys and "verdict" in keys
    assert summary.s("vi", "title") == "BÁO CÁO TÓM TẮT THÀNH TÍCH"
    assert summary.s("en", "title") == "ACHIEVEMENT SUMMARY"
    assert summary.s("vi", "name", v="Nguyễn Văn Ân") == "Họ và tên: Nguyễn Văn Ân"
    for key in summary.HEAD.values():
        assert summary.s("en", key) == t(f"summary.{key}", "en"), key
