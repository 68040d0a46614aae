"""The rule-case runner (tests/case_runner.py) is strict, and criteria patches work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from case_runner import CaseFailure, read_case_file, run_case
from criteria_patch import PatchError, apply_patch, patched_text

from dtt.criteria.loader import parse_criteria
from dtt.errors import InputError

TESTS = Path(__file__).parent

HEAD = """\
defs:
  ok: &ok {rating: HTTNV, title: LDTT, months_worked: 12}
cases:
"""

PERSON = "    people: [{code: P1, full_name: Nguyễn Văn An, unit: HNI-BD}]\n"


def case_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def run_only(path: Path, tmp_path: Path) -> None:
    cases = read_case_file(path)
    assert len(cases) == 1
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    run_case(cases[0], db_dir)


def failure(path: Path, tmp_path: Path) -> str:
    with pytest.raises(CaseFailure) as info:
        run_only(path, tmp_path)
    return str(info.value)


def test_a_good_case_passes(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: ldtt passes
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {P1: {ldtt: recommended}}
    """)
    run_only(path, tmp_path)


def test_a_merge_key_may_be_overridden(tmp_path: Path) -> None:
    """`{<<: *ok, rating: HTNV}` is the current format: a key written out overrides the
    merged one (it is not a duplicate key)."""
    path = case_file(tmp_path, """\
      - name: ldtt fails with HTNV
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: {<<: *ok, rating: HTNV}}}
        failing: {P1: {ldtt: [ldtt.rating]}}
    """)
    run_only(path, tmp_path)


def test_an_unknown_key_fails_naming_file_and_line(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: a typo in expect
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {P1: {ldtt: recommended}}
        expct: {P1: {ldtt: ineligible}}
    """)
    message = failure(path, tmp_path)
    assert f"{path}:9: unknown key 'expct' in a case" in message


def test_an_unknown_key_in_a_person_fails(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: a typo in a person
        year: 2018
        people:
          - {code: P1, full_name: Nguyễn Văn An, unit: HNI-BD, head: HNI-BD}
        records: {P1: {2018: *ok}}
        expect: {P1: {ldtt: recommended}}
    """)
    assert f"{path}:7: unknown key 'head' in a people entry" in failure(path, tmp_path)


def test_a_case_without_an_assertion_fails(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: asserts nothing
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {}
    """)
    message = failure(path, tmp_path)
    assert f"{path}:4: case 'asserts nothing' asserts nothing" in message


def test_an_unknown_check_id_fails(tmp_path: Path) -> None:
    """ldtt has no check 'ldtt.month' (it is ldtt.months): the expectation is an error,
    not a silent pass of the 'not failing' kind."""
    path = case_file(tmp_path, """\
      - name: a check id ldtt does not have
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: {<<: *ok, months_worked: 9}}}
        failing: {P1: {ldtt: [ldtt.month]}}
    """)
    message = failure(path, tmp_path)
    assert f"{path}:8: failing: P1 ldtt: the track has no check 'ldtt.month'" in message


def test_a_check_id_of_another_track_fails(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: exemplar's check under ldtt
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        failing: {P1: {ldtt: [exemplar.hcm]}}
    """)
    assert "the track has no check 'exemplar.hcm'" in failure(path, tmp_path)


def test_unknown_subject_track_status_and_detail_check_fail(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: every reference is checked
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {P2: {ldtt: absent}, P1: {ldt: absent, cstdn: abesnt}}
        details: {P1: {ldtt.month: "months"}}
        ranks: {P1: {exemplr: 1}}
    """)
    message = failure(path, tmp_path)
    assert f"{path}:8: expect: unknown subject 'P2'" in message
    assert f"{path}:8: expect: P1: unknown track 'ldt'" in message
    assert f"{path}:8: expect: P1 cstdn: unknown status 'abesnt'" in message
    assert f"{path}:9: details: P1: no track has a check 'ldtt.month'" in message
    assert f"{path}:10: ranks: P1: unknown track 'exemplr'" in message


def test_a_duplicate_key_in_a_case_file_is_an_error(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: two years
        year: 2018
        year: 2019
        expect: {P1: {ldtt: absent}}
    """)
    with pytest.raises(InputError) as info:
        read_case_file(path)
    assert f"{path}:6: year: duplicate key 'year' (first on line 5)" in str(info.value)


def test_an_unknown_top_level_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text("case:\n  - {name: x, year: 2018, expect: {}}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_case_file(path)
    assert f"{path}:1: case: unknown key 'case'" in str(info.value)


def test_a_patch_overrides_one_threshold(tmp_path: Path) -> None:
    """9 months fail ldtt.months (≥ 10) with the bundled criteria of 2016 (the version
    whose LĐTT rule reads months worked); a patch lowering the threshold to 6 makes them
    pass, and the rest of ldtt is unchanged."""
    def body(criteria: str, expected: str, limit: int) -> str:
        return (f"  - name: 9 months\n    year: 2016\n{criteria}{PERSON}"
                "    records: {P1: {2016: {<<: *ok, months_worked: 9}}}\n"
                f"    expect: {{P1: {{ldtt: {expected}}}}}\n"
                "    details: {P1: {ldtt.months: "
                f"'months_worked 2016 = 9, needs ≥ {limit}'}}}}\n")

    (tmp_path / "bundled").mkdir()
    run_only(case_file(tmp_path / "bundled", body("", "ineligible", 10)), tmp_path / "bundled")
    patch = ("    criteria: {versions: {'2016': {tracks: {ldtt: {criteria: "
             "{ldtt.months: {rule: {gte: 6}}}}}}}}\n")
    run_only(case_file(tmp_path, body(patch, "recommended", 6)), tmp_path)


def test_a_bad_patch_fails_the_case(tmp_path: Path) -> None:
    path = case_file(tmp_path, """\
      - name: a patch of a check that does not exist
        year: 2018
        criteria: {versions: {'2017-2020': {tracks: {ldtt: {criteria: {ldtt.month: {}}}}}}}
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {P1: {ldtt: recommended}}
    """)
    message = failure(path, tmp_path)
    assert f"{path}:6: criteria patch:" in message
    assert "criteria[ldtt.month]: no item" in message


def test_the_pytest_hook_fails_a_typo(tmp_path: Path) -> None:
    """Through pytest itself: the case with a typo fails (naming file and line), the good one
    passes."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "conftest.py").write_text((TESTS / "cases" / "conftest.py").read_text("utf-8"),
                                       encoding="utf-8")
    path = cases / "x.yaml"
    path.write_text(HEAD + textwrap.dedent("""\
      - name: good
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expect: {P1: {ldtt: recommended}}
      - name: typo
        year: 2018
    """ + PERSON + """\
        records: {P1: {2018: *ok}}
        expext: {P1: {ldtt: recommended}}
    """), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS)])}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(cases)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout, done.stdout
    assert f"{path}:13: unknown key 'expext' in a case" in done.stdout, done.stdout


# the patch helper itself


def test_patch_merges_replaces_appends_and_deletes() -> None:
    base: dict[str, Any] = {"a": {"x": 1, "y": [1, 2]},
                            "items": [{"id": "p", "v": 1}, {"id": "q", "v": 2}]}
    out = apply_patch(base, {"a": {"x": 5, "y": [3]}, "items": {"q": {"v": 9}}})
    assert out == {"a": {"x": 5, "y": [3]}, "items": [{"id": "p", "v": 1}, {"id": "q", "v": 9}]}
    out = apply_patch(base, {"a": {"$replace": {"z": 0}},
                             "items": {"p": {"$delete": True}, "$append": [{"id": "r"}]}})
    assert out == {"a": {"z": 0}, "items": [{"id": "q", "v": 2}, {"id": "r"}]}
    assert apply_patch(base, {"a": {"x": {"$delete": True}}})["a"] == {"y": [1, 2]}
    assert apply_patch(base, {"items": {0: {"v": 7}}})["items"][0] == {"id": "p", "v": 7}
    assert base["items"][1]["v"] == 2  # the base is left as it was


@pytest.mark.parametrize("patch, words", [
    ({"items": {"nope": {"v": 1}}}, "items[nope]: no item"),
    ({"a": {"$replac": 1}}, "unknown patch directive '$replac'"),
    ({"a": {"$append": [1]}}, "$append applies to a list"),
    ({"a": {"$replace": 1, "x": 2}}, "$replace stands alone"),
    ({"a": {"w": {"$delete": True}}}, "a.w: $delete of a key that is not there"),
])
def test_patch_errors(patch: dict, words: str) -> None:
    base = {"a": {"x": 1}, "items": [{"id": "p"}]}
    with pytest.raises(PatchError) as info:
        apply_patch(base, patch)
    assert words in str(info.value)


def test_an_empty_patch_keeps_the_bundled_policy() -> None:
    from dtt.criteria.source import default_text

    bundled = parse_criteria(default_text(), "criteria.yaml").version_for(2018)
    patched = parse_criteria(patched_text({}), "criteria.yaml").version_for(2018)
    assert [(k, [c.id for c in t.criteria]) for k, t in bundled.tracks.items()] == [
        (k, [c.id for c in t.criteria]) for k, t in patched.tracks.items()]
    # the same rules; only the line they were read from differs
    for key, track in bundled.tracks.items():
        for mine, theirs in zip(track.criteria, patched.tracks[key].criteria, strict=True):
            assert re.sub(r"line=\d+", "", repr(mine.rule)) == re.sub(
                r"line=\d+", "", repr(theirs.rule)), mine.id


def test_strict_loader_merge_keys() -> None:
    """A key written out overrides a merged one (YAML merge); written twice, it is an error."""
    from dtt.yamlio import load_yaml_text

    doc = load_yaml_text("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n", "m.yaml")
    assert doc["b"] == {"x": 1, "y": 3} and doc["b"].line_of("y") == 4
    with pytest.raises(InputError) as info:
        load_yaml_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 3\n  y: 4\n", "m.yaml")
    assert "m.yaml:5: y: duplicate key 'y' (first on line 4)" in str(info.value)
