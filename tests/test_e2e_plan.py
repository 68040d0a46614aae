"""The plan 2861/KH-BHXH end to end on the demo database: register, nominate from the
grassroots up, evaluate, the councils decide (and escalate), foster, replicate — every status
checked through `evaluate --format json` and `show --format json`, every change audited, and
the decided year locked. Candidates are picked from the data by query, never hard-coded."""

from __future__ import annotations

from test_workflow_helpers import digest, evaluate, ok_json, rows

from dtt.engine.results import current_results
from dtt.store import open_store


def _year_of(story: dict, year: int) -> dict:
    return next(y for y in story["years"] if y["year"] == year)


def _status(cli, subject: str, track: str, year: int) -> str:
    story = ok_json(cli("show", subject, "--format", "json"))
    return next(r["status"] for r in _year_of(story, year)["results"] if r["track"] == track)


def test_the_plan_end_to_end(cli, db_path, tmp_path):
    built = cli("demo")
    assert built.exit_code == 0, built.stderr
    year = rows(db_path, "SELECT MAX(year) FROM records")[0][0]

    # 1. register: someone not yet registered and not HTXSNV, so only the registration
    #    makes them an exemplar candidate
    newcomer = rows(db_path, """
        SELECT p.code FROM people p JOIN records r ON r.subject = p.code AND r.year = ?
        WHERE json_extract(r.data, '$.rating') != 'HTXSNV' AND p.code NOT IN
              (SELECT subject FROM registrations WHERE year = ?) ORDER BY p.code LIMIT 1""",
                    (year, year))[0][0]
    r = cli("register", newcomer, "--track", "exemplar", "--year", year, "--goal",
            "Đạt Chiến sĩ thi đua cơ sở, có sáng kiến cấp ngành")
    assert r.exit_code == 0, r.stderr

    # 2. nominate: every unit, grassroots first
    doc = ok_json(cli("nominate", "--format", "json"))
    assert doc["year"] == year and doc["run"]["introduced"] > 1000
    depth = dict(rows(db_path, "SELECT u.code, l.depth FROM units u JOIN levels l "
                               "ON l.key = u.level"))
    depths = [depth[u["unit"]] for u in doc["units"]]
    assert depths == sorted(depths, reverse=True)
    own = rows(db_path, "SELECT origin, reason FROM nominations WHERE year = ? AND "
                        "track = 'exemplar' AND subject = ? ORDER BY origin", (year, newcomer))
    assert own[0][0] == "below" and own[-1] == ("discovered", "registered: Đạt Chiến sĩ thi "
                                                "đua cơ sở, có sáng kiến cấp ngành")
    again = ok_json(cli("nominate", "--format", "json", "--summary"))
    assert (again["run"]["added"], again["run"]["removed"]) == (0, 0)

    # 3. evaluate
    results = evaluate(cli, year)
    assert results[("exemplar", newcomer)]["status"] in ("ineligible", "eligible",
                                                         "recommended")
    cstdn = sorted(s for (t, s), r in results.items()
                   if t == "cstdn" and r["status"] in ("eligible", "recommended"))
    exemplars = sorted((s for (t, s), r in results.items()
                        if t == "exemplar" and r["status"] == "recommended"),
                       key=lambda s: (results[("exemplar", s)]["group"], s))
    ineligible = next(s for (t, s), r in results.items()
                      if t == "cstdn" and r["status"] == "ineligible")
    assert len(cstdn) >= 2 and exemplars
    rejected, recognised = cstdn[0], cstdn[1]
    star = next(s for s in exemplars if s not in (rejected, recognised))

    # 4. the councils decide: cstdn needs ≥ 90% of all members
    d = ok_json(cli("council", "decide", rejected, "--track", "cstdn", "--year", year,
                    "--members", "10", "--for", "8", "--against", "2", "--format", "json"))
    assert d["outcome"] == "rejected"
    assert d["checks"][1]["detail"] == "8 of 10 members for = 80%, needs ≥ 90% of all members"
    d = ok_json(cli("council", "decide", recognised, "--track", "cstdn", "--year", year,
                    "--members", "10", "--for", "9", "--against", "1", "--format", "json"))
    assert d["outcome"] == "recognised"
    assert d["checks"][1]["detail"] == "9 of 10 members for = 90%, needs ≥ 90% of all members"
    assert d["source"].startswith("NĐ 152/2025/NĐ-CP Điều 30 khoản 7")  # the demo's last year: 2025
    before = digest(db_path)
    r = cli("council", "decide", ineligible, "--track", "cstdn", "--year", year, "--members",
            "10", "--for", "10", "--against", "0")
    assert r.exit_code == 2 and "ineligible" in r.stderr and digest(db_path) == before

    # 5. escalate: the province recognises and sends the exemplar to the sector's council
    group = results[("exemplar", star)]["group"]
    parent = rows(db_path, "SELECT parent FROM units WHERE code = ?", (group,))[0][0]
    d = ok_json(cli("council", "decide", star, "--track", "exemplar", "--year", year,
                    "--members", "11", "--for", "9", "--against", "2", "--escalate",
                    "--format", "json"))
    assert (d["outcome"], d["unit"], d["escalated_to"]) == ("escalated", group, parent)
    assert _status(cli, star, "exemplar", year) == "escalated"
    d = ok_json(cli("council", "decide", star, "--track", "exemplar", "--year", year,
                    "--members", "15", "--for", "12", "--against", "3", "--format", "json"))
    assert (d["outcome"], d["unit"]) == ("recognised", parent)

    # 6. foster the rejected candidate for the coming year
    r = cli("foster", rejected, "--year", year, "--goal", "Sáng kiến cấp ngành năm sau",
            "--support", "Hỗ trợ kinh phí nghiên cứu")
    assert r.exit_code == 0, r.stderr
    plans = ok_json(cli("foster", "--list", "--year", year, "--format", "json"))["plans"]
    assert [p["subject"] for p in plans] == [rejected]

    # 7. replicate the recognised exemplar in a unit of another province
    home = rows(db_path, "SELECT unit FROM people WHERE code = ?", (star,))[0][0]
    elsewhere = rows(db_path, "SELECT code FROM units WHERE level = 'district' AND parent != ? "
                              "ORDER BY position LIMIT 1", (group,))[0][0]
    r = cli("replicate", star, "--to", elsewhere, "--year", year, "--form", "hội nghị",
            "--note", f"Mô hình của {home}")
    assert r.exit_code == 0, r.stderr
    rep = ok_json(cli("replicate", "--report", "--year", year, "--format", "json"))
    spread = {e["subject"]: e for e in rep["exemplars"]}
    assert [s["to"] for s in spread[star]["spread"]] == [elsewhere]
    assert rep["coverage"]["adopted"] == 1 and len(rep["without"]) == rep["coverage"]["units"] - 1

    # every status, through show and through the engine's current results
    assert _status(cli, rejected, "cstdn", year) == "rejected"
    assert _status(cli, recognised, "cstdn", year) == "recognised"
    assert _status(cli, star, "exemplar", year) == "recognised"
    assert _status(cli, ineligible, "cstdn", year) == "ineligible"
    story = ok_json(cli("show", star, "--format", "json"))
    this = _year_of(story, year)
    assert [d["outcome"] for d in this["decisions"]] == ["escalated", "recognised"]
    assert this["replications"][0]["to_unit"] == elsewhere
    assert {n["track"] for n in this["nominations"]} >= {"exemplar"}
    # a fresh evaluation of the year shows the councils' outcomes too
    again = evaluate(cli, year)
    assert again[("cstdn", rejected)]["status"] == "rejected"
    assert again[("cstdn", recognised)]["status"] == "recognised"
    assert again[("exemplar", star)]["status"] == "recognised"
    store = open_store(db_path)
    try:
        current = {(r["track"], r["subject"]): r["status"]
                   for r in current_results(store, year, "cstdn")}
        assert current[("cstdn", rejected)] == "rejected"
        assert current[("cstdn", recognised)] == "recognised"
    finally:
        store.close()

    # every change is in the audit log, with OS user and command
    audit = ok_json(cli("audit", "--year", year, "--limit", "100", "--format", "json"))["audit"]
    actions = [e["action"] for e in reversed(audit)]
    for action in ("register", "nominate", "evaluate", "council.decide", "foster", "replicate"):
        assert action in actions, action
    assert actions.count("council.decide") == 4
    assert all(e["os_user"] and e["command"] for e in audit)
    decided = [e["subject"] for e in audit if e["action"] == "council.decide"]
    assert set(decided) == {rejected, recognised, star}

    # the decided year is locked: records import refuses it unless --force, which is audited
    fix = tmp_path / "fix.csv"
    fix.write_text(f"year,subject,rating\n{year},{rejected},HTTNV\n", encoding="utf-8")
    before = digest(db_path)
    r = cli("records", "import", fix)
    assert r.exit_code == 2 and f"year {year} is locked" in r.stderr
    assert digest(db_path) == before
    r = cli("records", "import", fix, "--force")
    assert r.exit_code == 0, r.stderr
    forced = ok_json(cli("audit", "--action", "records", "--format", "json"))["audit"]
    assert forced[0]["action"] == "records.force"
    assert forced[0]["subject"] == rejected and "rating" in forced[0]["detail"]["changed"]
