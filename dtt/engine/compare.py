"""Who a draft policy changes: the stored current results of a year beside a draft criteria
file evaluated in memory (or beside another stored run), subject by subject and group by group.

`compare(...)` returns a `Comparison` whose `document` is the JSON contract of `dtt compare`:
`{"year", "base": {"version", "sha256", "evaluation"}, "draft": {…}, "changes": [{"subject",
"track", "from": {"eligible", "status", "rank"}, "to": {…}, "decisive": [{"id", "detail"}]}],
"groups": [{"track", "group", "name", "changed", "before", "after", "quota"}]}`.

Statuses are the engine's on both sides (a council decision is not a policy, and laying it over
both would hide what the draft changes). A subject that is a candidate on one side only is
compared with `{"eligible": false, "status": "not a candidate", "rank": null}`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from dtt.criteria.source import active_criteria
from dtt.errors import InputError
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.store import runs as store_runs
from dtt.years import resolve_year

NOT_CANDIDATE = "not a candidate"
Progress = Callable[[str, int, int], None]


@dataclass
class Entry:
    """One subject's result on one track, on one side."""

    subject: str
    kind: str
    track: str
    unit: str | None
    group: str
    eligible: bool
    status: str
    rank: int | None
    score: float | None
    _quota: Any  # dict, JSON text or None
    _checks: Any  # list of dicts or JSON text (None: not read yet, see Side.load_checks)

    @property
    def quota(self) -> dict[str, Any] | None:
        if isinstance(self._quota, str):
            self._quota = json.loads(self._quota)
        q = self._quota
        return q if q and q.get("limit") is not None else None

    @property
    def checks(self) -> list[dict[str, Any]]:
        if isinstance(self._checks, str):
            self._checks = json.loads(self._checks)
        elif self._checks is None:
            return []
        checks: list[dict[str, Any]] = self._checks
        return checks

    def verdict(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "status": self.status, "rank": self.rank}


ABSENT = {"eligible": False, "status": NOT_CANDIDATE, "rank": None}


@dataclass
class Side:
    version: str
    sha256: str
    evaluation: int | None
    entries: dict[tuple[str, str], Entry]
    file: str | None = None  # a draft file's name
    scope_unit: str | None = None
    scope_track: str | None = None
    # reads the checks of some stored entries (the JSON is large: only the changed are read)
    load_checks: Callable[[list[tuple[str, str]]], dict[tuple[str, str], str]] | None = None

    def read_checks(self, keys: list[tuple[str, str]]) -> None:
        wanted = [k for k in keys if k in self.entries and self.entries[k]._checks is None]
        if self.load_checks is None or not wanted:
            return
        for key, text in self.load_checks(wanted).items():
            self.entries[key]._checks = text

    def head(self) -> dict[str, Any]:
        return {"version": self.version, "sha256": self.sha256, "evaluation": self.evaluation}


@dataclass
class Comparison:
    document: dict[str, Any]  # the JSON contract
    names: dict[str, str] = field(default_factory=dict)  # subject → name, for the changes
    base_file: str | None = None
    draft_file: str | None = None
    unit: str | None = None
    track: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


def compare(store: Store, year: int | None = None, *, criteria_text: str | None = None,
            criteria_file: str | None = None, evaluation: int | None = None,
            unit: str | None = None, track: str | None = None,
            progress: Progress | None = None) -> Comparison:
    """The stored current results of `year` against a draft criteria file (`criteria_text`,
    read from `criteria_file`; evaluated in memory, stored nowhere) or against the stored run
    `evaluation`; only subjects in `unit`'s subtree and on `track`, if given."""
    if (criteria_text is None) == (evaluation is None):
        raise InputError("give either --criteria FILE or --evaluation N", field="--criteria")
    from dtt.engine.run import without_gc

    with without_gc():  # as a run: hundreds of thousands of small objects that all live on
        return _compare(store, year, criteria_text, criteria_file, evaluation, unit, track,
                        progress)


def _compare(store: Store, year: int | None, criteria_text: str | None,
             criteria_file: str | None, evaluation: int | None, unit: str | None,
             track: str | None, progress: Progress | None) -> Comparison:
    started = perf_counter()
    year = resolve_year(store, year)
    installed = active_criteria(store)
    order = list(installed.version_for(year).order)
    tree: UnitTree | None = None
    if criteria_text is not None:
        from dtt.criteria.loader import parse_criteria
        from dtt.engine.run import compute

        draft_criteria = parse_criteria(criteria_text, criteria_file or "criteria")
        _check_track(track, order + list(draft_criteria.version_for(year).order))
        _require_current(store, year)
        run, _ = compute(store, year, unit, track, progress=progress,
                         criteria=draft_criteria)
        tree = run.tree
        draft = Side(run.version, run.sha256, None,
                     {(r["track"], r["subject"]): _entry_of_run(r) for r in run.results},
                     file=criteria_file)
        order += [k for k in run.summary["tracks"] if k not in order]
    else:
        assert evaluation is not None
        row = store_runs.evaluation(store, evaluation)
        if row is None:
            raise InputError(f"no evaluation #{evaluation}", field="--evaluation")
        if row["year"] != year:
            raise InputError(f"evaluation #{evaluation} is of {row['year']}, not {year}",
                             field="--evaluation")
        _check_track(track, order)
        _require_current(store, year)
        draft = Side(row["criteria_version"], row["criteria_sha256"], evaluation,
                     _stored_entries(store, year, evaluation, track),
                     file=row.get("criteria_file"), scope_unit=row["scope_unit"],
                     scope_track=row["scope_track"],
                     load_checks=lambda keys: store_runs.run_checks(store, year, keys,
                                                                    evaluation))
    computed = perf_counter()
    base = _base_side(store, year, track)
    if tree is None:
        tree = UnitTree.load(store, year)
    if unit is not None and unit not in tree:
        raise InputError(f"unknown unit '{unit}'", field="--unit")
    keep = _filter(tree, unit, track, draft)
    doc = _document(year, base, draft, keep, order, tree)
    names = store_runs.subject_names(store, {c["subject"] for c in doc["changes"]})
    return Comparison(doc, names, None, draft.file, unit, track,
                      {"draft": computed - started, "compare": perf_counter() - computed})


def _check_track(track: str | None, known: list[str]) -> None:
    if track is not None and track not in known:
        raise InputError(f"unknown track '{track}' (tracks: {', '.join(dict.fromkeys(known))})",
                         field="--track")


def _require_current(store: Store, year: int) -> None:
    from dtt.store import reports as store_reports

    if not store_reports.has_evaluation(store, year):
        raise InputError(f"no evaluation stored for {year}: run dtt evaluate --year {year} "
                         "first", field="--year")


def _entry_of_run(r: dict[str, Any]) -> Entry:
    return Entry(r["subject"], r["kind"], r["track"], r["unit"], r["group"], bool(r["eligible"]),
                 r.get("engine_status") or r["status"], r["rank"], r["score"], r["quota"],
                 r["checks"])


def _stored_entries(store: Store, year: int, evaluation: int | None,
                    track: str | None) -> dict[tuple[str, str], Entry]:
    return {(r["track"], r["subject"]): Entry(
        r["subject"], r["kind"], r["track"], r["unit"], r["grp"] or "", bool(r["eligible"]),
        r["status"], r["rank"], r["score"], r["quota"], None)
        for r in store_runs.run_results(store, year, evaluation, track)}


def _base_side(store: Store, year: int, track: str | None) -> Side:
    rows = store_runs.run_results(store, year, None, track)
    entries: dict[tuple[str, str], Entry] = {}
    latest = 0
    for r in rows:
        entries[(r["track"], r["subject"])] = Entry(
            r["subject"], r["kind"], r["track"], r["unit"], r["grp"] or "",
            bool(r["eligible"]), r["status"], r["rank"], r["score"], r["quota"], None)
        latest = max(latest, r["evaluation_id"])
    row = store_runs.evaluation(store, latest) if latest else None
    side = (Side("", "", None, entries) if row is None else
            Side(row["criteria_version"], row["criteria_sha256"], latest, entries))
    side.load_checks = lambda keys: store_runs.run_checks(store, year, keys)
    return side


def _filter(tree: UnitTree, unit: str | None, track: str | None,
            draft: Side) -> Callable[[Entry], bool]:
    """Which entries are compared: the unit's subtree and the track asked for, within what a
    scoped stored run covered."""
    units: set[str] | None = None
    for code in (unit, draft.scope_unit):
        if code is not None and code in tree and not tree.is_root(code):
            sub = tree.subtree(code)
            units = sub if units is None else units & sub
    tracks = {t for t in (track, draft.scope_track) if t is not None}

    def keep(e: Entry) -> bool:
        return (not tracks or e.track in tracks) and (units is None or e.unit in units)
    return keep


def _document(year: int, base: Side, draft: Side, keep: Callable[[Entry], bool],
              order: list[str], tree: UnitTree) -> dict[str, Any]:
    rank_of = {k: i for i, k in enumerate(order)}
    keys = [k for k, e in base.entries.items() if keep(e)]
    keys += [k for k, e in draft.entries.items() if k not in base.entries and keep(e)]
    changes: list[dict[str, Any]] = []
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    changed: list[tuple[str, str]] = []
    for key in keys:
        a, b = base.entries.get(key), draft.entries.get(key)
        before = a.verdict() if a else ABSENT
        after = b.verdict() if b else ABSENT
        for side, e in (("before", a), ("after", b)):
            if e is not None:
                _count(groups, e, side, tree)
        if before != after:
            changed.append(key)
    flipped = [k for k in changed if k in base.entries and k in draft.entries
               and base.entries[k].eligible != draft.entries[k].eligible]
    base.read_checks(flipped)
    draft.read_checks(flipped)
    for key in changed:
        a, b = base.entries.get(key), draft.entries.get(key)
        e = b or a
        assert e is not None
        why = decisive(a, b)
        g = groups.get((e.track, e.group))
        if g is not None:
            for d in why:
                if d["id"] == "rank":  # the others who moved: the group's eligible count
                    d["detail"] += (f" ({g['name']}: eligible {g['before']['eligible']} → "
                                    f"{g['after']['eligible']})")
        change: dict[str, Any] = {"subject": key[1], "track": key[0],
                                  "from": a.verdict() if a else ABSENT,
                                  "to": b.verdict() if b else ABSENT,
                                  "decisive": why, "_group": e.group}
        changes.append(change)
    changes.sort(key=lambda c: (rank_of.get(c["track"], len(order)), c["_group"],
                                c["from"]["rank"] is None, c["from"]["rank"] or 0,
                                c["subject"]))
    for c in changes:
        del c["_group"]
    out_groups = []
    for _key, g in sorted(groups.items(),
                                key=lambda kv: (rank_of.get(kv[0][0], len(order)), kv[0][1])):
        g["quota"] = {"before": sorted(g["quota"]["before"]), "after": sorted(g["quota"]["after"])}
        g["changed"] = g["before"] != g["after"] or g["quota"]["before"] != g["quota"]["after"]
        out_groups.append(g)
    return {"year": year, "base": base.head(), "draft": draft.head(), "changes": changes,
            "groups": out_groups}


def _count(groups: dict[tuple[str, str], dict[str, Any]], e: Entry, side: str,
           tree: UnitTree) -> None:
    g = groups.get((e.track, e.group))
    if g is None:
        name = e.group if e.group.startswith("cluster:") else (tree.name_of(e.group) or e.group)
        zero = {"candidates": 0, "eligible": 0, "recommended": 0}
        g = groups[(e.track, e.group)] = {
            "track": e.track, "group": e.group, "name": name, "changed": False,
            "before": dict(zero), "after": dict(zero),
            "quota": {"before": set(), "after": set()}}
    counts = g[side]
    counts["candidates"] += 1
    if e.eligible:
        counts["eligible"] += 1
    if e.status == "recommended":
        counts["recommended"] += 1
    if e.rank in (None, 1):  # the quota line is the same on every row of a pool
        quota = e.quota
        if quota is not None:
            g["quota"][side].add(quota_line(quota))


def quota_line(quota: dict[str, Any]) -> str:
    """'limit 3: 15% of 20 eligible for ldtt = 3.0 → 3 (floor, min 1)'."""
    return f"limit {quota['limit']}: {quota.get('basis') or ''}".rstrip(": ")


def decisive(a: Entry | None, b: Entry | None) -> list[dict[str, str]]:
    """The criteria that decide the difference between `a` (base) and `b` (draft), each with
    the values read: the checks whose verdict changed when eligibility changed (the draft's
    detail; the base's for a check the draft lacks), else the score, the quota and the rank."""
    if a is None:
        return [{"id": "candidate", "detail": "not a candidate in the base run; a candidate "
                                              "under the draft"}]
    if b is None:
        return [{"id": "candidate", "detail": "a candidate in the base run; not a candidate "
                                              "under the draft"}]
    out: list[dict[str, str]] = []
    if a.eligible != b.eligible:
        was = {c["id"]: c for c in a.checks}
        now = {c["id"]: c for c in b.checks}
        failing = b if not b.eligible else a
        for c in failing.checks:
            if c["passed"]:
                continue
            other = (was if failing is b else now).get(c["id"])
            if other is not None and not other["passed"]:
                continue  # failed on both sides: not what changed
            if failing is b:
                out.append({"id": c["id"], "detail": str(c["detail"])})
            elif other is not None:
                out.append({"id": c["id"], "detail": str(other["detail"])})
            else:
                out.append({"id": c["id"], "detail": f"{c['detail']} (not in the draft)"})
        if not out:
            out.append({"id": "eligibility", "detail": f"{_yes(a.eligible)} → "
                                                       f"{_yes(b.eligible)}"})
        return out
    if a.score != b.score:
        out.append({"id": "score", "detail": f"score {_num(a.score)} → {_num(b.score)}"})
    qa, qb = a.quota, b.quota
    if (qa or {}).get("limit") != (qb or {}).get("limit"):
        detail = (f"limit {(qa or {}).get('limit', '—')} → {(qb or {}).get('limit', '—')}"
                  + (f" ({qb['basis']})" if qb and qb.get("basis") else ""))
        out.append({"id": "quota", "detail": detail})
    if a.rank != b.rank:
        out.append({"id": "rank", "detail": f"rank {a.rank} → {b.rank} in {b.group}"})
    if not out:
        out.append({"id": "status", "detail": f"{a.status} → {b.status}"})
    return out


def _yes(flag: bool) -> str:
    return "eligible" if flag else "ineligible"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def change_line(change: dict[str, Any]) -> str:
    """One change in a line: `P123 cstdcs: recommended → ineligible; cstdcs.initiative:
    initiatives 2024 = 0, needs ≥ 1`."""
    why = "; ".join(f"{d['id']}: {d['detail']}" for d in change["decisive"])
    before, after = change["from"], change["to"]
    if before["status"] != after["status"]:
        what = f"{before['status']} → {after['status']}"
    else:
        what = f"{after['status']}, rank {before['rank']} → {after['rank']}"
    return f"{change['subject']} {change['track']}: {what}; {why}"


def verdict_text(v: dict[str, Any]) -> str:
    """'recommended (rank 2)', 'ineligible', 'not a candidate'."""
    return v["status"] + (f" (rank {v['rank']})" if v["rank"] is not None else "")
