"""A command that saved its change on a console that cannot show its output (Latin-1) says the change was saved and
exits 0: exit 2 made a user or a script do it again (a second hand-over, a second follow-up)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from console_locales import console_env, workbench
from tui_fixtures import TODAY, build

COVER = ("--user", "S1", "staff", "hand-over", "M2", "--to", "M1", "--until", TODAY.replace(day=28).isoformat())


@pytest.fixture
def branch(tmp_path):
    return build(tmp_path / "branch.sqlite")


def _keeper(db, customer: str = "C9001") -> str:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT manager_id FROM customers WHERE customer_id = ?", (customer,)).fetchone()[0]


def _saved_sentence(stderr: bytes) -> str:
    said = stderr.decode("ascii")   # the console could show nothing else
    assert said.count("\n") == 1 and said.startswith("note: the change was saved"), said
    assert "do not run it again" in said and "PYTHONIOENCODING=utf-8" in said and "error" not in said
    return said


def test_a_cover_handed_over_is_saved_and_said_so_with_exit_0(branch, tmp_path):
    env = console_env("ISO-8859-1", tmp_path)
    ran = workbench(env, "--db", branch, *COVER)
    assert ran.returncode == 0 and ran.stdout == b""   # the table of names is not printed half
    _saved_sentence(ran.stderr)
    assert _keeper(branch) == "M1"
    back = workbench(env, "--db", branch, "--user", "S1", "staff", "give-back", "M2")
    assert back.returncode == 0 and back.stdout == b""
    _saved_sentence(back.stderr)
    assert _keeper(branch) == "M2"


def test_a_dry_run_changed_nothing_so_its_output_not_shown_is_still_a_failure(branch, tmp_path):
    ran = workbench(console_env("ISO-8859-1", tmp_path), "--db", branch, *COVER, "--dry-run")
    assert ran.returncode == 2 and ran.stdout == b""
    assert ran.stderr.decode("ascii").startswith("error: This terminal's character set, ")
    assert _keeper(branch) == "M2"



def test_a_listing_that_scored_the_day_first_is_still_not_shown_not_saved(branch, tmp_path):
    """calllist on a new day scores the list before showing it (a write): that is housekeeping, not a change to keep
    from repeating, so its names not shown are a failure to show them, exit 2, never "do not run it again"."""
    later = (TODAY + timedelta(days=3)).isoformat() + "T09:00"
    ran = workbench(console_env("ISO-8859-1", tmp_path), "--db", branch, "--user", "M1", "--now", later, "calllist")
    assert ran.returncode == 2 and ran.stdout == b""
    assert ran.stderr.decode("ascii").startswith("error: This terminal's character set, ")


def test_every_change_named_is_a_command_of_the_workbench():
    import typer

    from workbench.cli import app
    from workbench.cli.console import CHANGES, names_a_change

    paths, root = set(), typer.main.get_command(app)
    for name, command in root.commands.items():
        paths |= {f"{name} {sub}" for sub in getattr(command, "commands", {})} or {name}
    assert CHANGES <= paths, CHANGES - paths
    assert names_a_change(["--db", "x.sqlite", "--user", "S1", "staff", "hand-over", "M2", "--to", "M1"])
    assert not names_a_change(["--db", "x.sqlite", "--user", "M1", "calllist"])


def test_only_a_change_the_command_committed_counts_as_saved(branch):
    """Its own rows changed and rolled back (a dry run) is not saved, nor another program's write while it ran."""
    from workbench.cli.base import CliState, writes_watched

    with writes_watched() as saved, closing(sqlite3.connect(branch)) as other:
        conn = CliState(db_path=branch).open().conn
        other.execute("UPDATE customers SET name = name WHERE customer_id = 'C0002'")
        other.commit()
        assert not saved()
    with writes_watched() as saved:
        conn = CliState(db_path=branch).open().conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE customers SET name = name WHERE customer_id = 'C0001'")
        conn.execute("ROLLBACK")
        assert not saved()
        conn.execute("UPDATE customers SET name = name WHERE customer_id = 'C0001'")
        conn.commit()
        assert saved()
