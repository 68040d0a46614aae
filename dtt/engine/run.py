"""One evaluation run: candidates per track, checks, scores, ranks, quota cuts — then stored in
one BEGIN IMMEDIATE transaction. An explanation (`explain`) computes the subject's groups
only and stores nothing: reading is not a run. A draft (`try_draft`) runs another criteria
file on the year and is stored apart from the current results (or not at all: dry run)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from dtt.criteria.model import Criteria, Track
from dtt.criteria.source import active_criteria
from dtt.domain import DEFERRED
from dtt.engine.context import Context, Subject
from dtt.engine.groups import Grouper
from dtt.engine.quota import cut
from dtt.engine.results import decisions_of
from dtt.engine.rules import Evaluator
from dtt.engine.save import save
from dtt.engine.score import score_all
from dtt.engine.select import picked
from dtt.engine.trace import trace
from dtt.errors import InputError
from dtt.sector import UnitTree
from dtt.store import Store
from dtt.years import resolve_year

Progress = Callable[[str, int, int], None]


@dataclass
class Run:
    evaluation_id: int | None  # None: not stored (an explanation, a dry run, a draft compared)
    year: int
    version: str
    sha256: str
    scope_unit: str | None
    scope_track: str | None
    results: list[dict[str, Any]]
    summary: dict[str, Any]
    explain: dict[str, Any] | None = None
    track_labels: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, not stored
    kind: str = "current"  # or "draft": another criteria file, never the current results
    criteria_file: str | None = None  # a draft's file name
    base: dict[str, str] | None = None  # a draft's installed criteria: {version, sha256}
    tree: UnitTree | None = field(default=None, repr=False)  # the year's tree, not stored


load_criteria = active_criteria


def applicable(track: Track, subj: Subject, ctx: Context) -> bool:
    """Whether the track can consider this subject at all (kind, level; never the root)."""
    if subj.kind != track.subject:
        return False
    if subj.kind == "collective":
        if ctx.tree.is_root(subj.code):
            return False
        return track.levels is None or subj.level in track.levels
    return True


def candidates(ev: Evaluator, track: Track, year: int) -> dict[str, str]:
    """subject code → how it became a candidate: discovered by the track's discovery rule, or
    nominated; minus those whose nominations were all withdrawn by hand."""
    ctx = ev.ctx
    pool: dict[str, Subject] = ctx.people if track.subject == "person" else ctx.collectives
    out: dict[str, str] = {}
    able = [subj for subj in pool.values() if applicable(track, subj, ctx)]
    found = picked(ev, track.discovery, able, year, track.key)  # all at once, where it can
    for subj in able:
        if (subj.code in found if found is not None
                else ev.passes(track.discovery, subj, year, track.key)):
            out[subj.code] = "discovered"
    for (key, code), rows in ctx.nominations.items():
        if key != track.key:
            continue
        nominee = pool.get(code)
        if nominee is None or not applicable(track, nominee, ctx):
            continue
        live = [unit for withdrawn, _origin, unit in rows if not withdrawn]
        if live:
            out[code] = out.get(code) or f"nominated by {live[0]}"
        elif all(w and origin == "manual" for w, origin, _ in rows):
            out.pop(code, None)
    return out


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a run builds millions of small, acyclic dicts and
    strings that live until it ends, and the collector would walk them again and again
    (about a third of the evaluation time at sector scale). Reference counting still frees
    everything; the collector resumes, as it was, when the run ends — after the objects alive
    then are frozen (gc.freeze), so that its first passes do not walk the whole run again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def evaluate(store: Store, year: int | None = None, unit: str | None = None,
             track: str | None = None, explain: str | None = None,
             progress: Progress | None = None) -> Run:
    """Evaluate `year` (default: the latest with records) and store the run. With `explain`,
    the subject's trace instead, computed and not stored (see `explain_subject`)."""
    if explain is not None:
        return explain_subject(store, explain, year, unit, track)
    with without_gc():
        # only the run is kept: the context and the evaluator's memos (a third of the memory
        # of a run) are freed before the rows are encoded and written
        run = compute(store, year, unit, track, progress=progress)[0]
        started = perf_counter()
        run.evaluation_id = save(store, run)
        run.timings["store"] = perf_counter() - started
        _overlay_decisions(store, run)
        return run


def explain_subject(store: Store, subject: str, year: int | None = None,
                    unit: str | None = None, track: str | None = None) -> Run:
    """The whole trace of `subject` in `year` (every applicable track, or one): only the
    groups it competes in are computed, so its rank and quota are those of a full run; nothing
    is stored (`evaluation_id` None). `unit` is only checked."""
    with without_gc():
        run, parts = compute(store, year, unit, track, explain=subject)
        _overlay_decisions(store, run)
        ev, grouper, all_rows, keys = parts
        run.explain = trace(ev, grouper, ev.ctx.subject(subject), run.year, keys, all_rows, run)
        return run


def try_draft(store: Store, text: str, filename: str, year: int | None = None,
              unit: str | None = None, track: str | None = None, dry_run: bool = False,
              progress: Progress | None = None) -> Run:
    """Evaluate `year` under another criteria file (`text`, read from `filename`). The run is
    stored as a draft — its results never current, so standings and reports never see it —
    unless `dry_run`, which stores nothing at all. `run.base` names the installed criteria's
    version and sha256 for the year, beside the draft's own."""
    from dtt.criteria.loader import parse_criteria

    draft = parse_criteria(text, filename)
    with without_gc():
        run = compute(store, year, unit, track, progress=progress, criteria=draft)[0]
        installed = load_criteria(store)
        run.kind, run.criteria_file = "draft", filename
        run.base = {"version": installed.version_for(run.year).key,
                    "sha256": installed.sha256}
        if not dry_run:
            started = perf_counter()
            run.evaluation_id = save(store, run, draft_text=text)
            run.timings["store"] = perf_counter() - started
        return run


Parts = tuple[Evaluator, Grouper, dict[str, dict[str, dict]], list[str]]


def compute(store: Store, year: int | None, unit: str | None = None, track: str | None = None,
            explain: str | None = None, progress: Progress | None = None,
            criteria: Criteria | None = None) -> tuple[Run, Parts]:
    """The run of `year` in memory (nothing stored, `evaluation_id` None, the engine's
    statuses), under `criteria` (default: the database's), and the parts a trace needs. With
    `explain`, only the groups where that subject competes are computed."""
    year = resolve_year(store, year)
    criteria = criteria if criteria is not None else load_criteria(store)
    version = criteria.version_for(year)
    if track is not None and track not in version.tracks:
        raise InputError(f"unknown track '{track}' (tracks: {', '.join(version.order)})",
                         field="--track")
    started = perf_counter()
    ctx = Context(store, criteria, version, year)
    loaded = perf_counter()
    if unit is not None and unit not in ctx.tree:
        raise InputError(f"unknown unit '{unit}'", field="--unit")
    if explain is not None and ctx.subject(explain) is None:
        raise InputError(f"unknown subject '{explain}' (neither a person nor a unit)",
                         field="--explain")
    scope = None if unit is None or ctx.tree.is_root(unit) else ctx.tree.subtree(unit)
    if explain is not None:
        scope = set()  # the explained subject's groups only
    ev = Evaluator(ctx, version)
    grouper = Grouper(ctx)
    keys = [track] if track else list(version.order)
    results: list[dict[str, Any]] = []
    summary: dict[str, Any] = {"tracks": {}}
    all_rows: dict[str, dict[str, dict]] = {}
    for i, key in enumerate(keys):
        if progress:
            progress(key, i, len(keys))
        rows = _run_track(ev, grouper, version.tracks[key], year, scope, explain)
        all_rows[key] = rows
        stored = [r for r in rows.values() if r.pop("_in_scope")]
        results.extend(stored)
        summary["tracks"][key] = {
            "candidates": len(stored),
            "eligible": sum(1 for r in stored if r["eligible"]),
            "recommended": sum(1 for r in stored if r["status"] == "recommended"),
            DEFERRED: sum(1 for r in stored if r["status"] == DEFERRED)}
    if progress:
        progress("store", len(keys), len(keys))
    summary["results"] = len(results)
    run = Run(None, year, version.key, criteria.sha256, unit, track, results, summary,
              track_labels={k: t.label for k, t in version.tracks.items()})
    run.timings = {"load": loaded - started, "evaluate": perf_counter() - loaded}
    run.tree = ctx.tree
    return run, (ev, grouper, all_rows, keys)


def _overlay_decisions(store: Store, run: Run) -> None:
    """Show a council's outcome as the status, as current_results does (engine's kept)."""
    decided = decisions_of(store, run.year, run.scope_track)
    if not decided:
        return
    for row in run.results:
        decision = decided.get((row["track"], row["subject"]))
        if decision is not None:
            row["engine_status"] = row["status"]
            row["status"] = decision["outcome"]


def _run_track(ev: Evaluator, grouper: Grouper, track: Track, year: int,
               scope: set[str] | None, explain: str | None = None) -> dict[str, dict]:
    """Rows of every pool with a candidate in scope (pools are computed whole, so a result
    never depends on --unit); rows outside the scope are marked `_in_scope: False`."""
    ctx = ev.ctx
    found = candidates(ev, track, year)
    subjects: dict[str, Subject] = {}
    for code in found:
        subj = ctx.subject(code)
        assert subj is not None  # a candidate comes from the people or the units
        subjects[code] = subj
    pool_of = grouper.pools(track, subjects)
    pools: dict[tuple, list[str]] = {}
    for code, pool in pool_of.items():
        pools.setdefault(pool, []).append(code)
    wanted = {p for p, codes in pools.items()
              if scope is None or explain in codes
              or any(subjects[c].unit in scope for c in codes)}
    # the criteria, then the scores of the eligible, for all the wanted pools' subjects at
    # once (in the order of the candidates: tracks with the same candidates share what they
    # read)
    judged = [s for c, s in subjects.items() if pool_of[c] in wanted]
    verdicts = ev.track_checks_all(track.key, judged, year)
    scores = score_all(ev, track, [s for s in judged if verdicts[s.code][0]], year, judged)
    out: dict[str, dict] = {}
    for pool in sorted(wanted, key=lambda p: (p[0], p[1] or "")):
        rows = [_row(track, subjects[c], found[c], pool, verdicts[c], scores)
                for c in pools[pool]]
        level = pool[1]
        quota = track.quota.for_level(level) if track.quota else None
        cut(rows, subjects, quota, track, pool, grouper, ev, year)
        for row in rows:
            row["_in_scope"] = (scope is None or subjects[row["subject"]].unit in scope
                                or row["subject"] == explain)
        out.update([(row["subject"], row) for row in rows])
    return out


def _row(track: Track, subj: Subject, origin: str, pool: tuple,
         verdict: tuple[bool, list[dict]], scores: dict[str, tuple[float, list[dict]]]
         ) -> dict[str, Any]:
    eligible, checks = verdict
    total, terms = scores[subj.code] if eligible else (None, [])
    status = "ineligible"
    if track.defer is not None and not eligible and deferred(checks, track.defer):
        status = DEFERRED  # under review: not considered yet, neither ranked nor rejected
    return {"subject": subj.code, "kind": subj.kind, "track": track.key, "name": subj.name,
            "unit": subj.unit, "group": pool[0], "eligible": eligible, "score": total,
            "rank": None, "status": status, "checks": checks, "quota": None,
            "score_terms": terms, "origin": origin}



def deferred(checks: list[dict[str, Any]], defer_id: str) -> bool:
    """Whether the track's `defer` criterion failed: the subject is under disciplinary review,
    investigation or complaint (NĐ 98/2023/NĐ-CP Điều 4 khoản 4)."""
    return any(c["id"] == defer_id and not c["passed"] for c in checks)
