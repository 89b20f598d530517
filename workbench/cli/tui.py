"""CLI commands: the Textual app (`workbench` with no sub-command, or `workbench app`)."""

from __future__ import annotations

import typer

from workbench.cli.base import CliState, app, state


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
    now = cli_state.now() if cli_state.now_text else None
    workbench_app = WorkbenchApp(path, now=now, lang=cli_state.lang, user=cli_state.user)
    workbench_app.run()
    if workbench_app.return_code:   # Textual has shown what went wrong; the shell should know it went wrong
        raise typer.Exit(workbench_app.return_code)


@app.command("app")
def app_cmd(ctx: typer.Context) -> None:
    """Open the call-session app (the same as `workbench` with no command)."""
    run_app(state(ctx))
