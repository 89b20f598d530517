"""While a cover for a leave runs, head office's extract (not told of the leave) that still names the manager away
leaves the covered customers, and the colleague's bookings for them, with the colleague, however long ago they were
handed over, and the summary says so; once the cover's last day has passed the extract is head office's word again.
Real database files, a real CSV extract, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

import sync_data
from tests.import_support import write_csv

HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
HANDED = "2026-10-23T18:00:00"   # M1 away 10-26 .. 11-13, M2 covers
LAST_DAY = "2026-11-13"


@pytest.fixture
def path(tmp_path, cli):
    """sync_data's branch (C000-C005: M1 the even ones, M2 the odd), M1's customers covered by M2 until 11-13."""
    path = sync_data.branch_file(tmp_path / "desk.sqlite")
    done = cli("--db", path, "--now", HANDED, "--user", "S1", "staff", "hand-over", "M1", "--to", "M2",
               "--until", LAST_DAY)
    assert done.exit_code == 0, done.stderr
    return path


def extract(tmp_path):
    """Head office's extract as it has the branch, not told of the leave: M1's customers still M1's."""
    return write_csv(tmp_path / "x.csv", [HEADER, *[[f"C{i:03d}", f"客户{i}", "M1" if i % 2 == 0 else "M2", "B1"]
                                                    for i in range(6)]])


def managers(path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT customer_id, manager_id FROM customers"))


def booked_owner(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT owner_id FROM followups WHERE customer_id = 'C002'").fetchone()[0]


def import_audit(path) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import' ORDER BY seq DESC"
                                       " LIMIT 1").fetchone()[0])


COVERED = {"C000": "M2", "C001": "M2", "C002": "M2", "C003": "M2", "C004": "M2", "C005": "M2"}


@pytest.mark.parametrize("day", ["2026-11-09", LAST_DAY])   # day 17 of the cover, past EXTRACT_LAG_DAYS; its last
def test_an_extract_naming_the_manager_away_leaves_the_covered_customers_with_the_colleague(cli, path, tmp_path, day):
    book = cli("--db", path, "--now", "2026-11-02T10:00:00", "--user", "M2", "followup", "add", "--customer", "C002",
               "--when", "2026-11-17", "--channel", "visit")
    assert book.exit_code == 0, book.stderr
    chinese = cli("--db", path, "--lang", "zh_CN", "--now", f"{day}T09:00:00", "--user", "S1", "import", "customers",
                  extract(tmp_path), "--dry-run")
    assert "3 名客户将仍由代管 M1 李经理至 2026-11-13 的 M2 张经理负责" in chinese.stdout, chinese.stdout
    done = cli("--db", path, "--lang", "en", "--now", f"{day}T09:00:00", "--user", "S1", "import", "customers",
               extract(tmp_path))
    assert done.exit_code == 0, done.stderr
    assert ("3 customers stay with M2 张经理, covering M1 李经理 until 2026-11-13, though the extract gives them back to"
            " M1: head office is not told of a leave; `workbench staff give-back M1` gives them back.") in done.stdout
    assert "stay where the branch's reassignments put them" not in done.stdout
    assert managers(path) == COVERED and booked_owner(path) == "M2"
    assert import_audit(path)["covers_kept"] == [["M1", "M2", LAST_DAY, 3]]


def test_within_days_of_the_hand_over_the_extract_is_said_to_meet_the_cover_not_a_reassignment(cli, path, tmp_path):
    """The hand-over's own entries are then recent enough to be a reassignment an extract may lag behind: the cover
    is what keeps the customers, and the summary says so."""
    done = cli("--db", path, "--lang", "en", "--now", "2026-10-27T09:00:00", "--user", "S1", "import", "customers",
               extract(tmp_path))
    assert done.exit_code == 0, done.stderr
    assert "3 customers stay with M2 张经理, covering M1 李经理 until 2026-11-13" in done.stdout
    assert "stay where the branch's reassignments put them" not in done.stdout
    assert managers(path) == COVERED and import_audit(path)["covers_kept"] == [["M1", "M2", LAST_DAY, 3]]


def test_past_the_covers_last_day_the_extract_is_head_offices_word(cli, path, tmp_path):
    after = cli("--db", path, "--lang", "en", "--now", "2026-11-14T09:00:00", "--user", "S1", "import", "customers",
                extract(tmp_path))
    assert after.exit_code == 0, after.stderr
    assert "covering" not in after.stdout and "3 customers changed manager: M2→M1 (3)." in after.stdout
    assert managers(path) == {f"C{i:03d}": "M1" if i % 2 == 0 else "M2" for i in range(6)}
    # Nothing is left with the colleague: the cover is not offered for giving back.
    listed = cli("--db", path, "--lang", "en", "--now", "2026-11-16T08:30:00", "--user", "S1", "staff", "list")
    assert "Cover of" not in listed.stdout
