"""Click's and typer's own texts in the chosen language, and the root command class that
chooses the language (dtt/cli/lang.py holds the catalogue and the translation)."""

from __future__ import annotations

import gettext
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer.core

from dtt.cli.lang import _key, _swap, catalogue, choose, current, tr, translate_command

_RICH = {
    "DEPRECATED_STRING": "(deprecated) ", "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]", "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands", "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
_original_gettext = gettext.gettext


def click_text(message: str) -> str:
    """gettext for click and typer: their own texts in the chosen language."""
    lang = current()
    if lang == "en":
        return message
    return catalogue(lang)["click"].get(_key(message), message)


def _install_click() -> None:
    """Typer's texts come through gettext (a module bound to it on import picks ours up);
    its bundled click has plain English, translated where it is printed (`I18nGroup`)."""
    gettext.gettext = click_text  # typer.rich_utils binds it when it is first imported
    typer.core._ = click_text
    rich = sys.modules.get("typer.rich_utils")
    if rich is not None:
        for name, english in _RICH.items():
            setattr(rich, name, click_text(english))
    from typer._click import core, formatting

    if not getattr(core.Command.get_help_option, "_dtt", False):
        get_help_option = core.Command.get_help_option

        def translated_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                _swap(option, "help", current())
            return option

        translated_help_option._dtt = True  # type: ignore[attr-defined]
        core.Command.get_help_option = translated_help_option  # type: ignore[method-assign]

    if not getattr(formatting.HelpFormatter.write_usage, "_dtt", False):
        original = formatting.HelpFormatter.write_usage

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None
                        ) -> None:
            original(self, prog, _usage_args(args),
                     click_text("Usage: ") if prefix is None else prefix)

        write_usage._dtt = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


# click's placeholders in a usage line, longest first ("[ARGS]..." before "[ARGS]")
_USAGE_WORDS = ("COMMAND [ARGS]...", "[OPTIONS]")


def _usage_args(args: str) -> str:
    """A usage line's arguments with click's own placeholders in the chosen language (the
    command's own argument names stay)."""
    if current() == "en" or not args:
        return args
    for word in _USAGE_WORDS:
        if word in args:
            args = args.replace(word, click_text(word))
    return args


def _translated_error(exc: Exception) -> None:
    """A usage error of click's in the chosen language (its text is made when printed)."""
    if current() == "en" or getattr(exc, "_dtt_lang", None):
        return
    english = exc.format_message()  # type: ignore[attr-defined]
    text = tr(english)
    exc._dtt_lang = True  # type: ignore[attr-defined]
    exc.format_message = lambda: text  # type: ignore[attr-defined]
    show = exc.show  # type: ignore[attr-defined]

    def translated_show(file: Any = None) -> None:
        """click's plain (not rich) error: its hint and `Error:` line translated too."""
        import io

        buffer = io.StringIO()
        show(buffer)
        lines = buffer.getvalue().split("\n")
        (file or sys.stderr).write("\n".join(tr(line) if line else line for line in lines))

    exc.show = translated_show  # type: ignore[attr-defined]


class I18nGroup(typer.core.TyperGroup):
    """The root command: chooses the language from the arguments and $DTT_LANG, translates
    the help of every command it hands out and click's own errors."""

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        choose(sys.argv[1:] if args is None else args)
        _install_click()
        translate_command(self, deep=False)
        return super().main(args, *a, **kw)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            translate_command(cmd)
        return cmd

    def make_context(self, *a: Any, **kw: Any) -> Any:
        return _guarded(super().make_context, a, kw)

    def invoke(self, ctx: Any) -> Any:
        return _guarded(super().invoke, (ctx,), {})


def _guarded(call: Any, args: Iterable[Any], kwargs: dict[str, Any]) -> Any:
    from typer._click.exceptions import ClickException

    try:
        return call(*args, **kwargs)
    except ClickException as exc:
        _translated_error(exc)
        raise
