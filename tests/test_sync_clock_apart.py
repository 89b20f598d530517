"""A bundle whose entries were recorded hours after this terminal's clock says it is now (within the day the import
takes, so merged) says one of the two clocks is wrong: a desk a day behind files its calls under the day before, into
last month at a month's end, and nothing said so (t2 #4). Real desks, a real bundle, the real command."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime

from factories import add_customer, seed_branch
from sync_data import another_terminal
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.sync.bundle import export_bundle


def _desks(db_path, tmp_path, recorded: datetime):
    db = open_db(db_path)
    seed_branch(db)
    add_customer(db, "K0")
    db.conn.commit()
    db.close()
    desk = open_db(another_terminal(db_path, tmp_path / "there.sqlite"))
    log_outcome(desk.conn, customer_id="K0", manager_id="M1", at=recorded, line_result="no_answer")
    export_bundle(desk.conn, tmp_path / "there.wbundle", now=recorded)
    desk.close()
    return tmp_path / "there.wbundle"


def test_entries_recorded_hours_past_this_clock_are_taken_and_said(cli, db_path, tmp_path):
    bundle = _desks(db_path, tmp_path, datetime(2026, 12, 1, 9, 30))
    # This desk's clock a day behind: 30 November, 11:30.
    result = cli("--db", db_path, "--user", "S1", "--now", "2026-11-30T11:30:00", "import", "bundle", bundle)
    assert result.exit_code == 0, result.stderr
    assert ("Entries in this bundle were recorded up to 22 hours later than this terminal's clock says it is now: one"
            " of the two clocks is wrong; check this terminal's date and time before logging more calls."
            in result.stdout.splitlines())
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone() == (1,)   # merged, as before


def test_entries_within_the_hour_say_nothing_of_clocks(cli, db_path, tmp_path):
    bundle = _desks(db_path, tmp_path, datetime(2026, 12, 1, 9, 30))
    result = cli("--db", db_path, "--user", "S1", "--now", "2026-12-01T09:10:00", "import", "bundle", bundle)
    assert result.exit_code == 0, result.stderr
    assert "clock" not in result.stdout
