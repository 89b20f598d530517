"""A cover for a manager's leave: `staff hand-over ID --to M --until DAY` records which customers went, and
`staff give-back ID` returns exactly those the colleague still has, their pending follow-ups along, in one transaction
with one audit entry; `staff list` says when a cover has ended."""

import json
import sqlite3

import pytest
from factories import add_customer, add_staff, seed_branch
from hostile import table_digest

from workbench import audit
from workbench.db import open_db

BEFORE = "2026-10-23T18:00:00"   # the Friday before the leave
DURING = "2026-11-02T10:00:00"
BACK = "2026-11-16T08:30:00"     # the Monday after its last day, 2026-11-13
TABLES = {"customers": "customer_id", "followups": "followup_id", "followup_events": "event_id",
          "assignments": "assignment_id", "covers": "customer_id", "audit_log": "seq"}


@pytest.fixture
def path(db_path):
    """seed_branch (C1-C3 with M1, C4 with M2; S1 supervises), M3, and M1's customer C5."""
    db = open_db(db_path)
    seed_branch(db)
    add_staff(db, "M3")
    add_customer(db, "C5", manager_id="M1")
    db.close()
    return db_path


def run(cli, path, *args, now=BEFORE, user="S1"):
    return cli("--db", path, "--now", now, "--user", user, "--lang", "en", *args)


def managers(path) -> dict[str, str | None]:
    return dict(open_db(path).execute("SELECT customer_id, manager_id FROM customers ORDER BY customer_id").fetchall())


def owners(path) -> dict[str, str]:
    return dict(open_db(path).execute("SELECT followup_id, owner_id FROM followups").fetchall())


def digest(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {table: table_digest(conn, table, order) for table, order in TABLES.items()}


def book(cli, path, customer, owner, now=BEFORE, when="2026-11-20"):
    added = run(cli, path, "followup", "add", "--customer", customer, "--when", when, "--manager", owner, now=now)
    assert added.exit_code == 0, added.stderr
    return added.stdout.strip()


def cover(cli, path, *args):
    done = run(cli, path, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13", *args)
    assert done.exit_code == 0, done.stderr
    return done


def test_give_back_returns_exactly_the_covered_customers_with_their_follow_ups_in_one_audited_transaction(cli, path):
    hers = book(cli, path, "C1", "M1")
    done = cover(cli, path)
    assert "M2 Staff M2 covers M1 Staff M1 until 2026-11-13; `workbench staff give-back M1`" in done.stdout
    assert managers(path) == {"C1": "M2", "C2": "M2", "C3": "M2", "C4": "M2", "C5": "M2"}
    # The colleague books a visit for a covered customer, and one for their own C4.
    his = book(cli, path, "C2", "M2", now=DURING)
    own = book(cli, path, "C4", "M2", now=DURING)
    planned = run(cli, path, "staff", "give-back", "M1", "--dry-run", now=BACK)
    assert planned.exit_code == 0, planned.stderr
    assert planned.stdout.startswith("4 customers would go back from M2 Staff M2 to M1 Staff M1")
    assert "pending follow-ups: 2; dry run: nothing was changed" in planned.stdout

    before = digest(path)
    assert run(cli, path, "staff", "give-back", "M1", "--dry-run", now=BACK).exit_code == 0
    assert digest(path) == before

    given = run(cli, path, "staff", "give-back", "M1", now=BACK)
    assert given.exit_code == 0, given.stderr
    assert given.stdout.startswith("4 customers went back from M2 Staff M2 to M1 Staff M1")
    assert managers(path) == {"C1": "M1", "C2": "M1", "C3": "M1", "C4": "M2", "C5": "M1"}   # C4 was M2's own
    assert owners(path) == {hers: "M1", his: "M1", own: "M2"}
    db = open_db(path)
    entries = db.conn.execute("SELECT subject, detail FROM audit_log WHERE action = 'hand_over' ORDER BY seq").fetchall()
    assert [subject for subject, _d in entries] == ["M1", "M2"]   # the cover, then the give-back: one entry each
    assert json.loads(entries[0][1])["until"] == "2026-11-13"
    assert json.loads(entries[1][1]) == {"from": "M2", "to": {"M1": ["C1", "C2", "C3", "C5"]}, "pool": [],
                                         "followups": {hers: "M1", his: "M1"}, "given_back": "M1"}
    # The entries bundles carry to the other desks: the cover's four, then four back.
    assert db.conn.execute("SELECT from_manager_id, to_manager_id, count(*) FROM assignments GROUP BY 1, 2"
                           " ORDER BY 1").fetchall() == [("M1", "M2", 4), ("M2", "M1", 4)]
    assert audit.verify(db.conn).ok
    db.close()
    again = run(cli, path, "staff", "give-back", "M1", now=BACK)
    assert again.exit_code != 0 and "No cover of M1 Staff M1's customers is open: nothing to give back" in again.stderr


def test_a_customer_given_to_someone_else_during_the_cover_stays_and_the_give_back_says_so(cli, path):
    cover(cli, path)
    assert run(cli, path, "reassign", "--customer", "C3", "--to", "M3", now=DURING).exit_code == 0
    given = run(cli, path, "staff", "give-back", "M1", now=BACK)
    assert given.exit_code == 0, given.stderr
    assert "1 customer the cover moved has another manager now and stays there." in given.stdout
    assert managers(path) == {"C1": "M1", "C2": "M1", "C3": "M3", "C4": "M2", "C5": "M1"}


@pytest.mark.parametrize("args, said", [
    (("--to", "M2,M3", "--until", "2026-11-13"), "A cover (--until) hands a manager at work to one colleague"),
    (("--to-pool", "--until", "2026-11-13"), "A cover (--until) hands a manager at work to one colleague"),
    (("--to", "M2", "--leave", "--until", "2026-11-13"), "A cover (--until) hands a manager at work to one colleague"),
    (("--to", "M2", "--until", "2026-10-22"), "The cover's last day 2026-10-22 is past"),
    (("--to", "M2", "--until", "13/11/2026"), "--until must be a date YYYY-MM-DD (like 2026-11-01), not '13/11/2026'."),
])
def test_a_cover_that_cannot_be_is_refused_in_one_sentence_with_nothing_written(cli, path, args, said):
    before = digest(path)
    refused = run(cli, path, "staff", "hand-over", "M1", *args)
    assert refused.exit_code != 0 and said in refused.stderr and "Traceback" not in refused.stderr
    assert digest(path) == before


def test_a_second_cover_by_another_colleague_and_one_by_a_colleague_away_are_refused(cli, path):
    cover(cli, path)
    add_customer(open_db(path), "C6", manager_id="M1")   # a new customer of M1's from an extract
    other = run(cli, path, "staff", "hand-over", "M1", "--to", "M3", "--until", "2026-11-13")
    assert other.exit_code != 0 and "M1 Staff M1's customers are covered by M2 Staff M2 until 2026-11-13" in other.stderr
    away = run(cli, path, "staff", "hand-over", "M3", "--to", "M1", "--until", "2026-11-13")
    assert away.exit_code != 0 and "M1 Staff M1 is away until 2026-11-13 (M2 Staff M2 covers them)" in away.stderr
    # The same colleague takes the new one too, and a longer leave moves the last day of the whole cover.
    longer = run(cli, path, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-20")
    assert longer.exit_code == 0, longer.stderr
    assert set(open_db(path).execute("SELECT until FROM covers").fetchall()) == {("2026-11-20",)}
    given = run(cli, path, "staff", "give-back", "M1", now=BACK)
    assert given.stdout.startswith("5 customers went back")


def test_staff_list_says_who_covers_whom_and_once_it_has_ended_how_to_give_back(cli, path):
    cover(cli, path)
    during = run(cli, path, "staff", "list", now=DURING)
    assert "M2 Staff M2 covers M1 Staff M1 until 2026-11-13 (4 customers)." in during.stdout
    on_the_day = run(cli, path, "staff", "list", now="2026-11-13T17:00:00")
    assert "covers M1 Staff M1 until 2026-11-13" in on_the_day.stdout
    after = run(cli, path, "staff", "list", now=BACK)
    assert ("Cover of M1 Staff M1 by M2 Staff M2 ended 2026-11-13: give back the 4 customers with `workbench staff"
            " give-back M1`.") in " ".join(after.stdout.split())
    assert run(cli, path, "staff", "give-back", "M1", now=BACK).exit_code == 0
    assert "Cover of" not in run(cli, path, "staff", "list", now=BACK).stdout


def test_a_manager_may_not_give_back(cli, path):
    cover(cli, path)
    refused = run(cli, path, "staff", "give-back", "M1", "--dry-run", now=BACK, user="M2")
    assert refused.exit_code == 3 and "Only a supervisor may give a manager's customers back" in refused.stderr
    assert managers(path)["C1"] == "M2"


def test_a_manager_an_extract_added_by_id_alone_is_named_by_the_id_once(cli, path):
    add_staff(open_db(path), "M9", name="M9")   # an extract named the manager by code only
    add_customer(open_db(path), "C9", manager_id="M9")
    taken = run(cli, path, "staff", "hand-over", "M9", "--to", "M2", "--until", "2026-11-13")
    assert taken.exit_code == 0, taken.stderr
    other = run(cli, path, "staff", "hand-over", "M9", "--to", "M3", "--until", "2026-11-13")
    assert other.exit_code != 0 and "M9's customers are covered by M2 Staff M2" in other.stderr
    assert "M9 M9" not in other.stderr
    nothing = run(cli, path, "staff", "give-back", "M1", now=BACK)
    assert nothing.exit_code != 0 and "M1 Staff M1" in nothing.stderr
