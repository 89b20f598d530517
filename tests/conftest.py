"""Shared fixtures: a real SQLite file per test, and the real CLI run in-process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from tui_fixtures import build
from workbench import i18n
from workbench.db import open_db

# The property tests draw the same examples on every run, so a red CI means a change broke something;
# FUZZ_EXAMPLES=N (read by the fuzz tests for their counts) draws new examples on each run, to hunt.
settings.register_profile("workbench", derandomize="FUZZ_EXAMPLES" not in os.environ, database=None)
settings.load_profile("workbench")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    # Never touch the developer's own data folder or language settings.
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    monkeypatch.setenv("COLUMNS", "200")
    # The app draws as on a console of all colours whatever terminal runs the tests (TERM=xterm alone means 16, where
    # it keeps text off its background otherwise); the tests of 16 colours set TERM and COLORTERM themselves.
    monkeypatch.setenv("COLORTERM", "truecolor")
    for var in ("WORKBENCH_DB", "WORKBENCH_USER", "WORKBENCH_NOW", "WORKBENCH_PIN"):
        monkeypatch.delenv(var, raising=False)
    # The interface language is process-wide: a test that runs the app or CLI in Chinese must not leave it so.
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _clock_as_given(monkeypatch):
    """The time a test gives (--now, WORKBENCH_NOW, the app's now=) stands for the computer's clock too, as for a user
    whose clock is right; a test of a time claimed far from the real one sets real_now itself."""
    from workbench.cli.base import CliState
    from workbench.screens.app import WorkbenchApp

    monkeypatch.setattr(CliState, "real_now", CliState.now)
    monkeypatch.setattr(WorkbenchApp, "real_now", WorkbenchApp.now)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """A freshly created, migrated, empty database file."""
    path = tmp_path / "workbench.sqlite"
    open_db(path).close()
    return path


@pytest.fixture
def fresh_db(db_path):
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture
def db_file(tmp_path) -> Path:
    """The app tests' call-session database (tui_fixtures.build); a test file that needs other rows defines its own."""
    return build(tmp_path / "session.sqlite")


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """Run `workbench ARGS...` in this process through the real entry point."""
    from workbench.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return run
