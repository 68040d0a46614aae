"""The JSON documents of an evaluation run (the contracts of DESIGN.md), for the CLI and for any
script: `evaluation_document(run)` is what `dtt evaluate --format json` prints,
`explain_document(run)` what `dtt evaluate --explain SUBJECT --format json` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dtt.engine.run import Run

__all__ = ["evaluation_document", "explain_document", "result_document"]


def result_document(row: dict[str, Any]) -> dict[str, Any]:
    """One result as the contract has it: subject, kind, track, name, unit, group, eligible,
    score, rank, status, checks [{id, label, source, passed, detail, values}], quota,
    score_terms, origin."""
    return {"subject": row["subject"], "kind": row["kind"], "track": row["track"],
            "name": row["name"], "unit": row["unit"], "group": row["group"],
            "eligible": row["eligible"], "score": row["score"], "rank": row["rank"],
            "status": row["status"], "checks": row["checks"], "quota": row["quota"],
            "score_terms": row["score_terms"], "origin": row["origin"]}


def _criteria(run: Run) -> dict[str, str]:
    return {"version": run.version, "sha256": run.sha256}


def evaluation_document(run: Run) -> dict[str, Any]:
    """The run: year, criteria {version, sha256}, evaluation_id (None if not stored), scope
    {unit, track}, summary, results [...] (each as `result_document`); a draft run adds
    draft {file, stored, base {version, sha256}} (the criteria in force)."""
    doc = {"year": run.year, "criteria": _criteria(run), "evaluation_id": run.evaluation_id,
           "scope": {"unit": run.scope_unit, "track": run.scope_track},
           "summary": run.summary, "results": [result_document(r) for r in run.results]}
    if run.kind == "draft":  # a draft states both files: its own and the one in force
        doc["draft"] = {"file": run.criteria_file, "stored": run.evaluation_id is not None,
                        "base": dict(run.base or {})}
    return doc


def explain_document(run: Run) -> dict[str, Any]:
    """The trace of the run's explained subject (`evaluate(..., explain=CODE)`): subject, name,
    kind, unit, leader_of, year, evaluation_id, criteria {version, sha256}, tracks [...] (per
    applicable track: candidacy, checks, score breakdown, rank, quota, council) and `results`,
    the subject's stored results of the run in the shape of `evaluation_document`'s (none for
    a subject outside the run's --unit scope). Empty if the run explained no subject."""
    if run.explain is None:
        return {}
    code = run.explain["subject"]
    return {**run.explain, "year": run.year, "criteria": _criteria(run),
            "results": [result_document(r) for r in run.results if r["subject"] == code]}
