"""What the reports read: the unit tree, stored results overlaid with council decisions, and
the criteria labels. One query per table, never one per row, so a sector-scale report is quick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
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


def parse_checks(text: str | None) -> list[dict[str, Any]]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


_LATEST = ("(SELECT subject, track, outcome FROM decisions WHERE id IN "
           "(SELECT MAX(id) FROM decisions WHERE year = :year GROUP BY subject, track))")
_FROM = ("FROM results r LEFT JOIN " + _LATEST + " d ON d.subject = r.subject "
         "AND d.track = r.track ")
STATUS_SQL = "COALESCE(d.outcome, r.status)"
PLACE_SQL = "CASE WHEN r.kind = 'collective' THEN r.subject ELSE r.unit END"
# the first failed check as `id: detail`, for results stored before the `facts` column
_LEGACY_FAIL = (
    "(SELECT json_extract(c.value, '$.id') || ': ' || COALESCE(json_extract(c.value, "
    "'$.detail'), '') FROM json_each(r.checks) c WHERE json_extract(c.value, '$.passed') = 0 "
    "LIMIT 1)")


MMAP_BYTES = 1 << 30


def map_pages(store: Store) -> None:
    """Let SQLite read the database through a memory map: a report scans every result of a
    year, and mapped pages are not copied one by one."""
    store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def has_column(store: Store, table: str, column: str) -> bool:
    return any(r[1] == column for r in store.conn.execute(f"PRAGMA table_info({table})"))


def _where(year: int, track: str | None, only: Collection[str] | None,
           hidden: Collection[str]) -> tuple[str, dict[str, Any]]:
    """The WHERE clause of a selection of `year`'s current results (statuses after the
    council's decisions)."""
    params: dict[str, Any] = {"year": year}
    sql = "WHERE r.year = :year AND r.current = 1"
    if track:
        sql += " AND r.track = :track"
        params["track"] = track
    for op, statuses in (("IN", only), ("NOT IN", hidden)):
        if statuses is None or (op == "NOT IN" and not statuses):
            continue
        names = [f"s{len(params)}_{i}" for i in range(len(statuses))]
        params.update(zip(names, sorted(statuses), strict=True))
        sql += f" AND {STATUS_SQL} {op} ({', '.join(':' + n for n in names) or 'NULL'})"
    return sql, params


def read_results(store: Store, year: int, *, track: str | None = None,
                 only: Collection[str] | None = None, hidden: Collection[str] = (),
                 raw_checks: bool = False) -> list[dict[str, Any]]:
    """`year`'s current results with the subject's name and the council's outcome: those of
    `track` (None: all) whose status is in `only` (None: any) and not in `hidden`.

    One query over the results (names come from two small lookups, not a join per row); the
    stored checks are not parsed: each result gets `fail` (the first failed check as
    `id: detail`, from the stored `facts`), `quota_pos`, `quota_limit`, `decision`, and with
    raw_checks=True `checks_json` (the stored JSON as UTF-8 bytes).
    """
    map_pages(store)
    fail = "r.facts" if has_column(store, "results", "facts") else "NULL"
    where, params = _where(year, track, only, hidden)
    cursor = store.conn.cursor()
    cursor.row_factory = None  # plain tuples
    rows = cursor.execute(
        "SELECT r.subject, r.kind, r.track, r.unit, r.grp, r.eligible, r.score, r.rank, "
        f"{STATUS_SQL}, r.status, "
        "json_extract(r.quota, '$.position'), json_extract(r.quota, '$.limit'), "
        f"CASE WHEN r.eligible = 0 THEN COALESCE({fail}, {_LEGACY_FAIL}) END"
        + (", CAST(r.checks AS BLOB) " if raw_checks else " ") + _FROM + where,
        params).fetchall()
    names = subject_names(store, {r[1] for r in rows})
    decisions = latest_decisions(store, year)
    keys = ("subject", "kind", "track", "unit", "group", "eligible", "score", "rank", "status",
            "engine_status", "quota_pos", "quota_limit", "fail")
    out = []
    for r in rows:
        item = dict(zip(keys, r, strict=False))
        subject = r[0]
        item["name"] = names.get((r[1], subject)) or subject
        item["eligible"] = bool(r[5])
        item["decision"] = decisions.get((subject, r[2], year)) if decisions else None
        if raw_checks:
            item["checks_json"] = r[13]
        out.append(item)
    return out


def subject_names(store: Store, kinds: Collection[str]) -> dict[tuple[str, str], str]:
    """(kind, code) → name: people's full names, units' names (only the kinds asked for)."""
    out: dict[tuple[str, str], str] = {}
    if "person" in kinds:
        out.update((("person", c), n) for c, n in store.conn.execute(
            "SELECT code, full_name FROM people"))
    if "collective" in kinds:
        out.update((("collective", c), n) for c, n in store.conn.execute(
            "SELECT code, name FROM units"))
    return out


def count_results(store: Store, year: int, statuses: Collection[str], *,
                  track: str | None = None) -> dict[str | None, int]:
    """How many of `year`'s current results (of `track`) have one of `statuses`, per the unit
    each belongs under (a collective its own unit, a person the person's unit)."""
    where, params = _where(year, track, statuses, ())
    return dict(store.conn.execute(
        f"SELECT {PLACE_SQL}, COUNT(*) {_FROM}{where} GROUP BY 1", params).fetchall())


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


def year_tracks(store: Store, year: int) -> list[str]:
    """The tracks with current results in `year`."""
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT track FROM results WHERE year = ? AND current = 1", (year,))]
