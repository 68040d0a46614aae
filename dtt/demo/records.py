"""Yearly records of people and collectives, and the registrations for the exemplar tracks.

Every value is drawn from a latent strength (of the person or the unit) plus yearly noise, so
that good years cluster on the same subjects and streaks sometimes hold and sometimes break.
Titles follow the ratings the way a council would decide them under the law of each year
(NĐ 91/2017/NĐ-CP to 2023, with its 15% cap; from 2024 Luật 06/2022/QH15: an HTXSNV rating or
an initiative, no statutory cap), so that the engine's verdicts on the titles mostly agree with
the recorded ones. Each year draws after the previous ones, so adding years leaves the earlier
years' data unchanged.

The law's time rule for LĐTT is followed as the engine reads it: a person has records from the
year of recruitment (people column `recruited`), the first year's months are those since then,
women on maternity leave (`maternity_months`) keep their title (the leave counts as time
worked), and from 2024 a discipline's term (`discipline_until`, not always recorded) keeps the
years it covers from counting. These adjustments read no random numbers (they hash the code and
the year), so the other values stay as they were drawn.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from dtt.demo.generate import Person, Unit
from dtt.personal import as_date, months_between

YEARS = tuple(range(2016, 2026))
LAW_2022 = 2024  # the first year under Luật 06/2022/QH15
_RATINGS = ("KHTNV", "HTNV", "HTTNV", "HTXSNV")
_GOOD = ("HTTNV", "HTXSNV")
_DISCIPLINE = (
    ("khien_trach", 70),
    ("canh_cao", 20),
    ("ha_bac_luong", 5),
    ("giang_chuc", 3),
    ("cach_chuc", 2),
)
_HEAVY = {"canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc"}
_RATES = {"province", "district"}  # collection, SI plans, arrears
_DOSSIERS = {"province", "district", "team"}  # administrative procedures, e-transactions
_REGISTER_LEVELS = {"hq_unit", "hq_room", "province", "district", "team"}


def _clamp(value: float, low: float, high: float, digits: int = 1) -> float:
    return round(min(high, max(low, value)), digits)


def _person_year(p: Person, year: int, rng: random.Random) -> tuple[dict[str, Any], float]:
    perf = 0.8 * p.strength + 0.6 * rng.gauss(0.0, 1.0)
    rec: dict[str, Any] = {"year": year, "subject": p.code}
    discipline = "none"
    if rng.random() < (0.012 if p.strength > -1.5 else 0.05):
        discipline = rng.choices([d for d, _ in _DISCIPLINE], [w for _, w in _DISCIPLINE])[0]
    if discipline != "none":
        rating = "HTNV" if rng.random() < 0.75 else "KHTNV"
    elif perf >= 0.97:
        rating = "HTXSNV"
    elif perf >= -1.65:
        rating = "HTTNV"
    elif perf >= -2.9:
        rating = "HTNV"
    else:
        rating = "KHTNV"
    rec["rating"] = rating
    r = rng.random()
    months = (
        12
        if r >= 0.045
        else (rng.randint(10, 11) if r < 0.02 else rng.choice((3, 4, 5, 6, 6, 6, 7, 8, 9)))
    )
    if rating == "HTXSNV" and months < 10:
        rating = rec["rating"] = "HTTNV"  # months away are not an excellent year
    chance = 0.55 if rating == "HTXSNV" else (0.08 if rating == "HTTNV" else 0.01)
    initiatives = 0
    if rng.random() < chance + (0.05 if p.heads else 0.0):
        initiatives = rng.choices((1, 2, 3), (80, 17, 3))[0]
    if rating in _GOOD and months >= 10 and discipline == "none":
        rec["title"] = "LDTT"
    rec["initiatives"] = initiatives
    if initiatives:
        bump = 0.1 if p.strength > 1.0 else 0.0
        rec["initiative_level"] = rng.choices(
            ("unit", "sector", "national"), (74 - 100 * bump, 23 + 80 * bump, 3 + 20 * bump)
        )[0]
    rec["discipline"] = discipline
    rec["months_worked"] = months
    if (year >= LAW_2022 and "title" not in rec and discipline == "none"
            and zlib.crc32(f"{p.code}:{year}".encode()) % 20 == 0):
        # under disciplinary review or complaint (a few, chosen without the random stream so
        # the other values stay as they were): deferred from 2024 (NĐ 98/2023 Điều 4 khoản 4)
        rec["under_review"] = True
    r = rng.random()
    if r >= 0.01:  # else: not recorded
        rec["hcm_study"] = r >= 0.06 or (rating == "HTXSNV" and r >= 0.03)
    rec["charity"] = rng.random() < (0.92 if p.strength > 0.5 else 0.8)
    r = rng.random()
    if r >= 0.01:
        chance = 0.12 + (0.25 if initiatives else 0.0) + (0.1 if rating == "HTXSNV" else 0.0)
        rec["reform"] = r < chance
    return rec, perf


def _hash(*parts: object) -> int:
    return zlib.crc32(":".join(str(x) for x in parts).encode())


def _service_ok(p: Person, rec: dict[str, Any], year: int) -> bool:
    """LĐTT's time rule as the criteria state it: months worked ≥ 10 in 2016; from 2017 the
    months from recruitment to 31 December (≥ 10, from 2024 ≥ 6), months worked when the date
    of recruitment is not recorded."""
    need = 10 if year < LAW_2022 else 6
    start = as_date(p.recruited)
    if year < 2017 or start is None:
        return int(rec["months_worked"]) >= need
    return months_between(start, dt.date(year, 12, 31)) >= need


def _apply_law(p: Person, rec: dict[str, Any], year: int, ends: list[int], i: int) -> bool:
    """Adjust a drawn record to the person's recruitment, maternity leave and discipline term;
    False when the person was not yet recruited in `year` (no record)."""
    if p.first_year > year:
        rec.pop("title", None)
        return False
    maternity = False
    if p.first_year == year:  # recruited this year: the months since recruitment
        start = as_date(p.recruited)
        assert start is not None
        rec["months_worked"] = max(0, min(12, months_between(start, dt.date(year, 12, 31))))
    elif p.gender == "F" and (rec["months_worked"] < 10 or _hash("maternity", p.code, year)
                              % 40 == 0):
        if _hash("leave", p.code, year) % 4:  # most short years of women: maternity leave
            rec["months_worked"], rec["maternity_months"] = 6, 6
            maternity = True
    worked = rec["months_worked"]
    if worked < 10 and rec.get("rating") == "HTXSNV":
        rec["rating"] = "HTTNV"  # months away are not an excellent year
    if year >= 2020 and not maternity and worked < 10:
        # NĐ 90/2020 Điều 2 (sửa đổi NĐ 48/2023): under 6 months worked → not rated; absent 3
        # to under 6 months → at most HTNV (maternity leave excepted)
        if worked < 6:
            rec.pop("rating", None)
        elif rec.get("rating") in _GOOD:
            rec["rating"] = "HTNV"
    if rec["discipline"] != "none":
        h = _hash("term", p.code, year)
        end = year + 1
        if h % 10 < 7:  # the day the term ends, recorded for most
            rec["discipline_until"] = f"{end:04d}-{1 + (h >> 8) % 12:02d}-{1 + (h >> 12) % 28:02d}"
        ends[i] = max(ends[i], end)
    rec.pop("title", None)
    if (rec.get("rating") in _GOOD and rec["discipline"] == "none" and _service_ok(p, rec, year)
            and not rec.get("under_review") and (year < LAW_2022 or ends[i] < year)):
        rec["title"] = "LDTT"
    return True


def person_records(people: list[Person], rng: random.Random) -> dict[int, list[dict[str, Any]]]:
    """Per year, one record per person recruited by then (in people order)."""
    out: dict[int, list[dict[str, Any]]] = {}
    history: list[list[str]] = [[] for _ in people]  # titles by year, "" for none
    ends = [0 for _ in people]  # the last year of the latest discipline term
    present: dict[int, list[bool]] = {}
    for year in YEARS:
        rows: list[dict[str, Any]] = []
        here = present[year] = []
        candidates: dict[str | None, list[tuple[float, int]]] = {}
        ldtt: dict[str | None, int] = {}
        for i, p in enumerate(people):
            rec, perf = _person_year(p, year, rng)
            here.append(_apply_law(p, rec, year, ends, i))
            rows.append(rec)
            if rec.get("title") == "LDTT":
                ldtt[p.group] = ldtt.get(p.group, 0) + 1
                if rec["initiatives"] or (year >= LAW_2022 and rec["rating"] == "HTXSNV"):
                    level = str(rec.get("initiative_level"))
                    weight = {"unit": 0.2, "sector": 0.6, "national": 1.0}.get(level, 0.0)
                    key = perf + weight + 0.3 * rec["initiatives"] + rng.gauss(0.0, 0.3)
                    candidates.setdefault(p.group, []).append((key, i))
        # the basic-level emulation fighter: at most 15% of the LDTT of the province / HQ unit
        # (from 2024 no statutory cap: the councils of the demo keep about a quarter)
        share = 15 if year < LAW_2022 else 25
        for group, cands in candidates.items():
            cap = int(ldtt[group] * share // 100)
            take = min(len(cands), round(cap * rng.uniform(0.7, 1.0)))
            for _, i in sorted(cands, reverse=True)[:take]:
                rows[i]["title"] = "CSTDCS"
        for i, rec in enumerate(rows):
            title = rec.get("title", "")
            past = history[i]
            if (
                title == "CSTDCS"
                and len(past) >= 2
                and past[-1] in ("CSTDCS", "CSTDN")
                and past[-2] in ("CSTDCS", "CSTDN")
                and any(
                    r.get("initiative_level") in ("sector", "national")
                    for r in (out[year - 2][i], out[year - 1][i], rec)
                )
                and rng.random() < 0.6
                # each award uses its three years: a second one needs three new CSTĐCS years
                # (NĐ 91/2017 Điều 9 khoản 2; Luật 06/2022 Điều 22)
                and past[-1] == "CSTDCS"
                and past[-2] == "CSTDCS"
                # from 2024 the three years lie after every discipline term
                and (year < LAW_2022 or ends[i] < year - 2)
            ):
                rec["title"] = title = "CSTDN"
            past.append(title)
        out[year] = rows
    # the people not yet recruited have no record (their drawn values are dropped, so that
    # the random stream stays the same)
    return {y: [r for r, ok in zip(rows, present[y], strict=True) if ok]
            for y, rows in out.items()}


def aligned(people: list[Person], rows: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """A year's person records in people order, None for those not yet recruited."""
    by_code = {r["subject"]: r for r in rows}
    return [by_code.get(p.code) for p in people]


def unit_records(
    units: list[Unit],
    people: list[Person],
    persons: dict[int, list[dict[str, Any]]],
    rng: random.Random,
) -> dict[int, list[dict[str, Any]]]:
    """Per year, one record per unit below the root (in unit order)."""
    members: dict[str, list[int]] = {}
    for unit in reversed(units):  # children before parents
        idx = list(unit.people)
        for child in unit.children:
            idx.extend(members[child])
        members[unit.code] = idx
    scored = [u for u in units if u.parent is not None]
    out: dict[int, list[dict[str, Any]]] = {}
    for year in YEARS:
        recs = aligned(people, persons[year])
        perf: list[tuple[float, int]] = []
        for n, unit in enumerate(scored):
            idx = members[unit.code]
            rated = [_RATINGS.index(r["rating"]) for i in idx
                     if (r := recs[i]) is not None and "rating" in r]
            avg = sum(rated) / max(len(rated), 1)
            perf.append((0.7 * unit.strength + 0.6 * rng.gauss(0.0, 1.0) + 1.5 * (avg - 2.1), n))
        order = [n for _, n in sorted(perf, reverse=True)]
        total = len(order)
        top = round(total * rng.uniform(0.22, 0.28))
        low = round(total * 0.05)
        fail = round(total * 0.006)
        rating_of = {}
        for rank, n in enumerate(order):
            if rank < top:
                rating_of[n] = "HTXSNV"
            elif rank >= total - fail:
                rating_of[n] = "KHTNV"
            elif rank >= total - low:
                rating_of[n] = "HTNV"
            else:
                rating_of[n] = "HTTNV"
        rows: list[dict[str, Any]] = []
        for n, unit in enumerate(scored):
            idx = [i for i in members[unit.code] if recs[i] is not None]
            rows.append(_unit_year(unit, year, rating_of[n], idx, recs, rng))
        out[year] = rows
    return out


def _unit_year(
    unit: Unit,
    year: int,
    rating: str,
    idx: list[int],
    recs: list[Any],  # aligned person records; `idx` names only the present ones
    rng: random.Random,
) -> dict[str, Any]:
    s = unit.strength
    z = {"HTXSNV": 1.0, "HTTNV": 0.0, "HTNV": -1.0, "KHTNV": -2.0}[rating]
    rec: dict[str, Any] = {"year": year, "subject": unit.code, "rating": rating}
    n = len(idx)
    titled = sum(1 for i in idx if "title" in recs[i])
    fighters = sum(1 for i in idx if recs[i].get("title") in ("CSTDCS", "CSTDN", "CSTDTQ"))
    heavy = any(recs[i]["discipline"] in _HEAVY for i in idx)
    all_rated = all(recs[i].get("rating", "KHTNV") != "KHTNV" for i in idx)
    if rating == "HTXSNV" and all_rated and titled * 100 >= 70 * n and fighters and not heavy:
        title = "TTLDXS"
        r = rng.random()
        if unit.level == "province" and r < 0.05:
            title = "CO_CP"
        elif unit.level in ("province", "district", "hq_unit") and r < 0.15:
            title = "CO_NGANH"
        rec["title"] = title
    elif rating in _GOOD and titled * 100 > 50 * n and not heavy:
        rec["title"] = "TTLDTT"
    if unit.level in _RATES:
        rec["collection_plan"] = _clamp(101.5 + 2.0 * s + 1.5 * z + rng.gauss(0.0, 2.0), 95, 110, 2)
        rec["si_plan"] = _clamp(103.0 + 3.0 * s + 1.5 * z + rng.gauss(0.0, 4.0), 90, 125, 2)
        growth = 25.0 if year >= 2019 else 0.0
        rec["vsi_plan"] = _clamp(102.0 + growth + 8.0 * s + rng.gauss(0.0, 12.0), 70, 220, 2)
        rec["arrears_rate"] = _clamp(3.0 - 0.7 * s - 0.4 * z + rng.gauss(0.0, 0.8), 1, 6, 2)
    if unit.level in _DOSSIERS:
        trend = 0.4 * (year - 2016)
        rec["tthc_on_time"] = _clamp(
            96.5 + trend + 1.2 * s + 0.6 * z + rng.gauss(0.0, 1.4), 90, 100
        )
        rec["e_transactions"] = _clamp(
            66.0 + 6.0 * (year - 2016) + 5.0 * s + 2.0 * z + rng.gauss(0.0, 5.0), 60, 99
        )
    own = sum(recs[i]["initiatives"] for i in idx)
    rec["initiatives"] = min(500, own + (1 if rng.random() < 0.1 else 0))
    rec["charity"] = rng.random() < 0.92
    return rec


_PERSON_GOALS = [
    "Hoàn thành xuất sắc nhiệm vụ, đạt danh hiệu Chiến sĩ thi đua cơ sở",
    "Có ít nhất 01 sáng kiến được công nhận, áp dụng hiệu quả tại đơn vị",
    "Đề xuất giải pháp cải cách TTHC, tăng tỷ lệ giao dịch điện tử",
    "Liên tục hoàn thành xuất sắc nhiệm vụ, phấn đấu trở thành gương điển hình tiên tiến",
    "Tích cực học tập và làm theo tấm gương đạo đức, phong cách Hồ Chí Minh",
]
_UNIT_GOALS = {
    "rates": [
        "Hoàn thành vượt kế hoạch thu, giảm tỷ lệ nợ đóng xuống dưới 3%",
        "Phát triển đối tượng tham gia BHXH tự nguyện vượt kế hoạch được giao",
    ],
    "dossiers": [
        "Giải quyết 100% hồ sơ TTHC đúng hạn, tỷ lệ giao dịch điện tử trên 90%",
        "Không để xảy ra hồ sơ trễ hẹn, nâng cao sự hài lòng của người dân",
    ],
    "any": [
        "Đạt danh hiệu Tập thể lao động xuất sắc, 100% cán bộ hoàn thành tốt nhiệm vụ trở lên",
        "Xây dựng tập thể đoàn kết, không có cán bộ vi phạm kỷ luật",
    ],
}


def registrations(
    units: list[Unit],
    people: list[Person],
    persons: dict[int, list[dict[str, Any]]],
    collectives: dict[int, list[dict[str, Any]]],
    rng: random.Random,
) -> list[dict[str, Any]]:
    """From 2017 on: about 2.5% of people and 10% of the eligible units register each year."""
    out: list[dict[str, Any]] = []
    scored = [u for u in units if u.parent is not None]
    for year in YEARS[1:]:
        last = [r or {} for r in aligned(people, persons[year - 1])]
        now = {r["subject"] for r in persons[year]}
        keys = sorted(
            (
                (
                    p.strength
                    + rng.gauss(0.0, 0.8)
                    + (0.8 if last[i].get("rating") == "HTXSNV" else 0.0),
                    i,
                )
                for i, p in enumerate(people)
            ),
            reverse=True,
        )
        take = round(len(people) * rng.uniform(0.02, 0.03))
        for _, i in sorted(keys[:take], key=lambda t: t[1]):
            if people[i].code not in now:
                continue  # not yet recruited
            goal = rng.choice(_PERSON_GOALS)
            out.append({"subject": people[i].code, "track": "exemplar", "year": year, "goal": goal})
        last_u = collectives[year - 1]
        ukeys = sorted(
            (
                (
                    u.strength
                    + rng.gauss(0.0, 0.8)
                    + (0.8 if last_u[n]["rating"] == "HTXSNV" else 0.0),
                    n,
                )
                for n, u in enumerate(scored)
                if u.level in _REGISTER_LEVELS
            ),
            reverse=True,
        )
        take = round(len(ukeys) * rng.uniform(0.09, 0.11))
        for _, n in sorted(ukeys[:take], key=lambda t: t[1]):
            unit = scored[n]
            pool = list(_UNIT_GOALS["any"])
            if unit.level in _RATES:
                pool += _UNIT_GOALS["rates"]
            if unit.level in _DOSSIERS:
                pool += _UNIT_GOALS["dossiers"]
            out.append(
                {
                    "subject": unit.code,
                    "track": "exemplar_collective",
                    "year": year,
                    "goal": rng.choice(pool),
                }
            )
    return out
