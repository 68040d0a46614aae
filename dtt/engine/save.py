"""Storing a run: one row per result in one BEGIN IMMEDIATE transaction, the previous current
rows of the same year and tracks (and scope) cleared by one set-based UPDATE.

The checks are serialised with the criterion's constant part (id, label, source) encoded once
per criterion; the text is byte for byte what `json.dumps(checks, ensure_ascii=False)` gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dtt.sector import UnitTree
from dtt.store import Store, now, os_user
from dtt.store import criteria as store_criteria
from dtt.store import results as store_results

if TYPE_CHECKING:
    from dtt.engine.run import Run

_CHECK_KEYS = ("id", "label", "source", "passed", "detail", "values")
_quote = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (ensure_ascii=False)


def _encoder() -> Callable[[Any], str]:
    """`json.dumps(o, ensure_ascii=False)` without building an encoder at every call (the
    C encoder, made once; the standard library's own path when it is not available)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False).encode

    def default(o: Any) -> Any:
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    try:
        chunks = make(None, default, _quote, None, ": ", ", ", False, False, True)
    except TypeError:  # another signature than CPython's
        return json.JSONEncoder(ensure_ascii=False).encode
    join = "".join
    return lambda o: join(chunks(o, 0))


_encode = _encoder()
# a page cache large enough that the results' indexes stay in memory while a sector's run is
# written (KiB, negative: a size rather than a page count); restored afterwards
_CACHE_KIB = 131072


class ChecksEncoder:
    """The JSON text of a result's checks, re-using each criterion's encoded head."""

    def __init__(self) -> None:
        self._heads: dict[tuple[str, str, str], tuple[str, str]] = {}

    def __call__(self, checks: list[dict[str, Any]]) -> str:
        if not checks:
            return "[]"
        parts = []
        heads = self._heads
        for check in checks:
            if tuple(check) != _CHECK_KEYS:
                parts.append(_encode(check))
                continue
            key = (check["id"], check["label"], check["source"])
            head = heads.get(key)
            if head is None:
                start = (f'{{"id": {_quote(key[0])}, "label": {_quote(key[1])}, '
                         f'"source": {_quote(key[2])}, "passed": ')
                head = heads[key] = (start + 'true, "detail": ', start + 'false, "detail": ')
            passed = check["passed"]
            if (passed is not True and passed is not False) or type(check["detail"]) is not str:
                parts.append(_encode(check))
                continue
            parts.append(f'{head[0] if passed else head[1]}{_quote(check["detail"])}, '
                         f'"values": {_encode(check["values"])}}}')
        return "[" + ", ".join(parts) + "]"


def facts(row: dict[str, Any]) -> str:
    """The decisive fact of a result in plain text: the deferring check of a deferred result,
    the first failing check (id: detail) of an ineligible result, the quota position of an
    eligible one, or `no quota`."""
    if row["status"] == "deferred":
        for check in row["checks"]:
            if check["id"] == f"{row['track']}.defer" and not check["passed"]:
                return f"{check['id']}: {check['detail']}"
    if not row["eligible"]:
        for check in row["checks"]:
            if not check["passed"]:
                return f"{check['id']}: {check['detail']}"
        return "ineligible"
    quota = row["quota"]
    if not quota or quota.get("limit") is None:
        return "no quota"
    return f"{quota['position']} of quota {quota['limit']} ({quota['basis']})"


def result_rows(run: Run, evaluation_id: int) -> list[tuple]:
    """The `results` rows of a run, ready for executemany."""
    checks_json = ChecksEncoder()
    no_quota = {"limit": None, "basis": "no quota", "position": None}
    rows: list[tuple] = []
    append = rows.append
    for r in run.results:
        ranking = dict(r["quota"] or no_quota)
        ranking["origin"] = r["origin"]
        if r.get("tie"):
            ranking["tie"] = r["tie"]
        append((evaluation_id, r.get("year", run.year), r["subject"], r["kind"], r["track"],
                r["unit"], r["group"], 1 if r["eligible"] else 0, r["score"], r["rank"],
                r["status"], _encode(ranking), checks_json(r["checks"]),
                _encode(r["score_terms"]), facts(r)))
    return rows


def save(store: Store, run: Run, tree: UnitTree | None = None,
         draft_text: str | None = None) -> int:
    """Store the run and its results; mark them current. Returns the evaluation id. A run of
    a unit's subtree (`run.scope_unit`, looked up in `tree`, else the run's own, else loaded)
    replaces the current results of that subtree only. A draft (`run.kind == "draft"`) is
    stored apart: its results are never current and the current ones stay as they were; its
    criteria text (`draft_text`) is kept, not made active."""
    tracks = list(run.summary["tracks"])
    draft = run.kind == "draft"
    base = run.base or {}
    with store_results.page_cache(store, _CACHE_KIB), store.write():
        eid = store_results.insert_evaluation(
            store, year=run.year, run_at=now(), criteria_version=run.version,
            criteria_sha256=run.sha256, scope_unit=run.scope_unit,
            scope_track=run.scope_track, os_user=os_user(), summary=_encode(run.summary),
            kind=run.kind, criteria_file=run.criteria_file, base_version=base.get("version"),
            base_sha256=base.get("sha256"))
        rows = result_rows(run, eid)
        if draft:
            if draft_text is not None:
                store_criteria.keep_criteria_text(store, run.sha256, draft_text, now())
        elif run.scope_unit is None:
            store_results.clear_current(store, run.year, tracks)
        else:
            tree = tree or run.tree or UnitTree.load(store, run.year)
            units = {r["unit"] for r in run.results}
            store_results.clear_current(store, run.year, tracks,
                                        tree.subtree(run.scope_unit) | units)
        store_results.insert_results(store, rows, current=not draft)
        store.audit("evaluate", year=run.year,
                    detail={"evaluation": eid, "unit": run.scope_unit,
                            "track": run.scope_track, "criteria": run.version,
                            "results": len(rows), "kind": run.kind})
    return eid
