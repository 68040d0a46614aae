"""The README's command reference, made from the commands' own help (keeps the two in step),
in Vietnamese, as `dtt COMMAND --help` shows it by default.

Regenerate with: python -m dtt.cli.reference README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main

START = "<!-- COMMANDS -->"
END = "<!-- /COMMANDS -->"


def _walk(cmd, path: tuple[str, ...]):
    subs = getattr(cmd, "commands", None)
    if subs:
        for name in sorted(subs):
            yield from _walk(subs[name], (*path, name))
    else:
        yield path, cmd


def _usage(path: tuple[str, ...], cmd) -> str:
    parts = ["dtt", *path]
    for param in cmd.params:
        if param.param_type_name == "argument":
            name = (param.metavar or param.name or "").upper()
            parts.append(name if param.required else f"[{name}]")
    return " ".join(parts)


def _options(cmd) -> list[str]:
    lines = []
    for param in cmd.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        names = ", ".join(f"`{n}`" for n in param.opts)
        help_text = " ".join((param.help or "").split())
        lines.append(f"- {names}: {help_text}" if help_text else f"- {names}")
    return lines


def reference(lang: str = "vi") -> str:
    from dtt.cli import app
    from dtt.cli.lang import translate_command

    root = typer.main.get_command(app)
    translate_command(root, lang)
    out = [START, "## Các lệnh (commands)", "",
           "Mọi lệnh nhận `--db PATH` đặt trước tên lệnh (`dtt --db x.db report …`) hoặc đọc "
           "`$DTT_DB`; `dtt COMMAND --help` in đúng nội dung như dưới đây. Trợ giúp, thông báo "
           "và tiêu đề bảng bằng tiếng Việt; `dtt --lang en COMMAND …` hoặc `DTT_LANG=en` cho "
           "tiếng Anh (English).", ""]
    for path, cmd in _walk(root, ()):
        if not path:
            continue
        out.append(f"### `{_usage(path, cmd)}`")
        out.append("")
        help_text = (cmd.help or "").strip()
        out.append(" ".join(help_text.split("\n\n")[0].split()))
        rest = [" ".join(p.split()) for p in help_text.split("\n\n")[1:] if p.strip()]
        for paragraph in rest:
            out.extend(["", paragraph])
        opts = _options(cmd)
        if opts:
            out.append("")
            out.extend(opts)
        out.append("")
    out.append(END)
    return "\n".join(out)


def update(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8")
    start = text.index(START)
    end = text.index(END) + len(END) if END in text else start + len(START)
    new = text[:start] + reference() + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    print("updated" if update(target) else "unchanged", target)
