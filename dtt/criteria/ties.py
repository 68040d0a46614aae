"""How a version breaks ties of score: `tie_break:`, a list read in order, declared in the
criteria file (a version without one inherits its base's through `extends:`).

    tie_break:
      - {metric: rating, label: mức độ hoàn thành nhiệm vụ cao hơn, source: mặc định dtt}
      - {gender: nu, collective_share: 70, label: nữ ưu tiên,
         source: NĐ 98/2023/NĐ-CP Điều 4 khoản 6}

`metric: M` ranks the better value of M in the evaluated year first (an enum by its declared
order, a number by size); `gender: nu` ranks people of that gender first, and collectives whose
people (the whole subtree's roster) are at least `collective_share` % of that gender. After the
declared keys, ties always end with Vietnamese name order (people by given name), then code.
With no `tie_break:` anywhere in its chain, a version breaks ties by `rating` (if declared)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dtt.criteria.metrics import Metric, MetricSet
from dtt.personal import GENDER_LABELS, GENDERS
from dtt.rules.base import TIE_BREAK_METRIC
from dtt.text import clean

KEYS = {"metric", "gender", "collective_share", "label", "source"}
DEFAULT_METRIC = TIE_BREAK_METRIC


@dataclass
class TieBreak:
    """One key of the order that breaks ties of score."""

    kind: str  # metric | gender
    key: str = ""  # metric: its key
    metrics: dict[str, Metric] = field(default_factory=dict)  # metric: per subject kind
    gender: str = ""  # gender: the preferred gender code
    share: float = 70.0  # gender: the share of a collective's people needed
    label: str = ""
    source: str = ""

    @property
    def name(self) -> str:
        return "gender" if self.kind == "gender" else self.key

    @property
    def reason(self) -> str:
        """`gender (nữ ưu tiên, NĐ 98/2023/NĐ-CP Điều 4 khoản 6)`."""
        words = ", ".join(x for x in (self.label, self.source) if x)
        return f"{self.name} ({words})" if words else self.name


def default_ties(metrics: MetricSet) -> list[TieBreak]:
    """The order of a version that declares none: the better rating first."""
    found = {kind: m for kind in ("person", "collective")
             if (m := metrics.get(kind, DEFAULT_METRIC)) is not None}
    return [TieBreak("metric", DEFAULT_METRIC, found, label="mặc định dtt")] if found else []


def parse_ties(node: Any, metrics: MetricSet, report: Any, where: str, line: int
               ) -> list[TieBreak] | None:
    """The `tie_break:` list of a version; None (reported) when it is malformed."""
    if not isinstance(node, list):
        report("tie_break is a list such as [{metric: rating}, {gender: nu}]", line, where)
        return None
    out: list[TieBreak] = []
    for i, item in enumerate(node):
        iwhere = f"{where}[{i}]"
        iline = getattr(item, "line", 0) or line
        if not isinstance(item, dict):
            report("each tie-break is a mapping with metric: or gender:", iline, iwhere)
            return None
        unknown = [k for k in item if k not in KEYS]
        if unknown:
            report(f"unknown key '{unknown[0]}' (keys: {', '.join(sorted(KEYS))})", iline,
                   f"{iwhere}.{unknown[0]}")
            return None
        label, source = clean(item.get("label") or ""), clean(item.get("source") or "")
        if ("metric" in item) == ("gender" in item):
            report("a tie-break names one of metric: or gender:", iline, iwhere)
            return None
        if "metric" in item:
            key = str(item["metric"])
            found = {kind: m for kind in ("person", "collective")
                     if (m := metrics.get(kind, key)) is not None}
            if not found:
                report(f"unknown metric '{key}'", iline, f"{iwhere}.metric")
                return None
            bad = [m for m in found.values() if m.type not in ("enum", "int", "number")]
            if bad:
                report(f"'{key}' is yes/no: a tie-break needs an ordered metric", iline,
                       f"{iwhere}.metric")
                return None
            if "collective_share" in item:
                report("collective_share goes with gender:", iline,
                       f"{iwhere}.collective_share")
                return None
            out.append(TieBreak("metric", key, found, label=label, source=source))
            continue
        gender = str(item["gender"]).strip().lower()
        gender = {"nữ": "nu"}.get(gender, gender)
        if gender not in GENDERS:
            report(f"gender is one of {', '.join(GENDER_LABELS[g] for g in GENDERS)}, not "
                   f"'{item['gender']}'", iline, f"{iwhere}.gender")
            return None
        share = item.get("collective_share", 70)
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 100:
            report(f"collective_share is a percentage (0–100], not '{share}'", iline,
                   f"{iwhere}.collective_share")
            return None
        out.append(TieBreak("gender", gender=gender, share=float(share), label=label,
                            source=source))
    return out
