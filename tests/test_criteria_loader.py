"""The criteria loader: the default policy loads; each bad file fails naming line and field.

Each tests/data/criteria_bad_*.yaml is a small patch of the bundled dtt/data/criteria.yaml
(tests/criteria_patch.py applies it). The loader reads the patched text under the patch file's
name, so the problems name that file; their line numbers are lines of the patched text, which
criteria_patch writes with yaml.safe_dump, so they differ from the lines of the bundled file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from criteria_patch import patched_file_text

from dtt.criteria.loader import parse_criteria
from dtt.criteria.model import Compare, HeadedUnit, Members, TrackRef, When, Window
from dtt.criteria.source import default_text, install, sha256
from dtt.errors import InputError, InputErrors
from dtt.store import open_store

DATA = Path(__file__).parent / "data"

# file suffix -> (line, field, words in the message, text on that line of the patched text).
# Before the bad files became patches, each was a whole copy of criteria.yaml and the lines
# were those of the bundled file (in brackets below). A patched text is re-dumped YAML (block
# style, one line per key, leaf lists and mappings in flow style), so the same key now sits on
# another line: the line asserted is the one of the patched text that holds the patched key,
# and the last column is what that line must show (checked by the test), which is why it is
# that line.
BAD = {
    # [154] the rule of ldtt.months, `{metric: months_workd, gte: 10}` on one line
    "unknown_metric": (119, "tracks.ldtt.criteria[ldtt.months].rule.metric",
                       "unknown person metric 'months_workd'",
                       "rule: {metric: months_workd, gte: 10}"),
    # [291] the rule of exemplar.hcm, on one line
    "gte_on_bool": (320, "tracks.exemplar.criteria[exemplar.hcm].rule.gte",
                    "gte does not apply to the yes/no metric 'hcm_study'",
                    "rule: {metric: hcm_study, gte: true}"),
    # [154] the rule of ldtt.months, on one line
    "string_for_number": (119, "tracks.ldtt.criteria[ldtt.months].rule.gte",
                          "compare with a number, not 'mười'",
                          "rule: {metric: months_worked, gte: mười}"),
    # [150] the rule of ldtt.rating, on one line
    "enum_value": (115, "tracks.ldtt.criteria[ldtt.rating].rule.gte",
                   "'HTTOT' is not a value of 'rating'", "rule: {metric: rating, gte: HTTOT}"),
    # [217] ttldtt's `criteria:` key
    "empty_track": (208, "tracks.ttldtt.criteria", "at least one criterion", "criteria: []"),
    # [172] the rule of cstdcs.ldtt, on one line
    "unknown_track_ref": (139, "tracks.cstdcs.criteria[cstdcs.ldtt].rule.track",
                          "unknown track 'lao_dong'", "rule: {track: lao_dong}"),
    # [183] cstdcs's quota `of:` mapping, on one line
    "unknown_eligible_of": (161, "tracks.cstdcs.quota.of.eligible_of", "unknown track 'ldt'",
                            "of: {eligible_of: ldt}"),
    # [198] the rule of cstdn.cstdcs_streak is a nested mapping, so block style: its
    # `each_year:` key has a line of its own
    "window_too_long": (176, "tracks.cstdn.criteria[cstdn.cstdcs_streak].rule.each_year",
                        "longer than the data can hold", "each_year: {from: -12, to: 0}"),
    # [279] the same for the rule of exemplar.title: its `any_year:` line
    "window_inverted": (304, "tracks.exemplar.criteria[exemplar.title].rule.any_year",
                        "from 0 is after to -2", "any_year: {from: 0, to: -2}"),
    # [158] the rule of ldtt.discipline, on one line
    "unknown_operator": (123, "tracks.ldtt.criteria[ldtt.discipline].rule.equals",
                         "unknown operator key 'equals'",
                         "rule: {metric: discipline, equals: none}"),
    # [316] exemplar_collective's `levels:` list, on one line
    "unknown_level": (355, "tracks.exemplar_collective.levels", "unknown level provinces",
                      "levels: [hq_unit, hq_room, provinces, district, team]"),
    # [351] the rule of exemplar_collective.collection is nested, so block style: the problem
    # names the line of its `when:` mapping (the flow list `level_in: [...]` is on the next)
    "unknown_level_in": (409, "rule.when.level_in", "unknown level county", "when:"),
    # [139] the `to:` key of the version
    "version_inverted": (104, "versions[2016-2020.1].to", "inverted: from 2016 to 2015",
                         "to: 2015"),
    # [136] the start of the added version (prepended, as the original file had it first)
    "version_overlap": (101, "versions[2019-2022.1].from",
                        "2019-2022.1 (2019–2022) overlaps version 2016-2020.1",
                        "- version: 2019-2022.1"),
    # [151] the second `id: ldtt.rating`; the message names the line of the first one, which
    # was 147 in the bundled file and is 112 in the patched text
    "duplicate_id": (116, "tracks.ldtt.criteria[ldtt.rating].id",
                     "duplicate criterion id 'ldtt.rating' (first on line 112)",
                     "- id: ldtt.rating"),
}


def bad_text(name: str) -> tuple[Path, str]:
    path = DATA / f"criteria_bad_{name}.yaml"
    return path, patched_file_text(path)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_names_line_and_field(name: str) -> None:
    path, text = bad_text(name)
    line, field, words, shown = BAD[name]
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, str(path))
    problems = info.value.problems
    assert any(p.row == line and field in (p.field or "") and words in p.message
               for p in problems), [str(p) for p in problems]
    assert str(path) in str(problems[0])
    assert info.value.exit_code == 2
    # why that line: it is the one holding the patched key in the patched text
    assert shown in text.splitlines()[line - 1], (line, text.splitlines()[line - 1])


def test_duplicate_id_names_the_first_line() -> None:
    """The line in the duplicate-id message is the line of the first `id: ldtt.rating`."""
    _, text = bad_text("duplicate_id")
    lines = [n for n, s in enumerate(text.splitlines(), 1) if s.strip() == "- id: ldtt.rating"]
    assert lines == [112, 116]


def test_every_bad_file_is_tested() -> None:
    names = {p.stem.removeprefix("criteria_bad_") for p in DATA.glob("criteria_bad_*.yaml")}
    assert names == set(BAD)


def test_bad_files_are_small_patches() -> None:
    for path in DATA.glob("criteria_bad_*.yaml"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 15, path


def test_bad_criteria_leave_the_database_unchanged(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    install(store, default_text(), "criteria.yaml")
    before = store.meta("criteria_sha256")
    _, bad = bad_text("enum_value")
    with pytest.raises(InputError):
        install(store, bad, "bad.yaml")
    assert store.meta("criteria_sha256") == before
    assert store.scalar("SELECT COUNT(*) FROM criteria_files") == 1


def test_default_policy_loads() -> None:
    text = default_text()
    criteria = parse_criteria(text, "criteria.yaml")
    assert criteria.sha256 == sha256(text)
    version = criteria.version_for(2018)
    assert version.key == "2017-2020" and (version.start, version.end) == (2017, 2020)
    assert set(version.tracks) == {"ldtt", "cstdcs", "cstdn", "ttldtt", "ttldxs", "exemplar",
                                   "exemplar_collective"}
    assert version.order.index("ldtt") < version.order.index("cstdcs")
    assert criteria.groups.levels == ["province", "hq_unit"]
    assert criteria.groups.cluster_levels == ["province"]
    assert criteria.metrics.get("person", "discipline").default == "none"


def test_rules_are_typed_nodes() -> None:
    version = parse_criteria(default_text(), "criteria.yaml").version_for(2016)
    ex = {c.id: c for c in version.tracks["exemplar"].criteria}
    leader = ex["exemplar.leader_unit"].rule
    assert isinstance(leader, When) and leader.leader is True
    assert isinstance(leader.then, HeadedUnit) and isinstance(leader.then.rule, Compare)
    leading = ex["exemplar.leading"].rule
    assert isinstance(leading, Window) and (leading.mode, leading.start, leading.end) == (
        "each", -1, 0)
    cstdcs = version.tracks["cstdcs"]
    assert isinstance(cstdcs.criteria[0].rule, TrackRef) and cstdcs.depends == ["ldtt"]
    ttldtt = {c.id: c for c in version.tracks["ttldtt"].criteria}
    share = ttldtt["ttldtt.members_ldtt"].rule
    assert isinstance(share, Members) and (share.agg, share.op, share.value) == ("share", "gt",
                                                                                 50)


def test_quota_and_council() -> None:
    version = parse_criteria(default_text(), "criteria.yaml").version_for(2020)
    q = version.tracks["cstdcs"].quota
    assert (q.kind, q.share, q.of, q.of_track, q.rounding, q.min) == (
        "share", 15, "eligible_of", "ldtt", "floor", 0)
    ec = version.tracks["exemplar_collective"].quota
    assert ec.for_level("province").kind == "fixed" and ec.for_level("province").per == "cluster"
    assert ec.for_level("district").of == "level_units"
    cstdn = version.tracks["cstdn"].council
    assert (cstdn.needs_share, cstdn.needs_op, cstdn.needs_of) == (90, "gte", "members")
    assert cstdn.passes(10, 9) and not cstdn.passes(10, 8)
    ldtt = version.tracks["ldtt"].council  # the file's default
    assert (ldtt.needs_share, ldtt.needs_op) == (50, "gt")
    assert not ldtt.passes(10, 5) and ldtt.passes(10, 6)
    assert ldtt.quorate(9, 6) and not ldtt.quorate(9, 5)


def test_no_version_in_force() -> None:
    criteria = parse_criteria(default_text(), "criteria.yaml")
    with pytest.raises(InputError) as info:
        criteria.version_for(2015)
    assert "no criteria version in force in 2015 (versions: 2016 2016, 2017-2020 2017–2020" in str(
        info.value)


def test_enum_values_accept_vietnamese_spelling() -> None:
    text = default_text().replace("rule: {metric: title, gte: LDTT}, gt: 50}",
                                  "rule: {metric: title, gte: LĐTT}, gt: 50}")
    text = text.replace("where: {metric: title, gte: LDTT}, gt: 50}",
                        "where: {metric: title, gte: lđtt}, gt: 50}", 1)
    version = parse_criteria(text, "c.yaml").version_for(2018)
    rule = version.tracks["ttldtt"].criteria[1].rule
    assert rule.where.value == "LDTT"


def test_several_problems_are_reported_together() -> None:
    text = default_text().replace("{metric: months_worked, gte: 10}",
                                  "{metric: months, gte: 10}").replace(
        "rule: {track: ldtt}", "rule: {track: nope}")
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, "c.yaml")
    assert len(info.value.problems) >= 2


def test_levels_from_the_database_override(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as info:
        parse_criteria(default_text(), "c.yaml", levels=["sector", "province", "district"])
    assert any("unknown level" in p.message for p in info.value.problems)
