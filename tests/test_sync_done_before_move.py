"""A follow-up done on one desk, whose customer another desk, not yet told of it, then gave to another manager, is no
clash when the bundles meet: the call was made before the move, and the move changed nothing anyone acts on. One done
after the move still is. Real database files and bundles, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from test_sync_stale_extract import _desks, _exchange


def _as(cli, path, at, user, *args):
    r = cli("--db", path, "--lang", "en", "--now", f"2026-11-24T{at}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def _followup(path):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT status, owner_id FROM followups WHERE followup_id = 'F1'").fetchone()


CLOSE = {"done": ("log", "--customer", "C001", "--result", "reached", "--outcome", "interested"),
         "cancelled": ("followup", "cancel", "F1")}


@pytest.mark.parametrize("status", list(CLOSE))
def test_a_follow_up_closed_before_its_customer_was_moved_elsewhere_is_no_clash(tmp_path, cli, status):
    """M2 calls C001 on desk a at 09:00 and logs it, which marks F1 done (or cancels F1); at 10:00 S1, not yet told,
    gives C001 to M3 on desk s, which moves F1 (pending there) along. The bundles meet both ways: neither import names
    a clash, and both desks hold F1 closed, M3's."""
    s, a = _desks(tmp_path)
    _as(cli, a, "09:00", "M2", *CLOSE[status])
    _as(cli, s, "10:00", "S1", "reassign", "--customer", "C001", "--to", "M3")
    on_s = _exchange(cli, a, s, "2026-11-24T10:30:00", tmp_path)
    on_a = _exchange(cli, s, a, "2026-11-24T10:40:00", tmp_path)
    assert not [line for line in on_s + on_a if "follow-up of" in line], on_s + on_a
    assert _followup(s) == _followup(a) == (status, "M3")


def test_a_follow_up_done_after_its_customer_was_moved_elsewhere_is_still_a_clash(tmp_path, cli):
    """S1 gives C001 to M3 on desk s at 10:00; M2, not yet told, marks F1 done on desk a at 10:30: the old manager
    closed a follow-up the new one now holds, which a supervisor should see."""
    s, a = _desks(tmp_path)
    _as(cli, s, "10:00", "S1", "reassign", "--customer", "C001", "--to", "M3")
    _as(cli, a, "10:30", "M2", "followup", "done", "F1")
    on_s = _exchange(cli, a, s, "2026-11-24T10:40:00", tmp_path)
    [clash] = [line for line in on_s if "follow-up of" in line]
    assert clash.startswith("The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes"
                            " were kept: marked done (by M2 张经理 on terminal "), clash
