"""Small patches of the bundled criteria file, for tests and rule cases.

A patch is a YAML mapping merged deeply into dtt/data/criteria.yaml:

- a mapping merges key by key into a mapping (a key the base lacks is added);
- in a list, a patch mapping picks items by their `id:`, `version:`, `code:` or `key:` (or by
  position, an integer) and merges into each; a selector that matches no item is an error;
- any other value (a scalar, a list) replaces what was there;
- directives, inside a patch mapping:
    `{$replace: VALUE}`  the node becomes VALUE (replace a whole rule, or empty a list: [])
    `{$delete: true}`    the key is removed from its mapping
    `{$append: [...]}`, `{$prepend: [...]}`   items added at the end / the start of a list
  (`$append`/`$prepend` may sit beside item selectors).

`patched_text(patch)` returns the patched file as YAML text, ready for `parse_criteria` or
`install`. It is written by yaml.safe_dump (keys in the original order, lists of plain values in
flow style, one line each), so its line numbers are those of the patched text, not of
dtt/data/criteria.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dtt.criteria.source import default_text
from dtt.yamlio import load_yaml, load_yaml_text

ITEM_KEYS = ("id", "version", "code", "key")
DIRECTIVES = {"$replace", "$delete", "$append", "$prepend"}


class PatchError(ValueError):
    """A patch that does not fit the file it patches (names the path inside the document)."""


def plain(node: Any) -> Any:
    """A copy made of plain dicts and lists (no line-keeping subclasses)."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def apply_patch(base: Any, patch: Any, where: str = "") -> Any:
    """`base` with `patch` merged in (a new object; `base` is left as it was)."""
    if not isinstance(patch, dict):
        return plain(patch)
    directives = {k for k in patch if isinstance(k, str) and k.startswith("$")}
    unknown = directives - DIRECTIVES
    if unknown:
        raise PatchError(f"{where or '/'}: unknown patch directive {sorted(unknown)[0]!r} "
                         f"(known: {', '.join(sorted(DIRECTIVES))})")
    if "$replace" in patch:
        if len(patch) != 1:
            raise PatchError(f"{where or '/'}: $replace stands alone")
        return plain(patch["$replace"])
    if "$delete" in patch:
        raise PatchError(f"{where or '/'}: $delete removes a key of a mapping; "
                         "it cannot stand at the top")
    if isinstance(base, list):
        return _patch_list(base, patch, where)
    if directives:
        raise PatchError(f"{where or '/'}: {sorted(directives)[0]} applies to a list")
    if not isinstance(base, dict):
        return plain(patch)
    out = plain(base)
    for key, value in patch.items():
        path = f"{where}.{key}" if where else str(key)
        if isinstance(value, dict) and "$delete" in value:
            if key not in out:
                raise PatchError(f"{path}: $delete of a key that is not there")
            del out[key]
            continue
        out[key] = apply_patch(base[key], value, path) if key in base else plain(
            _without_directives(value, path))
    return out


def _without_directives(value: Any, where: str) -> Any:
    """A new node from a patch: only $replace makes sense there (it is the plain value)."""
    if isinstance(value, dict) and any(isinstance(k, str) and k.startswith("$") for k in value):
        if set(value) == {"$replace"}:
            return value["$replace"]
        raise PatchError(f"{where}: a new key takes a plain value (or $replace)")
    return value


def _patch_list(base: list[Any], patch: dict[Any, Any], where: str) -> list[Any]:
    out = plain(base)
    for selector, value in patch.items():
        if selector in ("$append", "$prepend"):
            continue
        path = f"{where}[{selector}]"
        index = _find(out, selector)
        if index is None:
            raise PatchError(f"{path}: no item with that position or "
                             f"{'/'.join(ITEM_KEYS)}")
        if isinstance(value, dict) and "$delete" in value:
            del out[index]
        else:
            out[index] = apply_patch(base[index], value, path)
    for key in ("$append", "$prepend"):
        items = patch.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise PatchError(f"{where}: {key} takes a list")
        out = out + plain(items) if key == "$append" else plain(items) + out
    return out


def _find(items: list[Any], selector: Any) -> int | None:
    if isinstance(selector, int) and not isinstance(selector, bool):
        return selector if -len(items) <= selector < len(items) else None
    for i, item in enumerate(items):
        if isinstance(item, dict) and any(str(item.get(k)) == str(selector)
                                          for k in ITEM_KEYS if k in item):
            return i
    return None


def dump(doc: Any) -> str:
    return yaml.safe_dump(plain(doc), allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=10_000)


def patched_text(patch: Any, base_text: str | None = None) -> str:
    """The bundled criteria file (or `base_text`) with `patch` applied, as YAML text."""
    base = load_yaml_text(default_text() if base_text is None else base_text, "criteria.yaml")
    return dump(apply_patch(base, patch or {}))


def load_patch(path: str | Path) -> Any:
    """A patch file (read strictly: a duplicate key is an error naming its line)."""
    return load_yaml(path)


def patched_file_text(path: str | Path) -> str:
    """The bundled criteria file with the patch in `path` applied."""
    return patched_text(load_patch(path))


def line_holding(text: str, needle: str) -> int:
    """The 1-based number of the only line of `text` that contains `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    if len(lines) != 1:
        raise AssertionError(f"{needle!r} is on lines {lines} of the patched text, "
                             "not on exactly one")
    return lines[0]
