"""Strict YAML reading: duplicate keys are errors, and every mapping remembers its lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dtt.errors import InputError


class LineDict(dict):
    """A mapping from YAML that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    line: int = 0


# the C parser where PyYAML was built with libyaml (much faster); the same constructors
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    filename = "<yaml>"


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    # merge keys (<<: *anchor) come first after flattening; a key written out overrides them
    explicit = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - explicit
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    from_merge: set[Any] = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise InputError(
                "a mapping key must be a plain value",
                file=loader.filename,
                row=key_node.start_mark.line + 1,
            ) from exc
        if key in result and key not in from_merge:
            raise InputError(
                f"duplicate key '{key}' (first on line {result.key_lines[key]})",
                file=loader.filename,
                row=key_node.start_mark.line + 1,
                field=str(key),
            )
        (from_merge.add if i < merged else from_merge.discard)(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode, deep: bool = False):
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file (BOM allowed); anything else is a clear InputError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    return decode(raw, str(path))


def decode(raw: bytes, filename: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 "
            "(in Excel: 'CSV UTF-8'), not a legacy Windows-1258 or TCVN3 encoding",
            file=filename,
            row=line,
        ) from exc


def load_yaml_text(text: str, filename: str) -> Any:
    loader = _StrictLoader(text)
    loader.filename = filename
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
            problem = f"{exc.context} that is never closed"
        line = mark.line + 1 if mark else None
        raise InputError(f"malformed YAML: {problem}", file=filename, row=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=filename) from exc
    finally:
        loader.dispose()


def load_yaml(path: str | Path) -> Any:
    return load_yaml_text(read_text(path), str(path))
