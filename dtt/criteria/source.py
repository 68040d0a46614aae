"""Where the criteria text comes from: the bundled default, a user's file, the database."""

from __future__ import annotations

import hashlib
import weakref
from importlib.resources import files
from pathlib import Path

from dtt.criteria.metrics import MetricSet, parse_metrics
from dtt.criteria.model import Criteria
from dtt.errors import InputError, InputErrors, Problem
from dtt.store import Store, now
from dtt.store import criteria as store_criteria
from dtt.yamlio import load_yaml_text, read_text

DEFAULT_NAME = "criteria.yaml"


def default_text() -> str:
    return files("dtt").joinpath("data", DEFAULT_NAME).read_text(encoding="utf-8")


def read_criteria_file(path: str | Path) -> str:
    return read_text(path)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def metrics_from_text(text: str, filename: str) -> MetricSet:
    doc = load_yaml_text(text, filename)
    if not isinstance(doc, dict) or "metrics" not in doc:
        raise InputError("no 'metrics:' section", file=filename, field="metrics")
    problems: list[tuple[str, int, str]] = []
    metrics = parse_metrics(doc["metrics"], problems)
    if problems:
        raise InputErrors([Problem(m, filename, line or None, f) for m, line, f in problems])
    return metrics


def validate(text: str, filename: str) -> None:
    """Validate a whole criteria file; raises InputError(s) naming the YAML line."""
    from dtt.criteria.loader import parse_criteria

    parse_criteria(text, filename)


def install(store: Store, text: str, filename: str) -> str:
    """Validate and make `text` the database's active criteria; returns its sha256."""
    validate(text, filename)
    digest = sha256(text)
    with store.write():
        old = store_criteria.active_sha256(store)
        store_criteria.save_criteria(store, digest, text, filename, now())
        store.audit("criteria.install", detail={"file": filename, "old_sha256": old,
                                                "new_sha256": digest})
    return digest


def active_text(store: Store) -> tuple[str, str]:
    """The database's active criteria text and its sha256 (the default if none installed)."""
    digest = store_criteria.active_sha256(store)
    if digest:
        text = store_criteria.criteria_text(store, digest)
        if text is not None:
            return text, digest
    text = default_text()
    return text, sha256(text)


_CACHE: weakref.WeakKeyDictionary[Store, tuple[str, Criteria]] = weakref.WeakKeyDictionary()


def active_criteria(store: Store) -> Criteria:
    """The database's active criteria, parsed once per store and criteria text. Level keys
    are checked against the file's own `levels:` list (default: the standard tree's levels),
    not the database's tree, so a tree without some levels still runs: criteria for a missing
    level simply match no unit."""
    from dtt.criteria.loader import parse_criteria

    text, digest = active_text(store)
    cached = _CACHE.get(store)
    if cached and cached[0] == digest:
        return cached[1]
    parsed = parse_criteria(text, store_criteria.active_filename(store) or DEFAULT_NAME)
    _CACHE[store] = (digest, parsed)
    return parsed


def active_metrics(store: Store) -> MetricSet:
    text, _ = active_text(store)
    return metrics_from_text(text, store_criteria.active_filename(store) or DEFAULT_NAME)
