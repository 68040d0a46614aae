"""Strict YAML reading: duplicate keys are errors, and every mapping remembers its lines."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from dtt import limits
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


def _construct_str(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    return limits.check_text(str(text), file=loader.filename, row=node.start_mark.line + 1)


def _plain(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    """The number as written; only the plain forms (no `1_0`, `0x10`, `1:30`, no 5,000 digits)."""
    text = str(loader.construct_scalar(node))
    if len(text) > limits.NUMBER_CHARS:
        raise InputError(f"a number of {len(text):,} characters; the limit is "
                         f"{limits.NUMBER_CHARS}", file=loader.filename,
                         row=node.start_mark.line + 1)
    if not limits.plain_number(text):
        raise InputError(f"'{limits.shown(text)}' is not a plain number (write digits, a "
                         "point and an optional exponent; quote it if it is text)",
                         file=loader.filename, row=node.start_mark.line + 1)
    return text


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    return int(_plain(loader, node))


def _construct_float(loader: _StrictLoader, node: yaml.ScalarNode) -> float:
    value = float(_plain(loader, node))
    if not math.isfinite(value):
        raise InputError("a number too large to hold", file=loader.filename,
                         row=node.start_mark.line + 1)
    return value


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file (BOM allowed); anything else is a clear InputError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", file=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", file=str(path)) from exc
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


def _check_shape(text: str, filename: str) -> None:
    """Size and nesting depth, read from the event stream (no recursion) before building."""
    limits.check_size(len(text.encode("utf-8", "surrogatepass")), limits.YAML_BYTES,
                      "the YAML file", filename)
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.YAML_DEPTH:
                mark = event.start_mark
                raise InputError(f"nested more than {limits.YAML_DEPTH} levels deep",
                                 file=filename, row=mark.line + 1 if mark else None)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml_text(text: str, filename: str) -> Any:
    loader = _StrictLoader(text)
    loader.filename = filename
    try:
        _check_shape(text, filename)
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
        raise InputError(f"malformed YAML: {limits.shown(exc, 200)}", file=filename) from exc
    except RecursionError:
        raise InputError("nested too deeply", file=filename) from None
    finally:
        loader.dispose()


def load_yaml(path: str | Path) -> Any:
    return load_yaml_text(read_text(path), str(path))
