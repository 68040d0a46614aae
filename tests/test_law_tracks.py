"""The council rules and the years of the tracks added for the law in force: CSTĐ toàn quốc and
Cờ thi đua cấp bộ from 2016, Bằng khen from 2024, and the deferral of a person under review
from 2024 (a criterion `<track>.defer` on every person's track)."""

from __future__ import annotations

import pytest

from dtt.criteria.loader import parse_criteria
from dtt.criteria.source import default_text

CRITERIA = parse_criteria(default_text(), "criteria.yaml")


@pytest.mark.parametrize(("year", "votes", "recognised"), [
    (2023, 6, True),   # the sector's default: more than half of all members
    (2023, 5, False),
    (2024, 7, False),  # NĐ 98/2023 Điều 30 khoản 7: at least 80% of all members
    (2024, 8, True),
    (2025, 8, True),
])
def test_co_thi_dua_council_by_year(year: int, votes: int, recognised: bool) -> None:
    council = CRITERIA.version_for(year).tracks["co_thi_dua"].council
    assert council.passes(10, votes) is recognised


@pytest.mark.parametrize("year", [2016, 2020, 2023, 2024, 2025])
def test_cstdtq_council_needs_ninety_percent(year: int) -> None:
    council = CRITERIA.version_for(year).tracks["cstdtq"].council
    assert council.passes(10, 9) and not council.passes(10, 8)
    assert "NĐ" in council.source


def test_bang_khen_from_2024_only() -> None:
    assert "bang_khen" not in CRITERIA.version_for(2023).tracks
    for year in (2024, 2025):
        tracks = CRITERIA.version_for(year).tracks
        assert tracks["bang_khen"].quota is None and tracks["bang_khen_collective"].quota is None
        assert "cần đối chiếu" in tracks["bang_khen"].source


def test_co_thi_dua_one_per_cluster() -> None:
    quota = CRITERIA.version_for(2020).tracks["co_thi_dua"].quota
    assert quota is not None
    province = quota.for_level("province")
    assert province is not None and (province.kind, province.fixed, province.per) == (
        "fixed", 1, "cluster")


def test_person_tracks_defer_from_2024() -> None:
    for year in (2016, 2020, 2023):
        assert all(t.defer is None for t in CRITERIA.version_for(year).tracks.values())
    for year, text in ((2024, "NĐ 98/2023"), (2025, "NĐ 152/2025")):
        tracks = CRITERIA.version_for(year).tracks
        person = [k for k, t in tracks.items() if t.subject == "person"]
        assert set(person) == {"ldtt", "cstdcs", "cstdn", "cstdtq", "bang_khen", "exemplar"}
        for key in person:
            crit = {c.id: c for c in tracks[key].criteria}[f"{key}.defer"]
            assert tracks[key].defer == f"{key}.defer" and text in crit.source
