"""CLI commands: the Textual app (`workbench` with no sub-command, or `workbench app`)."""

from __future__ import annotations

from workbench.cli.base import CliState
from workbench.errors import WorkbenchError


def run_app(cli_state: CliState) -> None:
    raise WorkbenchError("The call-session app is not built yet; use the CLI commands (see --help).")
