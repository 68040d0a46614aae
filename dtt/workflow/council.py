"""Council decisions (quyết định Hội đồng Thi đua – Khen thưởng): a secret ballot, judged by the
track's council rule in the criteria, explained like any other check.

The deciding council is the subject's group unit (province / HQ unit) unless named; a council
that recognises a candidate may escalate it to the council of the unit above, whose later
decision is recorded the same way.
"""

from __future__ import annotations

from typing import Any

from dtt.criteria.model import Council
from dtt.errors import InputError
from dtt.store import Store, now
from dtt.store import decisions as store_decisions
from dtt.workflow import policy, status


def pct(value: float) -> str:
    """90.0 → '90', 66.666… → '66.67'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def judge(rule: Council, members: int, votes_for: int, votes_against: int,
          blank: int = 0) -> list[dict[str, Any]]:
    """The quorum and vote checks of a ballot, with details and the rule's source."""
    present = votes_for + votes_against + blank
    share_present = 100.0 * present / members
    quorum = {
        "id": "council.quorum", "label": rule.quorum_label or "quorum",
        "passed": rule.quorate(members, present),
        "detail": f"{present} of {members} members voted = {pct(share_present)}%, needs ≥ "
                  f"{pct(rule.quorum_share)}% of all members",
        "source": rule.source,
    }
    base = members if rule.needs_of == "members" else present
    share_for = 100.0 * votes_for / base if base else 0.0
    symbol = "≥" if rule.needs_op == "gte" else ">"
    of = "all members" if rule.needs_of == "members" else "members present"
    whom = "members" if rule.needs_of == "members" else "present"
    votes = {
        "id": "council.votes", "label": rule.needs_label or "votes for",
        "passed": rule.passes(members, votes_for, present),
        "detail": f"{votes_for} of {base} {whom} for = {pct(share_for)}%, needs {symbol} "
                  f"{pct(rule.needs_share)}% of {of}",
        "source": rule.source,
    }
    return [quorum, votes]


def _check_votes(members: int, votes_for: int, votes_against: int, blank: int) -> None:
    if members < 1:
        raise InputError(f"the council needs at least one member, not {members}",
                         field="--members")
    for value, name in ((votes_for, "--for"), (votes_against, "--against"), (blank, "--blank")):
        if value < 0:
            raise InputError(f"votes cannot be negative ({value})", field=name)
    cast = votes_for + votes_against + blank
    if cast > members:
        parts = f"{votes_for} for + {votes_against} against" + (f" + {blank} blank"
                                                               if blank else "")
        raise InputError(f"{parts} = {cast} votes, more than the {members} members",
                         field="--for")


def decide(store: Store, subject: str, *, track: str, year: int | None, members: int,
           votes_for: int, votes_against: int, blank: int = 0, escalate: bool = False,
           unit: str | None = None, amend: bool = False, over_quota: bool = False,
           reason: str | None = None) -> dict[str, Any]:
    """Record a council's secret-ballot result; nothing is written unless all input is valid.

    Recognising (or escalating) a candidate the evaluation left outside its quota (status
    `eligible`) needs `over_quota` and a `reason`; the decision then carries both."""
    subj = policy.subject(store, subject)
    year = policy.year_or_latest(store, year)
    trk = policy.track(store, track, year)
    subj = policy.as_of(store, subj, year)  # the unit of that year's roster and tree
    policy.check_applies(trk, subj)
    _check_votes(members, votes_for, votes_against, blank)
    if unit is not None:
        policy.unit_row(store, unit)
        if not policy.in_subtree(store, unit, subj, year):
            raise InputError(f"{subj.code} is not in the subtree of {unit}; its council cannot "
                             "decide on it", field="--unit")
    result = status.evaluation(store, year, trk.key, subj.code)
    if result is None:
        raise InputError(f"{subj.code} has never been evaluated for {trk.key} {year}; run "
                         f"`dtt evaluate --year {year} --track {trk.key}` first", field="SUBJECT")
    if result["status"] not in status.ELIGIBLE:
        ids = ", ".join(c["id"] for c in status.failing(result)) or result["status"]
        raise InputError(f"{subj.code} is {result['status']} for {trk.key} {year} in the last "
                         f"evaluation (failing: {ids}); only an eligible or recommended "
                         "candidate can be recognised", field="SUBJECT")
    at = _deciding_unit(store, subj, trk.key, year, unit, amend)
    rule = policy.council_rule(store, trk)
    checks = judge(rule, members, votes_for, votes_against, blank)
    if not checks[0]["passed"]:
        raise InputError(f"no quorum: {checks[0]['detail']} ({rule.source})", field="--for")
    passed = checks[1]["passed"]
    beyond = passed and result["status"] == "eligible"  # eligible, but outside the quota
    reason = (reason or "").strip() or None
    if beyond and not (over_quota and reason):
        quota = result.get("quota") or {}
        where = f" (quota {quota['limit']}, rank {result.get('rank')})" \
            if isinstance(quota, dict) and quota.get("limit") is not None else ""
        raise InputError(f"{subj.code} is outside the quota for {trk.key} {year}{where}; "
                         "recognising it beyond the quota needs --over-quota and --reason",
                         field="--over-quota")
    outcome, above = ("recognised" if passed else "rejected"), None
    if escalate and passed:
        above = policy.parent(store, at, year)
        if above is None:
            raise InputError(f"{at} is the top unit; there is no council above it",
                             field="--escalate")
        outcome = "escalated"
    detail = {"checks": checks, "rule": _rule_dict(rule), "evaluation_id":
              result["evaluation_id"], "evaluated_status": result["status"],
              "blank": blank, "escalate_requested": escalate, "amend": amend}
    if beyond:
        detail["over_quota"] = {"reason": reason}
    stamp = now()
    with store.write():
        decision = store_decisions.insert(
            store, year=year, track=trk.key, subject=subj.code, unit=at, members=members,
            votes_for=votes_for, votes_against=votes_against, outcome=outcome,
            escalated_to=above, detail=detail, decided_at=stamp,
            evaluation_id=result["evaluation_id"])
        store.audit("council.decide", subject=subj.code, year=year, detail={
            "decision": decision, "track": trk.key, "unit": at, "members": members,
            "for": votes_for, "against": votes_against, "blank": blank, "outcome": outcome,
            "escalated_to": above, "amend": amend,
            **({"over_quota": {"reason": reason}} if beyond else {})})
    return {"id": decision, "year": year, "track": trk.key, "subject": subj.code,
            "name": subj.name, "unit": at, "members": members, "for": votes_for,
            "against": votes_against, "blank": blank, "outcome": outcome,
            "escalated_to": above, "checks": checks, "source": rule.source,
            "decided_at": stamp, "over_quota": {"reason": reason} if beyond else None}


def _deciding_unit(store: Store, subj: policy.Subject, track: str, year: int,
                   unit: str | None, amend: bool) -> str:
    """The council that decides now: the one escalated to, else the group unit."""
    latest = store_decisions.latest(store, year, track, subj.code)
    if latest is None:
        return unit or policy.group_unit(store, subj, year)
    if latest["outcome"] == "escalated" and not amend:
        expected = latest["escalated_to"]
        if unit is not None and unit != expected:
            raise InputError(f"{subj.code} was escalated to {expected} by {latest['unit']}; "
                             f"{expected}'s council decides next, not {unit}", field="--unit")
        return str(expected)
    expected = latest["unit"]
    if unit is not None and unit != expected:
        raise InputError(f"{subj.code} was decided for {track} {year} by {expected}; "
                         f"only {expected} can amend it", field="--unit")
    if not amend:
        raise InputError(f"{expected}'s council already decided {subj.code} for {track} {year} "
                         f"({latest['outcome']}, {latest['votes_for']} of {latest['members']} "
                         f"for, {latest['decided_at']}); use --amend to record a corrected "
                         "ballot", field="SUBJECT")
    return str(expected)


def _rule_dict(rule: Council) -> dict[str, Any]:
    return {"quorum": {"share": rule.quorum_share, "label": rule.quorum_label},
            "needs": {"share": rule.needs_share, "op": rule.needs_op, "of": rule.needs_of,
                      "label": rule.needs_label}, "source": rule.source}


def list_decisions(store: Store, *, year: int | None = None, track: str | None = None,
                   unit: str | None = None, subject: str | None = None) -> list[dict[str, Any]]:
    """Decisions by year, oldest first within a year, with the candidate's name, the vote
    `explanation` and the rule's `source`; `unit` is the deciding council's unit."""
    if unit is not None:
        policy.unit_row(store, unit)
    out = []
    for row in store_decisions.listing(store, year=year, track=track, unit=unit,
                                       subject=subject):
        detail = row.pop("detail") or {}
        votes = next((c for c in detail.get("checks", []) if c["id"] == "council.votes"), None)
        row["explanation"] = votes["detail"] if votes else ""
        row["source"] = detail.get("rule", {}).get("source", "")
        out.append(row)
    return out
