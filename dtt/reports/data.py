"""What the reports read: the unit tree, stored results overlaid with council decisions, and
the criteria labels. One query per table, never one per row, so a sector-scale report is quick.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dtt.store import Store
from dtt.text import sort_key

_GENERIC = re.compile(
    r"^(bhxh|bảo hiểm xã hội)\s+(tỉnh|thành phố|quận|huyện|thị xã|tp\.?)?\s*", re.IGNORECASE
)


def unit_sort_key(name: str) -> tuple:
    """Units in Vietnamese order of their proper name: 'BHXH tỉnh Bắc Ninh' sorts under B."""
    return (sort_key(_GENERIC.sub("", name or "")), name or "")


def natural_key(text: str) -> tuple:
    """'C2' before 'C10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


@dataclass
class UnitIndex:
    """The unit tree in memory: units by code, levels, clusters; ancestors on demand."""

    units: dict[str, dict[str, Any]]
    levels: dict[str, str]  # key -> name, in tree order
    clusters: dict[str, dict[str, Any]]  # key -> {name, members}
    _up: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def name(self, code: str | None) -> str:
        unit = self.units.get(code or "")
        return unit["name"] if unit else (code or "")

    def level(self, code: str | None) -> str | None:
        unit = self.units.get(code or "")
        return unit["level"] if unit else None

    def lineage(self, code: str | None) -> list[str]:
        """The unit itself, then its parent, … up to the root."""
        if not code:
            return []
        cached = self._up.get(code)
        if cached is not None:
            return cached
        out: list[str] = []
        cursor: str | None = code
        while cursor and cursor in self.units and cursor not in out:
            out.append(cursor)
            cursor = self.units[cursor]["parent"]
        self._up[code] = out
        return out

    def at_level(self, code: str | None, level: str) -> str | None:
        for unit in self.lineage(code):
            if self.units[unit]["level"] == level:
                return unit
        return None

    def of_level(self, level: str) -> list[str]:
        codes = [c for c, u in self.units.items() if u["level"] == level]
        return sorted(codes, key=lambda c: unit_sort_key(self.units[c]["name"]))

    def subtree(self, code: str) -> set[str]:
        return {c for c in self.units if code in self.lineage(c)}


def load_units(store: Store) -> UnitIndex:
    units = {r["code"]: dict(r) for r in store.query(
        "SELECT code, name, level, parent, position FROM units ORDER BY position")}
    levels = {r["key"]: r["name"] for r in store.query(
        "SELECT key, name FROM levels ORDER BY depth, position")}
    clusters: dict[str, dict[str, Any]] = {
        r["key"]: {"name": r["name"], "members": []}
        for r in store.query("SELECT key, name FROM clusters")}
    for r in store.query("SELECT cluster, unit FROM cluster_members"):
        clusters[r["cluster"]]["members"].append(r["unit"])
    ordered = dict(sorted(clusters.items(), key=lambda kv: natural_key(kv[0])))
    return UnitIndex(units, levels, ordered)


def evaluation_meta(store: Store, year: int) -> dict[str, Any] | None:
    """The latest stored evaluation for `year`: id, run_at, criteria version and sha256."""
    row = store.one(
        "SELECT id, run_at, criteria_version, criteria_sha256 FROM evaluations WHERE year = ? "
        "ORDER BY id DESC LIMIT 1", (year,))
    return dict(row) if row else None


def latest_decisions(store: Store, year: int | None = None) -> dict[tuple[str, str, int], dict]:
    """The last council decision per (subject, track, year)."""
    where, params = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    out: dict[tuple[str, str, int], dict] = {}
    for r in store.query(f"SELECT * FROM decisions {where} ORDER BY id", params):
        out[(r["subject"], r["track"], r["year"])] = dict(r)
    return out


_FAIL = ('"passed": false, "detail": ', '"passed":false,"detail":')
_DECODER = json.JSONDecoder()


def _first_failure(raw: str | None, checks: str | None) -> str | None:
    """The detail of the first failed check, read from the stored JSON text.

    `raw` is the stored text from just after the first `"passed": false, "detail": ` (SQLite
    finds it, so no row's whole list is parsed); `checks` the whole list when that key order
    was not found.
    """
    if raw:
        try:
            value, _ = _DECODER.raw_decode(raw)
            return None if value is None else str(value)
        except ValueError:
            pass
    for check in parse_checks(checks):
        if not check.get("passed"):
            return check.get("detail") or check.get("label") or check.get("id")
    return None


def parse_checks(text: str | None) -> list[dict[str, Any]]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def read_results(store: Store, year: int, *, raw_checks: bool = False) -> list[dict[str, Any]]:
    """Every current result of `year`, with the subject's name and the council's outcome.

    Two queries (results with names, decisions); nothing per row, and the stored checks are
    not parsed: each result gets `fail` (the first failed check's detail), `quota_pos`,
    `quota_limit`, `decision`, and with raw_checks=True `checks_json` (the stored text).
    """
    pattern = ", ".join(
        f"NULLIF(instr(r.checks, '{p}'), 0) + {len(p)}" for p in _FAIL)
    rows = store.conn.execute(
        "SELECT r.subject, r.kind, r.track, r.unit, r.grp, r.eligible, r.score, r.rank, "
        "r.status, COALESCE(p.full_name, u.name, r.subject) AS name, "
        "json_extract(r.quota, '$.position') AS qpos, json_extract(r.quota, '$.limit') AS qlim, "
        f"CASE WHEN r.eligible = 0 THEN substr(r.checks, COALESCE({pattern})) END AS fail, "
        f"CASE WHEN r.eligible = 0 AND COALESCE({pattern}) IS NULL THEN r.checks END AS whole"
        + (", r.checks AS checks_json " if raw_checks else " ") +
        "FROM results r LEFT JOIN people p ON r.kind = 'person' AND p.code = r.subject "
        "LEFT JOIN units u ON r.kind = 'collective' AND u.code = r.subject "
        "WHERE r.year = ? AND r.current = 1", (year,))
    decisions = latest_decisions(store, year)
    out = []
    for r in rows:
        subject, kind, track, unit, grp, eligible, score, rank, status, name = r[:10]
        decision = decisions.get((subject, track, year))
        item = {
            "subject": subject, "kind": kind, "track": track, "name": name, "unit": unit,
            "group": grp, "eligible": bool(eligible), "score": score, "rank": rank,
            "status": decision["outcome"] if decision else status, "engine_status": status,
            "quota_pos": r[10], "quota_limit": r[11],
            "fail": _first_failure(r[12], r[13]) if not eligible else None,
            "decision": decision,
        }
        if raw_checks:
            item["checks_json"] = r[14]
        out.append(item)
    return out


def subject_results(store: Store, subject: str, year: int) -> list[dict[str, Any]]:
    """One subject's current results of `year`, checks parsed (for the documents)."""
    decisions = latest_decisions(store, year)
    out = []
    for r in store.query("SELECT * FROM results WHERE subject = ? AND year = ? AND current = 1",
                         (subject, year)):
        decision = decisions.get((subject, r["track"], year))
        quota = json.loads(r["quota"]) if r["quota"] else {}
        out.append({
            "subject": subject, "kind": r["kind"], "track": r["track"], "unit": r["unit"],
            "group": r["grp"], "eligible": bool(r["eligible"]), "score": r["score"],
            "rank": r["rank"], "status": decision["outcome"] if decision else r["status"],
            "checks": parse_checks(r["checks"]), "quota_pos": quota.get("position"),
            "quota_limit": quota.get("limit"), "quota_basis": quota.get("basis"),
            "decision": decision,
        })
    return out


def status_counts_by_year(store: Store) -> dict[int, dict[str, dict[str, int]]]:
    """year -> track -> status -> count over every year's current results (decisions applied)."""
    rows = store.query(
        "SELECT r.year, r.track, COALESCE(d.outcome, r.status) AS status, COUNT(*) AS n "
        "FROM results r LEFT JOIN (SELECT subject, track, year, outcome FROM decisions "
        "  WHERE id IN (SELECT MAX(id) FROM decisions GROUP BY subject, track, year)) d "
        "  ON d.subject = r.subject AND d.track = r.track AND d.year = r.year "
        "WHERE r.current = 1 GROUP BY r.year, r.track, 3")
    out: dict[int, dict[str, dict[str, int]]] = {}
    for r in rows:
        out.setdefault(r["year"], {}).setdefault(r["track"], {})[r["status"]] = r["n"]
    return out


def people_index(store: Store) -> dict[str, dict[str, Any]]:
    return {r["code"]: dict(r) for r in store.query(
        "SELECT code, full_name, unit, position, heads FROM people")}


def head_of(store: Store, unit: str) -> dict[str, Any] | None:
    row = store.one("SELECT code, full_name, position FROM people WHERE heads = ? "
                    "ORDER BY code LIMIT 1", (unit,))
    return dict(row) if row else None


@dataclass
class CriteriaInfo:
    """Labels from the active criteria: track order and names, check labels, council rules."""

    name: str = ""
    tracks: dict[str, str] = field(default_factory=dict)  # key -> label, in file order
    checks: dict[str, str] = field(default_factory=dict)  # criterion id -> label
    sources: dict[str, str] = field(default_factory=dict)  # criterion id -> source
    council: dict[str, str] = field(default_factory=dict)  # track -> needs label

    def track_order(self, track: str) -> tuple[int, str]:
        keys = list(self.tracks)
        return (keys.index(track) if track in keys else len(keys), track)


def criteria_info(store: Store) -> CriteriaInfo:
    from dtt.criteria.source import active_text

    text, digest = active_text(store)
    return _criteria_info(text, digest)


@cache
def _criteria_info(text: str, digest: str) -> CriteriaInfo:
    try:
        from dtt.criteria.loader import parse_criteria

        criteria = parse_criteria(text, "criteria.yaml")
    except Exception:  # the labels are a nicety: a report never fails for want of them
        return CriteriaInfo()
    info = CriteriaInfo(name=criteria.name)
    for version in criteria.versions:
        for key, track in version.tracks.items():
            info.tracks.setdefault(key, track.label)
            info.council.setdefault(key, track.council.needs_label)
            for criterion in track.criteria:
                info.checks.setdefault(criterion.id, criterion.label)
                info.sources.setdefault(criterion.id, criterion.source)
    return info
