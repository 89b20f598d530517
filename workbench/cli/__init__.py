"""The `workbench` command: a thin Typer face over the library."""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path
from typing import Optional

import typer

from workbench.cli.base import CliState, app, export_app, import_app, opened_database, state
from workbench.cli.help_language import commands, in_interface_language
from workbench.errors import WorkbenchError, plain_error
from workbench.i18n import _


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    # readable=False: a file this user may not read is CliState.open's to say, in a sentence of ours, not Click's.
    db: Optional[Path] = typer.Option(None, "--db", envvar="WORKBENCH_DB", readable=False,
                                      help="Database file (default: your copy of the sample)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Interface language: zh_CN or en (default: from the locale)."),
    user: Optional[str] = typer.Option(None, "--user", envvar="WORKBENCH_USER", help="Staff id acting."),
    now: Optional[str] = typer.Option(None, "--now", envvar="WORKBENCH_NOW", hidden=True, help="Pretend the time is this (tests)."),
) -> None:
    ctx.obj = CliState(db_path=db, lang=lang, user=user, now_text=now)
    from workbench import i18n

    i18n.set_language(lang)
    if ctx.invoked_subcommand is None:
        from workbench.cli.tui import run_app

        run_app(ctx.obj)


# Each module adds its commands to the shared app objects.
from workbench.cli import backup, branch, campaigns, engine, foundation, importing, leads, outcomes, pool, sample, scripts, settings, sync, terminal, trust, tui  # noqa: E402,F401


# Usage errors: Typer may carry its own copy of click, so take the class from Typer itself.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_UsageError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
# The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it.
_INTERRUPTED = 130


def _without_flag_types(command):
    """Show an on/off option as just its name: Typer's help would print `<bool>`, as if it took a value. And an
    argument in the usage line as FILE, not Typer's {file}, which reads as a template left unfilled."""
    for cmd, ctx in commands(command):
        for param in [*cmd.params, cmd.get_help_option(ctx)]:
            if getattr(param, "is_flag", False):
                param.metavar = ""
            elif getattr(param, "param_type_name", "") == "argument":
                param.get_usage_pieces = partial(_usage_piece, param)
    return command


def _usage_piece(param, ctx) -> list[str]:
    """An argument as the usage line names it: FILE, CUSTOMERS... when it takes several, [FILE] when optional."""
    name = param.metavar or (param.name or "?").upper()
    name += "..." if param.nargs != 1 else ""
    return [name if param.required else f"[{name}]"]


def _early_language(args: list[str]) -> None:
    """The interface language from --lang (else the locale) for a line that could not be parsed, which may
    never have reached root() to set it."""
    from workbench import i18n

    value = next((args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--lang"), None) or next(
        (arg.partition("=")[2] for arg in args if arg.startswith("--lang=")), None)
    try:
        i18n.set_language(value)
    except Exception:   # an unknown language is root()'s to refuse, in its own words
        i18n.set_language(None)


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input ends in one sentence and exit 2, never a traceback; so does output the console cannot
    show (console.shown_as_it_can)."""
    from workbench.cli.console import shown_as_it_can

    args = sys.argv[1:] if argv is None else argv
    _early_language(args)   # --help is eager: its language must be known before the line is parsed
    with shown_as_it_can(args):
        _run(args, argv)


def _run(args: list[str], argv: list[str] | None) -> None:
    command = None
    try:
        command = in_interface_language(_without_flag_types(typer.main.get_command(app)),
                                        helping="--help" in args)
        result = command.main(args=argv, prog_name="workbench", standalone_mode=False)
        if result == _INTERRUPTED:   # Typer turns Ctrl-C inside a command into this code, silently
            raise KeyboardInterrupt
        if isinstance(result, int) and result:
            sys.exit(result)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except _UsageError as exc:   # one sentence, as every refusal: not Click's three lines in English
        from workbench.cli.usage import command_path, usage_sentence

        _early_language(args)   # the line may have failed before root() read --lang
        try:
            sentence = usage_sentence(exc, command_path(command, args) if command is not None else "workbench")
        except Exception:   # a shape of error not foreseen: Click's own words rather than none
            exc.show()
            sys.exit(exc.exit_code)
        print(_("error: {message}").format(message=sentence), file=sys.stderr)
        sys.exit(exc.exit_code)
    except _ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print(_("Interrupted; nothing was half-written."), file=sys.stderr)
        sys.exit(_INTERRUPTED)
    except WorkbenchError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last guard: one line, not a traceback
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        # A write that waited out another process's, a full or failing disk, a damaged file: one sentence of ours.
        if (plain := plain_error(exc, opened_database())) is not None:
            print(_("error: {message}").format(message=plain), file=sys.stderr)
            sys.exit(plain.exit_code)
        print(_("error: unexpected {kind}: {error} (set WORKBENCH_DEBUG=1 for details).").format(
            kind=type(exc).__name__, error=exc), file=sys.stderr)
        sys.exit(1)
