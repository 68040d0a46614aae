"""Rules as short prose for explanations: `title ≥ CSTDCS`, `7 of 10 members LDTT+`.

Each operator describes itself (dtt.rules); this module is the engine's name for that."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dtt.rules.base import Rule, needs, rel, show, span
from dtt.rules.members import member_desc

if TYPE_CHECKING:
    from dtt.render.vocab import Vocabulary

__all__ = ["describe", "describe_text", "member_desc", "needs", "rel", "show", "span"]


def describe(rule: Rule) -> str:
    """A rule in a few words, years relative to the evaluated year Y."""
    return rule.describe()


# --------------------------------------------------------------------------- in Vietnamese

_OPS = {"≥": "≥", ">": ">", "≤": "≤", "<": "<", "=": "=", "≠": "≠"}
_SPAN = r"(Y(?:-\d+)?\.\.Y(?:-\d+)?|\d{4}(?:\.\.\d{4})?)"


def describe_text(text: str, vocab: Vocabulary, lang: str = "vi") -> str:
    """A rule's description (`describe`) as a person reads it in `lang`: metric and value
    labels, Vietnamese words and numbers. English, and any part whose form is not known,
    stay as `describe` wrote them."""
    if lang == "en" or not text:
        return text
    return _Say(vocab, lang).rule(text)


class _Say:
    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.lang = lang

    def num(self, text: str) -> str:
        from dtt.render.numbers import number

        try:
            value: float | int = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                return text
        return number(value, self.lang)

    def span(self, text: str) -> str:
        first, _, last = text.partition("..")
        return f"{first}–{last}" if last else first

    def track(self, key: str) -> str:
        from dtt.messages import lookup

        return lookup(f"track.short.{key}", self.lang) or self.vocab.tracks.get(key) or key

    def title(self, code: str) -> str:
        """A title code (or `CODE+`: that title or better)."""
        from dtt.messages import t

        plus = code.endswith("+")
        code = code.rstrip("+")
        label = self.vocab.value("title", code)
        return t("rule.or_better", self.lang, value=label) if plus else label

    def rule(self, text: str) -> str:  # noqa: C901 - one form per branch
        from dtt.messages import t

        text = text.strip()
        parts = _split_top(text, "; ")
        if len(parts) > 1:
            return "; ".join(self.rule(p) for p in parts)
        if text.startswith("(") and _closing(text, 0) == len(text) - 1:
            return "(" + self.rule(text[1:-1]) + ")"
        for word, key in ((" and ", "rule.and"), (" or ", "rule.or")):
            parts = _split_top(text, word)
            if len(parts) > 1:
                return t(key, self.lang).join(self.rule(p) for p in parts)
        m = re.fullmatch(r"if level in ([\w, ]+): (.+)", text)
        if m:
            levels = "; ".join(self.vocab.levels.get(k, k) for k in m.group(1).split(", "))
            return t("rule.if_level", self.lang, levels=levels, rule=self.rule(m.group(2)))
        m = re.fullmatch(r"if a leader: headed unit: (.+)", text)
        if m:
            return t("rule.if_leader", self.lang, rule=self.rule(m.group(1)))
        m = re.fullmatch(r"recruitment not recorded: (.+)", text)
        if m:
            return t("rule.no_recruitment", self.lang, rule=self.rule(m.group(1)))
        m = re.fullmatch(r"months from recruitment to the review \(([\d-]+)\) (\S+) "
                         r"([\d.]+) months", text)
        if m:
            month, _, day = m.group(1).partition("-")
            return t("rule.months_served", self.lang, day=f"{day}/{month}", op=m.group(2),
                     n=self.num(m.group(3)))
        m = re.fullmatch(r"(.+), no year used by an earlier award \((.+)\)", text)
        if m:
            return t("rule.unused_years", self.lang, rule=self.rule(m.group(1)),
                     award=self.rule(m.group(2)))
        m = re.fullmatch(r"(.+) in (each|any) of " + _SPAN, text)
        if m:
            return t(f"rule.in_{m.group(2)}", self.lang, rule=self.rule(m.group(1)),
                     span=self.span(m.group(3)))
        m = re.fullmatch(r"(.+) in at least (\d+) of " + _SPAN, text)
        if m:
            return t("rule.in_at_least", self.lang, rule=self.rule(m.group(1)), n=m.group(2),
                     span=self.span(m.group(3)))
        m = re.fullmatch(r"sum of (\w+) " + _SPAN + r" (\S+) ([\d.]+)", text)
        if m:
            return t("rule.sum", self.lang, metric=self.vocab.metric_of_year(m.group(1)).lower(),
                     span=self.span(m.group(2)), op=m.group(3), value=self.num(m.group(4)))
        m = re.fullmatch(r"awarded (\w+) \(council decision(?: or title ≥ (\w+))?\)", text)
        if m:
            title = (t("check.award_title", self.lang, title=self.title(m.group(2)))
                     if m.group(2) else "")
            return t("check.award_rule", self.lang, track=self.track(m.group(1)), title=title)
        m = re.fullmatch(r"eligible for (\w+)", text)
        if m:
            return t("rule.eligible_for", self.lang, track=self.track(m.group(1)))
        m = re.fullmatch(r"share of members (\w+\+?) (\S+) ([\d.]+)%", text)
        if m:
            return t("rule.members_share", self.lang, title=self.title(m.group(1)),
                     op=m.group(2), share=self.num(m.group(3)) + "%")
        m = re.fullmatch(r"members (\w+\+?) (\S+) ([\d.]+)", text)
        if m:
            return t("rule.members_count", self.lang, title=self.title(m.group(1)),
                     op=m.group(2), n=self.num(m.group(3)))
        m = re.fullmatch(r"all members (.+)", text)
        if m:
            return t("rule.all_members", self.lang, rule=self.rule(m.group(1)))
        m = re.fullmatch(r"no member (.+)", text)
        if m:
            return t("rule.no_member", self.lang, rule=self.rule(m.group(1)))
        return self.atom(text)

    def atom(self, text: str) -> str:
        """`metric op value`: the metric's label, the comparison, the value's label."""
        from dtt.messages import t
        from dtt.render.vocab import value_label

        m = re.fullmatch(r"(\w+) (≥|>|≤|<|=|≠) (.+)", text)
        if not m or m.group(1) not in self.vocab.metrics:
            return text
        key, op, raw = m.groups()
        label = self.vocab.metric(key)
        if re.fullmatch(r"-?[\d.]+", raw):
            return f"{label} {op} {self.num(raw)}"
        value = {"yes": True, "no": False}.get(raw, raw)
        said = value_label(self.vocab, key, value, self.lang)
        if op == "=":
            return f"{label}: {said}"
        if op == "≥":
            return f"{label}: " + t("rule.or_better", self.lang, value=said)
        return f"{label} {op} {said}"


def _closing(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_top(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside brackets."""
    parts: list[str] = []
    depth = start = i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts
