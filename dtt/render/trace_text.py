"""The rest of an explanation, in the reader's language, from what the engine stored: a score
term's breakdown, how a quota was worked out, what broke a tie, how a candidate came in.
English keeps the stored text; a form not known is shown as stored."""

from __future__ import annotations

import re
from typing import Any

from dtt.messages import lookup, t
from dtt.render.explain import _NUM, _YEARS, _track, _Words
from dtt.render.vocab import Vocabulary, default_vocabulary

__all__ = ["origin_text", "quota_basis_text", "term_text", "tie_text"]


_N = r"-?\d+(?:\.\d+)?"
_TERM_YEARS = re.compile(
    rf"^(?P<rule>.+) in (?P<n>\d+) of (?P<years>{_YEARS}) \((?P<which>[^)]*)\) × (?P<w>{_N}) "
    rf"= (?P<pts>{_N})$")
_TERM_MARGIN = re.compile(
    rf"^(?P<key>[a-z_][a-z0-9_]*) (?P<year>\d{{4}}) = (?P<v>{_N}), (?P<side>over|under) "
    rf"(?P<t>{_N}) by (?P<m>{_N}) × (?P<w>{_N})(?:, capped at (?P<cap>{_N}))? = (?P<pts>{_N})$")
_TERM_MISSING = re.compile(rf"^(?P<key>[a-z_][a-z0-9_]*) (?P<year>\d{{4}}) not recorded = "
                           rf"(?P<pts>{_N})$")
_TERM_SHARE = re.compile(
    rf"^(?P<m>\d+) of (?P<n>\d+) members (?P<who>.+?) = (?P<s>{_N})% × (?P<w>{_N}) = "
    rf"(?P<pts>{_N})$")
_TERM_COUNT = re.compile(
    rf"^(?P<m>\d+) members (?P<who>.+?) × (?P<w>{_N}) = (?P<pts>{_N})$")
_TERM_BODY = re.compile(rf"^(?P<key>[a-z_][a-z0-9_]*): (?P<body>.+) = (?P<pts>{_N})$")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?")


def _tokens(w: _Words, key: str | None, text: str) -> str:
    """Codes and numbers inside a breakdown: codes as labels (titles short), numbers in the
    language's form, years as they are."""
    def one(found: re.Match[str]) -> str:
        token = found.group(0)
        if _NUM.match(token):
            return token if re.fullmatch(r"\d{4}", token) else w.number(token)
        if token in ("none", "recorded", "not"):
            return token
        return w.value(key, token, short=True) if token in w.vocab.codes else token
    return _TOKEN.sub(one, text)


def _who(w: _Words, who: str) -> str:
    if who.endswith("+") and " " not in who:
        return w.m("who_title", title=w.value("title", who[:-1], short=True))
    return w.m("who_rule", rule=w.rule(who))


def term_text(term: dict[str, Any], lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """A score term's breakdown in `lang` (English: as stored; an unknown form: as stored)."""
    detail = term.get("detail") or ""
    if lang == "en" or not detail:
        return detail
    w = _Words(vocab or default_vocabulary(), lang)
    num = w.number
    if found := _TERM_YEARS.match(detail):
        which = found["which"]
        which = w.m("term_no_year") if which == "none" else which
        return w.m("term_years", rule=w.rule(found["rule"]), n=found["n"],
                   years=found["years"], which=which, w=num(found["w"]), pts=num(found["pts"]))
    if found := _TERM_MARGIN.match(detail):
        cap = w.m("term_cap", cap=num(found["cap"])) if found["cap"] else ""
        return w.m(f"term_{found['side']}", metric=w.vocab.metric_of_year(found["key"]),
                   year=found["year"], v=num(found["v"]), t=num(found["t"]),
                   m=num(found["m"]), w=num(found["w"]), cap=cap, pts=num(found["pts"]))
    if found := _TERM_MISSING.match(detail):
        return w.m("term_missing", metric=w.vocab.metric_of_year(found["key"]),
                   year=found["year"], pts=num(found["pts"]))
    if found := _TERM_SHARE.match(detail):
        return w.m("term_share", m=found["m"], n=found["n"], who=_who(w, found["who"]),
                   s=num(found["s"]), w=num(found["w"]), pts=num(found["pts"]))
    if found := _TERM_COUNT.match(detail):
        return w.m("term_count", m=found["m"], who=_who(w, found["who"]), w=num(found["w"]),
                   pts=num(found["pts"]))
    if found := _TERM_BODY.match(detail):
        key, body = found["key"], found["body"]
        if body == "none":
            body = w.m("term_none")
        elif body == "none recorded":
            body = w.m("not_recorded")
        else:
            body = _tokens(w, key, body.replace(" not recorded", " " + w.m("not_recorded")))
        return f"{w.vocab.metric(key)}: {body} = {num(found['pts'])}"
    return detail


_BASIS_FIXED = re.compile(r"^(?P<n>\d+) per (?P<where>cluster|group)$")
_BASIS_SHARE = re.compile(
    rf"^(?P<share>{_N})% of (?P<base>\d+) (?P<what>.+?) = (?P<raw>{_N}) → (?P<n>\d+) "
    r"\((?P<rounding>[a-z_]+), min (?P<min>\d+)\)$")


def quota_basis_text(basis: str, lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """How a quota was worked out (`15% of 520 people = 78.0 → 78 (floor, min 1)`), in
    `lang`; an unknown form as stored."""
    if lang == "en" or not basis:
        return basis
    vocab = vocab or default_vocabulary()
    w = _Words(vocab, lang)
    if basis == "no quota":
        return w.m("quota_none")
    if found := _BASIS_FIXED.match(basis):
        return w.m(f"quota_per_{found['where']}", n=found["n"])
    if found := _BASIS_SHARE.match(basis):
        what = found["what"]
        if what == "people":
            what = w.m("quota_people")
        elif what.startswith("eligible for "):
            what = w.m("quota_eligible", track=_track(vocab, what[len("eligible for "):], lang))
        elif what.endswith(" units"):
            level = what[:-len(" units")]
            what = w.m("quota_units", level=vocab.levels.get(level, level))
        rounding = lookup(f"check.round_{found['rounding']}", lang) or found["rounding"]
        return w.m("quota_share", share=w.number(found["share"]), base=found["base"],
                   what=what, raw=w.number(found["raw"]), n=found["n"], rounding=rounding,
                   min=found["min"])
    return basis


_TIE = re.compile(r"^ranked (?P<side>above|below) (?P<other>\S+) \(same score\): tie broken by: "
                  r"(?P<reason>.+)$")


def tie_text(text: str, lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """`ranked below P2 (same score): tie broken by: name order (…)`, in `lang`."""
    if lang == "en":
        return text
    found = _TIE.match(text)
    if not found:
        return text
    vocab = vocab or default_vocabulary()
    reason = found["reason"]
    if reason.startswith("name order (") and reason.endswith(")"):
        reason = t("check.tie_name", lang, words=reason[len("name order ("):-1])
    elif reason == "code":
        reason = t("check.tie_code", lang)
    else:
        key, sep, rest = reason.partition(" (")
        if key == "gender":
            reason = t("check.tie_gender", lang) + (f" ({rest}" if sep else "")
        elif key in vocab.metrics:
            reason = vocab.metric(key) + (f" ({rest}" if sep else "")
    return t(f"check.tie_{found['side']}", lang, other=found["other"], reason=reason)


def origin_text(origin: str | None, lang: str = "vi") -> str:
    """How a candidate came in: `discovered`, `nominated by UNIT`."""
    if not origin or lang == "en":
        return origin or ""
    if origin == "discovered":
        return t("check.origin_discovered", lang)
    if origin.startswith("nominated by "):
        return t("check.origin_nominated", lang, unit=origin[len("nominated by "):])
    return origin
