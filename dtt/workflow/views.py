"""The workflow's results as render Documents (tables for people, the same data as JSON)."""

from __future__ import annotations

from typing import Any

from dtt.criteria.metrics import fmt_value
from dtt.messages import t
from dtt.render.model import Column, Document, Section
from dtt.workflow.audit import summary as audit_summary

C = Column


def registrations_doc(rows: list[dict[str, Any]]) -> Document:
    cols = [C("year", "year", "right"), C("track", "track"), C("subject", "subject"),
            C("name", "name", max_width=28), C("unit", "unit"), C("goal", "goal", max_width=36),
            C("withdrawn_at", "withdrawn")]
    section = Section(t("workflow.registrations"), cols, rows,
                      summary=f"{len(rows)} registration(s)")
    return Document(t("workflow.registrations_title"), [section], json={"registrations": rows})


def nominations_doc(listing: dict[str, Any], run: dict[str, Any] | None = None,
                    brief: bool = False) -> Document:
    sections = []
    if brief:
        rows = [{"unit": u["unit"], "name": u["name"], "level": u["level"],
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
            sections.append(Section(f"{u['unit']} — {u['name']} ({u['level']})", cols,
                                    _by_subject(u["introduced"]), key=u["unit"],
                                    summary=f"{len(u['introduced'])} introduced here, "
                                            f"{u['from_below']} from below"))
    note = None
    if run:
        note = (f"{run['introduced']} nomination(s): {run['added']} new, {run['removed']} "
                f"removed, {run['changed']} changed")
    return Document(t("workflow.nominations_title", year=listing["year"]), sections, subtitle=note,
                    json={**listing, "run": run})


def _by_subject(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for i in items:
        row = rows.setdefault(i["subject"], {"subject": i["subject"], "name": i["name"],
                                             "tracks": [], "why": []})
        mark = "" if i["origin"] == "discovered" else " (" + (
            "withdrawn" if i["withdrawn"] else "added") + ")"
        row["tracks"].append(i["track"] + mark)
        if i["reason"] and i["reason"] not in row["why"]:
            row["why"].append(i["reason"])
    return [{**r, "tracks": ", ".join(r["tracks"]), "why": "; ".join(r["why"])}
            for r in rows.values()]


def decision_doc(d: dict[str, Any]) -> Document:
    rows = [{"check": c["id"], "passed": "yes" if c["passed"] else "no", "detail": c["detail"],
             "source": c["source"]} for c in d["checks"]]
    cols = [C("check", "check"), C("passed", "passed"), C("detail", "detail", max_width=50),
            C("source", "source", max_width=24)]
    to = f" → {d['escalated_to']}" if d["escalated_to"] else ""
    title = t("workflow.decision_title", unit=d["unit"], subject=d["subject"], name=d["name"],
              track=d["track"], year=d["year"])
    return Document(title, [Section(f"{d['outcome']}{to}", cols, rows)], json=d)


def decisions_doc(rows: list[dict[str, Any]]) -> Document:
    cols = [C("year", "year", "right"), C("track", "track"), C("subject", "subject"),
            C("name", "name", max_width=24), C("unit", "council"), C("outcome", "outcome"),
            C("escalated_to", "to"), C("explanation", "votes", max_width=40)]
    section = Section(t("workflow.decisions"), cols, rows, summary=f"{len(rows)} decision(s)")
    return Document(t("workflow.decisions_title"), [section], json={"decisions": rows})


def plans_doc(rows: list[dict[str, Any]]) -> Document:
    cols = [C("year", "year", "right"), C("subject", "subject"), C("name", "name", max_width=24),
            C("unit", "unit"), C("standing", "standing", max_width=24),
            C("goal", "goal", max_width=30), C("support", "support", max_width=30)]
    section = Section(t("workflow.plans"), cols, rows, summary=f"{len(rows)} plan(s)")
    return Document(t("workflow.plans_title"), [section], json={"plans": rows})


def replication_doc(rep: dict[str, Any]) -> Document:
    spread = [{"subject": e["subject"], "name": e["name"],
               "recognised": ", ".join(e["recognised"]), "to": s["to"], "year": s["year"],
               "form": s["form"], "note": s["note"] or ""}
              for e in rep["exemplars"] for s in (e["spread"] or [None]) if s] + [
              {"subject": e["subject"], "name": e["name"],
               "recognised": ", ".join(e["recognised"]), "to": "—", "year": "", "form": "",
               "note": "not replicated yet"} for e in rep["exemplars"] if not e["spread"]]
    adopted = [{**u, "exemplars": ", ".join(u["exemplars"]), "forms": ", ".join(u["forms"])}
               for u in rep["units"]]
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
            rep["without"],
            summary=f"{cov['adopted']} of {cov['units']} unit(s) adopted a model"),
    ]
    year = f" {rep['year']}" if rep["year"] else ""
    return Document(t("workflow.replication_title", year=year), sections, json=rep)


def story_doc(s: dict[str, Any]) -> Document:
    kv = C("item", "item"), C("value", "value", max_width=70)
    head = [{"item": k, "value": _plain(s.get(k))} for k in
            ("subject", "kind", "name", "unit", "unit_name", "position", "heads", "heads_name",
             "group", "path") if s.get(k)]
    lineage = s.get("lineage") or {}
    spans = lineage.get("spans", [])
    shown = None
    for span in spans:  # each change of name, level or parent, from its date
        what = f"{span['name']} ({span['level']}, under {span['parent'] or '—'})"
        if what != shown and (shown is not None or len(spans) > 1):
            since = "the first tree" if span["from"] == "0001-01-01" else span["from"]
            head.append({"item": f"from {since}", "value": what})
        shown = what
    if spans and spans[-1]["until"]:
        head.append({"item": "closed on", "value": spans[-1]["until"]})
    for link in lineage.get("predecessors", []):
        head.append({"item": f"formerly ({link['on']})", "value": ", ".join(link["units"])})
    for link in lineage.get("successors", []):
        head.append({"item": f"succeeded by ({link['on']})", "value": link["unit"]})
    sections = [Section(f"{s['subject']} — {s['name']}", list(kv), head)]
    for y in s["years"]:
        rows = []
        if y.get("unit"):
            heads = f", heads {y['heads']}" if y.get("heads") else ""
            rows.append({"item": "unit", "value": y["unit"] + heads})
        if y["stages"]:
            rows.append({"item": "stages", "value": ", ".join(
                f"{k}: {v}" for k, v in y["stages"].items())})
        if y["record"]:
            rec = {k: v for k, v in y["record"].items() if not k.startswith("_")}
            rows.append({"item": "record", "value": _plain(rec)})
        for r in y["registrations"]:
            gone = f" (withdrawn {r['withdrawn_at']})" if r["withdrawn_at"] else ""
            rows.append({"item": f"registered {r['track']}", "value": (r["goal"] or "") + gone})
        for n in y["nominations"]:
            if n["origin"] != "below":
                state = "withdrawn" if n["withdrawn"] else n["origin"]
                rows.append({"item": f"nominated {n['track']}",
                             "value": f"{n['unit']} ({state}): {n['reason'] or ''}"})
        for r in y["results"]:
            fails = "; ".join(f"{f['id']}: {f['detail']}" for f in r["failing"])
            rank = f", rank {r['rank']}" if r["rank"] else ""
            rows.append({"item": f"{r['track']}: {r['status']}",
                         "value": f"score {fmt_value(r['score'] or 0)}{rank}"
                                  + (f" — failing {fails}" if fails else "")})
        for d in y["decisions"]:
            votes = next((c["detail"] for c in d["checks"] if c["id"] == "council.votes"), "")
            to = f" → {d['escalated_to']}" if d["escalated_to"] else ""
            rows.append({"item": f"council {d['unit']} {d['track']}",
                         "value": f"{d['outcome']}{to}: {votes}"})
        for f in y["fostering"]:
            rows.append({"item": "fostering", "value": f["goal"] + (
                f" (support: {f['support']})" if f["support"] else "")})
        for r in y["replications"]:
            rows.append({"item": "replicated by", "value": f"{r['to_unit']} ({r['form']})"})
        for r in y["adopted"]:
            rows.append({"item": "adopted model", "value": f"{r['subject']} ({r['form']})"})
        sections.append(Section(str(y["year"]), list(kv), rows))
    return Document(t("workflow.story_title", subject=s["subject"]), sections, json=s)


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " / ".join(v["code"] if isinstance(v, dict) else str(v) for v in value)
    return fmt_value(value)


def audit_doc(rows: list[dict[str, Any]]) -> Document:
    table = [{**r, "what": audit_summary(r["detail"])} for r in rows]
    cols = [C("id", "id", "right"), C("at", "at"), C("os_user", "user"), C("action", "action"),
            C("subject", "subject"), C("year", "year", "right"), C("what", "what", max_width=40)]
    section = Section("Audit", cols, table, summary=f"{len(rows)} entr(ies)")
    return Document(t("workflow.audit_title"), [section], json={"audit": rows})
