"""Nomination (giới thiệu): every unit, grassroots first, introduces its candidates upward.

A person is introduced by their own unit, a collective by its parent unit. The introducing unit
holds an `origin='discovered'` row for each subject the track's discovery rule picks; every unit
above it holds an `origin='below'` row. A unit's own choices are `origin='manual'` rows (an
addition, or a withdrawal with `withdrawn=1`) which every re-run keeps:

* a manual addition at U makes the subject introduced at U and above;
* a manual withdrawal at U stops the subject at U: no row above U (unless a unit above adds it
  back by hand) and none below U except manual ones, which the withdrawal also marks withdrawn —
  so a withdrawn subject's rows are all withdrawn and the engine drops it.

The whole computation is set-based: one read of units, people, records and nominations, a walk
up each candidate's precomputed chain of units in Python, and one `executemany` per change kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dtt.criteria.model import Track
from dtt.errors import InputError
from dtt.lineage import Lineage
from dtt.sector import UnitTree
from dtt.store import Store, now
from dtt.store import history as store_history
from dtt.store import workflow as store_workflow
from dtt.workflow import policy
from dtt.workflow.discover import YearData, discover

Key = tuple[str, str, str]  # (track, subject, unit)


def _introducers(store: Store, tree: UnitTree, year: int,
                 lineage: Lineage) -> dict[str, dict[str, str]]:
    """kind -> {subject: introducing unit}: a person's unit as of `year` (a closed unit's
    people with its successor), a unit's parent."""
    units = {code: u.parent for code, u in tree.units.items() if u.parent}
    people = {code: unit if unit in tree.units else lineage.follow(unit, tree.units)
              for code, _, unit, _, _ in store_history.roster(store, year)}
    return {"person": people, "collective": units}


def run(store: Store, year: int | None = None, unit: str | None = None,
        track: str | None = None) -> dict[str, Any]:
    """Discover and introduce candidates in `unit`'s subtree (all units if None)."""
    year = policy.year_or_latest(store, year)
    tracks = _tracks(store, year, track)
    if unit is not None:
        policy.unit_row(store, unit)
    tree = UnitTree.load(store, year)
    scope_units = tree.subtree(unit) if unit else set(tree.units)
    lineage = Lineage.load(store)
    intro = _introducers(store, tree, year, lineage)
    changes = _sync(store, tree, intro, year, tracks, scope_units, None, lineage)
    store.audit("nominate", year=year,
                detail={"unit": unit, "tracks": [t.key for t in tracks], **changes})
    return {"year": year, "unit": unit, "tracks": [t.key for t in tracks], **changes}


def add(store: Store, subject: str, *, track: str, reason: str, year: int | None = None,
        unit: str | None = None) -> dict[str, Any]:
    """A unit introduces `subject` by hand (origin manual)."""
    return _manual(store, subject, track, reason, year, unit, withdrawn=False)


def withdraw(store: Store, subject: str, *, track: str, reason: str, year: int | None = None,
             unit: str | None = None) -> dict[str, Any]:
    """A unit withdraws `subject` (origin manual, withdrawn); re-runs keep it withdrawn."""
    return _manual(store, subject, track, reason, year, unit, withdrawn=True)


def _tracks(store: Store, year: int, track: str | None) -> list[Track]:
    """The track `track` in force in `year`, or every track of that year in criteria order."""
    if track is not None:
        return [policy.track(store, track, year)]
    version = policy.version(store, year)
    return [version.tracks[k] for k in version.order]


def _manual(store: Store, code: str, track: str | None, reason: str | None,
            year: int | None, unit: str | None, *, withdrawn: bool) -> dict[str, Any]:
    flag = "--withdraw" if withdrawn else "--add"
    subj = policy.subject(store, code, field=flag)
    year = policy.year_or_latest(store, year)
    if not track:
        raise InputError(f"{flag} needs --track", field="--track")
    trk = policy.track(store, track, year)
    subj = policy.as_of(store, subj, year)  # introduced by its unit of that year
    policy.check_applies(trk, subj)
    if not reason or not reason.strip():
        raise InputError(f"{flag} needs a reason", field="--reason")
    tree = UnitTree.load(store, year)
    intro = subj.introducer
    if intro is None:
        raise InputError(f"{code} is the top unit; no unit above introduces it", field=flag)
    at = unit or intro
    if unit is not None:
        policy.unit_row(store, unit)
    chain = list(tree.ancestors(intro))
    if at not in chain:
        raise InputError(f"{code} is not in the subtree of {at}; units that can introduce it: "
                         f"{', '.join(chain)}", field="--unit")
    manual = store_workflow.manual_nominations(store, year, trk.key, code)
    above = chain[chain.index(at) + 1:]
    if not withdrawn:
        vetoed = [u for u in above if manual.get(u) == 1]
        if vetoed:
            raise InputError(f"{code} was withdrawn for {trk.key} {year} by {vetoed[-1]}; only "
                             f"{vetoed[-1]} or a unit above it can add it back", field="--unit")
    else:
        added = [u for u in above if manual.get(u) == 0]
        if added:
            raise InputError(f"{added[-1]} added {code} by hand for {trk.key} {year}; withdraw "
                             f"it there (--unit {added[-1]})", field="--unit")
    stamp = now()
    text = reason.strip()
    with store.write():
        store_workflow.set_manual_nomination(store, year, trk.key, code, at, text, withdrawn,
                                             stamp)
        if withdrawn:  # everything introduced below `at` is withdrawn with it
            store_workflow.withdraw_nominations(store, year, trk.key, code,
                                                chain[:chain.index(at)],
                                                f"withdrawn by {at}: {text}")
        changes = _sync(store, tree, {subj.kind: {code: intro}}, year, [trk], None, {code})
        action = "nominate.withdraw" if withdrawn else "nominate.add"
        store.audit(action, subject=code, year=year,
                    detail={"track": trk.key, "unit": at, "reason": text, **changes})
    return {"year": year, "track": trk.key, "subject": code, "unit": at,
            "withdrawn": withdrawn, "reason": text, **changes}


def _sync(store: Store, tree: UnitTree, intro: dict[str, dict[str, str]], year: int,
          tracks: list[Track], scope_units: set[str] | None,
          only: set[str] | None, lineage: Lineage | None = None) -> dict[str, int]:
    """Recompute the non-manual rows of every subject in scope; write only the differences."""
    data = YearData(store, year, lineage)
    # the stored rows, walked once: the units' manual choices, and the rows a run recomputes
    manual: dict[tuple[str, str], dict[str, int]] = {}
    existing: dict[Key, tuple[str, str | None]] = {}
    for t, s, u, o, why, withdrawn in store_workflow.nomination_rows(store, year,
                                                                    [t.key for t in tracks]):
        if o == "manual":
            manual.setdefault((t, s), {})[u] = withdrawn
        else:
            existing[(t, s, u)] = (o, why)
    # each row the run wants is compared with the stored one as it is made: one lookup a key
    # (tuple hashes are not cached: each lookup rehashes three strings); what is left of
    # `existing` afterwards is no longer wanted
    fresh: list[tuple[Key, tuple[str, str]]] = []
    moved: list[tuple[Key, tuple[str, str]]] = []
    pop = existing.pop
    introduced = 0
    scoped: set[tuple[str, str]] = set()
    for trk in tracks:
        subjects = {s: u for s, u in intro.get(trk.subject, {}).items()
                    if (only is None or s in only)
                    and (scope_units is None or u in scope_units)}
        if trk.subject == "collective" and trk.levels is not None:
            subjects = {s: u for s, u in subjects.items() if tree.level_of(s) in trk.levels}
        scoped.update((trk.key, s) for s in subjects)
        found = discover(data, trk, subjects)
        key = trk.key
        for s in set(found) | {s for (t, s) in manual if t == key and s in subjects}:
            pairs = _walk(key, s, tree.ancestors(subjects[s]), found.get(s),
                          manual.get((key, s)))
            introduced += len(pairs)
            for k, v in pairs:
                old = pop(k, None)
                if old is None:
                    fresh.append((k, v))
                elif old != v:
                    moved.append((k, v))
    stale = [k for k in existing if (k[0], k[1]) in scoped]
    stamp = now()
    with store.write():
        store_workflow.apply_nominations(store, year, remove=stale, insert=fresh, update=moved,
                                         at=stamp)
    return {"introduced": introduced, "added": len(fresh), "removed": len(stale),
            "changed": len(moved)}


def _walk(track: str, subject: str, chain: Sequence[str], reasons: list[str] | None,
          manual: dict[str, int] | None) -> list[tuple[Key, tuple[str, str]]]:
    """The non-manual rows of one subject up its chain of units (see the module doc), one
    per unit at most, bottom first."""
    if not manual:  # the common case: discovered at the bottom, seen by every unit above
        why = "; ".join(reasons or [])
        above = ("below", f"from {chain[0]}: {why}")
        out = [((track, subject, chain[0]), ("discovered", why))]
        out += [((track, subject, unit), above) for unit in chain[1:]]
        return out
    top_withdrawal = max((i for i, u in enumerate(chain) if manual.get(u) == 1), default=-1)
    alive = False
    source, why = chain[0], "; ".join(reasons or [])
    rows: list[tuple[Key, tuple[str, str]]] = []
    for i, unit in enumerate(chain):
        if unit in manual:
            alive = manual[unit] == 0
            if alive:
                source, why = unit, "added by hand"
            continue
        if i == 0:
            alive = reasons is not None
        if alive and i > top_withdrawal:
            if i == 0:
                rows.append(((track, subject, unit), ("discovered", why)))
            else:
                rows.append(((track, subject, unit), ("below", f"from {source}: {why}")))
    return rows


def _scope(store: Store, year: int | None, unit: str | None,
           track: str | None) -> tuple[int, UnitTree, set[str]]:
    """The year (the latest if None), its tree and the units in `unit`'s subtree (all if
    None), after checking the track and the unit exist."""
    year = policy.year_or_latest(store, year)
    if track is not None:
        policy.track(store, track, year)
    tree = UnitTree.load(store, year)
    if unit is not None:
        policy.unit_row(store, unit)
    return year, tree, tree.subtree(unit) if unit else set(tree.units)


def _grassroots_first(tree: UnitTree, units: Iterable[str]) -> list[str]:
    return sorted(units, key=lambda u: (-len(tree.ancestors(u)), tree.units[u].position))


def listing(store: Store, year: int | None = None, unit: str | None = None,
            track: str | None = None) -> dict[str, Any]:
    """Per unit, grassroots first: whom it introduced itself (and why), and how many it
    received from below. `unit` limits to that unit's subtree."""
    year, tree, scope = _scope(store, year, unit, track)
    names = store_workflow.person_names(store)
    names.update({code: u.name for code, u in tree.units.items()})
    below = {u: n for u, n in store_workflow.received_counts(store, year, track).items()
             if u in scope}
    own: dict[str, list[dict[str, Any]]] = {}
    for r in store_workflow.own_nominations(store, year, track):
        if r[0] not in scope:
            continue
        own.setdefault(r[0], []).append({
            "subject": r[2], "name": names.get(r[2], ""), "track": r[1], "origin": r[3],
            "reason": r[4] or "", "withdrawn": bool(r[5])})
    units = _grassroots_first(tree, (u for u in scope if u in own or u in below))
    return {"year": year, "unit": unit, "track": track, "units": [
        {"unit": u, "name": tree.units[u].name, "level": tree.units[u].level,
         "introduced": own.get(u, []), "from_below": below.get(u, 0)} for u in units]}


_LIVE: dict[str, Any] = {"withdrawn": False}
_WITHDRAWN: dict[str, Any] = {"withdrawn": True}


def summary(store: Store, year: int | None = None, unit: str | None = None,
            track: str | None = None) -> dict[str, Any]:
    """`listing` counted, for the one line a unit of the per-unit summary: the same units in
    the same order, each unit's `introduced` one item per own nomination saying only whether
    it is withdrawn, counted by SQL without reading the nominations themselves."""
    year, tree, scope = _scope(store, year, unit, track)
    counts = {r[0]: r for r in store_workflow.nomination_counts(store, year, track)
              if r[0] in scope}
    return {"year": year, "unit": unit, "track": track, "units": [
        {"unit": u, "name": tree.units[u].name, "level": tree.units[u].level,
         "introduced": [_LIVE] * counts[u][1] + [_WITHDRAWN] * counts[u][2],
         "from_below": counts[u][3]} for u in _grassroots_first(tree, counts)]}
