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

# file suffix -> (field, words in the message, text of the line the problem must name).
# Each bad file is a patch; the patched text is re-dumped YAML (block style, one line per key,
# leaf lists and mappings in flow style), so the line a problem names is found in that text:
# the (only) line holding the patched key — for `duplicate_id` the second `id: ldtt.rating`.
# The message of `duplicate_id` names the line of the first one, checked below as well.
BAD = {
    "unknown_metric": ("tracks.ldtt.criteria[ldtt.months].rule.metric",
                       "unknown person metric 'months_workd'",
                       "rule: {metric: months_workd, gte: 10}"),
    "gte_on_bool": ("tracks.exemplar.criteria[exemplar.hcm].rule.gte",
                    "gte does not apply to the yes/no metric 'hcm_study'",
                    "rule: {metric: hcm_study, gte: true}"),
    "string_for_number": ("tracks.ldtt.criteria[ldtt.months].rule.gte",
                          "compare with a number, not 'mười'",
                          "rule: {metric: months_worked, gte: mười}"),
    "enum_value": ("tracks.ldtt.criteria[ldtt.rating].rule.gte",
                   "'HTTOT' is not a value of 'rating'", "rule: {metric: rating, gte: HTTOT}"),
    "empty_track": ("tracks.ttldtt.criteria", "at least one criterion", "criteria: []"),
    "unknown_track_ref": ("tracks.cstdcs.criteria[cstdcs.ldtt].rule.track",
                          "unknown track 'lao_dong'", "rule: {track: lao_dong}"),
    "unknown_eligible_of": ("tracks.cstdcs.quota.of.eligible_of", "unknown track 'ldt'",
                            "of: {eligible_of: ldt}"),
    # a nested rule is written in block style: its `each_year:` key has a line of its own
    "window_too_long": ("tracks.cstdn.criteria[cstdn.cstdcs_streak].rule.fresh_years",
                        "longer than the data can hold", "fresh_years: {from: -12, to: 0}"),
    "window_inverted": ("tracks.exemplar.criteria[exemplar.title].rule.any_year",
                        "from 0 is after to -2", "any_year: {from: 0, to: -2}"),
    "unknown_operator": ("tracks.ldtt.criteria[ldtt.discipline].rule.equals",
                         "unknown operator key 'equals'",
                         "rule: {metric: discipline, equals: none}"),
    "unknown_level": ("tracks.exemplar_collective.levels", "unknown level provinces",
                      "levels: [hq_unit, hq_room, provinces, district, team]"),
    # the rule of exemplar_collective.collection is nested, so block style: the problem names
    # the line of its `when:` mapping (the flow list `level_in: [...]` is on the next)
    "unknown_level_in": ("rule.when.level_in", "unknown level county", "when:"),
    "version_inverted": ("versions[2017-2020].to", "inverted: from 2017 to 2015", "to: 2015"),
    # the added version is prepended
    "version_overlap": ("versions[2019-2022.1].from",
                        "2019-2022.1 (2019–2022) overlaps version 2017-2020",
                        "- version: 2019-2022.1"),
    "duplicate_id": ("tracks.ldtt.criteria[ldtt.rating].id",
                     "duplicate criterion id 'ldtt.rating' (first on line {first})",
                     "- id: ldtt.rating"),
}


def line_of(text: str, shown: str, name: str) -> int:
    """The line of the patched text that the problem must name: the one holding the patched
    key (for `unknown_level_in`, the `when:` line just above `level_in: [..., county]`; for
    `duplicate_id`, the second of the two ids)."""
    lines = text.splitlines()
    if name == "unknown_level_in":
        found = [n for n, s in enumerate(lines, 1)
                 if s.strip() == "when:" and "county" in lines[n]]
    else:
        found = [n for n, s in enumerate(lines, 1) if shown in s]
    if name == "duplicate_id":
        assert len(found) == 2, found
        return found[1]
    assert len(found) == 1, (shown, found)
    return found[0]


def bad_text(name: str) -> tuple[Path, str]:
    path = DATA / f"criteria_bad_{name}.yaml"
    return path, patched_file_text(path)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_names_line_and_field(name: str) -> None:
    path, text = bad_text(name)
    field, words, shown = BAD[name]
    line = line_of(text, shown, name)
    first = [n for n, s in enumerate(text.splitlines(), 1) if s.strip() == shown][:1]
    words = words.format(first=first[0] if first else "")
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
    assert len(lines) == 2 and lines[0] < lines[1]
    with pytest.raises(InputErrors) as info:
        parse_criteria(text, "x.yaml")
    assert any(p.row == lines[1] and f"(first on line {lines[0]})" in p.message
               for p in info.value.problems)


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
    assert set(version.tracks) == {"ldtt", "cstdcs", "cstdn", "cstdtq", "ttldtt", "ttldxs",
                                   "co_thi_dua", "exemplar", "exemplar_collective"}
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
