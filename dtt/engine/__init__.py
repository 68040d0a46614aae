"""Evaluation: windows, streaks, member aggregates, scores, ranks, quotas, traces; the JSON
documents of a run (dtt.engine.documents)."""

from dtt.engine.documents import evaluation_document, explain_document
from dtt.engine.results import current_results, latest_evaluation, latest_year
from dtt.engine.run import Run, candidates, evaluate, load_criteria

__all__ = ["Run", "candidates", "current_results", "evaluate", "evaluation_document",
           "explain_document", "latest_evaluation", "latest_year", "load_criteria"]
