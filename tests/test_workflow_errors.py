"""Bad input to the workflow commands: one clear line naming the option, exit 2, and the
database (every table, the audit log included) unchanged."""

from __future__ import annotations

import pytest
from test_workflow_helpers import build_small, evaluate, expect_refused

DECIDE = ["council", "decide"]
VOTES = ["--members", "10", "--for", "9", "--against", "1"]

CASES = [
    # register
    (["register", "ZZ9", "--track", "exemplar", "--year", "2020"], "SUBJECT", "unknown subject"),
    (["register", "A01", "--track", "nope", "--year", "2020"], "--track", "unknown track"),
    (["register", "A01", "--track", "ttldtt", "--year", "2020"], "--track",
     "is for a collective"),
    (["register", "HNI", "--track", "exemplar", "--year", "2020"], "--track", "is for a person"),
    (["register", "HNI-TCKT", "--track", "exemplar_collective", "--year", "2020"], "--track",
     "does not apply to units of level 'province_room'"),
    (["register", "A01", "--track", "exemplar"], "--year", "year"),
    (["register", "A01", "--track", "exemplar", "--year", "2020", "--withdraw"], "--withdraw",
     "has not registered"),
    (["register", "--track", "exemplar", "--year", "2020"], "SUBJECT", "missing"),
    (["register", "--list", "--unit", "XX"], "--unit", "unknown unit"),
    # nominate
    (["nominate", "--unit", "XX"], "--unit", "unknown unit"),
    (["nominate", "--track", "nope"], "--track", "unknown track"),
    (["nominate", "--year", "1800"], "--year", "not a year"),
    (["nominate", "--add", "A01", "--reason", "x"], "--track", "needs --track"),
    (["nominate", "--add", "A01", "--track", "exemplar"], "--reason", "needs a reason"),
    (["nominate", "--add", "ZZ9", "--track", "exemplar", "--reason", "x"], "--add",
     "unknown subject"),
    (["nominate", "--add", "A01", "--track", "ttldtt", "--reason", "x"], "--track",
     "is for a collective"),
    (["nominate", "--add", "A01", "--track", "exemplar", "--unit", "HPG", "--reason", "x"],
     "--unit", "not in the subtree of HPG"),
    (["nominate", "--add", "A01", "--withdraw", "A02", "--track", "exemplar", "--reason", "x"],
     "--add", "not both"),
    (["nominate", "--withdraw", "VSS", "--track", "ttldtt", "--reason", "x"], "--track",
     "does not apply"),
    # council decide
    ([*DECIDE, "A01", "--track", "cstdn", "--members", "10", "--for", "9", "--against", "2"],
     "--for", "9 for + 2 against = 11 votes, more than the 10 members"),
    ([*DECIDE, "A01", "--track", "cstdn", "--members", "10", "--for", "9", "--against", "-1"],
     "--against", "negative"),
    ([*DECIDE, "A01", "--track", "cstdn", "--members", "10", "--for", "-9", "--against", "1"],
     "--for", "negative"),
    ([*DECIDE, "A01", "--track", "cstdn", "--members", "0", "--for", "0", "--against", "0"],
     "--members", "at least one member"),
    ([*DECIDE, "A01", "--track", "cstdn", "--year", "2019", *VOTES], "SUBJECT",
     "never been evaluated"),
    ([*DECIDE, "A04", "--track", "cstdn", *VOTES], "SUBJECT",
     "ineligible for cstdn 2020 in the last evaluation (failing: cstdn.cstdcs_streak)"),
    ([*DECIDE, "ZZ9", "--track", "cstdn", *VOTES], "SUBJECT", "unknown subject"),
    ([*DECIDE, "A01", "--track", "ttldxs", *VOTES], "--track", "is for a collective"),
    ([*DECIDE, "HNI-TCKT", "--track", "exemplar_collective", *VOTES], "--track",
     "does not apply"),
    ([*DECIDE, "A01", "--track", "cstdn", "--unit", "XX", *VOTES], "--unit", "unknown unit"),
    ([*DECIDE, "A01", "--track", "cstdn", "--unit", "HPG", *VOTES], "--unit",
     "not in the subtree of HPG"),
    ([*DECIDE, "A01", "--track", "cstdn", "--members", "10", "--for", "5", "--against", "1"],
     "--for", "no quorum: 6 of 10 members voted = 60%, needs ≥ 66.67%"),
    ([*DECIDE, "A07", "--track", "exemplar", "--unit", "VSS", "--escalate", *VOTES],
     "--escalate", "no council above"),
    ([*DECIDE, "A01", "--track", "cstdn", *VOTES, "--format", "docx"], "--format",
     "unknown format"),
    # foster
    (["foster", "ZZ9", "--year", "2020", "--goal", "x"], "SUBJECT", "unknown subject"),
    (["foster", "A01", "--year", "2020"], "--goal", "missing"),
    (["foster", "A01", "--year", "2020", "--goal", "   "], "--goal", "needs a goal"),
    (["foster", "A01", "--year", "2017", "--goal", "x"], "SUBJECT", "not a candidate in 2017"),
    (["foster", "--list", "--unit", "XX"], "--unit", "unknown unit"),
    # replicate
    (["replicate", "A02", "--to", "XX", "--year", "2020", "--form", "hội nghị"], "--to",
     "unknown unit"),
    (["replicate", "A01", "--to", "HPG", "--year", "2020", "--form", "hội nghị"], "SUBJECT",
     "not a recognised exemplar"),
    (["replicate", "A02", "--to", "HPG", "--year", "2020"], "--form", "missing"),
    (["replicate", "A02", "--year", "2020", "--form", "x"], "--to", "missing"),
    (["replicate", "ZZ9", "--to", "HPG", "--year", "2020", "--form", "x"], "SUBJECT",
     "unknown subject"),
    (["replicate", "--report", "--unit", "XX"], "--unit", "unknown unit"),
    # show, audit, council list
    (["show", "ZZ9"], "SUBJECT", "unknown subject"),
    (["audit", "--limit", "0"], "--limit", "at least 1"),
    (["council", "list", "--unit", "XX"], "--unit", "unknown unit"),
]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A small database, nominated and evaluated for 2020, A02 recognised as an exemplar."""
    from typer.testing import CliRunner

    from dtt.cli import app

    db = tmp_path_factory.mktemp("errors") / "errors.db"
    runner = CliRunner()

    def cli(*args):
        return runner.invoke(app, ["--db", str(db), *[str(a) for a in args]],
                             catch_exceptions=False)

    build_small(cli)
    assert cli("nominate").exit_code == 0
    evaluate(cli, 2020)
    assert cli(*DECIDE, "A02", "--track", "exemplar", *VOTES).exit_code == 0
    return db, cli


@pytest.mark.parametrize(("args", "field", "words"), CASES,
                         ids=[" ".join(c[0])[:60] for c in CASES])
def test_bad_input_is_refused_and_nothing_written(prepared, args, field, words):
    db, cli = prepared
    expect_refused(cli, db, args, field, words)


def test_a_second_decision_needs_amend(prepared):
    db, cli = prepared
    expect_refused(cli, db, [*DECIDE, "A02", "--track", "exemplar", *VOTES], "SUBJECT",
                   "use --amend")


def test_council_list_and_show_still_work_after_refusals(prepared):
    db, cli = prepared
    assert cli("council", "list").exit_code == 0
    assert cli("show", "A02").exit_code == 0
