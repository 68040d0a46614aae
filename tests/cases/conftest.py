"""Rule cases as YAML (OpenFisca style), one test item per case.

A file holds `cases:` (a list) and optional `defs:` (YAML anchors to reuse). Each case:

    name: exemplar — a leader whose headed unit has no record fails
    year: 2018
    units: {...}            # optional tree document; default: MINI_TREE below
    people:                 # code, full_name, unit, heads (category defaults to CBCCVC)
      - {code: P1, full_name: Nguyễn Văn Ân, unit: HNI-BD, heads: HNI-BD}
    crowd:                  # optional: N generated people with the same records
      - {prefix: M, count: 7, unit: HNI-BD-T1, records: {2018: {...}}}
    records:                # subject -> year -> metrics
      P1: {2017: {...}, 2018: {...}}
    registrations: [{subject: P1, track: exemplar}]
    nominations: [{subject: P1, track: exemplar, unit: HNI, origin: manual, withdrawn: 1}]
    expect: {P1: {exemplar: ineligible, ldtt: recommended, cstdn: absent}}
    failing: {P1: {exemplar: [exemplar.leader_unit]}}     # exactly the failing check ids
    details: {P1: {exemplar.leader_unit: "not recorded (headed unit)"}}  # substrings
    ranks: {P1: {exemplar: 1}}
    quota: {P1: {exemplar: "5% of 40 people"}}           # substring of the quota basis
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dtt.criteria.source import default_text, install
from dtt.engine import evaluate
from dtt.people import import_people_rows
from dtt.records import import_record_rows
from dtt.store import now, open_store
from dtt.tree import load_tree_doc

MINI_TREE: dict[str, Any] = {
    "levels": [
        {"key": "sector", "name": "Ngành"},
        {"key": "hq_unit", "name": "Đơn vị thuộc cơ quan", "parent": "sector"},
        {"key": "hq_room", "name": "Phòng thuộc đơn vị", "parent": "hq_unit"},
        {"key": "province", "name": "BHXH tỉnh", "parent": "sector"},
        {"key": "province_room", "name": "Phòng thuộc BHXH tỉnh", "parent": "province"},
        {"key": "district", "name": "BHXH huyện", "parent": "province"},
        {"key": "team", "name": "Tổ nghiệp vụ", "parent": "district"},
    ],
    "units": [{
        "code": "VSS", "name": "Bảo hiểm xã hội Việt Nam", "level": "sector", "children": [
            {"code": "HNI", "name": "BHXH thành phố Hà Nội", "level": "province", "children": [
                {"code": "HNI-PTC", "name": "Phòng Tổ chức cán bộ", "level": "province_room"},
                {"code": "HNI-BD", "name": "BHXH quận Ba Đình", "level": "district",
                 "children": [{"code": "HNI-BD-T1", "name": "Tổ thu", "level": "team"}]},
                {"code": "HNI-CG", "name": "BHXH quận Cầu Giấy", "level": "district"},
                {"code": "HNI-DD", "name": "BHXH quận Đống Đa", "level": "district"},
            ]},
            {"code": "HPG", "name": "BHXH thành phố Hải Phòng", "level": "province",
             "children": [{"code": "HPG-LC", "name": "BHXH quận Lê Chân", "level": "district"}]},
            {"code": "QNH", "name": "BHXH tỉnh Quảng Ninh", "level": "province"},
            {"code": "VP", "name": "Văn phòng", "level": "hq_unit",
             "children": [{"code": "VP-HC", "name": "Phòng Hành chính", "level": "hq_room"}]},
        ]}],
    "clusters": [{"key": "C1", "name": "Cụm thi đua số 1", "members": ["HNI", "HPG", "QNH"]}],
}


def build_case_db(path: Path, case: dict[str, Any]):
    """A database holding the case's tree, people, records, registrations and nominations."""
    store = open_store(path)
    install(store, default_text(), "criteria.yaml")
    load_tree_doc(store, case.get("units") or MINI_TREE, "case units")
    people = [dict(p) for p in case.get("people") or []]
    records = {k: dict(v) for k, v in (case.get("records") or {}).items()}
    for group in case.get("crowd") or []:
        for i in range(1, int(group["count"]) + 1):
            code = f"{group['prefix']}{i:02d}"
            people.append({"code": code, "full_name": f"Thành Viên {group['prefix']} {i}",
                           "unit": group["unit"]})
            records[code] = group["records"]
    for p in people:
        p.setdefault("category", "CBCCVC")
        p.setdefault("position", "")
        p.setdefault("heads", "")
    if people:
        import_people_rows(store, people, "case people")
    rows = [{"year": year, "subject": subject, **(data or {})}
            for subject, years in records.items() for year, data in years.items()]
    if rows:
        import_record_rows(store, rows, "case records")
    year = case["year"]
    with store.write() as c:
        for r in case.get("registrations") or []:
            c.execute("INSERT INTO registrations(subject, track, year, goal, registered_at, "
                      "withdrawn_at) VALUES (?,?,?,?,?,?)",
                      (r["subject"], r["track"], r.get("year", year), r.get("goal"), now(),
                       r.get("withdrawn_at")))
        for n in case.get("nominations") or []:
            c.execute("INSERT INTO nominations(year, track, subject, unit, origin, reason, "
                      "withdrawn, created_at) VALUES (?,?,?,?,?,?,?,?)",
                      (n.get("year", year), n["track"], n["subject"], n["unit"],
                       n.get("origin", "manual"), n.get("reason"), n.get("withdrawn", 0), now()))
    return store


def pytest_collect_file(parent: pytest.Collector, file_path: Path):
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):
        doc = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            yield CaseItem.from_parent(self, name=case.get("name") or f"case {i}", case=case)


class CaseFailure(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        tmp = self.config._tmp_path_factory.mktemp("case")  # type: ignore[attr-defined]
        store = build_case_db(tmp / "case.db", self.case)
        try:
            run = evaluate(store, year=self.case["year"])
        finally:
            store.close()
        got = {(r["subject"], r["track"]): r for r in run.results}
        problems = []
        for subject, tracks in (self.case.get("expect") or {}).items():
            for track, status in tracks.items():
                row = got.get((subject, track))
                actual = row["status"] if row else "absent"
                if actual != status:
                    problems.append(f"{subject} {track}: expected {status}, got {actual}"
                                    + _why(row))
        for subject, tracks in (self.case.get("failing") or {}).items():
            for track, ids in tracks.items():
                row = got.get((subject, track))
                failed = sorted(c["id"] for c in row["checks"] if not c["passed"]) if row else []
                if failed != sorted(ids):
                    problems.append(f"{subject} {track}: expected failing {sorted(ids)}, got "
                                    f"{failed}" + _why(row))
        for subject, checks in (self.case.get("details") or {}).items():
            rows = [r for (s, _t), r in got.items() if s == subject]
            for check_id, text in checks.items():
                found = [c["detail"] for r in rows for c in r["checks"] if c["id"] == check_id]
                if not any(text in d for d in found):
                    problems.append(f"{subject} {check_id}: no detail containing {text!r} "
                                    f"in {found}")
        for key, field in (("ranks", "rank"), ("scores", "score")):
            for subject, tracks in (self.case.get(key) or {}).items():
                for track, want in tracks.items():
                    row = got.get((subject, track))
                    if row is None or row[field] != want:
                        problems.append(f"{subject} {track}: expected {field} {want}, got "
                                        f"{row and row[field]}")
        for subject, tracks in (self.case.get("quota") or {}).items():
            for track, text in tracks.items():
                row = got.get((subject, track))
                basis = ((row or {}).get("quota") or {}).get("basis") or ""
                if text not in basis:
                    problems.append(f"{subject} {track}: quota basis {basis!r} lacks {text!r}")
        if problems:
            raise CaseFailure("\n".join(problems))

    def repr_failure(self, excinfo, style=None):  # type: ignore[override]
        if isinstance(excinfo.value, CaseFailure):
            return f"rule case failed: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


def _why(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    lines = [f"\n    {'✓' if c['passed'] else '✗'} {c['id']}: {c['detail']}" for c in row["checks"]]
    return "".join(lines)
