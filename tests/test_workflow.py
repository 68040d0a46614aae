"""The workflow commands on a small database: register, nominate, council, foster, replicate,
show, audit."""

from __future__ import annotations

import pytest
from test_workflow_helpers import build_small, evaluate, ok_json, rows

from dtt.store import open_store
from dtt.workflow.replicate import replication_coverage

COMMANDS = [("register",), ("nominate",), ("council",), ("council", "decide"),
            ("council", "list"), ("foster",), ("replicate",), ("show",), ("audit",)]


@pytest.fixture
def small(cli):
    build_small(cli)
    return cli


def _nominations(db, subject, track, year=2020):
    return {r[0]: (r[1], r[2]) for r in rows(
        db, "SELECT unit, origin, withdrawn FROM nominations WHERE subject = ? AND track = ? "
        "AND year = ?", (subject, track, year))}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert "Usage" in text and len(text.splitlines()) > 5


def test_register_list_renew_withdraw(small, db_path):
    r = small("register", "A07", "--track", "exemplar", "--year", "2020", "--goal",
              "Dẫn đầu cải cách TTHC")
    assert r.exit_code == 0 and "registered for exemplar 2020" in r.stderr
    listed = ok_json(small("register", "--list", "--year", "2020", "--format", "json"))
    assert [(x["subject"], x["goal"], x["unit"]) for x in listed["registrations"]] == [
        ("A07", "Dẫn đầu cải cách TTHC", "HPG")]
    r = small("register", "A07", "--track", "exemplar", "--year", "2020", "--goal", "Mới")
    assert "renewed" in r.stderr
    small("register", "HNI-BD", "--track", "exemplar_collective", "--year", "2020")
    by_unit = ok_json(small("register", "--list", "--unit", "HNI", "--format", "json"))
    assert [x["subject"] for x in by_unit["registrations"]] == ["HNI-BD"]
    r = small("register", "A07", "--track", "exemplar", "--year", "2020", "--withdraw",
              "--reason", "chuyển công tác")
    assert r.exit_code == 0 and "withdrawn" in r.stderr
    listed = ok_json(small("register", "--list", "--track", "exemplar", "--format", "json"))
    assert listed["registrations"][0]["goal"] == "Mới"
    assert listed["registrations"][0]["withdrawn_at"]
    actions = [r[0] for r in rows(db_path, "SELECT action FROM audit WHERE subject = 'A07'")]
    assert actions == ["register", "register", "register.withdraw"]
    table = small("register", "--list")
    assert table.exit_code == 0 and "A07" in table.stdout


def test_nominate_grassroots_first_with_reasons(small, db_path):
    small("register", "A03", "--track", "exemplar", "--year", "2020", "--goal", "Thử sức")
    doc = ok_json(small("nominate", "--format", "json"))
    assert doc["year"] == 2020 and doc["run"]["added"] == doc["run"]["introduced"] > 0
    order = [u["unit"] for u in doc["units"]]
    assert order.index("HNI-BD-T1") < order.index("HNI-BD") < order.index("HNI") \
        < order.index("VSS")
    team = {(i["subject"], i["track"]): i for u in doc["units"] if u["unit"] == "HNI-BD-T1"
            for i in u["introduced"]}
    assert team[("A02", "exemplar")]["reason"] == "rating 2020 = HTXSNV"
    assert team[("A03", "exemplar")]["reason"] == "registered: Thử sức"
    assert team[("A02", "ldtt")]["reason"] == "record 2020"
    # a unit introduces its direct sub-units; each level above sees what came from below
    assert _nominations(db_path, "A02", "cstdn") == {
        "HNI-BD-T1": ("discovered", 0), "HNI-BD": ("below", 0), "HNI": ("below", 0),
        "VSS": ("below", 0)}
    assert _nominations(db_path, "HNI-BD-T1", "ttldtt") == {
        "HNI-BD": ("discovered", 0), "HNI": ("below", 0), "VSS": ("below", 0)}
    # not HTXSNV and not registered: no exemplar nomination; levels the track excludes: none
    assert _nominations(db_path, "A10", "exemplar") == {}
    assert _nominations(db_path, "HNI-TCKT", "exemplar_collective") == {}
    assert _nominations(db_path, "VSS", "ttldtt") == {}
    hni = next(u for u in doc["units"] if u["unit"] == "HNI")
    assert hni["from_below"] > 0
    table = small("nominate", "--list", "--unit", "HNI-BD")
    assert table.exit_code == 0 and "HNI-BD-T1 — Tổ Thu – Sổ thẻ" in table.stdout
    assert "from below" in table.stdout


def test_nominate_is_idempotent(small, db_path):
    small("nominate")
    before = rows(db_path, "SELECT * FROM nominations ORDER BY 1, 2, 3, 4")
    doc = ok_json(small("nominate", "--format", "json"))
    assert (doc["run"]["added"], doc["run"]["removed"], doc["run"]["changed"]) == (0, 0, 0)
    assert rows(db_path, "SELECT * FROM nominations ORDER BY 1, 2, 3, 4") == before
    one = ok_json(small("nominate", "--unit", "HNI-BD", "--track", "cstdn", "--format", "json"))
    assert one["run"]["added"] == 0 and {u["unit"] for u in one["units"]} == {"HNI-BD-T1",
                                                                              "HNI-BD"}


def test_manual_choices_survive_reruns(small, db_path):
    small("nominate")
    r = small("nominate", "--withdraw", "A03", "--track", "ldtt", "--reason", "nghỉ dài hạn")
    assert r.exit_code == 0 and "withdrawn for ldtt 2020 by HNI-BD-T1" in r.stderr
    assert _nominations(db_path, "A03", "ldtt") == {"HNI-BD-T1": ("manual", 1)}
    r = small("nominate", "--add", "A10", "--track", "exemplar", "--unit", "TDKT", "--reason",
              "đề xuất của Vụ")
    assert r.exit_code == 0
    assert _nominations(db_path, "A10", "exemplar") == {"TDKT": ("manual", 0),
                                                        "VSS": ("below", 0)}
    # a province withdraws what a district introduced: everything below it goes with it
    small("nominate", "--withdraw", "A01", "--track", "exemplar", "--unit", "HNI", "--reason",
          "không tiêu biểu")
    assert _nominations(db_path, "A01", "exemplar") == {"HNI-BD": ("manual", 1),
                                                        "HNI": ("manual", 1)}
    small("nominate")
    assert _nominations(db_path, "A03", "ldtt") == {"HNI-BD-T1": ("manual", 1)}
    assert _nominations(db_path, "A10", "exemplar")["TDKT"] == ("manual", 0)
    assert _nominations(db_path, "A01", "exemplar") == {"HNI-BD": ("manual", 1),
                                                        "HNI": ("manual", 1)}
    results = evaluate(small, 2020)
    assert ("ldtt", "A03") not in results and ("exemplar", "A01") not in results
    assert ("exemplar", "A10") in results
    # only the unit that withdrew (or one above) can add it back
    refused = small("nominate", "--add", "A01", "--track", "exemplar", "--reason", "x")
    assert refused.exit_code == 2 and "withdrawn for exemplar 2020 by HNI" in refused.stderr
    small("nominate", "--add", "A01", "--track", "exemplar", "--unit", "HNI", "--reason", "lại")
    assert _nominations(db_path, "A01", "exemplar")["VSS"] == ("below", 0)
    actions = [r[0] for r in rows(db_path, "SELECT action FROM audit WHERE action LIKE "
                                  "'nominate%' ORDER BY id")]
    assert actions.count("nominate.withdraw") == 2 and actions.count("nominate.add") == 2


def test_council_rule_decides_and_explains(small, db_path):
    small("nominate")
    results = evaluate(small, 2020)
    assert results[("cstdn", "A01")]["status"] in ("eligible", "recommended")
    d = ok_json(small("council", "decide", "A01", "--track", "cstdn", "--year", "2020",
                      "--members", "10", "--for", "8", "--against", "2", "--format", "json"))
    assert d["outcome"] == "rejected" and d["unit"] == "HNI"
    assert d["checks"][1]["detail"] == "8 of 10 members for = 80%, needs ≥ 90% of all members"
    assert "NĐ 91/2017/NĐ-CP Điều 9" in d["source"]
    d = ok_json(small("council", "decide", "A02", "--track", "cstdn", "--year", "2020",
                      "--members", "10", "--for", "9", "--against", "1", "--format", "json"))
    assert d["outcome"] == "recognised"
    assert d["checks"][1]["detail"] == "9 of 10 members for = 90%, needs ≥ 90% of all members"
    # default rule: more than half of all members; blank ballots count toward the quorum
    d = ok_json(small("council", "decide", "A04", "--track", "exemplar", "--members", "10",
                      "--for", "5", "--against", "1", "--blank", "1", "--format", "json"))
    assert d["outcome"] == "rejected"
    assert d["checks"][0]["detail"].startswith("7 of 10 members voted = 70%")
    assert d["checks"][1]["detail"] == "5 of 10 members for = 50%, needs > 50% of all members"
    # a corrected ballot needs --amend
    r = small("council", "decide", "A04", "--track", "exemplar", "--members", "10", "--for",
              "6", "--against", "1")
    assert r.exit_code == 2 and "--amend" in r.stderr
    r = small("council", "decide", "A04", "--track", "exemplar", "--members", "10", "--for",
              "6", "--against", "1", "--amend")
    # A04 is eligible but outside the exemplar quota: recognising it needs --over-quota
    assert results[("exemplar", "A04")]["status"] == "eligible"
    assert r.exit_code == 2 and "--over-quota" in r.stderr and "outside the quota" in r.stderr
    r = small("council", "decide", "A04", "--track", "exemplar", "--members", "10",
              "--for", "6", "--against", "1", "--amend", "--over-quota", "--reason",
              "mô hình tiêu biểu của tỉnh")
    assert "beyond the quota: mô hình tiêu biểu của tỉnh" in r.stderr
    assert r.exit_code == 0 and "recognised" in r.stderr
    listed = ok_json(small("council", "list", "--year", "2020", "--format", "json"))
    assert [(x["subject"], x["outcome"]) for x in listed["decisions"]] == [
        ("A01", "rejected"), ("A02", "recognised"), ("A04", "rejected"), ("A04", "recognised")]
    table = small("council", "list", "--unit", "HNI")
    assert table.exit_code == 0 and "80%" in table.stdout


def test_escalation_to_the_council_above(small, db_path):
    small("nominate")
    evaluate(small, 2020)
    d = ok_json(small("council", "decide", "A02", "--track", "cstdn", "--members", "10",
                      "--for", "10", "--against", "0", "--escalate", "--format", "json"))
    assert (d["outcome"], d["unit"], d["escalated_to"]) == ("escalated", "HNI", "VSS")
    refused = small("council", "decide", "A02", "--track", "cstdn", "--members", "10",
                    "--for", "10", "--against", "0", "--unit", "HNI")
    assert refused.exit_code == 2 and "VSS's council decides next" in refused.stderr
    d = ok_json(small("council", "decide", "A02", "--track", "cstdn", "--members", "15",
                      "--for", "14", "--against", "1", "--format", "json"))
    assert (d["outcome"], d["unit"]) == ("recognised", "VSS")
    # a rejected candidate is never escalated
    d = ok_json(small("council", "decide", "A01", "--track", "cstdn", "--members", "10",
                      "--for", "5", "--against", "5", "--escalate", "--format", "json"))
    assert d["outcome"] == "rejected" and d["escalated_to"] is None
    story = ok_json(small("show", "A02", "--format", "json"))
    year = next(y for y in story["years"] if y["year"] == 2020)
    assert year["stages"]["cstdn"] == "recognised"
    assert [(x["unit"], x["outcome"]) for x in year["decisions"]] == [
        ("HNI", "escalated"), ("VSS", "recognised")]
    cstdn = next(r for r in year["results"] if r["track"] == "cstdn")
    assert cstdn["status"] == "recognised" and cstdn["evaluated_status"] in ("eligible",
                                                                             "recommended")


def test_decided_year_is_locked_for_records(small, db_path, tmp_path):
    small("nominate")
    evaluate(small, 2020)
    small("council", "decide", "A02", "--track", "cstdn", "--members", "10", "--for", "9",
          "--against", "1")
    changed = tmp_path / "fix.csv"
    changed.write_text("year,subject,rating,title,initiatives,initiative_level,months_worked,"
                       "hcm_study,charity\n2020,A02,HTTNV,CSTDCS,1,national,12,có,có\n",
                       encoding="utf-8")
    r = small("records", "import", changed)
    assert r.exit_code == 2 and "year 2020 is locked" in r.stderr
    assert rows(db_path, "SELECT COUNT(*) FROM audit WHERE action LIKE 'records.%' AND "
                "detail LIKE '%fix.csv%'") == [(0,)]
    r = small("records", "import", changed, "--force")
    assert r.exit_code == 0
    forced = rows(db_path, "SELECT subject, detail FROM audit WHERE action = 'records.force'")
    assert len(forced) == 1 and forced[0][0] == "A02" and "HTTNV" in forced[0][1]


def test_foster_plans_listed_and_shown(small, db_path):
    small("nominate")
    evaluate(small, 2020)
    r = small("foster", "A04", "--year", "2020", "--goal", "Sáng kiến cấp ngành",
              "--support", "Tập huấn, kinh phí")
    assert r.exit_code == 0 and "fostering plan #1" in r.stderr
    plans = ok_json(small("foster", "--list", "--unit", "HNI", "--format", "json"))["plans"]
    assert [(p["subject"], p["goal"], p["support"]) for p in plans] == [
        ("A04", "Sáng kiến cấp ngành", "Tập huấn, kinh phí")]
    assert "exemplar: eligible" in plans[0]["standing"]
    assert ok_json(small("foster", "--list", "--unit", "HPG", "--format", "json"))["plans"] == []
    story = ok_json(small("show", "A04", "--format", "json"))
    year = next(y for y in story["years"] if y["year"] == 2020)
    assert year["fostering"][0]["goal"] == "Sáng kiến cấp ngành"
    assert small("foster", "--list").exit_code == 0


def test_replication_report_and_coverage(small, db_path):
    small("nominate")
    evaluate(small, 2020)
    small("council", "decide", "A07", "--track", "exemplar", "--members", "9", "--for", "8",
          "--against", "1")
    small("council", "decide", "HNI-BD", "--track", "exemplar_collective", "--members", "9",
          "--for", "8", "--against", "1")
    r = small("replicate", "A07", "--to", "HNI-HK", "--year", "2020", "--form",
              "Tham quan hoc tap", "--note", "Đoàn 12 người")
    assert r.exit_code == 0 and "tham quan học tập" in r.stderr
    small("replicate", "HNI-BD", "--to", "QNH", "--year", "2020", "--form", "Hội thảo chuyên đề")
    rep = ok_json(small("replicate", "--report", "--year", "2020", "--format", "json"))
    spread = {e["subject"]: [(s["to"], s["form"]) for s in e["spread"]]
              for e in rep["exemplars"]}
    assert spread == {"A07": [("HNI-HK", "tham quan học tập")],
                      "HNI-BD": [("QNH", "Hội thảo chuyên đề")]}
    assert {u["unit"] for u in rep["units"]} == {"HNI-HK", "QNH"}
    assert "HPG" in {u["unit"] for u in rep["without"]}
    assert rep["coverage"] == {"units": 10, "adopted": 2}
    scoped = ok_json(small("replicate", "--report", "--unit", "HNI", "--format", "json"))
    assert {u["unit"] for u in scoped["units"]} == {"HNI-HK"}
    table = small("replicate", "--report")
    assert table.exit_code == 0 and "Đơn vị chưa nhân rộng mô hình nào" in table.stdout
    store = open_store(db_path)
    try:
        coverage = replication_coverage(store, 2016, 2020)
        by_unit = {c["unit"]: c for c in coverage}
        assert by_unit["HNI-HK"] == {
            "unit": "HNI-HK", "name": "BHXH quận Hoàn Kiếm", "level": "district",
            "parent": "HNI", "adopted": True, "replications": 1, "models": 1,
            "exemplars": ["A07"], "forms": ["tham quan học tập"], "years": [2020]}
        assert not by_unit["HPG"]["adopted"]
        assert [c["unit"] for c in replication_coverage(store, 2021, 2022, "HNI")
                if c["adopted"]] == []
        assert {c["unit"] for c in replication_coverage(store, None, None, "HNI")} == {
            "HNI", "HNI-TCKT", "HNI-BD", "HNI-BD-T1", "HNI-HK"}
    finally:
        store.close()
    story = ok_json(small("show", "HNI-HK", "--format", "json"))
    assert story["years"][-1]["adopted"][0]["subject"] == "A07"


def test_show_a_whole_story(small):
    small("register", "A01", "--track", "exemplar", "--year", "2020", "--goal", "Điển hình")
    small("nominate")
    evaluate(small, 2020)
    story = ok_json(small("show", "A04", "--format", "json"))
    assert (story["name"], story["unit"], story["group"]) == ("Phạm Thị Dung", "HNI-HK", "HNI")
    assert [y["year"] for y in story["years"]] == [2018, 2019, 2020]
    y2020 = story["years"][-1]
    assert y2020["title"] == "CSTDCS" and y2020["record"]["rating"] == "HTXSNV"
    cstdn = next(r for r in y2020["results"] if r["track"] == "cstdn")
    assert cstdn["status"] == "ineligible"
    assert [f["id"] for f in cstdn["failing"]] == ["cstdn.cstdcs_streak"]
    assert "2019 LDTT" in cstdn["failing"][0]["detail"]
    assert y2020["stages"]["cstdn"] == "ineligible"
    assert y2020["stages"]["exemplar"] in ("eligible", "recommended")
    leader = ok_json(small("show", "A01", "--format", "json"))
    assert leader["years"][-1]["stages"]["exemplar"] in ("eligible", "recommended")
    assert leader["years"][0]["stages"] == {}
    assert leader["heads"] == "HNI-BD" and leader["position"] == "Giám đốc"
    assert leader["years"][-1]["registrations"][0]["goal"] == "Điển hình"
    unit = ok_json(small("show", "HNI-BD", "--format", "json"))
    assert unit["kind"] == "collective" and unit["heads"][0]["code"] == "A01"
    table = small("show", "A04")
    assert table.exit_code == 0 and "cstdn.cstdcs_streak" in table.stdout


def test_lifecycle_stages(small, db_path):
    from dtt.workflow.status import stage

    small("register", "A03", "--track", "exemplar", "--year", "2020")
    store = open_store(db_path)
    try:
        assert stage(store, 2020, "exemplar", "A03") == "registered"
        small("nominate")
        assert stage(store, 2020, "exemplar", "A03") == "nominated"
        evaluate(small, 2020)
        assert stage(store, 2020, "exemplar", "A03") == "ineligible"
        assert stage(store, 2020, "cstdn", "A02") in ("eligible", "recommended")
        small("council", "decide", "A02", "--track", "cstdn", "--members", "10", "--for", "10",
              "--against", "0", "--escalate")
        assert stage(store, 2020, "cstdn", "A02") == "escalated"
        assert stage(store, 2020, "cstdn", "A10") == "ineligible"
        assert stage(store, 2019, "cstdn", "A10") is None
    finally:
        store.close()


def test_audit_lists_every_change(small, db_path):
    small("register", "A07", "--track", "exemplar", "--year", "2020")
    small("nominate")
    doc = ok_json(small("audit", "--format", "json", "--limit", "3"))
    entries = doc["audit"]
    assert [e["action"] for e in entries][:2] == ["nominate", "register"]
    assert all(e["os_user"] and e["at"] for e in entries)
    assert entries[0]["command"].startswith("dtt")
    mine = ok_json(small("audit", "--subject", "A07", "--format", "json"))["audit"]
    assert [e["action"] for e in mine] == ["register"]
    assert ok_json(small("audit", "--year", "2019", "--format", "json"))["audit"] == []
    only = ok_json(small("audit", "--action", "register", "--format", "json"))["audit"]
    assert [e["action"] for e in only] == ["register"]
    table = small("audit")
    assert table.exit_code == 0 and "nominate" in table.stdout
