"""Storing a run in one BEGIN IMMEDIATE transaction: a result unchanged since the current one
of the same year, track and subject (same criteria, same checks, same verdict) is listed under
the run, not stored again; the others are added, and the current ones they replace (or that
the run no longer finds) superseded. The checks go into the checks' dictionary: each
criterion's constant part once per criteria file, each distinct check and list of checks
once; the views give back, byte for byte, the JSON text `json.dumps(checks,
ensure_ascii=False)` gives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from dtt.sector import UnitTree
from dtt.store import Store, now, os_user
from dtt.store import criteria as store_criteria
from dtt.store import results as store_results

if TYPE_CHECKING:
    from dtt.engine.run import Run

_CHECK_KEYS = ("id", "label", "source", "passed", "detail", "values")
_LINEAGE_KEYS = (*_CHECK_KEYS, "lineage")
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
# written, small beside the run itself (KiB); restored afterwards
_CACHE_KIB = 32768
# rows encoded and written at a time: the run's rows are never all held encoded at once
_BATCH = 5000


class ChecksCompactor:
    """The id of a result's list of checks in the checks' dictionary: each check split into
    its criterion's constant head (id, label, source) and the item of what varies (passed,
    detail, the values read as JSON text, a lineage note); each distinct list of items kept
    once. A check of another shape is kept whole, as its JSON text.

    A values object met again (the engine may share one between checks) is encoded once: it
    is remembered by identity, with a reference that keeps it alive while the compactor
    lives (the run's results are not changed while they are stored)."""

    def __init__(self, dictionary: store_results.CheckDictionary) -> None:
        self.dictionary = dictionary
        self._heads: dict[tuple[Any, Any, Any], int] = {}
        self._lists: dict[tuple[int, ...], int] = {}
        self._values: dict[int, tuple[Any, str]] = {}
        self._items: dict[int, tuple[Any, int]] = {}

    def __call__(self, checks: list[dict[str, Any]]) -> int:
        ids = tuple(self.item(check) for check in checks)
        found = self._lists.get(ids)
        if found is None:
            found = self._lists[ids] = self.dictionary.list(
                "[" + ",".join(map(str, ids)) + "]")
        return found

    def _encoded(self, values: Any) -> str:
        seen = self._values.get(id(values))
        if seen is None:
            seen = self._values[id(values)] = (values, _encode(values))
        return seen[1]

    def item(self, check: dict[str, Any]) -> int:
        """The id of a check's item; a check met again (the engine shares one check between
        results) by identity, as the values are."""
        seen = self._items.get(id(check))
        if seen is None:
            seen = self._items[id(check)] = (check, self._item(check))
        return seen[1]

    def _item(self, check: dict[str, Any]) -> int:
        keys = tuple(check)
        passed, detail = check.get("passed"), check.get("detail")
        if ((keys == _CHECK_KEYS or keys == _LINEAGE_KEYS) and type(detail) is str
                and (passed is True or passed is False)):
            head_key = (check["id"], check["label"], check["source"])
            head = self._heads.get(head_key)
            if head is None:
                if not all(v is None or type(v) is str for v in head_key) \
                        or head_key[0] is None:
                    return self.dictionary.item((None, None, None, None, None, _encode(check)))
                head = self._heads[head_key] = self.dictionary.head(head_key)
            lineage = check.get("lineage")
            return self.dictionary.item((head, 1 if passed else 0, detail,
                                         self._encoded(check["values"]),
                                         None if lineage is None else _encode(lineage), None))
        return self.dictionary.item((None, None, None, None, None, _encode(check)))


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


# a quota's position while its text is made: the text is cut where this number stands
_PLACE = 7_340_033_214_781_993
_PLACE_TEXT = str(_PLACE)


def _quota(ranking: dict[str, Any], texts: store_results.TextDictionary,
           ) -> tuple[int, int | None, str | None, Any]:
    """A result's quota as stored: the id of its text (without the tie notes, and without
    its position where the position is an integer: the text is then that of every result of
    the quota's group, cut where the position goes back), the position (or None), the notes'
    JSON text (None without notes) and the notes themselves. The notes are the last key, so
    the whole is the first part without its closing brace, then `, "tie": `, the notes and
    the brace: the C encoder joins a dict's items that way. `ranking` is the caller's own
    copy, and is changed here."""
    notes = tie = None
    head = ranking
    if len(ranking) > 1 and next(reversed(ranking)) == "tie":
        notes = head.pop("tie")
        tie = _encode(notes)
    position = head.get("position")
    if type(position) is int and position != _PLACE:
        head["position"] = _PLACE
        text = _encode(head)
        at = text.find(_PLACE_TEXT)
        if at >= 0 and text.find(_PLACE_TEXT, at + 1) < 0:
            return (texts(text[:at] + text[at + len(_PLACE_TEXT):], at), position, tie, notes)
        head["position"] = position
    return texts(_encode(head)), None, tie, notes


def _facts(fact: str, position: int | None, texts: store_results.TextDictionary) -> int:
    """The id of a result's facts: `<position> of quota …` without the position (put back
    from the row's quota position), any other text whole."""
    if position is not None:
        lead = str(position)
        if fact.startswith(lead + " of quota "):
            return texts(fact[len(lead):], 0)
    return texts(fact)


# a tie note as the quota's cut writes it (dtt/engine/quota.py)
_TIE_NOTE = re.compile(r"ranked (above|below) (\S+) \(same score\): tie broken by: (.*)",
                       re.DOTALL)


def _ties(notes: Any, texts: store_results.TextDictionary) -> str | None:
    """The tie notes as one JSON list, each note its subject then the id of the reason's text
    (positive: ranked above, negative: below), when every note is one the quota's cut
    writes; None otherwise (the notes are then kept as their text)."""
    if type(notes) is not list or not notes:
        return None
    parts = []
    for note in notes:
        found = _TIE_NOTE.fullmatch(note) if type(note) is str else None
        if found is None:
            return None
        side, other, reason = found.groups()
        reason_id = texts(reason)
        parts.append(f"{_quote(other)},{reason_id if side == 'above' else -reason_id}")
    return "[" + ",".join(parts) + "]"


class TermsCompactor:
    """The stored form of a result's score terms: (id of the list of its terms' texts, None)
    for a list, each term's text kept once; (None, id of the whole text) for anything else.
    A list or a term met again (by identity: the run's results are not changed while they are
    stored) is not encoded again."""

    def __init__(self, texts: store_results.TextDictionary) -> None:
        self.texts = texts
        self._seen: dict[int, tuple[Any, tuple[int | None, int | None]]] = {}
        self._terms: dict[int, tuple[Any, str]] = {}

    def __call__(self, terms: Any) -> tuple[int | None, int | None]:
        seen = self._seen.get(id(terms))
        if seen is not None:
            return seen[1]
        if type(terms) is list:
            ids = ",".join([self._term(t) for t in terms])
            stored: tuple[int | None, int | None] = (self.texts.terms(f"[{ids}]"), None)
        else:
            stored = (None, self.texts(_encode(terms)))
        self._seen[id(terms)] = (terms, stored)
        return stored

    def _term(self, term: Any) -> str:
        """The id of a term's text, as text; a term met again (results share them) by
        identity."""
        seen = self._terms.get(id(term))
        if seen is None:
            seen = self._terms[id(term)] = (term, str(self.texts(_encode(term))))
        return seen[1]


def result_rows(run: Run, evaluation_id: int, compact: ChecksCompactor,
                texts: store_results.TextDictionary,
                previous: dict[tuple[Any, str], tuple], next_id: int,
                listed: list[int], kept: set[int], current: bool = True) -> Iterator[tuple]:
    """The new `result_rows` of a run, one at a time, ready for executemany (ids from
    `next_id` on); the id of every result the run lists (new ones and those of `previous` it
    found unchanged: (track code, subject) → the current row, its id first and what it
    stores from `store_results.STORED_FROM` on) appended to `listed` as they go, those
    kept added to `kept`. A result is unchanged when what it would store is what the
    current row stores: its texts, checks and terms have the same ids in the dictionaries,
    which keep each content once."""
    no_quota = {"limit": None, "basis": "no quota", "position": None}
    run_id = evaluation_id if current else None
    terms_of = TermsCompactor(texts)
    kind_code, track_code = store_results.kind_code, store_results.track_code
    status_code = store_results.status_code
    stored_from = store_results.STORED_FROM
    for r in run.results:
        ranking = dict(r["quota"] or no_quota)
        ranking["origin"] = r["origin"]
        if r.get("tie"):
            ranking["tie"] = r["tie"]
        quota_ref, position, tie, notes = _quota(ranking, texts)
        ties = None if tie is None else _ties(notes, texts)
        terms_list, terms_ref = terms_of(r["score_terms"])
        content = (r.get("year", run.year), kind_code(r["kind"]), texts.unit(r["unit"]),
                   texts.unit(r["group"]),
                   1 if r["eligible"] else 0, r["score"], r["rank"], status_code(r["status"]),
                   quota_ref, position, None if ties else tie, ties, compact(r["checks"]),
                   terms_list, terms_ref, _facts(facts(r), position, texts))
        track, subject = track_code(r["track"]), r["subject"]
        before = previous.get((track, subject))
        if before is not None and before[stored_from:] == content:
            listed.append(before[0])
            kept.add(before[0])
            continue
        yield (next_id, subject, track, *content, run_id)
        listed.append(next_id)
        next_id += 1


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
        units: set[str] | None = None
        if run.scope_unit is not None and not draft:
            tree = tree or run.tree or UnitTree.load(store, run.year)
            units = tree.subtree(run.scope_unit) | {r["unit"] for r in run.results}
        if draft and draft_text is not None:
            store_criteria.keep_criteria_text(store, run.sha256, draft_text, now())
        dictionary = store_results.CheckDictionary(store, run.sha256)
        texts = store_results.TextDictionary(store)
        previous = store_results.current_rows(store, run.year, tracks, units)
        listed: list[int] = []
        kept: set[int] = set()
        rows = result_rows(run, eid, ChecksCompactor(dictionary), texts, previous,
                           store_results.next_result_id(store), listed, kept,
                           current=not draft)
        # a batch at a time: what a row refers to first, then the rows
        while batch := list(islice(rows, _BATCH)):
            dictionary.flush(store)
            texts.flush(store)
            store_results.insert_results(store, batch)
        dictionary.flush(store)
        if not draft:
            store_results.supersede(store, (row[0] for row in previous.values()
                                              if row[0] not in kept))
        store_results.list_results(store, eid, listed)
        if not draft:
            store_results.keep_current(store, eid, run.year, tracks, units)
        store.audit("evaluate", year=run.year,
                    detail={"evaluation": eid, "unit": run.scope_unit,
                            "track": run.scope_track, "criteria": run.version,
                            "results": len(listed), "kind": run.kind})
    return eid
