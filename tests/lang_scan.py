"""Find every user-facing English template in dtt/ (AST): the messages of InputError,
DttError, StoreError, Problem and Collector.add, and the lines the CLI prints (info, fail,
typer.echo), each turned into a template with `{}` for every interpolated value.

    python tests/lang_scan.py      lists the templates the Vietnamese catalogue lacks
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dtt"
ERRORS = {"InputError", "DttError", "StoreError", "Problem", "ValueError", "CellError", "report"}
PRINTS = {"info", "echo", "tr"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def template_of(node: ast.AST) -> str | None:
    """A string literal, an f-string, or a + / implicit concatenation of them; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            else:
                out.append("{" + _placeholder(part) + "}")
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template_of(node.left), template_of(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{" + _placeholder(node.left) + "}") + \
            (right if right is not None else "{" + _placeholder(node.right) + "}")
    if isinstance(node, ast.IfExp):
        return None
    return None


def _placeholder(node: ast.AST) -> str:
    """A readable placeholder name for an interpolated expression: run.year → year."""
    if isinstance(node, ast.FormattedValue):
        node = node.value
    while True:
        if isinstance(node, ast.Subscript):
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return key.value
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                return str(node.args[0].value)
            if node.args and isinstance(node.func, ast.Name):
                node = node.args[0]
            elif isinstance(node.func, ast.Attribute):
                node = node.func.value
            else:
                return "value"
        elif isinstance(node, ast.Attribute):
            return node.attr
        elif isinstance(node, ast.Name):
            return node.id
        elif isinstance(node, ast.BinOp):
            node = node.left
        else:
            return "value"


def _unique(template: str) -> str:
    """Number repeated placeholder names: {version} … {version} → {version} … {version2}."""
    seen: dict[str, int] = {}

    def one(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        return "{" + (name if seen[name] == 1 else f"{name}{seen[name]}") + "}"

    return re.sub(r"\{\{|\}\}|\{([^{}]*)\}", one, template)


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _message_arg(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    for kw in call.keywords:
        if kw.arg == "message":
            return kw.value
    return None


DOC_FILES = ("cli", "workflow/views.py")


def sites(root: Path = ROOT):
    """(path, line, kind, template) for every message whose text is in the code: errors
    (everywhere), printed lines (dtt/cli), and the titles, summaries and column headings
    of the documents the CLI builds."""
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        in_cli = rel.startswith("cli/")
        docs = any(rel.startswith(d) for d in DOC_FILES)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in [tree, *[n for n in ast.walk(tree)
                             if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]]:
            assigned = _assignments(func)
            for node in _calls(func):
                for kind, arg in _message_args(node, in_cli, docs):
                    for piece in _alternatives(arg, assigned):
                        text = template_of(piece)
                        if text is not None and re.search(r"[A-Za-z]", normal(text)
                                                          .replace("{}", "")):
                            yield path, node.lineno, kind, _unique(text)


def _calls(func: ast.AST):
    """The calls in a function's own body (or a module's top level), not in nested defs."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _assignments(func: ast.AST) -> dict[str, list[ast.AST]]:
    """Local names bound to a text: message = "…" (each branch's value)."""
    out: dict[str, list[ast.AST]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            out.setdefault(node.targets[0].id, []).append(node.value)
    return out


def _message_args(call: ast.Call, in_cli: bool, docs: bool):
    name = _name(call.func)
    keys = {kw.arg: kw.value for kw in call.keywords}
    if name in ERRORS or (name == "add" and set(keys) & {"file", "row", "field"}):
        arg = _message_arg(call)
        if arg is not None:
            yield "error", arg
    elif in_cli and name in PRINTS:
        arg = _message_arg(call)
        if arg is not None:
            yield "print", arg
    elif docs and name in ("Column", "C") and len(call.args) >= 2:
        yield "doc", call.args[1]
    elif docs and name in ("Section", "Document"):
        if call.args:
            yield "doc", call.args[0]
        for key in ("summary", "subtitle", "title"):
            if key in keys:
                yield "doc", keys[key]


def _alternatives(node: ast.AST, assigned: dict[str, list[ast.AST]], depth: int = 0):
    """`a if c else b` gives both a and b; a local name gives the texts bound to it."""
    if depth > 3:
        return
    if isinstance(node, ast.IfExp):
        yield from _alternatives(node.body, assigned, depth + 1)
        yield from _alternatives(node.orelse, assigned, depth + 1)
    elif isinstance(node, ast.Name) and node.id in assigned:
        for value in assigned[node.id]:
            yield from _alternatives(value, assigned, depth + 1)
    else:
        yield node


def normal(template: str) -> str:
    """Compare templates whatever their placeholders are named: every {…} becomes {}."""
    text = _PLACEHOLDER.sub("{}", template)
    return " ".join(text.replace("{{", "{").replace("}}", "}").split())


def missing(catalogue: dict[str, str]) -> list[tuple[Path, int, str]]:
    have = {normal(k) for k in catalogue}
    out = []
    for path, line, _kind, text in sites():
        if normal(text) not in have:
            out.append((path, line, text))
    return out


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT.parent))
    from dtt.cli.lang import catalogue

    seen = set()
    for path, line, text in missing(catalogue("vi")["messages"]):
        if normal(text) in seen:
            continue
        seen.add(normal(text))
        print(f"# {path.relative_to(ROOT.parent)}:{line}")
        print(f"{text!r}: ''")
