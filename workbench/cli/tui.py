"""CLI commands: the Textual app (`workbench` with no sub-command, or `workbench app`)."""

from __future__ import annotations

import typer

from workbench.cli.base import CliState, app, state


def run_app(cli_state: CliState) -> None:
    """Open the call-session app on the chosen database (the clock is read here unless --now is given)."""
    from workbench.screens.app import WorkbenchApp

    path = cli_state.resolve_db_path()
    cli_state.open().close()   # a missing or foreign file is one clear error, before the screen opens
    now = cli_state.now() if cli_state.now_text else None
    WorkbenchApp(path, now=now, lang=cli_state.lang, user=cli_state.user).run()


@app.command("app")
def app_cmd(ctx: typer.Context) -> None:
    """Open the call-session app (the same as `workbench` with no command)."""
    run_app(state(ctx))
