"""Rule cases as YAML (OpenFisca style): reading, checking and running one case.

tests/cases/conftest.py makes one pytest item per case of every tests/cases/*.yaml file.

A file holds `cases:` (a list) and optional `defs:` (YAML anchors to reuse). It is read with the
project's strict loader (dtt.yamlio: a duplicate key is an error naming its line). Each case:

    name: exemplar — a leader whose headed unit has no record fails
    year: 2018
    units: {...}            # optional tree document; default: MINI_TREE below
    criteria: {...}         # optional patch of dtt/data/criteria.yaml (tests/criteria_patch.py)
    people:                 # code, full_name, unit, heads (category defaults to CBCCVC)
      - {code: P1, full_name: Nguyễn Văn Ân, unit: HNI-BD, heads: HNI-BD}
    crowd:                  # optional: N generated people with the same records
      - {prefix: M, count: 7, unit: HNI-BD-T1, records: {2018: {...}}}
    records:                # subject -> year -> metrics
      P1: {2017: {...}, 2018: {...}}
    trees: [{from: 2025-07-01, units: {...}}]  # optional later trees, in force from a date
    rosters: [{year: 2021, people: [...]}]     # optional later rosters (people: as above);
                            # with rosters (even []), `people` and `crowd` are the roster
                            # of the first year with records
    registrations: [{subject: P1, track: exemplar}]
    nominations: [{subject: P1, track: exemplar, unit: HNI, origin: manual, withdrawn: 1}]
    decisions: [{subject: P1, track: cstdn, year: 2017, outcome: recognised}]  # members 10
    expect: {P1: {exemplar: ineligible, ldtt: recommended, cstdn: absent}}
    failing: {P1: {exemplar: [exemplar.leader_unit]}}     # exactly the failing check ids
    details: {P1: {exemplar.leader_unit: "not recorded (headed unit)"}}  # substrings
    ranks: {P1: {exemplar: 1}}
    scores: {P1: {exemplar: 12.5}}
    quota: {P1: {exemplar: "5% of 40 people"}}           # substring of the quota basis
    ties: {P1: {exemplar: "tie broken by: gender"}}      # substring of a tie explanation
    ballots:                # council ballots after the evaluation, and the outcome expected
      - {subject: P1, track: cstdcs, members: 10, for: 7, against: 3, outcome: recognised}

The runner is strict: an unknown key (in a case, a person, a crowd, a registration or a
nomination) fails the case naming the file and line; a case needs at least one of the
assertions (expect, failing, details, ranks, scores, quota); an assertion about a subject the
case does not define, a track the criteria version lacks, a check id the track does not have
(or, for details, that no track has) or an unknown status fails the case instead of passing
silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from criteria_patch import PatchError, patched_text

from dtt.criteria.source import active_criteria, default_text, install
from dtt.engine import evaluate
from dtt.errors import InputError, InputErrors
from dtt.people import COLUMNS as PERSON_KEYS
from dtt.people import import_people_rows
from dtt.records import import_record_rows
from dtt.store import Store, now, open_store
from dtt.tree import load_tree_doc
from dtt.yamlio import load_yaml

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

FILE_KEYS = ("cases", "defs")
SETUP_KEYS = ("name", "year", "units", "criteria", "people", "crowd", "records",
              "registrations", "nominations", "trees", "rosters", "decisions")
MAPPING_ASSERTIONS = ("expect", "failing", "details", "ranks", "scores", "quota", "ties")
ASSERTION_KEYS = MAPPING_ASSERTIONS + ("ballots",)
CASE_KEYS = SETUP_KEYS + ASSERTION_KEYS
BALLOT_KEYS = ("subject", "track", "members", "for", "against", "blank", "outcome")
OUTCOMES = ("recognised", "rejected", "escalated")
CROWD_KEYS = ("prefix", "count", "unit", "records")
REGISTRATION_KEYS = ("subject", "track", "year", "goal", "withdrawn_at")
NOMINATION_KEYS = ("subject", "track", "unit", "year", "origin", "reason", "withdrawn")
DECISION_KEYS = ("subject", "track", "year", "outcome", "unit", "members", "votes_for")
# what the engine can give a subject on a track ("absent": no result row at all)
STATUSES = ("recommended", "eligible", "ineligible", "deferred", "absent")


class CaseFailure(Exception):
    """A case that fails: its message lists every problem, one a line."""


class Case:
    """One case of a file: its mapping, the file and the line it starts on."""

    def __init__(self, path: Path, index: int, data: Any) -> None:
        self.path = path
        self.index = index
        self.data = data
        self.line = getattr(data, "line", 0)
        name = data.get("name") if isinstance(data, dict) else None
        self.name = str(name) if name else f"case {index}"

    def at(self, node: Any, key: Any = None) -> str:
        """'file:line' of `key` in `node` (or of the node, or of the case)."""
        line = 0
        if key is not None and hasattr(node, "line_of"):
            line = node.line_of(key)
        line = line or getattr(node, "line", 0) or self.line
        return f"{self.path}:{line}"


def read_case_file(path: Path) -> list[Case]:
    """The cases of a file. A file that cannot be read (malformed YAML, a duplicate key, an
    unknown top-level key, no `cases:` list) raises InputError naming the file and line."""
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise InputError("a case file is a mapping with cases: (and optional defs:)",
                         file=str(path), row=1)
    for key in doc:
        if key not in FILE_KEYS:
            raise InputError(f"unknown key '{key}' (known: {', '.join(FILE_KEYS)})",
                             file=str(path), row=_line_of(doc, key), field=str(key))
    cases = doc.get("cases")
    if not isinstance(cases, list) or not cases:
        raise InputError("needs cases: a list of cases", file=str(path),
                         row=_line_of(doc, "cases") or 1, field="cases")
    return [Case(path, i, data) for i, data in enumerate(cases)]


def shape_problems(case: Case) -> list[str]:
    """Problems found without running the case: keys, required fields, assertions."""
    data = case.data
    if not isinstance(data, dict):
        return [f"{case.at(data)}: a case is a mapping"]
    problems = _unknown(case, data, CASE_KEYS, "case")
    if not isinstance(data.get("year"), int) or isinstance(data.get("year"), bool):
        problems.append(f"{case.at(data, 'year')}: year: needs a year (an integer)")
    for key, known in (("people", PERSON_KEYS), ("crowd", CROWD_KEYS),
                       ("registrations", REGISTRATION_KEYS), ("nominations", NOMINATION_KEYS),
                       ("decisions", DECISION_KEYS), ("ballots", BALLOT_KEYS)):
        entries = data.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            problems.append(f"{case.at(data, key)}: {key}: needs a list")
            continue
        for entry in entries:
            if not isinstance(entry, dict):
                problems.append(f"{case.at(entries)}: {key}: each entry is a mapping")
                continue
            problems += _unknown(case, entry, known, f"{key} entry")
    for key in ("units", "criteria", "records") + MAPPING_ASSERTIONS:
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            problems.append(f"{case.at(data, key)}: {key}: needs a mapping")
    for ballot in data.get("ballots") or []:
        if isinstance(ballot, dict) and ballot.get("outcome") not in OUTCOMES:
            problems.append(f"{case.at(ballot, 'outcome')}: ballots: outcome is one of "
                            f"{', '.join(OUTCOMES)}, not '{ballot.get('outcome')}'")
    for key in MAPPING_ASSERTIONS:
        for subject, inner in (data.get(key) or {}).items() if isinstance(data.get(key),
                                                                           dict) else ():
            if not isinstance(inner, dict):
                problems.append(f"{case.at(data[key], subject)}: {key}: {subject}: needs a "
                                "mapping")
    if not any(data.get(key) for key in ASSERTION_KEYS):
        problems.append(f"{case.at(data)}: case '{case.name}' asserts nothing: give at least "
                        f"one of {', '.join(ASSERTION_KEYS)}")
    return problems


def _unknown(case: Case, node: dict[Any, Any], known: tuple[str, ...], what: str) -> list[str]:
    return [f"{case.at(node, key)}: unknown key '{key}' in a {what} "
            f"(known: {', '.join(known)})" for key in node if key not in known]


def case_criteria_text(case: Case) -> str:
    """The criteria text the case runs with: the bundled file, or it patched."""
    try:
        return patched_text(case.data.get("criteria") or {})
    except PatchError as exc:
        raise CaseFailure(f"{case.at(case.data, 'criteria')}: criteria patch: {exc}") from exc


def build_case_db(path: Path, case: dict[str, Any], *, source: str = "case",
                  criteria_text: str | None = None) -> Store:
    """A database holding the case's tree, people, records, registrations and nominations."""
    store = open_store(path)
    text = default_text() if criteria_text is None else criteria_text
    name = "criteria.yaml" if criteria_text is None else f"criteria.yaml patched by {source}"
    install(store, text, name)
    load_tree_doc(store, case.get("units") or MINI_TREE, "case units")
    for later in case.get("trees") or []:
        load_tree_doc(store, later["units"], f"{source} tree", str(later["from"]))
    people = [(getattr(p, "line", 0), dict(p)) for p in case.get("people") or []]
    records: dict[Any, Any] = dict(case.get("records") or {})
    for group in case.get("crowd") or []:
        line = getattr(group, "line", 0)
        for i in range(1, int(group["count"]) + 1):
            code = f"{group['prefix']}{i:02d}"
            people.append((line, {"code": code, "full_name": f"Thành Viên {group['prefix']} {i}",
                                  "unit": group["unit"]}))
            records[code] = group["records"]
    for _line, p in people:
        p.setdefault("category", "CBCCVC")
        p.setdefault("position", "")
        p.setdefault("heads", "")
    rosters = case.get("rosters") or []
    first = min((int(y) for years in records.values() for y in (years or {})), default=None)
    if people:
        import_people_rows(store, people, source, first if "rosters" in case else None)
    for roster in rosters:
        rows = [(getattr(p, "line", 0), {"category": "CBCCVC", "position": "", "heads": "",
                                         **dict(p)}) for p in roster["people"]]
        import_people_rows(store, rows, f"{source} roster", int(roster["year"]))
    rows = [(_line_of(years, year), {"year": year, "subject": subject, **(data or {})})
            for subject, years in records.items() for year, data in (years or {}).items()]
    if rows:
        import_record_rows(store, rows, source)
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
        for d in case.get("decisions") or []:
            members = d.get("members", 10)
            votes = d.get("votes_for", members)
            c.execute("INSERT INTO decisions(year, track, subject, unit, members, votes_for, "
                      "votes_against, outcome, decided_at) VALUES (?,?,?,?,?,?,?,?,?)",
                      (d["year"], d["track"], d["subject"], d.get("unit", "VSS"), members, votes,
                       members - votes, d["outcome"], now()))
    return store


def _line_of(node: Any, key: Any) -> int:
    return node.line_of(key) if hasattr(node, "line_of") else getattr(node, "line", 0)


def case_subjects(data: dict[str, Any]) -> set[str]:
    """The codes of the case's people (crowd included) and units."""
    codes = {str(p.get("code")) for p in data.get("people") or []}
    for group in data.get("crowd") or []:
        codes |= {f"{group['prefix']}{i:02d}" for i in range(1, int(group["count"]) + 1)}
    stack = list((data.get("units") or MINI_TREE).get("units") or [])
    for later in data.get("trees") or []:
        stack += list(later["units"].get("units") or [])
    while stack:
        unit = stack.pop()
        codes.add(str(unit.get("code")))
        stack.extend(unit.get("children") or [])
    return codes


def reference_problems(case: Case, subjects: set[str], tracks: dict[str, list[str]]) -> list[str]:
    """Assertions naming a subject, track, check id or status that does not exist.
    `tracks`: track key -> its criterion ids, in the version in force in the case's year."""
    data = case.data
    problems: list[str] = []
    all_ids = {i for ids in tracks.values() for i in ids}
    for ballot in data.get("ballots") or []:
        if str(ballot.get("subject")) not in subjects:
            problems.append(f"{case.at(ballot)}: ballots: unknown subject "
                            f"'{ballot.get('subject')}'")
        if ballot.get("track") not in tracks:
            problems.append(f"{case.at(ballot)}: ballots: unknown track '{ballot.get('track')}'")
    for key in MAPPING_ASSERTIONS:
        section = data.get(key) or {}
        for subject, inner in section.items():
            if str(subject) not in subjects:
                problems.append(f"{case.at(section, subject)}: {key}: unknown subject "
                                f"'{subject}' (the case defines {', '.join(sorted(subjects))})")
            for name, value in inner.items():
                where = case.at(inner, name)
                if key == "details":
                    if name not in all_ids:
                        problems.append(f"{where}: details: {subject}: no track has a check "
                                        f"'{name}'")
                    continue
                if name not in tracks:
                    problems.append(f"{where}: {key}: {subject}: unknown track '{name}' "
                                    f"(tracks: {', '.join(sorted(tracks))})")
                    continue
                if key == "expect" and value not in STATUSES:
                    problems.append(f"{where}: expect: {subject} {name}: unknown status "
                                    f"'{value}' (statuses: {', '.join(STATUSES)})")
                if key == "failing":
                    if not isinstance(value, list):
                        problems.append(f"{where}: failing: {subject} {name}: needs a list "
                                        "of check ids")
                        continue
                    for check_id in value:
                        if check_id not in tracks[name]:
                            problems.append(f"{where}: failing: {subject} {name}: the track "
                                            f"has no check '{check_id}' (checks: "
                                            f"{', '.join(tracks[name])})")
    return problems


def run_case(case: Case, tmp: Path) -> None:
    """Build, evaluate and check one case; raises CaseFailure listing every problem."""
    problems = shape_problems(case)
    if problems:
        raise CaseFailure("\n".join(problems))
    data = case.data
    text = case_criteria_text(case) if data.get("criteria") else None
    source = f"{case.path}:{case.line}"
    try:
        store = build_case_db(tmp / "case.db", data, source=source, criteria_text=text)
    except InputErrors as exc:
        raise CaseFailure("\n".join(exc.lines)) from exc
    except InputError as exc:
        raise CaseFailure(str(exc)) from exc
    try:
        version = active_criteria(store).version_for(data["year"])
        run = evaluate(store, year=data["year"])
        tracks = {key: [c.id for c in track.criteria] for key, track in version.tracks.items()}
        problems = reference_problems(case, case_subjects(data), tracks)
        if problems:
            raise CaseFailure("\n".join(problems))
        problems = ballot_problems(store, case)
    finally:
        store.close()
    problems += result_problems(data, run.results)
    if problems:
        raise CaseFailure("\n".join(problems))


def ballot_problems(store: Store, case: Case) -> list[str]:
    """Each ballot recorded through the council rule of the year's version (as `dtt council
    decide` does), its outcome compared with the one expected."""
    from dtt.workflow.council import decide

    problems = []
    for ballot in case.data.get("ballots") or []:
        try:
            got = decide(store, str(ballot["subject"]), track=ballot["track"],
                         year=case.data["year"], members=int(ballot["members"]),
                         votes_for=int(ballot["for"]), votes_against=int(ballot["against"]),
                         blank=int(ballot.get("blank", 0)))
        except InputError as exc:
            problems.append(f"{case.at(ballot)}: ballot refused: {exc}")
            continue
        if got["outcome"] != ballot["outcome"]:
            votes = "; ".join(c["detail"] for c in got["checks"])
            problems.append(f"{case.at(ballot)}: {ballot['subject']} {ballot['track']}: "
                            f"expected {ballot['outcome']}, got {got['outcome']} ({votes}; "
                            f"{got['source']})")
    return problems


def result_problems(case: dict[str, Any], results: list[dict[str, Any]]) -> list[str]:
    """The case's assertions checked against the evaluated results."""
    got = {(r["subject"], r["track"]): r for r in results}
    problems = []
    for subject, tracks in (case.get("expect") or {}).items():
        for track, status in tracks.items():
            row = got.get((subject, track))
            actual = row["status"] if row else "absent"
            if actual != status:
                problems.append(f"{subject} {track}: expected {status}, got {actual}"
                                + _why(row))
    for subject, tracks in (case.get("failing") or {}).items():
        for track, ids in tracks.items():
            row = got.get((subject, track))
            failed = sorted(c["id"] for c in row["checks"] if not c["passed"]) if row else []
            if failed != sorted(ids):
                problems.append(f"{subject} {track}: expected failing {sorted(ids)}, got "
                                f"{failed}" + _why(row))
    for subject, checks in (case.get("details") or {}).items():
        rows = [r for (s, _t), r in got.items() if s == subject]
        for check_id, text in checks.items():
            found = [c["detail"] for r in rows for c in r["checks"] if c["id"] == check_id]
            if not any(text in d for d in found):
                problems.append(f"{subject} {check_id}: no detail containing {text!r} "
                                f"in {found}")
    for key, field in (("ranks", "rank"), ("scores", "score")):
        for subject, tracks in (case.get(key) or {}).items():
            for track, want in tracks.items():
                row = got.get((subject, track))
                if row is None or row[field] != want:
                    problems.append(f"{subject} {track}: expected {field} {want}, got "
                                    f"{row and row[field]}")
    for subject, tracks in (case.get("ties") or {}).items():
        for track, text in tracks.items():
            row = got.get((subject, track))
            ties = (row or {}).get("tie") or []
            if not any(text in t for t in ties):
                problems.append(f"{subject} {track}: no tie explanation containing {text!r} "
                                f"in {ties}")
    for subject, tracks in (case.get("quota") or {}).items():
        for track, text in tracks.items():
            row = got.get((subject, track))
            basis = ((row or {}).get("quota") or {}).get("basis") or ""
            if text not in basis:
                problems.append(f"{subject} {track}: quota basis {basis!r} lacks {text!r}")
    return problems


def _why(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    lines = [f"\n    {'✓' if c['passed'] else '✗'} {c['id']}: {c['detail']}" for c in row["checks"]]
    return "".join(lines)
