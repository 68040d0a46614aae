"""The whole trace of one subject for `evaluate --explain`: per applicable track, whether and
why it was a candidate, every criterion with its source and the values read, the score
breakdown, the rank and the quota cut."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dtt.engine.context import Subject
from dtt.engine.groups import Grouper
from dtt.engine.rules import Evaluator
from dtt.engine.score import score

if TYPE_CHECKING:
    from dtt.engine.run import Run


def trace(ev: Evaluator, grouper: Grouper, subj: Subject | None, year: int, keys: list[str],
          rows: dict[str, dict[str, dict]], run: Run) -> dict[str, Any]:
    from dtt.engine.run import applicable

    assert subj is not None
    ctx = ev.ctx
    tracks = []
    for key in keys:
        track = ev.version.tracks[key]
        if not applicable(track, subj, ctx):
            continue
        row = rows.get(key, {}).get(subj.code)
        entry: dict[str, Any] = {"track": key, "label": track.label, "source": track.source}
        if row is not None:
            entry.update(candidate=True, origin=row["origin"], eligible=row["eligible"],
                         checks=row["checks"], score=row["score"],
                         score_terms=row["score_terms"], rank=row["rank"],
                         status=row["status"], group=row["group"],
                         group_name=grouper.name(row["group"]), quota=row["quota"])
            if row.get("tie"):
                entry["tie"] = row["tie"]
        else:
            discovery = ev.check(track.discovery, subj, year, key)
            eligible, checks = ev.track_checks(key, subj, year)
            total, terms = score(ev, track, subj, year) if eligible else (None, [])
            group = grouper.pool(track, subj)[0]
            entry.update(candidate=False, origin=None,
                         not_candidate=f"not discovered ({discovery.detail}) and not "
                                       "nominated",
                         eligible=eligible, checks=checks, score=total, score_terms=terms,
                         rank=None, status="not a candidate", group=group,
                         group_name=grouper.name(group), quota=None)
        if track.quota is not None:
            q = track.quota.for_level(subj.level if subj.kind == "collective" else None)
            if q is not None:
                entry["quota_rule"] = {"label": q.label, "source": q.source or track.quota.source}
        entry["council"] = {"needs": track.council.needs_label,
                            "quorum": track.council.quorum_label,
                            "source": track.council.source}
        tracks.append(entry)
    return {"subject": subj.code, "name": subj.name, "kind": subj.kind, "unit": subj.unit,
            "leader_of": subj.heads, "year": year, "evaluation_id": run.evaluation_id,
            "criteria": {"version": run.version, "sha256": run.sha256}, "tracks": tracks}
