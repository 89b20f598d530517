"""The report's follow-up figures for one staff member count the follow-ups they held on the day each fell due (or
was kept or cancelled, if before): after a cover for a leave, those that fell due while the colleague held them count
for the colleague, not for the manager they were given back to. Real database file, the real CLI."""

from __future__ import annotations

import json

import pytest
from factories import seed_branch

from workbench.db import open_db

PERIOD = ("--since", "2026-10-26", "--until", "2026-11-13")   # M1's leave


@pytest.fixture
def path(db_path):
    """seed_branch: C1-C3 M1's, C4 M2's; S1 supervises."""
    seed_branch(open_db(db_path))
    return db_path


def run(cli, path, now, *args, user="S1"):
    done = cli("--db", path, "--now", now, "--user", user, "--lang", "en", *args)
    assert done.exit_code == 0, done.stderr
    return done.stdout


def book(cli, path, customer, when, owner="M1"):
    return run(cli, path, "2026-10-20T09:00:00", "followup", "add", "--customer", customer, "--when", when,
               "--manager", owner).strip()


def followups(cli, path, manager) -> dict:
    report = json.loads(run(cli, path, "2026-11-16T09:00:00", "report", *PERIOD, "--manager", manager, "--json"))
    return {k: v for k, v in report["followups"].items() if v}


def test_follow_ups_that_fell_due_during_a_cover_count_for_the_colleague_who_held_them(cli, path):
    book(cli, path, "C1", "2026-10-23")          # due the day of the hand-over, before it: M1's own, kept
    kept = book(cli, path, "C2", "2026-10-28")   # the colleague keeps it on the day
    book(cli, path, "C3", "2026-11-04")          # nobody keeps it: overdue, the colleague's
    book(cli, path, "C1", "2026-11-16")          # due after the leave, after the give-back: M1's, not in the period
    mine = book(cli, path, "C4", "2026-10-30", owner="M2")   # the colleague's own, kept late
    run(cli, path, "2026-10-23T10:00:00", "followup", "done",
        open_db(path).execute("SELECT followup_id FROM followups WHERE customer_id = 'C1'").fetchone()[0], user="M1")
    run(cli, path, "2026-10-23T18:00:00", "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    run(cli, path, "2026-10-28T11:00:00", "followup", "done", kept, user="M2")
    run(cli, path, "2026-11-03T11:00:00", "followup", "done", mine, user="M2")
    run(cli, path, "2026-11-16T08:30:00", "staff", "give-back", "M1")
    # The pending follow-ups of M1's customers are M1's again, the lapsed one too.
    assert open_db(path).execute("SELECT customer_id, owner_id FROM followups WHERE status = 'open' ORDER BY 1"
                                 ).fetchall() == [("C1", "M1"), ("C3", "M1")]

    assert followups(cli, path, "M1") == {}   # away for the whole period: nothing fell due while she held it
    assert followups(cli, path, "M2") == {"due": 3, "kept_on_time": 1, "kept_late": 1, "overdue": 1}
    everyone = json.loads(run(cli, path, "2026-11-16T09:00:00", "report", *PERIOD, "--json"))["followups"]
    assert {k: v for k, v in everyone.items() if v} == {"due": 3, "kept_on_time": 1, "kept_late": 1, "overdue": 1}
    # Before the leave, the one she kept on the day of the hand-over is hers.
    before = json.loads(run(cli, path, "2026-11-16T09:00:00", "report", "--since", "2026-10-19", "--until",
                            "2026-10-25", "--manager", "M1", "--json"))["followups"]
    assert (before["due"], before["kept_on_time"]) == (1, 1)
