"""Evaluation: windows, streaks, member aggregates, scores, ranks, quotas, traces."""

from dtt.engine.results import current_results, latest_evaluation, latest_year
from dtt.engine.run import Run, candidates, evaluate, load_criteria

__all__ = ["Run", "candidates", "current_results", "evaluate", "latest_evaluation",
           "latest_year", "load_criteria"]
