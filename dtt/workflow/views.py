"""The workflow's results as render Documents (tables for people, the same data as JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dtt.criteria.metrics import fmt_value
from dtt.messages import lookup, t
from dtt.render.model import Column, Document, Section
from dtt.workflow.audit import summary as audit_summary

if TYPE_CHECKING:
    from dtt.render.vocab import Vocabulary

C = Column


class _Say:
    """The codes of the workflow's tables as a person reads them: statuses, tracks, levels
    and enum values by name, dates and numbers in the language's form. English keeps the
    codes and forms the tables always had."""

    def __init__(self, lang: str = "vi", vocab: Vocabulary | None = None) -> None:
        self.lang = lang
        self.en = lang == "en"
        self._vocab = vocab

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            from dtt.render.vocab import default_vocabulary

            self._vocab = default_vocabulary()
        return self._vocab

    def m(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def status(self, code: str | None) -> str:
        if not code or self.en:
            return code or ""
        return (lookup(f"status.{code}", self.lang) or lookup(f"stage.{code}", self.lang)
                or code)

    def track(self, code: str | None) -> str:
        if not code or self.en:
            return code or ""
        return lookup(f"track.short.{code}", self.lang) or self.vocab.tracks.get(code) or code

    def level(self, code: str | None) -> str:
        if not code or self.en:
            return code or ""
        return self.vocab.levels.get(code) or code

    def origin(self, code: str) -> str:
        return code if self.en else (lookup(f"origin.{code}", self.lang) or code)

    def date(self, value: Any) -> Any:
        if self.en or not value:
            return value
        from dtt.render.numbers import date_short

        return date_short(value, self.lang)

    def number(self, value: Any) -> str:
        if self.en:
            return fmt_value(value)
        from dtt.render.numbers import is_number, number

        return number(value, self.lang) if is_number(value) else fmt_value(value)

    def value(self, key: str | None, value: Any) -> str:
        from dtt.render.vocab import value_label

        return value_label(self.vocab, key, value, self.lang)

    def record(self, rec: dict[str, Any]) -> str:
        if self.en:
            return _plain(rec)
        return "; ".join(f"{self.vocab.metric(k)}: {self.value(k, v)}" for k, v in rec.items())

    def detail(self, check: dict[str, Any]) -> str:
        if self.en:
            return check.get("detail") or ""
        ballot = self.ballot(check.get("detail") or "")
        if ballot is not None:
            return ballot
        from dtt.render.explain import detail_text

        return detail_text(check, self.lang, self.vocab)

    def ballot(self, text: str) -> str | None:
        """A council check's detail (dtt.workflow.council): the votes or the quorum."""
        import re

        m = re.fullmatch(r"(\d+) of (\d+) (members|present) (for|voted) = ([\d.]+)%, "
                         r"needs (≥|>) ([\d.]+)% of (all members|members present)", text)
        if m is None:
            return None
        yes, base, _whom, what, share, op, needs, of = m.groups()
        return self.m(f"ballot.{what}", yes=yes, base=base, share=self.percent(share), op=op,
                      needs=self.percent(needs),
                      of=self.m("ballot.of_all" if of == "all members" else "ballot.of_present"))

    def percent(self, text: str) -> str:
        from dtt.render.numbers import percent

        try:
            return percent(float(text), self.lang, 2)
        except ValueError:
            return text + "%"

    def reasons(self, text: str | None) -> str:
        """A nomination's reasons (dtt.workflow.discover): `record 2020`, `registered:
        <goal>`, `rating 2020 = HTXSNV`, joined by '; '."""
        if self.en or not text:
            return text or ""
        import re

        out = []
        for part in text.split("; "):
            m = re.fullmatch(r"record (\d{4})", part)
            if m:
                out.append(self.m("reason.record", year=m.group(1)))
                continue
            if part.startswith("registered: ") or part == "registered":
                out.append(self.m("reason.registered", goal=part[len("registered: "):]))
                continue
            m = re.fullmatch(r"(\w+) (\d{4}) (=|≥|>|≤|<) (.+)", part)
            if m and m.group(1) in self.vocab.metrics:
                key, year, op, raw = m.groups()
                value = {"yes": True, "no": False}.get(raw, raw)
                try:
                    value = float(raw) if "." in raw else int(raw)
                except ValueError:
                    pass
                said = self.value(key, value)
                out.append(self.m("reason.metric", metric=self.vocab.metric_of_year(key),
                                  year=year, op="" if op == "=" else f"{op} ", value=said))
                continue
            out.append(part)
        return "; ".join(out)

    def check(self, cid: str | None) -> str:
        if self.en or not cid:
            return cid or ""
        return self.vocab.checks.get(cid) or cid


def registrations_doc(rows: list[dict[str, Any]], lang: str = "vi",
                      vocab: Vocabulary | None = None) -> Document:
    cols = [C("year", "year", "right"), C("track", "track"), C("subject", "subject"),
            C("name", "name", max_width=28), C("unit", "unit"), C("goal", "goal", max_width=36),
            C("withdrawn_at", "withdrawn")]
    say = _Say(lang, vocab)
    shown = rows if say.en else [
        {**r, "track": say.track(r.get("track")), "withdrawn_at": say.date(r.get("withdrawn_at"))}
        for r in rows]
    section = Section(t("workflow.registrations"), cols, shown,
                      summary=f"{len(rows)} registration(s)")
    return Document(t("workflow.registrations_title"), [section], json={"registrations": rows},
                    lang=lang)


def nominations_doc(listing: dict[str, Any], run: dict[str, Any] | None = None,
                    brief: bool = False, lang: str = "vi",
                    vocab: Vocabulary | None = None) -> Document:
    say = _Say(lang, vocab)
    sections = []
    if brief:
        rows = [{"unit": u["unit"], "name": u["name"], "level": say.level(u["level"]),
                 "introduced": sum(not i["withdrawn"] for i in u["introduced"]),
                 "withdrawn": sum(i["withdrawn"] for i in u["introduced"]),
                 "from_below": u["from_below"]} for u in listing["units"]]
        cols = [C("unit", "unit"), C("name", "name", max_width=36), C("level", "level"),
                C("introduced", "introduced", "right"), C("withdrawn", "withdrawn", "right"),
                C("from_below", "from below", "right")]
        sections.append(Section(t("workflow.nominations_by_unit"), cols, rows))
    else:
        cols = [C("subject", "subject"), C("name", "name", max_width=26),
                C("tracks", "tracks", max_width=30), C("why", "why", max_width=36)]
        for u in listing["units"]:
            sections.append(Section(f"{u['unit']} — {u['name']} ({say.level(u['level'])})",
                                    cols, _by_subject(u["introduced"], say), key=u["unit"],
                                    summary=f"{len(u['introduced'])} introduced here, "
                                            f"{u['from_below']} from below"))
    note = None
    if run:
        note = (f"{run['introduced']} nomination(s): {run['added']} new, {run['removed']} "
                f"removed, {run['changed']} changed")
    return Document(t("workflow.nominations_title", year=listing["year"]), sections, subtitle=note,
                    json={**listing, "run": run}, lang=lang)


def _by_subject(items: list[dict[str, Any]], say: _Say | None = None
                ) -> list[dict[str, Any]]:
    say = say or _Say("en")
    rows: dict[str, dict[str, Any]] = {}
    for i in items:
        row = rows.setdefault(i["subject"], {"subject": i["subject"], "name": i["name"],
                                             "tracks": [], "why": []})
        mark = "" if i["origin"] == "discovered" else " (" + say.origin(
            "withdrawn" if i["withdrawn"] else "added") + ")"
        row["tracks"].append(say.track(i["track"]) + mark)
        reason = say.reasons(i["reason"])
        if reason and reason not in row["why"]:
            row["why"].append(reason)
    return [{**r, "tracks": ", ".join(r["tracks"]), "why": "; ".join(r["why"])}
            for r in rows.values()]


def decision_doc(d: dict[str, Any], lang: str = "vi",
                 vocab: Vocabulary | None = None) -> Document:
    say = _Say(lang, vocab)
    rows = [{"check": say.check(c["id"]),
             "passed": t("value.yes" if c["passed"] else "value.no", lang),
             "detail": say.detail(c), "source": c["source"]} for c in d["checks"]]
    cols = [C("check", "check"), C("passed", "passed"), C("detail", "detail", max_width=50),
            C("source", "source", max_width=24)]
    to = f" → {d['escalated_to']}" if d["escalated_to"] else ""
    title = t("workflow.decision_title", unit=d["unit"], subject=d["subject"], name=d["name"],
              track=say.track(d["track"]), year=d["year"])
    return Document(title, [Section(f"{say.status(d['outcome'])}{to}", cols, rows)], json=d,
                    lang=lang)


def decisions_doc(rows: list[dict[str, Any]], lang: str = "vi",
                  vocab: Vocabulary | None = None) -> Document:
    say = _Say(lang, vocab)
    shown = rows if say.en else [
        {**r, "track": say.track(r.get("track")), "outcome": say.status(r.get("outcome")),
         "explanation": say.detail({"detail": r.get("explanation")}),
         "decision_date": say.date(r.get("decision_date"))} for r in rows]
    cols = [C("year", "year", "right"), C("track", "track"), C("subject", "subject"),
            C("name", "name", max_width=24), C("unit", "council"), C("outcome", "outcome"),
            C("escalated_to", "to"), C("explanation", "votes", max_width=40),
            C("decision_no", "decision"), C("decision_date", "decision date")]
    section = Section(t("workflow.decisions"), cols, shown, summary=f"{len(rows)} decision(s)")
    return Document(t("workflow.decisions_title"), [section], json={"decisions": rows},
                    lang=lang)


def plans_doc(rows: list[dict[str, Any]], lang: str = "vi",
              vocab: Vocabulary | None = None) -> Document:
    say = _Say(lang, vocab)
    shown = rows if say.en else [
        {**r, "standing": _standing(r.get("standing"), say)} for r in rows]
    cols = [C("year", "year", "right"), C("subject", "subject"), C("name", "name", max_width=24),
            C("unit", "unit"), C("standing", "standing", max_width=24),
            C("goal", "goal", max_width=30), C("support", "support", max_width=30)]
    section = Section(t("workflow.plans"), cols, shown, summary=f"{len(rows)} plan(s)")
    return Document(t("workflow.plans_title"), [section], json={"plans": rows}, lang=lang)


def _standing(text: str | None, say: _Say) -> str | None:
    """"track: status, …" with the tracks' and statuses' names."""
    if not text:
        return text
    parts = []
    for part in text.split(", "):
        track, sep, status = part.partition(": ")
        parts.append(f"{say.track(track)}: {say.status(status)}" if sep else part)
    return ", ".join(parts)


def replication_doc(rep: dict[str, Any], lang: str = "vi",
                    vocab: Vocabulary | None = None) -> Document:
    say = _Say(lang, vocab)

    def tracks(codes: list[str]) -> str:
        return ", ".join(say.track(c) for c in codes)

    spread = [{"subject": e["subject"], "name": e["name"],
               "recognised": tracks(e["recognised"]), "to": s["to"], "year": s["year"],
               "form": s["form"], "note": s["note"] or ""}
              for e in rep["exemplars"] for s in (e["spread"] or [None]) if s] + [
              {"subject": e["subject"], "name": e["name"],
               "recognised": tracks(e["recognised"]), "to": "—", "year": "", "form": "",
               "note": say.m("workflow.not_replicated")}
              for e in rep["exemplars"] if not e["spread"]]
    adopted = [{**u, "level": say.level(u.get("level")), "exemplars": ", ".join(u["exemplars"]),
                "forms": ", ".join(u["forms"])} for u in rep["units"]]
    without = rep["without"] if say.en else [
        {**u, "level": say.level(u.get("level"))} for u in rep["without"]]
    cov = rep["coverage"]
    sections = [
        Section(t("workflow.replication_spread"), [
            C("subject", "exemplar"), C("name", "name", max_width=24),
            C("recognised", "recognised", max_width=18), C("to", "to"),
            C("year", "year", "right"), C("form", "form"), C("note", "note", max_width=24)],
            spread),
        Section(t("workflow.replication_adopted"), [
            C("unit", "unit"), C("name", "name", max_width=30), C("level", "level"),
            C("models", "models", "right"), C("exemplars", "exemplars", max_width=24),
            C("forms", "forms", max_width=24)], adopted),
        Section(t("workflow.replication_without"), [
            C("unit", "unit"), C("name", "name", max_width=50), C("level", "level")],
            without,
            summary=f"{cov['adopted']} of {cov['units']} unit(s) adopted a model"),
    ]
    year = f" {rep['year']}" if rep["year"] else ""
    return Document(t("workflow.replication_title", year=year), sections, json=rep, lang=lang)


def story_doc(s: dict[str, Any], lang: str = "vi", vocab: Vocabulary | None = None
              ) -> Document:
    say = _Say(lang, vocab)
    m = say.m
    kv = C("item", "item"), C("value", "value", max_width=70)
    head = [{"item": k if say.en else m(f"story.{k}"), "value": _head_value(k, s.get(k), say)}
            for k in ("subject", "kind", "name", "unit", "unit_name", "position", "heads",
                      "heads_name", "group", "path") if s.get(k)]
    lineage = s.get("lineage") or {}
    spans = lineage.get("spans", [])
    shown = None
    for span in spans:  # each change of name, level or parent, from its date
        what = m("story.span", name=span["name"], level=say.level(span["level"]),
                 parent=span["parent"] or "—")
        if what != shown and (shown is not None or len(spans) > 1):
            since = (m("story.since_first") if span["from"] == "0001-01-01"
                     else m("story.since", date=say.date(span["from"])))
            head.append({"item": since, "value": what})
        shown = what
    if spans and spans[-1]["until"]:
        head.append({"item": m("story.closed"), "value": say.date(spans[-1]["until"])})
    for link in lineage.get("predecessors", []):
        head.append({"item": m("story.formerly", date=say.date(link["on"])),
                     "value": ", ".join(link["units"])})
    for link in lineage.get("successors", []):
        head.append({"item": m("story.succeeded", date=say.date(link["on"])),
                     "value": link["unit"]})
    sections = [Section(f"{s['subject']} — {s['name']}", list(kv), head)]
    for y in s["years"]:
        rows = []
        if y.get("unit"):
            heads = m("story.year_heads", heads=y["heads"]) if y.get("heads") else ""
            rows.append({"item": m("story.year_unit"), "value": y["unit"] + heads})
        if y["stages"]:
            rows.append({"item": m("story.stages"), "value": ", ".join(
                f"{say.track(k)}: {say.status(v)}" for k, v in y["stages"].items())})
        if y["record"]:
            rec = {k: v for k, v in y["record"].items() if not k.startswith("_")}
            rows.append({"item": m("story.record"), "value": say.record(rec)})
        for r in y["registrations"]:
            gone = (m("story.withdrawn_at", date=say.date(r["withdrawn_at"]))
                    if r["withdrawn_at"] else "")
            rows.append({"item": m("story.registered", track=say.track(r["track"])),
                         "value": (r["goal"] or "") + gone})
        for n in y["nominations"]:
            if n["origin"] != "below":
                state = say.origin("withdrawn" if n["withdrawn"] else n["origin"])
                rows.append({"item": m("story.nominated", track=say.track(n["track"])),
                             "value": f"{n['unit']} ({state}): {say.reasons(n['reason'])}"})
        for r in y["results"]:
            fails = "; ".join(f"{say.check(f['id'])}: {say.detail(f)}" for f in r["failing"])
            rank = m("story.rank", rank=r["rank"]) if r["rank"] else ""
            rows.append({"item": m("story.result", track=say.track(r["track"]),
                                   status=say.status(r["status"])),
                         "value": m("story.score", score=say.number(r["score"] or 0)) + rank
                                  + (m("story.failing", fails=fails) if fails else "")})
        for d in y["decisions"]:
            votes = next((say.detail(c) for c in d["checks"] if c["id"] == "council.votes"), "")
            to = f" → {d['escalated_to']}" if d["escalated_to"] else ""
            rows.append({"item": m("story.council", unit=d["unit"], track=say.track(d["track"])),
                         "value": f"{say.status(d['outcome'])}{to}: {votes}"})
        for f in y["fostering"]:
            rows.append({"item": m("story.fostering"), "value": f["goal"] + (
                m("story.support", support=f["support"]) if f["support"] else "")})
        for r in y["replications"]:
            rows.append({"item": m("story.replicated_by"),
                         "value": f"{r['to_unit']} ({r['form']})"})
        for r in y["adopted"]:
            rows.append({"item": m("story.adopted"), "value": f"{r['subject']} ({r['form']})"})
        sections.append(Section(str(y["year"]), list(kv), rows))
    return Document(t("workflow.story_title", subject=s["subject"]), sections, json=s, lang=lang)


def _head_value(key: str, value: Any, say: _Say) -> str:
    if say.en:
        return _plain(value)
    if key == "kind":
        return say.m(f"story.kind_{value}") if value in ("person", "collective") else str(value)
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " / ".join(v["code"] if isinstance(v, dict) else str(v) for v in value)
    return fmt_value(value)


def audit_doc(rows: list[dict[str, Any]], lang: str = "vi") -> Document:
    table = [{**r, "what": audit_summary(r["detail"])} for r in rows]
    cols = [C("id", "id", "right"), C("at", "at"), C("os_user", "user"), C("action", "action"),
            C("subject", "subject"), C("year", "year", "right"), C("what", "what", max_width=40)]
    section = Section("Audit", cols, table, summary=f"{len(rows)} entr(ies)")
    return Document(t("workflow.audit_title"), [section], json={"audit": rows}, lang=lang)
