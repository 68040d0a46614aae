"""Parsing a track's score terms and its quota."""

from __future__ import annotations

from typing import Any

from dtt.criteria.model import Quota, ScoreTerm
from dtt.criteria.rules import RuleParser, is_int, is_number, line_of
from dtt.text import clean, fold_code

TERM_HEADS = ("count_years", "sum", "metric", "margin", "members")
TERM_KEYS = {
    "count_years": {"rule", "weight"},
    "sum": {"years", "weight", "weight_by", "weights", "otherwise"},
    "metric": {"years", "weight", "weights"},
    "margin": {"over", "under", "weight", "cap", "year"},
    "members": {"where", "weight"},
}
ROUNDING = ("floor", "ceil", "round")


class TermParser:
    def __init__(self, rules: RuleParser, report: Any) -> None:
        self.rules = rules
        self.report = report

    # --- score ------------------------------------------------------------------------------
    def score(self, items: Any, kind: str, where: str, line: int) -> list[ScoreTerm]:
        if items is None:
            return []
        if not isinstance(items, list):
            self.report("score is a list of terms", line, where)
            return []
        out = []
        for i, item in enumerate(items):
            term = self.term(item, kind, f"{where}[{i}]", getattr(item, "line", 0) or line)
            if term:
                out.append(term)
        return out

    def term(self, node: Any, kind: str, where: str, line: int) -> ScoreTerm | None:
        if not isinstance(node, dict):
            self.report("a score term is a mapping", line, where)
            return None
        heads = [k for k in TERM_HEADS if k in node]
        if len(heads) != 1:
            self.report(f"a score term has one of {', '.join(TERM_HEADS)}", line, where)
            return None
        head = heads[0]
        bad = [k for k in node if k not in TERM_KEYS[head] and k not in (head, "label")]
        for key in bad:
            self.report(f"unknown key '{key}' in a {head} term", line_of(node, key, line),
                        f"{where}.{key}")
        if bad:
            return None
        term = ScoreTerm(kind=head, label=clean(node.get("label") or head), line=line)
        weight = node.get("weight", 1)
        if not is_number(weight):
            self.report(f"weight must be a number, not '{weight}'", line, f"{where}.weight")
            return None
        term.weight = float(weight)
        ok = getattr(self, "_" + head)(term, node, kind, where, line)
        return term if ok else None

    def _years(self, term: ScoreTerm, spec: Any, where: str, line: int) -> bool:
        if spec == "period":
            term.period = True
            return True
        span = self.rules.window(spec, where, line)
        if span is None:
            return False
        term.start, term.end = span
        return True

    def _metric_of(self, name: Any, kind: str, where: str, line: int, types: tuple):
        metric = self.rules._lookup(name, kind, line, where)
        if metric is not None and metric.type not in types:
            self.report(f"'{metric.key}' is {metric.type}; this term needs "
                        f"{' or '.join(types)}", line, where)
            return None
        return metric

    def _weights(self, metric: Any, spec: Any, where: str, line: int) -> dict[str, float] | None:
        if not isinstance(spec, dict) or not spec:
            self.report("weights maps enum values to numbers", line, where)
            return None
        out = {}
        for raw, w in spec.items():
            code = metric.spellings.get(fold_code(str(raw)))
            if code is None:
                self.report(f"'{raw}' is not a value of '{metric.key}' "
                            f"({', '.join(metric.values)})", line_of(spec, raw, line), where)
                return None
            if not is_number(w):
                self.report(f"weight of {raw} must be a number", line_of(spec, raw, line), where)
                return None
            out[code] = float(w)
        return out

    def _count_years(self, term, node, kind, where, line) -> bool:
        if not self._years(term, node["count_years"], f"{where}.count_years", line):
            return False
        if "rule" not in node:
            self.report("count_years needs rule:", line, where)
            return False
        term.rule = self.rules.parse(node["rule"], kind, f"{where}.rule", line)
        return term.rule is not None

    def _sum(self, term, node, kind, where, line) -> bool:
        term.metric = self._metric_of(node["sum"], kind, f"{where}.sum", line, ("int", "number"))
        if not self._years(term, node.get("years", {"from": 0, "to": 0}), f"{where}.years",
                           line) or term.metric is None:
            return False
        if "weight_by" in node:
            term.weight_by = self._metric_of(node["weight_by"], kind, f"{where}.weight_by", line,
                                             ("enum",))
            if term.weight_by is None:
                return False
            weights = self._weights(term.weight_by, node.get("weights"), f"{where}.weights",
                                    line)
            otherwise = node.get("otherwise", 0)
            if weights is None or not is_number(otherwise):
                if weights is not None:
                    self.report("otherwise must be a number", line, f"{where}.otherwise")
                return False
            term.weights, term.otherwise = weights, float(otherwise)
        elif "weights" in node or "otherwise" in node:
            self.report("weights and otherwise need weight_by: (an enum metric)", line, where)
            return False
        return True

    def _metric(self, term, node, kind, where, line) -> bool:
        term.metric = self._metric_of(node["metric"], kind, f"{where}.metric", line,
                                      ("enum", "int", "number", "bool"))
        if not self._years(term, node.get("years", {"from": 0, "to": 0}), f"{where}.years",
                           line) or term.metric is None:
            return False
        if term.metric.type == "enum":
            weights = self._weights(term.metric, node.get("weights"), f"{where}.weights", line)
            if weights is None:
                return False
            term.weights = weights
        elif "weights" in node:
            self.report("weights apply to enum metrics; use weight: for numbers", line, where)
            return False
        return True

    def _margin(self, term, node, kind, where, line) -> bool:
        term.metric = self._metric_of(node["margin"], kind, f"{where}.margin", line,
                                      ("int", "number"))
        sides = [k for k in ("over", "under") if k in node]
        if len(sides) != 1 or not is_number(node[sides[0]]):
            self.report("margin needs over: or under: a threshold number", line, where)
            return False
        setattr(term, sides[0], float(node[sides[0]]))
        if "cap" in node:
            if not is_number(node["cap"]) or node["cap"] < 0:
                self.report("cap must be a number ≥ 0", line, f"{where}.cap")
                return False
            term.cap = float(node["cap"])
        offset = node.get("year", 0)
        if not is_int(offset) or not -9 <= offset <= 0:
            self.report("year must be an offset from -9 to 0", line, f"{where}.year")
            return False
        term.start = term.end = offset
        return term.metric is not None

    def _members(self, term, node, kind, where, line) -> bool:
        if kind != "collective":
            self.report("members terms apply to collectives only", line, where)
            return False
        if node["members"] not in ("share", "count"):
            self.report(f"members is share or count, not '{node['members']}'", line,
                        f"{where}.members")
            return False
        term.agg = node["members"]
        if "where" in node:
            term.rule = self.rules.parse(node["where"], "person", f"{where}.where", line)
            return term.rule is not None
        if term.agg == "share":
            self.report("members: share needs where:", line, where)
            return False
        return True

    # --- quota ------------------------------------------------------------------------------
    def quota(self, node: Any, kind: str, where: str, line: int,
              nested: bool = False) -> Quota | None:
        if node is None:
            return None
        line = getattr(node, "line", 0) or line
        if not isinstance(node, dict):
            self.report("a quota is a mapping (share:, fixed: or by_level:)", line, where)
            return None
        label, source = clean(node.get("label") or ""), clean(node.get("source") or "")
        if "by_level" in node and not nested:
            return self._by_level(node, kind, where, line, label, source)
        if "share" in node:
            return self._share(node, kind, where, line, label, source)
        if "fixed" in node:
            bad = set(node) - {"fixed", "per", "label", "source"}
            fixed, per = node["fixed"], node.get("per", "group")
            if bad or not is_int(fixed) or fixed < 0 or per not in ("group", "cluster"):
                self.report("fixed: n (whole number), per: group|cluster", line, where)
                return None
            return Quota("fixed", fixed=fixed, per=per, label=label, source=source, line=line)
        self.report("a quota has share:, fixed: or by_level:", line, where)
        return None

    def _share(self, node, kind, where, line, label, source) -> Quota | None:
        for key in set(node) - {"share", "of", "rounding", "min", "label", "source"}:
            self.report(f"unknown key '{key}' in a share quota", line_of(node, key, line),
                        f"{where}.{key}")
            return None
        share = node["share"]
        if not is_number(share) or not 0 < share <= 100:
            self.report(f"share is a percentage above 0 and up to 100, not '{share}'",
                        line_of(node, "share", line), f"{where}.share")
            return None
        quota = Quota("share", share=float(share), label=label, source=source, line=line)
        of = node.get("of", "people")
        oline = line_of(node, "of", line)
        if isinstance(of, dict) and set(of) == {"eligible_of"}:
            track = of["eligible_of"]
            if track not in self.rules.track_keys:
                self.report(f"unknown track '{track}' (tracks: "
                            f"{', '.join(sorted(self.rules.track_keys))})", oline,
                            f"{where}.of.eligible_of")
                return None
            quota.of, quota.of_track = "eligible_of", track
        elif of in ("people", "level_units"):
            if of == "level_units" and kind != "collective":
                self.report("of: level_units applies to collective tracks", oline,
                            f"{where}.of")
                return None
            quota.of = of
        else:
            self.report(f"of is people, level_units or {{eligible_of: TRACK}}, not '{of}'",
                        oline, f"{where}.of")
            return None
        rounding, minimum = node.get("rounding", "floor"), node.get("min", 0)
        if rounding not in ROUNDING:
            self.report(f"rounding is floor, ceil or round, not '{rounding}'",
                        line_of(node, "rounding", line), f"{where}.rounding")
            return None
        if not is_int(minimum) or minimum < 0:
            self.report(f"min must be a whole number ≥ 0, not '{minimum}'",
                        line_of(node, "min", line), f"{where}.min")
            return None
        quota.rounding, quota.min = rounding, minimum
        return quota

    def _by_level(self, node, kind, where, line, label, source) -> Quota | None:
        spec = node["by_level"]
        if kind != "collective" or not isinstance(spec, dict) or not spec:
            self.report("by_level maps collective levels (and default) to quotas", line,
                        f"{where}.by_level")
            return None
        quota = Quota("by_level", label=label, source=source, line=line)
        ok = True
        for level, sub in spec.items():
            lline = line_of(spec, level, line)
            if level != "default" and level not in self.rules.levels:
                self.report(f"unknown level '{level}' (levels: {', '.join(self.rules.levels)})",
                            lline, f"{where}.by_level.{level}")
                ok = False
                continue
            parsed = self.quota(sub, kind, f"{where}.by_level.{level}", lline, nested=True)
            if parsed is None:
                ok = False
                continue
            parsed.source = parsed.source or source
            if level == "default":
                quota.default = parsed
            else:
                quota.by_level[str(level)] = parsed
        return quota if ok else None
