"""Declared metrics: their types, ranges, enums, defaults, and parsing of one cell."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from dtt.limits import plain_number, shown
from dtt.text import clean, fold_code

KINDS = ("person", "collective")
TYPES = ("enum", "int", "number", "bool", "date")  # a date is stored as ISO text
_TRUE = {"1", "true", "yes", "y", "x", "co", "dat", "đat", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "chuadat", "f"}


class CellError(ValueError):
    """A cell's value does not fit its metric (message only; the caller adds file/row/field)."""


@dataclass
class Metric:
    key: str
    kind: str
    label: str
    type: str
    values: list[str] = field(default_factory=list)  # enum codes, lowest first
    value_labels: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)  # folded spelling -> code
    min: float | None = None
    max: float | None = None
    default: Any = None
    has_default: bool = False
    aliases: list[str] = field(default_factory=list)  # other headers a sheet may use
    percent: bool = False  # `unit: percent`: a percentage, 99.5 for 99.5%
    refuse_fractions: bool = False  # a bare 0 < v <= 1.5 is taken for a fraction and refused

    def rank(self, code: str) -> int:
        """Position of an enum code, lowest first."""
        return self.values.index(code)

    def label_of(self, value: Any) -> str:
        if self.type == "enum":
            return self.value_labels.get(value, str(value))
        return str(value)

    def parse(self, raw: Any) -> Any:
        """Parse one non-empty cell (text or a number from Excel) to the canonical value."""
        if self.type == "enum":
            if raw in self.value_labels:  # already a code: the fast path for bulk loads
                return raw
            code = self.spellings.get(fold_code(str(raw)))
            if code is None:
                raise CellError(f"'{clean(raw)}' is not one of {', '.join(self.values)}")
            return code
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            text = fold_code(str(raw))
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise CellError(f"'{clean(raw)}' is not yes/no (có/không, 1/0, true/false)")
        if self.type == "date":
            from dtt.personal import parse_date  # personal reads CellError from here

            return parse_date(raw)
        number = _number(raw)
        if self.type == "int":
            if not float(number).is_integer():
                raise CellError(f"'{clean(raw)}' is not a whole number")
            number = int(number)
        if self.min is not None and number < self.min:
            raise CellError(f"{_fmt(number)} is below the minimum {_fmt(self.min)}")
        if self.max is not None and number > self.max:
            raise CellError(f"{_fmt(number)} is above the maximum {_fmt(self.max)}")
        return number


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = clean(raw).replace("%", "").replace(" ", "")
        # Vietnamese decimal comma: "97,5" → 97.5 (but not "1,234.5")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        if not plain_number(text):  # no `1_0`, `inf`, `nan`, `0x10`, nor 5,000 digits
            raise CellError(f"'{shown(clean(raw))}' is not a number")
        try:
            value = float(text)
        except ValueError as exc:
            raise CellError(f"'{clean(raw)}' is not a number") from exc
    if math.isnan(value) or math.isinf(value):
        raise CellError(f"'{clean(raw)}' is not a number")
    return value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def fmt_value(value: Any) -> str:
    """A value as an explanation shows it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return _fmt(round(value, 2))
    return str(value)


@dataclass
class MetricSet:
    """The metrics declared for each subject kind."""

    by_kind: dict[str, dict[str, Metric]]

    def get(self, kind: str, key: str) -> Metric | None:
        return self.by_kind.get(kind, {}).get(key)

    def columns(self) -> set[str]:
        return {key for metrics in self.by_kind.values() for key in metrics}

    def for_kind(self, kind: str) -> dict[str, Metric]:
        return self.by_kind.get(kind, {})


def parse_metrics(section: Any, problems: list[tuple[str, int, str]]) -> MetricSet:
    """Build the MetricSet from the `metrics:` mapping; append (message, line, field) problems."""
    by_kind: dict[str, dict[str, Metric]] = {}
    if not isinstance(section, dict):
        problems.append(("'metrics' must map person/collective to metrics", 0, "metrics"))
        return MetricSet({})
    for kind, metrics in section.items():
        line = section.line_of(kind) if hasattr(section, "line_of") else 0
        if kind not in KINDS:
            problems.append((f"unknown subject kind '{kind}' (use person or collective)", line,
                             f"metrics.{kind}"))
            continue
        if not isinstance(metrics, dict):
            problems.append(("must be a mapping of metric keys", line, f"metrics.{kind}"))
            continue
        by_kind[kind] = {}
        for key, spec in metrics.items():
            mline = metrics.line_of(key) if hasattr(metrics, "line_of") else line
            where = f"metrics.{kind}.{key}"
            metric = _parse_metric(str(key), kind, spec, mline, where, problems)
            if metric:
                by_kind[kind][str(key)] = metric
    return MetricSet(by_kind)


def _parse_metric(key, kind, spec, line, where, problems) -> Metric | None:
    if not isinstance(spec, dict):
        problems.append(("must be a mapping with type and label", line, where))
        return None
    mtype = spec.get("type")
    if mtype not in TYPES:
        problems.append((f"type must be one of {', '.join(TYPES)}, not '{mtype}'", line, where))
        return None
    metric = Metric(key=key, kind=kind, label=clean(spec.get("label") or key), type=mtype)
    if mtype == "enum":
        values = spec.get("values")
        if not isinstance(values, list) or not values:
            problems.append(("an enum needs a list of values", line, where))
            return None
        for item in values:
            if not isinstance(item, dict) or "code" not in item:
                problems.append(("each enum value needs a code", getattr(item, "line", line),
                                 where))
                continue
            code = str(item["code"])
            metric.values.append(code)
            metric.value_labels[code] = clean(item.get("label") or code)
            for spelling in [code, item.get("label"), *(item.get("aliases") or [])]:
                if spelling is None:
                    continue
                folded = fold_code(str(spelling))
                other = metric.spellings.get(folded)
                if other and other != code:
                    problems.append((f"spelling '{spelling}' names both {other} and {code}",
                                     getattr(item, "line", line), where))
                metric.spellings[folded] = code
    if mtype in ("int", "number"):
        for bound in ("min", "max"):
            if bound in spec:
                if not isinstance(spec[bound], int | float) or isinstance(spec[bound], bool):
                    problems.append((f"{bound} must be a number", line, where))
                else:
                    setattr(metric, bound, spec[bound])
    aliases = spec.get("aliases") or []
    if not isinstance(aliases, list):
        problems.append(("aliases must be a list of headers", line, where))
    else:
        metric.aliases = [clean(a) for a in aliases if clean(a)]
    if spec.get("unit") not in (None, "percent"):
        problems.append((f"unit must be percent, not '{spec.get('unit')}'", line, where))
    metric.percent = spec.get("unit") == "percent"
    metric.refuse_fractions = metric.percent and spec.get("fractions", "refuse") != "allow"
    if "default" in spec:
        try:
            metric.default = metric.parse(spec["default"])
            metric.has_default = True
        except CellError as exc:
            problems.append((f"default: {exc}", line, where))
    return metric


FRACTION_MAX = 1.5


def parse_sheet_cell(metric: Metric, raw: Any, *, percent_cell: bool = False,
                     formats_read: bool = True) -> Any:
    """Parse one cell of an imported file. A cell formatted as a percentage holds the fraction
    (0.995 shown as 99.5%): a percentage metric reads it as 99.5. A bare number that looks like
    a fraction (0 < v <= 1.5) where a percentage is expected is refused, never guessed; a text
    with a '%' sign ("0,8%") says what it means and is read as written. Where the file's
    formats cannot be read (.xls), every percentage metric refuses fractions."""
    if percent_cell:
        if not metric.percent:
            raise CellError(f"the cell is formatted as a percentage but {metric.key} is not a "
                            "percentage")
        return metric.parse(round(float(raw) * 100, 9))
    guard = metric.refuse_fractions or (metric.percent and not formats_read)
    if guard and not isinstance(raw, bool) and not (
            isinstance(raw, str) and "%" in raw):
        try:
            value = _number(raw)
        except CellError:
            value = None
        if value is not None and 0 < value <= FRACTION_MAX:
            pct = _fmt(round(value * 100, 9))
            how = ("format the cell as a percentage" if formats_read else
                   "save the file as .xlsx (the number formats of .xls files are not read)")
            raise CellError(f"{clean(raw)} looks like a fraction where a percentage is expected: "
                            f"write {pct} for {pct}%, or '{_fmt(value)}%' if that is meant, or "
                            f"{how}")
    return metric.parse(raw)
