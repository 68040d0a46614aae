"""Loading a whole criteria file: metrics, groups, council, dated versions and their tracks.

Everything is validated at load; every problem is reported with the file, YAML line and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dtt.criteria.metrics import KINDS, MetricSet, parse_metrics
from dtt.criteria.model import Council, Criteria, Criterion, Groups, Track, Version
from dtt.criteria.rules import RuleParser, is_int, line_of
from dtt.criteria.terms import TermParser
from dtt.criteria.ties import TieBreak, default_ties, parse_ties
from dtt.errors import InputErrors, Problem
from dtt.text import clean
from dtt.yamlio import LineDict, LineList, load_yaml_text

DEFAULT_LEVELS = ["sector", "hq_unit", "hq_room", "province", "province_room", "district", "team"]
TOP_KEYS = {"name", "groups", "metrics", "council", "versions", "levels"}
TRACK_KEYS = {"label", "subject", "levels", "source", "discovery", "criteria", "score", "quota",
              "council", "lineage", "defer"}
# `lineage:` of a collective track: whose years count before the unit was formed
LINEAGE = ("principal", "none")
DEFER_KEYS = {"label", "source", "rule"}
VERSION_KEYS = {"version", "label", "from", "to", "tracks", "extends", "period", "tie_break"}
CRITERION_KEYS = {"id", "label", "source", "rule"}
# in a version that extends another: mark a criterion new (add) or dropped (remove)
OVERRIDE_KEYS = {"add", "remove"}
# track keys whose mapping value is merged key by key with the base's (null removes a key)
MERGED_KEYS = {"quota", "council", "defer"}


class _Problems:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.items: list[Problem] = []

    def __call__(self, message: str, line: int, field: str) -> None:
        problem = Problem(message, self.filename, line or None, field)
        # a mistake in a base version is inherited by the versions extending it: report once
        if not any((p.message, p.row, p.field) == (message, line or None, field)
                   for p in self.items):
            self.items.append(problem)


def parse_criteria(text: str, filename: str, levels: Iterable[str] | None = None) -> Criteria:
    """Parse and validate a criteria file. `levels`: the unit levels known (default: the file's
    own `levels:` list, else the default tree's levels). Raises InputErrors listing every
    problem."""
    from dtt.criteria.source import sha256

    doc = load_yaml_text(text, filename)
    report = _Problems(filename)
    if not isinstance(doc, LineDict):
        report("a criteria file is a mapping with metrics: and versions:", 1, "")
        raise InputErrors(report.items)
    for key in doc:
        if key not in TOP_KEYS:
            report(f"unknown key '{key}' (keys: {', '.join(sorted(TOP_KEYS))})",
                   doc.line_of(key), str(key))
    known_levels = _levels(doc, levels, report)
    problems: list[tuple[str, int, str]] = []
    metrics = parse_metrics(doc.get("metrics"), problems)
    for message, line, field in problems:
        report(message, line, field)
    groups = _groups(doc.get("groups"), known_levels, report, doc.line_of("groups"))
    council = parse_council(doc.get("council"), report, "council", doc.line_of("council"),
                            Council(source="Luật Thi đua, khen thưởng"))
    versions = _versions(doc, metrics, known_levels, council, report)
    if report.items:
        raise InputErrors(report.items)
    return Criteria(name=clean(doc.get("name") or filename), filename=filename,
                    sha256=sha256(text), metrics=metrics, groups=groups, council=council,
                    versions=versions, levels=known_levels)


def _levels(doc: Any, levels: Iterable[str] | None, report: _Problems) -> list[str]:
    if levels is not None:
        return list(levels)
    declared = doc.get("levels")
    if declared is None:
        return list(DEFAULT_LEVELS)
    if not isinstance(declared, LineList) or not all(isinstance(x, str) for x in declared):
        report("levels is a list of level keys", doc.line_of("levels"), "levels")
        return list(DEFAULT_LEVELS)
    return list(declared)


def _groups(node: Any, levels: list[str], report: _Problems, line: int) -> Groups:
    if node is None:
        return Groups(levels=[], cluster_levels=[])
    if not isinstance(node, LineDict) or set(node) - {"levels", "cluster_levels"}:
        report("groups has levels: and cluster_levels:", line, "groups")
        return Groups([], [])
    out: dict[str, list[str]] = {}
    for key in ("levels", "cluster_levels"):
        value = node.get(key, [])
        if not isinstance(value, LineList):
            report("needs a list of level keys", node.line_of(key), f"groups.{key}")
            value = []
        bad = [str(x) for x in value if x not in levels]
        if bad:
            report(f"unknown level {', '.join(bad)} (levels: {', '.join(levels)})",
                   node.line_of(key), f"groups.{key}")
        out[key] = [x for x in value if x in levels]
    return Groups(out["levels"], out["cluster_levels"])


def parse_council(node: Any, report: Any, where: str, line: int, fallback: Council) -> Council:
    """A council rule: {quorum: {share, label}, needs: {share, op, of, label}, source}."""
    if node is None:
        return fallback
    if not isinstance(node, LineDict) or set(node) - {"quorum", "needs", "source"}:
        report("council has quorum:, needs: and source:", line, where)
        return fallback
    council = Council(source=clean(node.get("source") or fallback.source))
    quorum = node.get("quorum", {"share": fallback.quorum_share,
                                 "label": fallback.quorum_label})
    needs = node.get("needs", {"share": fallback.needs_share, "op": fallback.needs_op,
                               "of": fallback.needs_of, "label": fallback.needs_label})
    for part, spec, allowed in (("quorum", quorum, {"share", "label"}),
                                ("needs", needs, {"share", "op", "of", "label"})):
        pline = line_of(node, part, line)
        if not isinstance(spec, dict) or set(spec) - allowed:
            report(f"{part} has {', '.join(sorted(allowed))}", pline, f"{where}.{part}")
            continue
        share = spec.get("share")
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 100:
            report(f"share is a percentage above 0 and up to 100, not '{share}'", pline,
                   f"{where}.{part}.share")
            continue
        if part == "quorum":
            council.quorum_share = float(share)
            council.quorum_label = clean(spec.get("label") or "")
        else:
            op, of = spec.get("op", "gt"), spec.get("of", "members")
            if op not in ("gt", "gte"):
                report(f"op is gt or gte, not '{op}'", pline, f"{where}.needs.op")
            if of not in ("members", "present"):
                report(f"of is members or present, not '{of}'", pline, f"{where}.needs.of")
            council.needs_share, council.needs_op, council.needs_of = float(share), op, of
            council.needs_label = clean(spec.get("label") or "")
    return council


def _versions(doc: Any, metrics: MetricSet, levels: list[str], council: Council,
              report: _Problems) -> list[Version]:
    nodes = doc.get("versions")
    if not isinstance(nodes, LineList) or not nodes:
        report("needs a list of versions, each with from:, to: and tracks:",
               doc.line_of("versions") if "versions" in doc else 1, "versions")
        return []
    by_key: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, LineDict):
            by_key.setdefault(clean(node.get("version") or ""), node)
    resolved: dict[str, Any] = {}  # version key -> its tracks, with every base applied
    versions: list[Version] = []
    for i, node in enumerate(nodes):
        where = f"versions[{i}]"
        line = getattr(node, "line", 0) or nodes.line
        if not isinstance(node, LineDict):
            report("a version is a mapping", line, where)
            continue
        for key in node:
            if key not in VERSION_KEYS:
                report(f"unknown key '{key}'", node.line_of(key), f"{where}.{key}")
        key = clean(node.get("version") or "")
        if key:
            where = f"versions[{key}]"
        else:
            report("needs version: (a name such as 2016-2020.1)", line, f"{where}.version")
        start, end = node.get("from"), node.get("to")
        if not isinstance(start, int) or not is_int(start) or (end is not None
                                                                and not is_int(end)):
            report("from and to are years", node.line_of("from"), f"{where}.from")
            continue
        if end is not None and end < start:
            report(f"year range is inverted: from {start} to {end}", node.line_of("to"),
                   f"{where}.to")
            continue
        period = node.get("period")
        if period is not None and (not is_int(period) or period > start):
            report(f"period is the first year of the emulation period, at most from ({start}),"
                   f" not '{period}'", node.line_of("period"), f"{where}.period")
            period = None
        specs = _resolve(key, node, by_key, resolved, report, [])
        if specs is None:
            continue
        effective = LineDict(node)
        effective.line, effective.key_lines = node.line, dict(getattr(node, "key_lines", {}))
        effective["tracks"] = specs
        tracks = _tracks(effective, metrics, levels, council, report, where)
        order = _order(tracks, report, where, node.line_of("tracks"))
        base = clean(node.get("extends") or "") or None
        ties = _ties(node, by_key, metrics, report, where)
        versions.append(Version(key=key, label=clean(node.get("label") or key), start=start,
                                end=end, tracks=tracks, order=order, line=line,
                                extends=base, period=period, tie_break=ties))
    versions.sort(key=lambda v: v.start)
    for before, after in zip(versions, versions[1:], strict=False):
        if before.end is None or after.start <= before.end:
            report(f"version {after.key} ({after.years}) overlaps version {before.key} "
                   f"({before.years})", after.line, f"versions[{after.key}].from")
    return versions


def _ties(node: Any, by_key: dict[str, Any], metrics: MetricSet, report: _Problems,
          where: str) -> list[TieBreak]:
    """The version's `tie_break:`, else the nearest one up its `extends:` chain, else the
    default (the better rating first)."""
    seen: set[int] = set()
    own = node
    while isinstance(node, LineDict) and id(node) not in seen:
        seen.add(id(node))
        if "tie_break" in node:
            line = node.line_of("tie_break")
            # an inherited list was reported where it is written
            tell = report if node is own else (lambda *_: None)
            ties = parse_ties(node["tie_break"], metrics, tell, f"{where}.tie_break", line)
            return ties if ties is not None else []
        node = by_key.get(clean(node.get("extends") or ""))
    return default_ties(metrics)


def _resolve(key: str, node: Any, by_key: dict[str, Any], resolved: dict[str, Any],
             report: _Problems, path: list[str]) -> Any:
    """The raw `tracks:` mapping of a version, its base's tracks overridden by its own
    (`extends:`). Every node keeps its YAML line, so later errors point at the line that
    wrote the value, in the base or in the override. None when the chain is broken."""
    if key in resolved:
        return resolved[key]
    where = f"versions[{key}]"
    own = node.get("tracks")
    if "extends" not in node:
        resolved[key] = own
        return own
    base_key = clean(node.get("extends") or "")
    line = node.line_of("extends")
    if base_key not in by_key:
        known = ", ".join(k for k in by_key if k) or "none"
        report(f"extends unknown version '{base_key}' (versions: {known})", line,
               f"{where}.extends")
        resolved[key] = None
        return None
    if base_key in path or base_key == key:
        report(f"versions extend each other in a cycle: {' → '.join([*path, key, base_key])}",
               line, f"{where}.extends")
        resolved[key] = None
        return None
    base = _resolve(base_key, by_key[base_key], by_key, resolved, report, [*path, key])
    if base is None:
        resolved[key] = None
        return None
    if own is None:
        own = LineDict()
        own.line, own.key_lines = line, {}
    if not isinstance(own, LineDict) or not isinstance(base, LineDict):
        resolved[key] = own
        return own  # _tracks reports the shape
    merged = _copy(base)
    for track_key, spec in own.items():
        tline = own.line_of(track_key)
        merged.key_lines[track_key] = tline
        if spec is None:  # `ldtt: null` drops the track from this version
            merged.pop(track_key, None)
        elif track_key not in base or not isinstance(spec, LineDict) or not isinstance(
                base[track_key], dict):
            merged[track_key] = spec
        else:
            merged[track_key] = _merge_track(base[track_key], spec, base_key, report,
                                             f"{where}.tracks.{track_key}")
    resolved[key] = merged
    return merged


def _copy(node: Any) -> Any:
    """A shallow copy of a LineDict that keeps its lines."""
    out = LineDict(node)
    out.line, out.key_lines = getattr(node, "line", 0), dict(getattr(node, "key_lines", {}))
    return out


def _merge_track(base: Any, over: Any, base_key: str, report: _Problems, where: str) -> Any:
    track = _copy(base)
    for k, value in over.items():
        track.key_lines[k] = over.line_of(k)
        if k == "criteria" and isinstance(value, LineList) and isinstance(base.get(k), LineList):
            track[k] = _merge_criteria(base[k], value, base_key, report, where)
        elif k in MERGED_KEYS and isinstance(value, LineDict) and isinstance(base.get(k), LineDict):
            track[k] = _deep_merge(base[k], value)
        elif value is None and k in MERGED_KEYS:
            track.pop(k, None)
        else:
            track[k] = value
    return track


def _deep_merge(base: Any, over: Any) -> Any:
    out = _copy(base)
    for k, value in over.items():
        out.key_lines[k] = over.line_of(k)
        if value is None:
            out.pop(k, None)
        elif isinstance(value, LineDict) and isinstance(base.get(k), LineDict):
            out[k] = _deep_merge(base[k], value)
        else:
            out[k] = value
    return out


def _merge_criteria(base: list, over: list, base_key: str, report: _Problems,
                    where: str) -> list:
    """Criteria of an extending version: each item names an id of the base and replaces the
    keys it gives (label, source, rule); `add: true` appends a new criterion, `remove: true`
    drops one. Naming an id the base does not have is an error (a typo would else add a
    criterion silently)."""
    out = LineList(base)
    out.line = getattr(over, "line", 0) or getattr(base, "line", 0)
    ids = [clean(item.get("id") or "") for item in base if isinstance(item, LineDict)]
    for item in over:
        if not isinstance(item, LineDict):
            out.append(item)  # _criteria reports the shape
            continue
        cid = clean(item.get("id") or "")
        iwhere = f"{where}.criteria[{cid}]"
        flags = {k: item[k] for k in OVERRIDE_KEYS if k in item}
        for k, v in flags.items():
            if not isinstance(v, bool):
                report(f"{k} is true or false, not '{v}'", item.line_of(k), f"{iwhere}.{k}")
        if flags.get("add"):
            out.append(_strip(item))
            continue
        if cid not in ids:
            report(f"criterion id '{cid}' is not in version {base_key} "
                   f"(ids: {', '.join(ids)}); to add a criterion write add: true",
                   item.line_of("id"), f"{iwhere}.id")
            continue
        at = next(i for i, c in enumerate(out)
                  if isinstance(c, LineDict) and clean(c.get("id") or "") == cid)
        if flags.get("remove"):
            del out[at]
            ids.remove(cid)
            continue
        merged = _copy(out[at])
        merged.line = item.line
        for k, v in _strip(item).items():
            merged[k] = v
            merged.key_lines[k] = item.line_of(k)
        out[at] = merged
    return out


def _strip(item: Any) -> Any:
    out = _copy(item)
    for k in OVERRIDE_KEYS:
        out.pop(k, None)
    return out


def _tracks(node: Any, metrics: MetricSet, levels: list[str], council: Council,
            report: _Problems, where: str) -> dict[str, Track]:
    specs = node.get("tracks")
    if not isinstance(specs, LineDict) or not specs:
        report("needs tracks: (a mapping of track keys)", node.line_of("tracks"),
               f"{where}.tracks")
        return {}
    keys = {str(k) for k in specs}
    seen_ids: dict[str, int] = {}
    tracks: dict[str, Track] = {}
    for key, spec in specs.items():
        line = specs.line_of(key)
        track = _track(str(key), spec, line, metrics, levels, keys, council, report, seen_ids)
        if track:
            tracks[str(key)] = track
    return tracks


def _track(key: str, spec: Any, line: int, metrics: MetricSet, levels: list[str],
           keys: set[str], council: Council, report: _Problems,
           seen_ids: dict[str, int]) -> Track | None:
    where = f"tracks.{key}"
    if not isinstance(spec, LineDict):
        report("a track is a mapping with subject:, criteria: …", line, where)
        return None
    for k in spec:
        if k not in TRACK_KEYS:
            report(f"unknown key '{k}' (keys: {', '.join(sorted(TRACK_KEYS))})",
                   spec.line_of(k), f"{where}.{k}")
    kind = spec.get("subject")
    if kind not in KINDS:
        report(f"subject must be person or collective, not '{kind}'", spec.line_of("subject"),
               f"{where}.subject")
        return None
    parser = RuleParser(metrics, levels, keys, report)
    track_levels = None
    if "levels" in spec:
        if kind != "collective":
            report("levels applies to collective tracks only", spec.line_of("levels"),
                   f"{where}.levels")
        elif parser.check_levels(spec["levels"], spec.line_of("levels"), f"{where}.levels"):
            track_levels = list(spec["levels"])
    discovery = parser.parse(spec.get("discovery", {"record": True}), kind,
                             f"{where}.discovery", spec.line_of("discovery"))
    criteria = _criteria(spec, kind, parser, report, where, seen_ids)
    terms = TermParser(parser, report)
    score = terms.score(spec.get("score"), kind, f"{where}.score", spec.line_of("score"))
    quota_spec = spec.get("quota")
    if isinstance(quota_spec, LineDict) and "enabled" in quota_spec:
        enabled = quota_spec["enabled"]
        if not isinstance(enabled, bool):
            report(f"enabled is true or false, not '{enabled}'", quota_spec.line_of("enabled"),
                   f"{where}.quota.enabled")
        quota_spec = _copy(quota_spec)
        quota_spec.pop("enabled")
        if enabled is False:
            quota_spec = None  # an optional quota, switched off: every eligible is recommended
    quota = terms.quota(quota_spec, kind, f"{where}.quota", spec.line_of("quota"))
    track_council = parse_council(spec.get("council"), report, f"{where}.council",
                                  spec.line_of("council"), council)
    lineage = spec.get("lineage", "principal")
    if lineage not in LINEAGE:
        report(f"lineage is principal or none, not '{lineage}'", spec.line_of("lineage"),
               f"{where}.lineage")
        lineage = "principal"
    defer = _defer(spec, key, kind, parser, report, where, seen_ids)
    if criteria is not None and defer is not None:
        criteria.append(defer)
    if discovery is None or criteria is None:
        return None
    if key in parser.track_refs:
        report(f"track '{key}' requires itself (a rule of it refers to track: {key}); "
               "tracks must not depend on each other in a cycle", line, f"{where}.criteria")
        return None
    depends = set(parser.track_refs)
    if quota is not None:
        depends |= {q.of_track for q in [quota, *quota.by_level.values(), quota.default]
                    if q is not None and q.of_track}
    return Track(key=key, label=clean(spec.get("label") or key), subject=kind,
                 source=clean(spec.get("source") or ""), discovery=discovery,
                 criteria=criteria, score=score, quota=quota, council=track_council,
                 levels=track_levels, depends=sorted(depends - {key}), line=line,
                 lineage=lineage, defer=defer.id if defer is not None else None)


def _defer(spec: Any, key: str, kind: str, parser: RuleParser, report: _Problems, where: str,
           seen_ids: dict[str, int]) -> Criterion | None:
    """`defer: {label, source, rule}` — the criterion `<track>.defer`: when its rule FAILS (the
    subject is under disciplinary review, investigation or complaint) the result is `deferred`,
    not ineligible (NĐ 98/2023/NĐ-CP Điều 4 khoản 4)."""
    node = spec.get("defer")
    if node is None:
        return None
    dline = spec.line_of("defer")
    if not isinstance(node, LineDict) or "rule" not in node:
        report("defer is a mapping with label, source and rule (passes when the subject is "
               "not under review)", dline, f"{where}.defer")
        return None
    for k in node:
        if k not in DEFER_KEYS:
            report(f"unknown key '{k}' (keys: {', '.join(sorted(DEFER_KEYS))})",
                   node.line_of(k), f"{where}.defer.{k}")
    cid = f"{key}.defer"
    if cid in seen_ids:
        report(f"duplicate criterion id '{cid}' (first on line {seen_ids[cid]})", dline,
               f"{where}.defer")
        return None
    seen_ids[cid] = dline
    rule = parser.parse(node["rule"], kind, f"{where}.defer.rule", node.line_of("rule"))
    if rule is None:
        return None
    return Criterion(id=cid, label=clean(node.get("label") or cid),
                     source=clean(node.get("source") or spec.get("source") or ""), rule=rule,
                     line=dline)


def _criteria(spec: Any, kind: str, parser: RuleParser, report: _Problems, where: str,
              seen_ids: dict[str, int]) -> list[Criterion] | None:
    items = spec.get("criteria")
    line = spec.line_of("criteria") if "criteria" in spec else spec.line
    if not isinstance(items, LineList) or not items:
        report("a track needs at least one criterion", line, f"{where}.criteria")
        return None
    out: list[Criterion] = []
    for i, item in enumerate(items):
        iline = getattr(item, "line", 0) or line
        if not isinstance(item, LineDict):
            report("a criterion is a mapping with id, label, source, rule", iline,
                   f"{where}.criteria[{i}]")
            continue
        cid = clean(item.get("id") or "")
        cwhere = f"{where}.criteria[{cid or i}]"
        for k in item:
            if k not in CRITERION_KEYS:
                report(f"unknown key '{k}' (keys: id, label, source, rule)", item.line_of(k),
                       f"{cwhere}.{k}")
        if not cid:
            report("needs id:", iline, f"{cwhere}.id")
        elif cid in seen_ids:
            report(f"duplicate criterion id '{cid}' (first on line {seen_ids[cid]})",
                   item.line_of("id"), f"{cwhere}.id")
        else:
            seen_ids[cid] = item.line_of("id")
        if "rule" not in item:
            report("needs rule:", iline, f"{cwhere}.rule")
            continue
        rule = parser.parse(item["rule"], kind, f"{cwhere}.rule", item.line_of("rule"))
        if rule is not None:
            out.append(Criterion(id=cid, label=clean(item.get("label") or cid),
                                 source=clean(item.get("source") or spec.get("source") or ""),
                                 rule=rule, line=iline))
    return out


def _order(tracks: dict[str, Track], report: _Problems, where: str, line: int) -> list[str]:
    """Track keys so that every track comes after the tracks it refers to."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == 2 or key not in tracks:
            return
        if state.get(key) == 1:
            report(f"tracks refer to each other in a cycle: {' → '.join([*path, key])}",
                   tracks[key].line or line, f"{where}.tracks.{key}")
            return
        state[key] = 1
        for dep in tracks[key].depends:
            visit(dep, [*path, key])
        state[key] = 2
        order.append(key)

    for key in tracks:
        visit(key, [])
    return order
