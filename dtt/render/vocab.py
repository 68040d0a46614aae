"""The names a person reads for the criteria's codes: metric labels, enum values by name, the
checks' and tracks' labels and the tree's level names, from one criteria file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dtt.messages import lookup, t
from dtt.render import numbers

if TYPE_CHECKING:
    from dtt.criteria.model import Criteria

__all__ = ["Vocabulary", "default_vocabulary", "value_label", "vocabulary"]


@dataclass
class Vocabulary:
    """The names a person reads for the criteria's codes."""

    metrics: dict[str, str] = field(default_factory=dict)  # metric key -> label
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # metric -> code -> label
    checks: dict[str, str] = field(default_factory=dict)  # criterion id -> label
    tracks: dict[str, str] = field(default_factory=dict)  # track key -> label
    levels: dict[str, str] = field(default_factory=dict)  # level key -> name
    codes: dict[str, str] = field(default_factory=dict)  # any enum code -> label
    # details already written (a report repeats the same ones thousands of times)
    said: dict[tuple[str, str], str | None] = field(default_factory=dict, compare=False,
                                                    repr=False)

    def metric(self, key: str) -> str:
        return self.metrics.get(key) or key

    def metric_of_year(self, key: str) -> str:
        """The label before 'năm 2020': 'Số sáng kiến … trong năm' loses its 'trong năm'."""
        label = self.metric(key)
        return label[:-len(" trong năm")] if label.endswith(" trong năm") else label

    def value(self, key: str | None, code: str) -> str:
        """An enum code's label (of `key`'s metric when known, else of any metric)."""
        if key is not None:
            label = self.values.get(key, {}).get(code)
            if label:
                return label
        return self.codes.get(code) or code


_VOCABS: dict[str, Vocabulary] = {}


def vocabulary(criteria: Criteria, levels: dict[str, str] | None = None) -> Vocabulary:
    """The vocabulary of a criteria file (every version; an earlier label wins), with the
    tree's level names if given. Built once per criteria text."""
    vocab = _VOCABS.get(criteria.sha256)
    if vocab is None:
        vocab = Vocabulary()
        for kind in ("person", "collective"):
            for key, metric in criteria.metrics.for_kind(kind).items():
                vocab.metrics.setdefault(key, metric.label)
                mine = vocab.values.setdefault(key, {})
                for code, label in metric.value_labels.items():
                    mine.setdefault(code, label)
                    vocab.codes.setdefault(code, label)
        for version in criteria.versions:
            for key, track in version.tracks.items():
                vocab.tracks.setdefault(key, track.label)
                for criterion in track.criteria:
                    vocab.checks.setdefault(criterion.id, criterion.label)
        _VOCABS[criteria.sha256] = vocab
    if levels:
        vocab = Vocabulary(vocab.metrics, vocab.values, vocab.checks, vocab.tracks,
                           dict(levels), vocab.codes)
    return vocab


def default_vocabulary() -> Vocabulary:
    """The vocabulary of the bundled criteria (for a reader without a database)."""
    from dtt.criteria.loader import parse_criteria
    from dtt.criteria.source import default_text

    cached = _VOCABS.get("default")
    if cached is None:
        cached = _VOCABS["default"] = vocabulary(parse_criteria(default_text(), "criteria.yaml"),
                                                 _bundled_levels())
    return cached


def _bundled_levels() -> dict[str, str]:
    """The level names of the bundled sample tree."""
    from importlib.resources import files

    import yaml

    doc = yaml.safe_load(files("dtt").joinpath("data", "units.yaml").read_text("utf-8"))
    return {lv["key"]: lv["name"] for lv in (doc or {}).get("levels", []) if "key" in lv}


def value_label(vocab: Vocabulary, key: str | None, value: Any, lang: str = "vi",
                short: bool = False) -> str:
    """A value read as a person reads it: an enum's label (a title's short official form
    when `short`), có/không, a number in the language's form. English keeps codes."""
    if value is None:
        return t("check.not_recorded", lang)
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no", lang)
    if numbers.is_number(value):
        return numbers.number(value, lang)
    text = str(value)
    if lang == "en":
        return text
    if short:
        shorter = lookup(f"title.short.{text}", lang)
        if shorter:
            return shorter
    return vocab.value(key, text)
