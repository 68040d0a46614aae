"""Rules as short prose for explanations: `title ≥ CSTDCS`, `7 of 10 members LDTT+`.

Each operator describes itself (dtt.rules); this module is the engine's name for that."""

from __future__ import annotations

from dtt.rules.base import Rule, needs, rel, show, span
from dtt.rules.members import member_desc

__all__ = ["describe", "member_desc", "needs", "rel", "show", "span"]


def describe(rule: Rule) -> str:
    """A rule in a few words, years relative to the evaluated year Y."""
    return rule.describe()
