"""--manager on the exports names a staff member this database knows, and `export outcomes` acts for another manager
only as a supervisor (refused and audited as the call list and log refuse it); an empty date is no date."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from sync_data import NOW, branch_file, dump, refusals


@pytest.fixture
def branch(tmp_path):
    return branch_file(tmp_path / "b.sqlite", call_at="2026-11-20T09:00:00")


@pytest.mark.parametrize("command", [("export", "bundle", "--out", "x.wbundle"), ("export", "outcomes", "--out", "x.csv")])
@pytest.mark.parametrize("typed", ["M999", ""])
def test_an_unknown_manager_is_said_and_nothing_is_written(branch, cli, command, typed):
    before = dump(branch)
    out = branch.parent / command[-1]
    r = cli("--db", branch, *NOW, "--user", "S1", *command[:-1], out, "--manager", typed)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"error: Unknown staff member {typed!r}.\n")
    assert not out.exists() and list(branch.parent.glob(".x.*")) == []
    assert dump(branch) == before   # not even an export entry in the audit log


def test_a_leavers_bundle_may_still_be_sent(branch, cli):
    with closing(sqlite3.connect(branch)) as conn, conn:
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M1'")
    r = cli("--db", branch, *NOW, "--user", "S1", "export", "bundle", "--out", branch.parent / "m1.wbundle",
            "--manager", "m1")   # typed in another case, as elsewhere
    assert r.exit_code == 0, r.stderr
    assert "1 outcome entries" in r.stdout


def test_a_manager_may_not_export_another_managers_outcomes(branch, cli):
    out = branch.parent / "m2.csv"
    r = cli("--db", branch, *NOW, "--user", "M1", "export", "outcomes", "--out", out, "--manager", "M2")
    assert (r.exit_code, r.stderr) == (3, "error: M1 may not act for M2.\n")
    assert not out.exists()
    assert refusals(branch) == [("M1", "export outcomes (M2)")]   # audited as calllist and log audit theirs
    # Their own, and a supervisor for anyone, as before.
    assert cli("--db", branch, *NOW, "--user", "M1", "export", "outcomes", "--out", out, "--manager", "M1").stdout \
        == f"Wrote 1 outcome to {out}.\n"
    assert cli("--db", branch, *NOW, "--user", "S1", "export", "outcomes", "--out", out, "--manager", "M2").exit_code == 0


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("command", [("report", "--json"), ("export", "outcomes", "--out", "x.csv")])
def test_an_empty_date_is_refused_like_a_malformed_one(branch, cli, option, command):
    args = [branch.parent / a if a == "x.csv" else a for a in command]
    r = cli("--db", branch, *NOW, "--user", "S1", *args, option, "")
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"error: {option} must be a date YYYY-MM-DD (like 2026-11-01),"
                                                        " not ''.\n")
    assert not (branch.parent / "x.csv").exists()
