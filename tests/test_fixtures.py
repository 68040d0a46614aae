"""Verdicts on the demo are byte-identical to the stored baseline (tests/fixtures/).

A change meant to keep behaviour (speed, storage) must pass this unchanged; a change meant to
alter verdicts regenerates the baseline with tests/fixtures/make_fixtures.py."""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from make_fixtures import YEARS, build_demo, evaluate_json, fixture_path  # noqa: E402


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("fixture"))


def _first_difference(got: str, want: str) -> str:
    g, w = json.loads(got), json.loads(want)
    for key in sorted(set(g) | set(w)):
        if key != "results" and g.get(key) != w.get(key):
            return f"{key}: {g.get(key)!r} != {w.get(key)!r}"
    for i, (a, b) in enumerate(zip(g["results"], w["results"], strict=False)):
        if a != b:
            return f"result {i} ({b.get('subject')}, {b.get('track')}): {a} != {b}"
    return f"{len(g['results'])} results != {len(w['results'])}"


@pytest.mark.parametrize("year", YEARS)
def test_evaluation_matches_baseline(demo_db: Path, year: int) -> None:
    want = lzma.decompress(fixture_path(year).read_bytes()).decode("utf-8")
    got = evaluate_json(demo_db, year)
    assert got == want, _first_difference(got, want)
