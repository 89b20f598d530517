"""CLI commands: the Textual app (`workbench` with no sub-command, or `workbench app`)."""

from __future__ import annotations

import os
import sys

import typer

from workbench.cli.base import CliState, app, state
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _

# Standard input the app reads keys from, standard error it draws on (Textual's), and standard output, whose
# redirection (workbench > list.txt) asks for text.
_STREAMS = (("stdin", N_("standard input")), ("stdout", N_("standard output")), ("stderr", N_("standard error")))
_TEXT_INSTEAD = N_("`workbench calllist` and `workbench followups` print the call list and the agenda as text")


def needs_a_terminal() -> None:
    """The refusal, before any screen, of a session with no terminal (ssh without -t, cron, a pipe or a file) or one
    that says it can draw nothing (TERM=dumb): one sentence, not 20 KB of escapes and a wait for keys never typed."""
    for name, said in _STREAMS:
        stream = getattr(sys, name)
        try:
            terminal = stream is not None and stream.isatty()
        except ValueError:   # closed
            terminal = False
        if not terminal:
            raise WorkbenchError(_("The app needs a terminal, and its {stream} is not one but a pipe or a file; {instead}.")
                                 .format(stream=_(said), instead=_(_TEXT_INSTEAD)))
    if os.environ.get("TERM") == "dumb":
        raise WorkbenchError(_("The app needs a terminal that can draw a screen, and TERM=dumb says this one cannot;"
                               " {instead}.").format(instead=_(_TEXT_INSTEAD)))


def run_app(cli_state: CliState) -> None:
    """Open the call-session app on the chosen database (the clock is read here unless --now is given)."""
    from workbench.screens.app import WorkbenchApp

    from workbench.settings import check_stored

    path = cli_state.resolve_db_path()
    db = cli_state.open()   # a missing or foreign file, or a bad stored setting, is one clear error before the screen opens
    try:
        check_stored(db.conn)
    finally:
        db.close()
    now = cli_state.now() if cli_state.now_text else None   # a bad --now is said before what the terminal lacks
    from workbench.cli.console import refuse_unless_chinese_shown

    needs_a_terminal()
    refuse_unless_chinese_shown(sys.stdout, sys.stderr)   # not a screen of \u4eca\u65e5 (Textual's backslashreplace)
    workbench_app = WorkbenchApp(path, now=now, lang=cli_state.lang, user=cli_state.user)
    workbench_app.run()
    if workbench_app.return_code:   # Textual has shown what went wrong; the shell should know it went wrong
        raise typer.Exit(workbench_app.return_code)


@app.command("app")
def app_cmd(ctx: typer.Context) -> None:
    """Open the call-session app (the same as `workbench` with no command)."""
    run_app(state(ctx))
