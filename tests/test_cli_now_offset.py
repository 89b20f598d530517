"""A --now (or WORKBENCH_NOW) with a UTC offset is that moment in local time: an erasure written with '+08:00'
made every later bundle of the desk unreadable, since a bundle refuses times with an offset (review)."""

from __future__ import annotations

from datetime import datetime, timezone

from sync_data import branch_file

from workbench.db import connect


def test_an_offset_is_read_as_local_time_and_bundles_stay_readable(cli, db_path, tmp_path):
    path = branch_file(db_path)
    given = "2026-11-24T10:00:00+08:00"
    erased = cli("--db", path, "--now", given, "--user", "S1", "privacy", "erase", "--customer", "C001", "--yes")
    assert erased.exit_code == 0, erased.stderr
    conn = connect(path)
    try:
        at = conn.execute("SELECT at FROM erasures WHERE customer_id = 'C001'").fetchone()[0]
    finally:
        conn.close()
    local = datetime.fromisoformat(given).astimezone().replace(tzinfo=None)
    assert at == local.isoformat(timespec="seconds") and "+" not in at
    bundle = tmp_path / "desk.wbundle"
    assert cli("--db", path, "--now", given, "--user", "S1", "export", "bundle", "--out", bundle).exit_code == 0
    other = branch_file(tmp_path / "other.sqlite")
    assert cli("--db", other, "--user", "S1", "terminal", "new-id").exit_code == 0
    imported = cli("--db", other, "--now", "2026-11-24T12:00:00", "--user", "S1", "import", "bundle", bundle)
    assert imported.exit_code == 0, imported.stderr


def test_a_utc_time_is_the_same_moment_here():
    from workbench.cli.base import CliState

    state = CliState.__new__(CliState)
    state.now_text = "2026-11-24T02:00:00+00:00"
    assert state.now() == datetime(2026, 11, 24, 2, tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
