"""`dtt show`, the workflow tables and `dtt criteria show` read in Vietnamese (the default):
labels for statuses, tracks, levels and values, Vietnamese words for the rules and ballots;
English (`--lang en`) keeps the codes and texts it always had; JSON and CSV keep their keys."""

from __future__ import annotations

import json

import pytest
from test_workflow_helpers import build_small, evaluate, ok_json

from dtt.engine.describe import describe_text
from dtt.render.vocab import default_vocabulary


@pytest.fixture
def decided(cli):
    build_small(cli)
    cli("register", "A01", "--track", "exemplar", "--year", "2020", "--goal", "Điển hình")
    cli("nominate")
    evaluate(cli, 2020)
    cli("council", "decide", "A02", "--track", "cstdn", "--members", "10", "--for", "10",
        "--against", "0", "--escalate")
    return cli


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.vi
def test_show_speaks_vietnamese(decided):
    out = _flat(decided("show", "A04").stdout)
    assert "Loại cá nhân" in out and "Chức vụ Chuyên viên" in out
    assert "Mức độ hoàn thành nhiệm vụ: Hoàn thành xuất sắc nhiệm vụ" in out
    assert "Danh hiệu thi đua: Chiến sĩ thi đua cơ sở" in out
    assert "CSTĐN: Không đủ điều kiện" in out  # the stage of a track
    assert "giới thiệu CSTĐCS" in out and "phát hiện theo tiêu chí" in out
    assert "có kết quả năm 2020" in out
    # the failing check by its label, its detail in Vietnamese
    assert "cstdn.cstdcs_streak" not in out and "HTXSNV" not in out
    for english in ("record ", "rating=", "ineligible", "registered", "failing", "score "):
        assert english not in out
    a02 = _flat(decided("show", "A02").stdout)
    assert "Hội đồng HNI CSTĐN" in a02 and "Trình cấp trên → VSS" in a02
    assert "10/10 thành viên đồng ý = 100%, cần ≥ 90% tổng số thành viên" in a02


def test_show_in_english_keeps_codes(decided):
    out = _flat(decided("show", "A04").stdout)
    assert "kind person" in out and "rating=HTXSNV" in out
    assert "cstdn: ineligible" in out and "cstdn.cstdcs_streak" in out
    assert "nominated cstdcs" in out and "record 2020" in out


@pytest.mark.vi
def test_show_json_is_the_same_in_both_languages(decided, monkeypatch):
    vi = ok_json(decided("show", "A04", "--format", "json"))
    monkeypatch.setenv("DTT_LANG", "en")
    assert ok_json(decided("show", "A04", "--format", "json")) == vi


@pytest.mark.vi
def test_workflow_tables_speak_vietnamese(decided):
    council = decided("council", "list", "--format", "csv").stdout  # keys stay, values read
    head = council.splitlines()[0].lstrip("\ufeff")
    assert head.startswith("year,track,subject,name,council")
    assert ",CSTĐN,A02," in council and ",Trình cấp trên,VSS," in council
    assert "members" not in council and "escalated" not in council
    regs = _flat(decided("register", "--list").stdout)
    assert "ĐHTT cá nhân" in regs and "exemplar" not in regs
    noms = decided("nominate", "--list", "--format", "csv").stdout
    assert "(BHXH tỉnh, thành phố)" in noms and "(province)" not in noms
    assert "Mức độ hoàn thành nhiệm vụ năm 2020: Hoàn thành xuất sắc nhiệm vụ" in noms
    assert "đã đăng ký: Điển hình" in noms and "rating 2020" not in noms
    listed = ok_json(decided("council", "list", "--format", "json"))["decisions"]
    assert [(d["track"], d["outcome"]) for d in listed] == [("cstdn", "escalated")]


def test_workflow_tables_in_english(decided):
    council = decided("council", "list", "--format", "csv").stdout
    assert ",cstdn,A02," in council and ",escalated,VSS," in council
    noms = decided("nominate", "--list", "--format", "csv").stdout
    assert "(province)" in noms and "rating 2020 = HTXSNV" in noms


@pytest.mark.vi
def test_criteria_show_rules_in_vietnamese(cli):
    build_small(cli)
    out = cli("criteria", "show", "--year", "2020", "--track", "ldtt", "--format", "csv").stdout
    assert "Mức độ hoàn thành nhiệm vụ: từ Hoàn thành tốt nhiệm vụ trở lên" in out
    assert "số tháng công tác từ ngày tuyển dụng đến ngày bình xét (31/12) ≥ 10 tháng" in out
    assert "rating ≥ HTTNV" not in out and "months from recruitment" not in out
    csv = cli("criteria", "show", "--year", "2020", "--track", "cstdcs", "--format", "csv")
    header = csv.stdout.splitlines()[0]
    assert header.endswith("id,label,source,rule")
    assert "15% số đủ điều kiện LĐTT (làm tròn xuống, tối thiểu 0)" in csv.stdout
    data = json.loads(cli("criteria", "show", "--year", "2020", "--format", "json").stdout)
    rules = {r["id"]: r["rule"] for t in data["tracks"] for r in t["rules"]}
    assert rules["ldtt.rating"] == "rating ≥ HTTNV"  # the JSON keeps describe's text


def test_criteria_show_rules_in_english(cli):
    build_small(cli)
    out = cli("criteria", "show", "--year", "2020", "--track", "ldtt", "--format", "csv").stdout
    assert "rating ≥ HTTNV" in out and "months from recruitment to the review" in out


def test_describe_text_forms():
    vocab = default_vocabulary()
    say = lambda text: describe_text(text, vocab)  # noqa: E731
    assert say("discipline = none") == "Hình thức kỷ luật: Không"
    assert say("title ≥ CSTDCS in any of Y-2..Y") == (
        "Danh hiệu thi đua: từ Chiến sĩ thi đua cơ sở trở lên trong ít nhất một năm Y-2–Y")
    assert say("sum of initiatives Y-1..Y ≥ 1") == (
        "tổng số sáng kiến được công nhận các năm Y-1–Y ≥ 1")
    assert say("share of members LDTT+ ≥ 70%") == (
        "tỷ lệ thành viên đạt từ Lao động tiên tiến trở lên ≥ 70%")
    assert say("if level in province: collection_plan ≥ 100.5") == (
        "với đơn vị cấp BHXH tỉnh, thành phố: Tỷ lệ hoàn thành kế hoạch thu (%) ≥ 100,5")
    assert say("something new ≥ 3") == "something new ≥ 3"  # an unknown form stays
    assert describe_text("rating ≥ HTTNV", vocab, "en") == "rating ≥ HTTNV"


@pytest.mark.vi
def test_usage_line_in_vietnamese(cli):
    out = cli("--help").stdout
    assert "[TUỲ_CHỌN] LỆNH [THAM_SỐ]..." in out and "[OPTIONS]" not in out
    assert "[TUỲ_CHỌN]" in cli("show", "--help").stdout


def test_usage_line_in_english(cli):
    assert "[OPTIONS] COMMAND [ARGS]..." in cli("--help").stdout
