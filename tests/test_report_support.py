"""Support for the report tests: a small database with stored results and decisions.

`stored_results(store, year)` writes an evaluation the way the engine stores one (results
with checks, quota, current = 1), so that the reports can be tested on their own. The tests
of this module check that support itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dtt.store import Store, now, open_store

TREE = """
levels:
  - {key: sector, name: Ngành BHXH Việt Nam}
  - {key: province, name: "BHXH tỉnh, thành phố", parent: sector}
  - {key: district, name: "BHXH quận, huyện, thị xã", parent: province}
units:
  - code: VSS
    name: Bảo hiểm xã hội Việt Nam
    level: sector
    children:
      - code: HNI
        name: BHXH thành phố Hà Nội
        level: province
        children:
          - {code: HNI-BD, name: BHXH quận Ba Đình, level: district}
          - {code: HNI-DD, name: BHXH quận Đống Đa, level: district}
      - code: BNH
        name: BHXH tỉnh Bắc Ninh
        level: province
        children:
          - {code: BNH-TS, name: BHXH thị xã Từ Sơn, level: district}
      - code: DNG
        name: BHXH thành phố Đà Nẵng
        level: province
clusters:
  - {key: C1, name: Cụm thi đua số 1, members: [HNI, BNH]}
  - {key: C2, name: Cụm thi đua số 2, members: [DNG]}
"""

# code, full name, unit, heads
PEOPLE = [
    ("P01", "Nguyễn Văn Ánh", "HNI", "HNI"),
    ("P02", "Trần Thị Ân", "HNI", None),
    ("P03", "Lê Đức Anh", "HNI-BD", None),
    ("P04", "Phạm Thị Bình", "HNI-BD", None),
    ("P05", "Đặng Văn Đức", "HNI-DD", None),
    ("P06", "Hoàng Thị Yến", "BNH", "BNH"),
    ("P07", "Vũ Văn Dũng", "BNH-TS", None),
    ("P08", "=cmd|' /C calc'!A0", "DNG", None),
]


def make_db(tmp_path: Path, years: tuple[int, ...] = (2019, 2020)) -> Store:
    """A small database: the tree above, eight people, person records for `years`."""
    from dtt.people import import_people_rows
    from dtt.records import import_record_rows
    from dtt.tree import load_tree_text

    store = open_store(tmp_path / "test.db")
    from dtt import bootstrap

    bootstrap.init_db(store)
    load_tree_text(store, TREE, "tree.yaml")
    import_people_rows(store, [
        {"code": c, "full_name": n, "unit": u, "category": "CBCCVC", "position": "Chuyên viên",
         "heads": h or ""} for c, n, u, h in PEOPLE], "people.csv")
    rows: list[dict[str, Any]] = []
    for year in years:
        for i, (code, *_rest) in enumerate(PEOPLE):
            rows.append({"year": year, "subject": code,
                         "rating": "HTXSNV" if i % 3 != 2 else "HTTNV",
                         "title": "CSTDCS" if i % 2 == 0 else "LDTT",
                         "initiatives": i % 3, "months_worked": 12, "hcm_study": "true",
                         "charity": "true"})
        for unit in ("HNI", "BNH", "DNG", "HNI-BD"):
            rows.append({"year": year, "subject": unit, "rating": "HTXSNV",
                         "title": "TTLDXS"})
    import_record_rows(store, rows, "records.csv")
    return store


def stored_results(store: Store, year: int) -> int:
    """Store an evaluation of `year` shaped like the engine's (a stand-in, not the rules)."""
    people = store.query("SELECT code, unit FROM people ORDER BY code")
    records = {r["subject"]: json.loads(r["data"]) for r in store.query(
        "SELECT subject, data FROM records WHERE year = ?", (year,))}
    province = {"HNI": "HNI", "HNI-BD": "HNI", "HNI-DD": "HNI", "BNH": "BNH",
                "BNH-TS": "BNH", "DNG": "DNG"}
    with store.write() as c:
        cur = c.execute(
            "INSERT INTO evaluations(year, run_at, criteria_version, criteria_sha256) "
            "VALUES (?, ?, '2016-2020.1', 'abc123def4567890')", (year, now()))
        eid = cur.lastrowid
        c.execute("UPDATE results SET current = 0 WHERE year = ?", (year,))
        ranks: dict[tuple[str, str], int] = {}
        for p in people:
            data = records.get(p["code"], {})
            for track in ("ldtt", "exemplar"):
                good = data.get("rating") == "HTXSNV" or track == "ldtt"
                checks = [{"id": f"{track}.rating", "passed": good,
                           "detail": f"rating {year} = {data.get('rating')}"
                           + ("" if good else ", needs HTXSNV")}]
                grp = province[p["unit"]]
                rank = None
                status = "ineligible"
                quota: dict[str, Any] | None = None
                if good:
                    rank = ranks.get((grp, track), 0) + 1
                    ranks[(grp, track)] = rank
                    limit = 1 if track == "exemplar" else None
                    status = "recommended" if limit is None or rank <= limit else "eligible"
                    quota = {"position": rank, "limit": limit} if limit else None
                c.execute(
                    "INSERT INTO results(evaluation_id, year, subject, kind, track, unit, grp, "
                    "eligible, score, rank, status, quota, checks, current) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
                    (eid, year, p["code"], "person", track, p["unit"], grp, int(good),
                     10.0 * (len(people) - (rank or 0)) if good else 0.0, rank, status,
                     json.dumps(quota) if quota else None,
                     json.dumps(checks, ensure_ascii=False)))
    return int(eid)


def decide(store: Store, subject: str, track: str, year: int, unit: str, members: int,
           votes_for: int, outcome: str) -> None:
    with store.write() as c:
        c.execute(
            "INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
            "votes_against, outcome, decided_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (year, track, subject, unit, members, votes_for, members - votes_for, outcome,
             now()))


def test_stored_results_are_current(tmp_path: Path) -> None:
    store = make_db(tmp_path)
    stored_results(store, 2020)
    n = store.scalar("SELECT COUNT(*) FROM current_results WHERE year = 2020")
    assert n == 2 * len(PEOPLE)
    assert store.scalar("SELECT COUNT(*) FROM result_checks") == n
