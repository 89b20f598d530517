"""`--help` in the interface language.

Help texts (command docstrings, `help=` of options and arguments) stay in English in the code, where they are
the msgids; once Typer has built the Click command tree, in_interface_language() puts each one's translation
in its place, with the words Typer and Click print around them. The catalogue is locale/<lang>.help.toml.
"""

from __future__ import annotations

import functools
import re
import sys

from rich.text import Text

from workbench.i18n import N_, gettext, get_language
from workbench.text_wrap import GLUE, WrappedText, typeset

# Not through gettext, though Typer's words are marked for it: its rich help bound them to module constants in
# English at import, before any translation could be installed, and its copy of Click calls no gettext at all;
# so each run sets those constants (read when help prints), and Click's words go through its documented
# extension points (a command's options_metavar and context_class, a context's formatter_class).
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
USAGE_PREFIX = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")


def commands(command, parent=None):
    """(command, its context) for command and every command under it, depth first."""
    import typer

    ctx = typer.Context(command, info_name=command.name, parent=parent)   # Typer's own click, as main() takes it
    yield command, ctx
    for sub in getattr(command, "commands", {}).values():
        yield from commands(sub, ctx)


def help_texts(command) -> list[tuple[str, str]]:
    """(where, English help) for every help text a person can read in the tree: each command's, and each
    shown option's and argument's, the --help option's own included."""
    found = []
    for cmd, ctx in commands(command):
        where = ctx.command_path
        found += [(where, text) for text in (cmd.help, cmd.short_help) if text]
        for param in [*cmd.params, cmd.get_help_option(ctx)]:
            if param is not None and getattr(param, "help", None) and not getattr(param, "hidden", False):
                found.append((f"{where} {param.opts[0] if param.opts else param.name}", param.help))
    return found


def in_interface_language(command, lang: str | None = None, *, helping: bool = False):
    """The command tree with its help in the interface language (unchanged in English), and Typer's words so;
    helping: the command line asks for help, whose Chinese (an English help's examples too) is typeset."""
    lang = lang or get_language()
    if not helping and "typer.rich_utils" not in sys.modules:
        return command   # no help is printed: a Chinese `log` or `calllist` pays nothing for it (about 20 ms)
    from typer import rich_utils   # Typer's words, set every time: an earlier run in this process may have changed them

    for name, english in TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(english, lang))
    rich_utils._make_rich_text = _typesetting(rich_utils._make_rich_text, lang)
    if lang == "en":
        return command
    for cmd, ctx in commands(command):
        cmd.help = gettext(cmd.help, lang) if cmd.help else cmd.help
        cmd.short_help = gettext(cmd.short_help, lang) if cmd.short_help else cmd.short_help
        for param in [*cmd.params, cmd.get_help_option(ctx)]:
            if param is not None and getattr(param, "help", None):
                param.help = gettext(param.help, lang)
        if cmd.options_metavar == OPTIONS_METAVAR:
            cmd.options_metavar = gettext(OPTIONS_METAVAR, lang)
        if getattr(cmd, "subcommand_metavar", None) == SUBCOMMAND_METAVAR:
            cmd.subcommand_metavar = gettext(SUBCOMMAND_METAVAR, lang)
        cmd.context_class = _context_class(cmd.context_class, gettext(USAGE_PREFIX, lang))
    return command


# A Chinese character: an English help text holding one (its examples) is broken as Chinese is, between words too.
_HAN = re.compile(r"[\u3400-\u9fff]")


def _typesetting(make_rich_text, lang: str):
    """Typer's maker of a help text's Rich text, with Chinese broken into lines as it is typeset: Rich breaks
    lines only at spaces, so a long run of Chinese in a help column would end in "…" with the rest cut off."""
    original = getattr(make_rich_text, "__wrapped__", make_rich_text)

    @functools.wraps(original)
    def make(**kwargs):
        made = original(**kwargs)
        if not isinstance(made, Text) or (lang == "en" and not _HAN.search(made.plain)
                                          and not any(char in made.plain for char in GLUE)):
            return made
        if lang == "en":   # English with Chinese examples (明天下午3点): broken between words, so each stays whole
            return WrappedText(made, words=True)
        return typeset(made, "zh_CN", clauses=True)

    return make


_CONTEXTS: dict[tuple[type, str], type] = {}


def _context_class(base: type, usage_prefix: str) -> type:
    """base, with a help formatter that writes the usage line after usage_prefix (Click's is "Usage: ")."""
    if (base, usage_prefix) not in _CONTEXTS:
        class Formatter(base.formatter_class):
            def write_usage(self, prog, args="", prefix=None):
                super().write_usage(prog, args, usage_prefix if prefix is None else prefix)

        _CONTEXTS[base, usage_prefix] = type(base.__name__, (base,), {"formatter_class": Formatter})
    return _CONTEXTS[base, usage_prefix]
