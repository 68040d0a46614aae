"""Option values without pydantic: the Typer in use converts every option value through a
pydantic TypeAdapter, and importing pydantic costs more than the rest of a command's start-up.

Our options are plain `str`, `int`, `float`, `bool` and `Path`; `install()` converts those
the way Typer does (the same checks on paths, an error naming the option on a bad number) and
leaves any other parameter to Typer. If Typer's internals change, nothing is patched and
Typer's own conversion runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off", ""}
PLAIN = (str, int, float, bool, Path)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return str(value)


def convert(annotation: Any, value: Any, fail: Any, path: Any = None) -> Any:
    """`value` as `annotation` (one of PLAIN); `fail(message)` raises the error to show;
    `path(value)` checks a Path the way Typer does."""
    if annotation is str:
        return _text(value)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        word = _text(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        return fail(f"{value!r} is not a valid boolean.")
    if annotation is int or annotation is float:
        if isinstance(value, annotation) and not isinstance(value, bool):
            return value
        try:
            return annotation(_text(value).strip().replace("_", ""))
        except ValueError:
            kind = "an integer" if annotation is int else "a number"
            return fail(f"{value!r} is not {kind}.")
    value = value if isinstance(value, Path) else Path(_text(value))
    return path(value) if path is not None else value


def install() -> bool:
    """Convert plain option values without pydantic; False if Typer's internals differ."""
    try:
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path
        from typer.core import _TyperParameter
        from typer.models import ParameterInfo  # noqa: F401  (the shape relied on)
    except ImportError:
        return False
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None or getattr(original, "_dtt_plain", False):
        return original is not None

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            from typer._click.exceptions import BadParameter

            def fail(message: str) -> Any:
                raise BadParameter(message, ctx=ctx, param=param)

            def path(p: Path) -> Any:
                return coerce_cli_path(p, self.parameter_info, path_type=Path, param=param,
                                       ctx=ctx)

            return convert(self.annotation, value, fail, path)

    def plain(info: Any, annotation: Any) -> bool:
        if annotation not in PLAIN or getattr(info, "parser", None) is not None:
            return False
        if getattr(info, "click_type", None) is not None:
            return False
        if annotation in (int, float) and (getattr(info, "min", None) is not None
                                           or getattr(info, "max", None) is not None):
            return False
        return annotation is not Path or getattr(info, "path_type", None) in (None, Path)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            if desc.file_annotation is None and plain(desc.parameter_info, desc.annotation):
                self._runtime_param = PlainParam(parameter_info=desc.parameter_info,
                                                 annotation=desc.annotation)
            else:
                return original(self)
        return self._runtime_param

    get_runtime_param._dtt_plain = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True
