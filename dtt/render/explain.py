"""A check's explanation in the reader's language, rendered at read time from what is stored.

The engine stores each check as it decided it (id, passed, the values read, and its detail in
the operators' fixed English grammar: `rating 2020 = HTTNV, needs ≥ HTTNV`, `title ≥ CSTDCS in
each of 2018–2020: 2018 CSTDCS ✓, …`, `6 of 6 members LDTT+ = 100%, needs > 50%`). Nothing of
that changes. This module reads the detail's structure back — per operator: the metric, the
year or years, the value read, the comparison and the threshold — and writes the sentence again
from the per-operator templates of the message catalogue (`check.*`), with metric names and
enum values as the criteria label them and numbers in the language's form:

    detail_text({"detail": "rating 2020 = HTTNV, needs ≥ HTTNV", …}, "vi")
      → "Mức độ hoàn thành nhiệm vụ năm 2020: Hoàn thành tốt nhiệm vụ,
         cần Hoàn thành tốt nhiệm vụ trở lên"

English keeps the stored detail as it is. A detail whose form is not known is shown as stored
(`render_clause` returns None for it, so a test can list such forms).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dtt.messages import lookup, t
from dtt.render import numbers
from dtt.render.vocab import Vocabulary, default_vocabulary, value_label, vocabulary

__all__ = ["Vocabulary", "default_vocabulary", "detail_text", "fail_text", "render_clause",
           "value_label", "vocabulary"]

TICK, CROSS = "✓", "✗"


# --- the detail grammar, read back ---------------------------------------------------------
_NUM = re.compile(r"^-?\d+(?:\.\d+)?$")
_YEARS = r"\d{4}(?:–\d{4})?"
_OPS = {"=": "eq", "≠": "ne", ">": "gt", "≥": "gte", "<": "lt", "≤": "lte"}

_COMPARE = re.compile(
    rf"^(?:(?P<unit>[A-Z][A-Z0-9_-]*) )?(?P<key>[a-z_][a-z0-9_]*) (?P<years>{_YEARS}) "
    rf"(?:= (?P<val>.+?)|(?P<missing>not recorded))(?P<headed> \(headed unit\))?, "
    rf"needs (?P<need>[^✓✗]+?)(?P<bad> \('.*' is not a value of [a-z_]+\))?$")
_WINDOW = re.compile(
    rf"^(?P<rule>.+?) (?P<words>in each of|in any of|in at least (?P<k>\d+) of|"
    rf"(?P<n>\d+) years running, in each of) (?P<years>{_YEARS})"
    rf"(?P<fresh>, no year used by an earlier award)?: (?P<marks>.+)$")
_COUNT = re.compile(
    rf"^(?P<rule>.+?) in (?P<hits>\d+) of (?P<years>{_YEARS}), needs (?P<need>.+?): "
    rf"(?P<marks>.+)$")
_MEMBERS = re.compile(
    r"^(?P<m>\d+) of (?P<n>\d+) members (?P<who>.+?)(?: = (?P<share>[\d.]+)%)?, "
    r"needs (?P<need>[^✓✗]+)$")
_NO_MEMBER = re.compile(r"^no member has a record in (?P<year>\d{4}), needs (?P<need>.+)$")
_NA_LEVEL = re.compile(r"^not applicable: level (?P<level>\S+) is not one of (?P<levels>.+)$")
_ELIGIBLE = re.compile(r"^eligible for (?P<track>[a-z_]+) \((?P<label>.+)\) in (?P<year>\d{4})$")
_NOT_ELIGIBLE = re.compile(
    r"^not eligible for (?P<track>[a-z_]+) \((?P<label>.+?)\) in (?P<year>\d{4}) — "
    r"(?P<failed>.+)$")
_APPLIES = re.compile(r"^(?P<track>[a-z_]+) applies to a (?P<kind>person|collective)$")
_INSTEAD = re.compile(r"^recruited not recorded, so instead: (?P<rest>.+)$")
_NO_RECRUITED = re.compile(
    r"^recruited not recorded, needs (?P<need>.+) from recruitment to the review "
    r"(?P<day>\d{4}-\d{2}-\d{2})$")
_RECRUITED = re.compile(
    r"^recruited (?P<start>\d{4}-\d{2}-\d{2}): (?P<months>\d+) months at the review "
    r"(?P<day>\d{4}-\d{2}-\d{2}), needs (?P<need>.+)$")
_RECRUITED_LATE = re.compile(
    r"^recruited (?P<start>\d{4}-\d{2}-\d{2}), after the review (?P<day>\d{4}-\d{2}-\d{2}), "
    r"needs (?P<need>.+)$")
_RECORD = re.compile(r"^record (?P<year>\d{4}) (?P<state>present|not recorded)$")
_REGISTERED = re.compile(r"^(?P<neg>not )?registered for (?P<track>[a-z_]+) in (?P<year>\d{4})$")
_AWARDED = re.compile(r"^awarded (?P<track>[a-z_]+) in (?P<year>\d{4}) \((?P<ways>.+)\)$")
_NO_AWARD = re.compile(r"^no (?P<track>[a-z_]+) award in (?P<year>\d{4})$")
_NOT = re.compile(r"^not \((?P<inner>.+)\)$")
_JOINED = re.compile(r"(?<=[✓✗]) (and|or) ")
_SUB_CHECK = re.compile(r"; (?=[a-z_][a-z0-9_]*\.[a-z0-9_.]+: )")
_MARK = re.compile(rf"(?P<year>\d{{4}}) (?P<body>.*?) (?P<ok>[{TICK}{CROSS}])"
                   r"(?: \(rules (?P<rules>[^)]+)\))?"
                   rf"(?: used by the (?P<award>\d{{4}}) award \((?P<aspan>{_YEARS})\) "
                   rf"(?P<used>[{TICK}{CROSS}]))?(?:, |$)")
_DESCRIBE = re.compile(r"^(?P<key>[a-z_][a-z0-9_]*)(?P<rel> Y(?:[+-]\d+)?)? (?P<op>[=≠><≥≤]) "
                       r"(?P<val>.+)$")
_AWARD_RULE = re.compile(r"^awarded (?P<track>[a-z_]+) \(council decision"
                         r"(?: or title ≥ (?P<title>[A-Z_]+))?\)$")
_SHORTS = {"no award": "no_award_short", "awarded": "awarded_short", "eligible": "eligible_short",
           "not eligible": "not_eligible_short", "no unit": "no_headed_unit", "n/a": "na_short",
           "yes": "", "no": ""}
_DT_NONE = re.compile(r"^no discipline in (?P<first>\d{4})–(?P<last>\d{4}): the years read, "
                      r"(?P<window>[\d–]+), count ✓$")
_DT_HEAD = re.compile(r"^the years read, (?P<window>[\d–]+), (?P<how>begin after every "
                      r"discipline term|lie inside or before a discipline term): (?P<parts>.+)$")
_DT_PART = re.compile(
    r"^(?P<key>[a-z_]+) (?P<year>\d{4}) = (?P<form>[a-z_]+), (?:term until (?P<until>\d{4}-\d{2}-"
    r"\d{2})|term to the end of (?P<ended>\d{4}) \((?P<ukey>[a-z_]+) not recorded: "
    r"(?P<months>\d+) months from (?P<from>\d{4}), dtt's default\)): achievements count from "
    r"(?P<count>\d{4}) (?P<ok>[✓✗])$")
_LINEAGE_NOTE = re.compile(r"^(?P<year>\d{4}): (?P<pred>\S+), predecessor of (?P<code>\S+) "
                          r"\((?P<how>merged|renamed) (?P<when>\d{4}-\d{2}-\d{2})\)$")
_TERM = r"(?:-?\d+(?:\.\d+)?|not recorded)"  # a year's part of a sum
_SUM_VALUE = re.compile(rf"^{_TERM}(?: \+ {_TERM})+ = -?\d+(?:\.\d+)?$")


class _Words:
    """The pieces of one language's sentences (vocabulary and catalogue at hand)."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab, self.lang = vocab, lang

    def m(self, key: str, **params: object) -> str:
        return t(f"check.{key}", self.lang, **params)

    def number(self, text: str) -> str:
        return numbers.number(float(text) if "." in text else int(text), self.lang) \
            if _NUM.match(text) else text

    def value(self, key: str | None, text: str, short: bool = False) -> str:
        """A shown value: a number, yes/no, an enum code, `not recorded`, or a sum."""
        text = text.strip()
        if text == "not recorded":
            return self.m("not_recorded")
        if text in ("yes", "no"):
            return t(f"value.{text}", self.lang)
        if _NUM.match(text):
            return self.number(text)
        if _SUM_VALUE.match(text):
            return re.sub(r"not recorded|-?\d+(?:\.\d+)?",
                          lambda mt: self.m("not_recorded") if mt.group(0) == "not recorded"
                          else self.number(mt.group(0)), text)
        if short:
            shorter = lookup(f"title.short.{text}", self.lang)
            if shorter:
                return shorter
        return self.vocab.value(key, text)

    def values(self, key: str | None, text: str) -> str:
        """A list of values `A, B`."""
        return ", ".join(self.value(key, v) for v in text.split(", "))

    def need(self, key: str | None, text: str) -> str:
        """What a comparison needs: `≥ HTTNV` → 'Hoàn thành tốt nhiệm vụ trở lên'."""
        text = text.strip()
        if text == "all":
            return self.m("need_all")
        if text == "none" and key is None:
            return self.m("need_nobody")
        months = re.match(r"^(?P<op>[≥≤><=≠]) (?P<n>\d+) months$", text)
        if months:
            return f"{months['op']} {self.m('months', n=months['n'])}"
        for words, name in (("one of ", "one_of"), ("none of ", "none_of")):
            if text.startswith(words):
                return self.m(f"need_{name}", values=self.values(key, text[len(words):]))
        percent = text.endswith("%")
        body = text[:-1] if percent else text
        head, _, rest = body.partition(" ")
        op = _OPS.get(head)
        if op is None or not rest:
            return self.value(key, text)
        if _NUM.match(rest):
            return f"{head} {self.number(rest)}{'%' if percent else ''}"
        return self.m(f"need_{op}", value=self.value(key, rest))

    def rule(self, text: str) -> str:
        """A rule's own words (describe): `rating = HTXSNV`, `a and b`, `(a or b)`."""
        text = text.strip()
        award = _AWARD_RULE.match(text)
        if award:
            title = (self.m("award_title", title=self.value("title", award["title"], short=True))
                     if award["title"] else "")
            return self.m("award_rule", track=_track(self.vocab, award["track"], self.lang),
                          title=title)
        if text.startswith("(") and text.endswith(")"):
            return f"({self.rule(text[1:-1])})"
        for word in (" and ", " or "):
            if word in text:
                joined = self.m("and" if word == " and " else "or")
                return f" {joined} ".join(self.rule(part) for part in text.split(word))
        found = _DESCRIBE.match(text)
        if not found:
            return text
        key = found["key"]
        rel = found["rel"] or ""
        name = self.vocab.metric(key) + (rel if rel else "")
        symbol, val = found["op"], found["val"]
        need = self.need(key, f"{symbol} {val}") if symbol != "=" else self.value(key, val)
        return self.m("rule", metric=name, need=need)

    def marks(self, text: str, key: str | None) -> str | None:
        """`2018 CSTDCS ✓, 2019 not recorded ✗` → per year, the value read and the mark."""
        out = []
        pos = 0
        for found in _MARK.finditer(text):
            if found.start() != pos:
                return None
            pos = found.end()
            said = f"{found['year']} {self.cell(key, found['body'])} {found['ok']}"
            if found["rules"]:
                said += " " + self.m("rules_of", version=found["rules"])
            if found["award"]:
                said += " " + self.m("used_by", year=found["award"], span=found["aspan"])
                said += " " + found["used"]
            out.append(said)
        if pos != len(text):
            return None
        return ", ".join(out)

    def cell(self, key: str | None, body: str) -> str:
        """One year's cell of a window: a value, or `k1 v1, k2 v2` of a joined rule."""
        short = _SHORTS.get(body)
        if short:
            return self.m(short)
        months = re.match(r"^(\d+) months$", body)
        if months:
            return self.m("months", n=months[1])
        parts = body.split(", ")
        if len(parts) > 1 or (key is None and " " in body):
            shown = []
            for part in parts:
                k, _, v = part.partition(" ")
                shown.append(f"{self.vocab.metric(k)}: {self.value(k, v, short=True)}"
                             if v else part)
            return "; ".join(shown)
        return self.value(key, body, short=True)


def _rule_metric(rule_text: str) -> str | None:
    """The one metric a rule's words read (for its per-year cells), else None."""
    found = _DESCRIBE.match(rule_text.strip())
    if found and " and " not in rule_text and " or " not in rule_text:
        return found["key"]
    return None


def render_clause(detail: str, vocab: Vocabulary, lang: str = "vi") -> str | None:
    """One stored detail in `lang`, or None when its form is not one the operators write."""
    key = (detail, lang)
    if key in vocab.said:
        return vocab.said[key]
    said = _render(detail, vocab, lang)
    if len(vocab.said) < 200_000:
        vocab.said[key] = said
    return said


def _discipline_term(detail: str, w: _Words) -> str | None:
    """The discipline-term rule: which years count, term by term."""
    if found := _DT_NONE.match(detail):
        return w.m("dt_none", first=found["first"], last=found["last"], window=found["window"])
    found = _DT_HEAD.match(detail)
    if not found:
        return None
    parts = []
    for part in found["parts"].split("; "):
        got = _DT_PART.match(part)
        if not got:
            return None
        if got["until"]:
            term = w.m("dt_until", date=numbers.date_short(dt.date.fromisoformat(got["until"]),
                                                           w.lang))
        else:
            term = w.m("dt_default", ended=got["ended"], metric=w.vocab.metric(got["ukey"]),
                       months=got["months"], year=got["from"])
        parts.append(w.m("dt_part", metric=w.vocab.metric(got["key"]), year=got["year"],
                         value=w.value(got["key"], got["form"]), term=term,
                         count=got["count"], ok=got["ok"]))
    head = "dt_after" if found["how"].startswith("begin") else "dt_inside"
    return w.m(head, window=found["window"], parts="; ".join(parts))


def _lineage_notes(notes: str, w: _Words) -> str | None:
    """`2024: NDH, predecessor of NBH (renamed 2025-07-01); …` in the language."""
    out = []
    for note in notes.split("; "):
        found = _LINEAGE_NOTE.match(note)
        if not found:
            return None
        out.append(w.m(f"lineage_{found['how']}", year=found["year"], pred=found["pred"],
                       code=found["code"],
                       when=numbers.date_short(dt.date.fromisoformat(found["when"]), w.lang)))
    return "; ".join(out)


def _render(detail: str, vocab: Vocabulary, lang: str) -> str | None:
    w = _Words(vocab, lang)
    detail = detail.strip()
    if " — " in detail and ", predecessor of " in detail:
        body, _, notes = detail.rpartition(" — ")
        said, told = _render(body, vocab, lang), _lineage_notes(notes, w)
        return None if said is None or told is None else f"{said} — {told}"
    if detail.startswith(("no discipline in ", "the years read, ")):
        return _discipline_term(detail, w)
    if _JOINED.search(detail):
        return _joined(detail, w)
    if detail == "not recorded":
        return w.m("not_recorded")
    if detail == "not applicable: not a leader":
        return w.m("na_leader")
    if detail == "heads no unit":
        return w.m("no_headed_unit")
    if found := _INSTEAD.match(detail):
        rest = render_clause(found["rest"], vocab, lang)
        return None if rest is None else w.m("instead", rest=rest)
    if found := _COMPARE.match(detail):
        key = found["key"]
        years = found["years"]
        value = (w.m("not_recorded") if found["missing"] else w.value(key, found["val"]))
        need = w.need(key, found["need"])
        if found["headed"]:
            return w.m("compare_headed", unit=found["unit"] or "",
                       metric=w.vocab.metric_of_year(key),
                       years=years, value=value, need=need)
        if found["unit"]:
            return None
        return w.m("compare", metric=w.vocab.metric_of_year(key), years=years, value=value,
                   need=need)
    if found := _COUNT.match(detail):
        key = _rule_metric(found["rule"])
        marks = w.marks(found["marks"], key)
        if marks is None:
            return None
        return w.m("count_years", rule=w.rule(found["rule"]), hits=found["hits"],
                   years=found["years"], need=w.need(None, found["need"]), marks=marks)
    if found := _WINDOW.match(detail):
        key = _rule_metric(found["rule"])
        marks = w.marks(found["marks"], key)
        if marks is None:
            return None
        words = found["words"]
        if found["k"]:
            how = w.m("win_at_least", k=found["k"], years=found["years"])
        elif found["n"]:
            how = w.m("win_streak", n=found["n"], years=found["years"])
        elif words == "in any of":
            how = w.m("win_any", years=found["years"])
        else:
            how = w.m("win_each", years=found["years"])
        if found["fresh"]:
            how += w.m("win_fresh")
        return w.m("window", rule=w.rule(found["rule"]), how=how, marks=marks)
    if found := _MEMBERS.match(detail):
        who = found["who"]
        if who.endswith("+") and " " not in who:
            who_text = w.m("who_title", title=w.value("title", who[:-1], short=True))
        else:
            who_text = w.m("who_rule", rule=w.rule(who))
        share = (w.m("share", share=numbers.number(float(found["share"]), lang))
                 if found["share"] else "")
        return w.m("members", m=found["m"], n=found["n"], who=who_text, share=share,
                   need=w.need(None, found["need"]))
    if found := _NO_MEMBER.match(detail):
        return w.m("no_member", year=found["year"], need=w.need(None, found["need"]))
    if found := _NA_LEVEL.match(detail):
        level = vocab.levels.get(found["level"], found["level"])
        levels = "; ".join(vocab.levels.get(x, x) for x in found["levels"].split(", "))
        return w.m("na_level", level=level, levels=levels)
    if found := _ELIGIBLE.match(detail):
        return w.m("eligible", track=found["label"], year=found["year"])
    if found := _NOT_ELIGIBLE.match(detail):
        parts = []
        for sub in _SUB_CHECK.split(found["failed"]):
            cid, _, sub_detail = sub.partition(": ")
            said = render_clause(sub_detail, vocab, lang)
            if said is None:
                return None
            parts.append(said)
        return w.m("not_eligible", track=found["label"], year=found["year"],
                   failed="; ".join(parts))
    if found := _APPLIES.match(detail):
        return w.m("applies_to", track=_track(vocab, found["track"], lang),
                   kind=t(f"report.{found['kind']}", lang))
    if found := _NO_RECRUITED.match(detail):
        return w.m("no_recruited", need=w.need(None, found["need"]),
                   day=numbers.date_short(found["day"], lang))
    if found := _RECRUITED.match(detail):
        return w.m("recruited", start=numbers.date_short(found["start"], lang),
                   months=found["months"], day=numbers.date_short(found["day"], lang),
                   need=w.need(None, found["need"]))
    if found := _RECRUITED_LATE.match(detail):
        return w.m("recruited_late", start=numbers.date_short(found["start"], lang),
                   day=numbers.date_short(found["day"], lang), need=w.need(None, found["need"]))
    if found := _RECORD.match(detail):
        state = "record_present" if found["state"] == "present" else "record_missing"
        return w.m(state, year=found["year"])
    if found := _REGISTERED.match(detail):
        return w.m("not_registered" if found["neg"] else "registered",
                   track=_track(vocab, found["track"], lang), year=found["year"])
    if found := _AWARDED.match(detail):
        return w.m("awarded", track=_track(vocab, found["track"], lang), year=found["year"])
    if found := _NO_AWARD.match(detail):
        return w.m("no_award", track=_track(vocab, found["track"], lang), year=found["year"])
    if found := _NOT.match(detail):
        inner = render_clause(found["inner"], vocab, lang)
        return None if inner is None else w.m("negated", inner=inner)
    return None


def _joined(detail: str, w: _Words) -> str | None:
    """`A ✓ and B ✗` (an all / any of rules; nested ones read flat, as they are written):
    each part in turn, its marks kept."""
    out = []
    for i, piece in enumerate(_JOINED.split(detail)):
        if i % 2:
            out.append(w.m("and" if piece == "and" else "or"))
            continue
        marks = ""
        said = None
        while piece and piece[-1] in (TICK, CROSS):
            marks = " " + piece[-1] + marks
            piece = piece[:-1].rstrip()
            said = render_clause(piece, w.vocab, w.lang)
            if said is not None:
                break
        if said is None:
            return None
        out.append(said + marks)
    return " ".join(out)


def _track(vocab: Vocabulary, key: str, lang: str) -> str:
    if lang == "en":
        return key
    return vocab.tracks.get(key) or lookup(f"track.short.{key}", lang) or key


def detail_text(check: dict[str, Any], lang: str = "vi", vocab: Vocabulary | None = None
                ) -> str:
    """The check's explanation in `lang`: English as the engine stored it; Vietnamese
    written again from its structure, or the stored detail when its form is not known."""
    detail = check.get("detail") or ""
    if lang == "en" or not detail:
        return detail
    said = render_clause(detail, vocab or default_vocabulary(), lang)
    return detail if said is None else said


def fail_text(fail: str, lang: str = "vi", vocab: Vocabulary | None = None) -> str:
    """A stored `id: detail` of a first failed check, in `lang` (Vietnamese: the criterion's
    label, then the detail)."""
    if lang == "en" or not fail:
        return fail
    cid, sep, detail = fail.partition(": ")
    if not sep:
        return detail_text({"detail": fail}, lang, vocab)
    vocab = vocab or default_vocabulary()
    said = render_clause(detail, vocab, lang)
    return fail if said is None else said
