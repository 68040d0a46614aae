"""The command line's language: Vietnamese by default, English with `--lang en` or
`DTT_LANG=en`.

The code keeps its English texts; they are the message ids. The catalogue
dtt/data/lang/vi.yaml gives each its Vietnamese form, in three parts:

- `help`: the help of commands, options and arguments, one entry per paragraph; the whole
  command tree is translated in one place (`I18nGroup`) before click renders it;
- `messages`: the English templates of errors, status lines, warnings, table headings and
  titles, with `{name}` placeholders (`{name:n}` in the Vietnamese form writes a number
  the Vietnamese way, `{name:pct}` a percentage, `{name:date}` a date in prose and
  `{name:dmy}` a date in a table); a printed text is matched against the templates at the
  CLI's boundary (errors, `info`, the documents it emits), so call sites stay as they are;
- `click`: the texts of click and typer themselves (usage errors, panel titles).

tests/test_lang.py walks every command and option and scans dtt/ for error and message
sites, and fails on any English text the catalogue lacks. Click's and typer's own texts, and
the root command that chooses the language, are in dtt/cli/lang_click.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import typer.core

LANGS = ("vi", "en")
DEFAULT = "vi"
CATALOGUES = Path(__file__).resolve().parent.parent / "data" / "lang"

_chosen: str | None = None


# --------------------------------------------------------------------------- the choice

def choose(args: Sequence[str] | None = None) -> str:
    """The language of this run: the last `--lang X` on the command line, else $DTT_LANG,
    else Vietnamese. An unknown code is left to the option to refuse."""
    global _chosen
    found = None
    items = list(args or [])
    for i, arg in enumerate(items):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(items):
            found = items[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    for candidate in (found, os.environ.get("DTT_LANG")):
        if candidate and candidate.strip().lower() in LANGS:
            _chosen = candidate.strip().lower()
            break
    else:
        _chosen = DEFAULT
    return _chosen


def current() -> str:
    """The language chosen for this run (outside a run: $DTT_LANG, else Vietnamese)."""
    if _chosen is not None:
        return _chosen
    env = (os.environ.get("DTT_LANG") or "").strip().lower()
    return env if env in LANGS else DEFAULT


def check_lang(value: str | None) -> str:
    """The --lang option's value, checked."""
    chosen = (value or DEFAULT).strip().lower()
    if chosen not in LANGS:
        raise typer.BadParameter(f"'{value}' is not a language (use vi or en)")
    return chosen


def set_current(lang: str) -> None:
    global _chosen
    _chosen = lang


# --------------------------------------------------------------------------- the catalogue

@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """{'help': {...}, 'messages': {...}, 'click': {...}} of a language (empty for English).

    Read from `<lang>.json`, built from the editable `<lang>.yaml` by `python -m
    dtt.cli.lang` (JSON loads in a few milliseconds and keeps YAML out of start-up)."""
    path = CATALOGUES / f"{lang}.json"
    if lang == "en" or not path.exists():
        return {"help": {}, "messages": {}, "click": {}}
    import json

    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return {part: {_key(k): str(v) for k, v in (data.get(part) or {}).items()}
            for part in ("help", "messages", "click")}


def build_catalogue(lang: str) -> Path:
    """Write `<lang>.json` from `<lang>.yaml` (the file people edit)."""
    import json

    import yaml

    source = CATALOGUES / f"{lang}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    built = {part: {_key(k): str(v) for k, v in (data.get(part) or {}).items()}
             for part in ("help", "messages", "click")}
    target = CATALOGUES / f"{lang}.json"
    target.write_text(json.dumps(built, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                      encoding="utf-8")
    catalogue.cache_clear()
    return target


def _key(text: object) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------- help

def help_text(text: str | None, lang: str | None = None) -> str | None:
    """A help text in `lang`, paragraph by paragraph (an untranslated paragraph stays)."""
    lang = lang or current()
    if not text or lang == "en":
        return text
    table = catalogue(lang)["help"]
    paragraphs = re.split(r"\n\s*\n", text)
    out = [table.get(_key(p), p) for p in paragraphs]
    return "\n\n".join(out)


def translate_command(cmd: Any, lang: str | None = None, *, deep: bool = True) -> None:
    """Put `lang`'s help on a click command (and its sub-commands), keeping the English."""
    lang = lang or current()
    for attr in ("help", "short_help", "epilog"):
        _swap(cmd, attr, lang)
    for param in getattr(cmd, "params", []):
        _swap(param, "help", lang)
    if deep:
        for sub in list((getattr(cmd, "commands", None) or {}).values()):
            translate_command(sub, lang)


def _swap(obj: Any, attr: str, lang: str) -> None:
    if not hasattr(obj, attr):
        return
    store = f"_en_{attr}"
    if store not in obj.__dict__:
        obj.__dict__[store] = getattr(obj, attr)
    english = obj.__dict__[store]
    setattr(obj, attr, help_text(english, lang) if isinstance(english, str) else english)


def english_help(obj: Any, attr: str = "help") -> str | None:
    """The English help of a command or parameter, whichever language it shows now."""
    return obj.__dict__.get(f"_en_{attr}", getattr(obj, attr, None))


# --------------------------------------------------------------------------- messages

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


# (weight: its literal length, the literal pieces, the English template, the target)
_Template = tuple[int, tuple[str, ...], str, str]


@lru_cache(maxsize=8)
def _compiled(lang: str) -> tuple[dict[str, str], list[_Template]]:
    """Exact entries, and the templates with placeholders, most literal text first (a
    template's regex is made when a text holding all its literal pieces asks for it)."""
    exact: dict[str, str] = {}
    patterns: list[_Template] = []
    for part in ("messages", "click"):
        for english, target in catalogue(lang)[part].items():
            pieces = tuple(p.replace("{{", "{").replace("}}", "}")
                           for p in re.split(r"(?<!\{)\{[^{}]*\}(?!\})", english) if p)
            if "{" not in english.replace("{{", "").replace("}}", ""):
                exact[english.replace("{{", "{").replace("}}", "}")] = \
                    target.replace("{{", "{").replace("}}", "}")
            else:
                patterns.append((sum(map(len, pieces)), pieces, english, target))
    patterns.sort(key=lambda item: -item[0])
    return exact, patterns


@lru_cache(maxsize=4096)
def _pattern(template: str) -> tuple[re.Pattern[str], list[str]]:
    parts: list[str] = []
    names: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        token = m.group(0)
        if token in ("{{", "}}"):
            parts.append(re.escape(token[0]))
        else:
            names.append(re.split(r"[:!]", m.group(1) or "")[0] or f"_{len(names)}")
            parts.append(f"(?P<g{len(names) - 1}>.*?)")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.S), names


def tr(text: str, lang: str | None = None, *, _depth: int = 0) -> str:
    """A printed English text in `lang`: the catalogue's template that matches it (the most
    specific one), its values put in (each translated too where it is itself a catalogue
    text); a text the catalogue lacks comes back unchanged."""
    lang = lang or current()
    if lang == "en" or not text or _depth > 3:
        return text
    body = text.strip()
    if body != text:  # a piece of a longer line keeps its spaces
        start = text.index(body[:1]) if body else len(text)
        return text[:start] + tr(body, lang, _depth=_depth) + text[start + len(body):]
    exact, patterns = _compiled(lang)
    key = _key(text) if "\n" not in text else text
    if key in exact:
        return exact[key]
    for _weight, pieces, english, target in patterns:
        if not all(piece in key for piece in pieces):
            continue
        regex, names = _pattern(english)
        m = regex.fullmatch(key)
        if m is None:
            continue
        captured = [m.group(f"g{i}") for i in range(len(names))]
        if not all(_balanced(v) for v in captured):
            continue  # a value cut across brackets: the template does not fit the text
        values: dict[str, str] = {}
        for name, value in zip(names, captured, strict=True):
            values.setdefault(name, value)
        return _fill(target, values, lang, _depth)
    if "; " in key:  # a list of statements: each on its own
        return "; ".join(tr(part, lang, _depth=_depth + 1) for part in key.split("; "))
    return text


def _balanced(value: str) -> bool:
    depth = 0
    for ch in value:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_FILL = re.compile(r"\{\{|\}\}|\{(\w+)(?::(\w+))?\}")


def _fill(target: str, values: dict[str, str], lang: str, depth: int) -> str:
    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name, form = m.group(1), m.group(2)
        if name not in values:
            return token
        return _value(values[name], form, lang, depth)

    return _FILL.sub(one, target)


def _value(raw: str, form: str | None, lang: str, depth: int) -> str:
    from dtt.text import vi_date, vi_number, vi_percent

    if form in ("n", "pct"):
        number = _number(raw.rstrip("%").strip())
        if number is None:
            return raw
        return vi_percent(number) if form == "pct" else vi_number(number)
    if form in ("date", "dmy"):
        return vi_date(raw, short=form == "dmy")
    return tr(raw, lang, _depth=depth + 1)


def _number(text: str) -> float | int | None:
    plain = text.replace(",", "")
    try:
        return int(plain)
    except ValueError:
        pass
    try:
        return float(plain)
    except ValueError:
        return None


def problem_line(problem: Any, lang: str | None = None) -> str:
    """One problem (dtt.errors.Problem) as printed: where it is, then what is wrong."""
    lang = lang or current()
    if lang == "en":
        return str(problem)
    message = tr(problem.message, lang)
    where = []
    if problem.file:
        where.append(problem.file)
    if problem.row is not None:
        where.append(f"dòng {problem.row}")
    if problem.field:
        field = problem.field
        if field.startswith("-"):
            where.append(f"tuỳ chọn {field}")
        elif problem.file:
            where.append(f"trường {field}")
        else:
            where.append(field)
    return f"{', '.join(where)}: {message}" if where else message


def error_lines(exc: Any, lang: str | None = None) -> list[str]:
    """The lines a DttError prints, in `lang`."""
    lang = lang or current()
    english = list(exc.lines)
    if lang == "en":
        return english
    problems = list(getattr(exc, "problems", None) or [exc.problem])
    if [str(p) for p in problems] != english[:len(problems)]:
        return [tr(line, lang) for line in english]  # a subclass with lines of its own
    out = [problem_line(p, lang) for p in problems]
    out.extend(tr(line, lang) for line in english[len(problems):])
    return out


def document(doc: Any, lang: str | None = None, *, columns: bool = True) -> Any:
    """A render Document's title, subtitle, section titles, summaries and (with `columns`)
    column headings in `lang` (in place; the cells are data and stay)."""
    lang = lang or current()
    if lang == "en":
        return doc
    said: dict[str, str] = {}  # each distinct text translated once (headings repeat)

    def said_in(text: str) -> str:
        got = said.get(text)
        if got is None:
            got = said[text] = tr(text, lang)
        return got

    for attr in ("title", "subtitle"):
        value = getattr(doc, attr, None)
        if isinstance(value, str):
            setattr(doc, attr, said_in(value))
    for section in getattr(doc, "sections", None) or []:
        for attr in ("title", "summary"):
            value = getattr(section, attr, None)
            if isinstance(value, str):
                setattr(section, attr, said_in(value))
        for column in section.columns if columns else []:
            if isinstance(column.title, str):
                column.title = said_in(column.title)
    return doc


if __name__ == "__main__":  # python -m dtt.cli.lang: rebuild the catalogues people edited
    for name in sorted(p.stem for p in CATALOGUES.glob("*.yaml")):
        print(build_catalogue(name))
