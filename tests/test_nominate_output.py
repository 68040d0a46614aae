"""What `dtt nominate` prints: a run gives one line per unit, --list every nomination, JSON
everything."""

from __future__ import annotations

import pytest
from test_workflow_helpers import build_small, ok_json


@pytest.fixture
def small(cli):
    build_small(cli)
    return cli


def test_a_run_prints_one_line_per_unit(small):
    r = small("nominate")
    assert r.exit_code == 0, r.stderr
    doc = ok_json(small("nominate", "--format", "json"))
    units = [u["unit"] for u in doc["units"]]
    lines = r.stdout.splitlines()
    assert "introduced" in r.stdout and "from below" in r.stdout
    rows = [line.split()[0] for line in lines if line.split() and line.split()[0] in units]
    assert rows == units  # one line per unit, grassroots first
    team = next(u for u in doc["units"] if u["unit"] == "HNI-BD-T1")
    line = next(line for line in lines if line.startswith("HNI-BD-T1 "))
    assert line.split()[-3:] == [str(sum(not i["withdrawn"] for i in team["introduced"])),
                                 "0", str(team["from_below"])]
    assert "A02" not in r.stdout  # no subject rows in the summary


def test_list_prints_every_nomination_without_a_run(small, db_path):
    small("nominate")
    listed = small("nominate", "--list")
    assert listed.exit_code == 0
    assert "HNI-BD-T1 — " in listed.stdout and "A02" in listed.stdout
    assert "rating 2020 = HTXSNV" in listed.stdout
    assert "nomination(s):" not in listed.stdout  # nothing ran
    brief = small("nominate", "--list", "--summary")
    assert "A02" not in brief.stdout and "from below" in brief.stdout


def test_json_keeps_every_nomination(small):
    doc = ok_json(small("nominate", "--format", "json"))
    assert doc["run"]["introduced"] > 0
    assert any(u["introduced"] for u in doc["units"])
