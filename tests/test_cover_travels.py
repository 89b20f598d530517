"""A cover travels with its hand-over's assignment entries, which carry its last day: another desk, or one restored
from a backup taken before the cover, keeps it from the entries a bundle brings (handover.keep_covers, the rule of the
desk that made it), `staff give-back` there returns exactly its customers, and the give-back closes the cover on every
desk after one exchange. A hand-over --until with nothing to hand over records nothing and says so."""

import json
import shutil
import sqlite3
import uuid
from contextlib import closing

import pytest
from factories import add_customer, add_staff, seed_branch
from hostile import table_digest
from sync_data import as_version_3

from workbench.db import open_db
from workbench.sync.bundle import _canonical, _digest

SUNDAY = "2026-10-25T18:00:00"   # the backup, before the cover
MONDAY = "2026-10-26T09:00:00"   # the cover, M1's customers to M2 until 2026-11-13
DURING = "2026-11-02T10:00:00"
FAILED = "2026-11-04T14:00:00"   # desk A's disk fails; it is restored from Sunday's backup
BACK = "2026-11-16T08:30:00"
COVER = ("SELECT cover_id, customer_id, from_id, to_id, at, until, by_id, back_at, back_by FROM covers"
         " ORDER BY cover_id")


@pytest.fixture
def desks(tmp_path):
    """Desks A and B of one branch (seed_branch, M3, and M1's customer C5), each with its own terminal id."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    db = open_db(a)
    seed_branch(db)
    add_staff(db, "M3")
    add_customer(db, "C5", manager_id="M1")
    db.close()
    shutil.copy(a, b)
    with closing(sqlite3.connect(b)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return a, b


def run(cli, path, now, *args, user="S1"):
    done = cli("--db", path, "--now", now, "--user", user, "--lang", "en", *args)
    assert done.exit_code == 0, done.stderr
    return done


def send(cli, source, target, now, out, *since):
    """A bundle of source's entries (--since last unless given), imported into target."""
    run(cli, source, now, "export", "bundle", "--out", out, "--since", *(since or ("last",)))
    return run(cli, target, now, "import", "bundle", out)


def rows(path, sql=COVER, *args) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def rewrite(out, change) -> None:
    """The bundle at out with change(manifest, entries) applied and signed again, as a writer that signs its own would."""
    head, body = out.read_bytes().split(b"\n", 1)
    manifest, entries = json.loads(head), [json.loads(line) for line in body.split(b"\n") if line]
    change(manifest, entries)
    body = b"".join(_canonical(e) + b"\n" for e in entries)
    manifest["sha256"] = _digest(manifest, body)
    out.write_bytes(_canonical(manifest) + b"\n" + body)


def managers(path) -> dict[str, str | None]:
    return dict(rows(path, "SELECT customer_id, manager_id FROM customers ORDER BY customer_id"))


def test_a_desk_restored_from_a_backup_before_the_cover_gets_it_back_and_the_give_back_converges(cli, desks, tmp_path):
    a, b = desks
    backup = tmp_path / "sunday.sqlite"
    run(cli, a, SUNDAY, "backup", backup)
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    run(cli, a, DURING, "reassign", "--customer", "C3", "--to", "M3")   # C3 stays with M3 after the leave
    made = rows(a)
    assert len(made) == 4 and {r[5] for r in made} == {"2026-11-13"} and {r[7] for r in made} == {None}
    # Each cover row is named by the entry that handed its customer over, which carries the last day.
    assert made == rows(a, "SELECT v.cover_id, v.customer_id, v.from_id, v.to_id, a.at, a.until,"
                        " a.by_id, NULL, NULL FROM covers v JOIN assignments a ON a.assignment_id = v.cover_id"
                        " ORDER BY 1")

    send(cli, a, b, DURING, tmp_path / "a1.wbundle")
    assert rows(b) == made   # another desk keeps the cover as the desk that made it
    assert "M2 Staff M2 covers M1 Staff M1 until 2026-11-13 (3 customers)." in run(cli, b, DURING, "staff",
                                                                                     "list").stdout

    a.unlink()   # the disk fails
    run(cli, a, FAILED, "restore", backup)
    assert rows(a) == [] and managers(a)["C1"] == "M1"
    send(cli, b, a, FAILED, tmp_path / "b1.wbundle", SUNDAY[:10])
    assert rows(a) == made and managers(a) == managers(b)

    given = run(cli, a, BACK, "staff", "give-back", "M1")
    assert given.stdout.startswith("3 customers went back from M2 Staff M2 to M1 Staff M1")
    assert "1 customer the cover moved has another manager now and stays there." in given.stdout
    assert managers(a) == {"C1": "M1", "C2": "M1", "C3": "M3", "C4": "M2", "C5": "M1"}
    closed = rows(a)
    assert {(r[7], r[8]) for r in closed} == {(BACK, "S1")}

    send(cli, a, b, BACK, tmp_path / "a2.wbundle")
    assert rows(b) == closed and managers(b) == managers(a)
    refused = cli("--db", b, "--now", BACK, "--user", "S1", "--lang", "en", "staff", "give-back", "M1")
    assert refused.exit_code != 0 and "No cover of M1 Staff M1's customers is open" in refused.stderr
    # A third desk, from the same Sunday, gets the cover and its give-back in one bundle: closed as on the others.
    c = tmp_path / "c.sqlite"
    run(cli, c, BACK, "restore", backup)
    send(cli, b, c, BACK, tmp_path / "b2.wbundle", SUNDAY[:10])
    assert rows(c) == closed and managers(c) == managers(a)


def test_a_give_back_on_the_desk_that_did_not_make_the_cover_returns_exactly_its_customers(cli, desks, tmp_path):
    a, b = desks
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    send(cli, a, b, MONDAY, tmp_path / "a1.wbundle")
    add_customer(open_db(b), "C6", manager_id="M2")   # M2's own, on both desks: not given back
    add_customer(open_db(a), "C6", manager_id="M2")
    run(cli, b, BACK, "staff", "give-back", "M1")
    assert managers(b) == {"C1": "M1", "C2": "M1", "C3": "M1", "C4": "M2", "C5": "M1", "C6": "M2"}
    send(cli, b, a, BACK, tmp_path / "b1.wbundle")
    assert managers(a) == managers(b) and rows(a) == rows(b) and {r[7] for r in rows(a)} == {BACK}


def test_two_desks_giving_one_cover_back_close_it_alike(cli, desks, tmp_path):
    a, b = desks
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    send(cli, a, b, MONDAY, tmp_path / "a1.wbundle")
    run(cli, a, BACK, "staff", "give-back", "M1")
    run(cli, b, "2026-11-16T09:00:00", "staff", "give-back", "M1")
    send(cli, a, b, "2026-11-16T10:00:00", tmp_path / "a2.wbundle")
    send(cli, b, a, "2026-11-16T10:00:00", tmp_path / "b2.wbundle")
    assert rows(a) == rows(b) and {r[7] for r in rows(a)} == {BACK}   # the earlier give-back


def test_a_leave_made_longer_with_new_customers_moves_the_last_day_on_the_other_desk_too(cli, desks, tmp_path):
    a, b = desks
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    add_customer(open_db(a), "C6", manager_id="M1")   # an extract gave M1 another customer, on both desks
    add_customer(open_db(b), "C6", manager_id="M1")
    run(cli, a, DURING, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-20")
    send(cli, a, b, DURING, tmp_path / "a1.wbundle")
    assert rows(b) == rows(a) and {r[5] for r in rows(b)} == {"2026-11-20"} and len(rows(b)) == 5


def test_a_version_3_bundle_s_hand_over_applies_without_a_cover(cli, desks, tmp_path):
    a, b = desks
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    out = tmp_path / "a1.wbundle"
    run(cli, a, MONDAY, "export", "bundle", "--out", out)
    rewrite(out, as_version_3)
    run(cli, b, MONDAY, "import", "bundle", out)
    assert managers(b)["C1"] == "M2" and rows(b) == []


@pytest.mark.parametrize("change", [
    lambda row: row.update(until="13/11/2026"),
    lambda row: row.update(until="2026-W46-5"),
    lambda row: row.update(to_manager_id=None),
    lambda row: row.update(source="reassign"),
])
def test_an_entry_s_last_day_is_a_day_and_only_on_a_hand_over_to_a_manager(cli, desks, tmp_path, change):
    a, b = desks
    run(cli, a, MONDAY, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    out = tmp_path / "a1.wbundle"
    run(cli, a, MONDAY, "export", "bundle", "--out", out)
    rewrite(out, lambda _manifest, entries: change(next(e for e in entries if e["table"] == "assignments")["row"]))
    refused = cli("--db", b, "--now", MONDAY, "--user", "S1", "--lang", "en", "import", "bundle", out)
    assert refused.exit_code != 0 and "is not an outcome, follow-up, assignment or erasure entry" in refused.stderr


def test_a_cover_with_nothing_to_hand_over_records_nothing_and_says_so_in_one_sentence(cli, desks):
    a, _b = desks
    run(cli, a, MONDAY, "reassign", "--customer", "C4", "--to", "M1")
    run(cli, a, MONDAY, "staff", "hand-over", "M2", "--to", "M3")   # M2 has nothing left
    with closing(sqlite3.connect(a)) as conn:
        before = {t: table_digest(conn, t, o) for t, o in (("covers", "customer_id"), ("audit_log", "seq"),
                                                           ("assignments", "assignment_id"))}
    for dry in ((), ("--dry-run",)):
        refused = cli("--db", a, "--now", DURING, "--user", "S1", "--lang", "en", "staff", "hand-over", "M2", "--to",
                      "M3", "--until", "2026-11-13", *dry)
        assert refused.exit_code != 0 and "Traceback" not in refused.stderr
        assert refused.stderr.strip() == ("error: M2 Staff M2 has no customers to hand over, so no cover was"
                                          " recorded.")
        assert "cover" not in refused.stdout
    with closing(sqlite3.connect(a)) as conn:
        assert {t: table_digest(conn, t, o) for t, o in (("covers", "customer_id"), ("audit_log", "seq"),
                                                         ("assignments", "assignment_id"))} == before
    # A running cover may be made longer with nothing left to hand over.
    run(cli, a, DURING, "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-13")
    longer = run(cli, a, "2026-11-03T10:00:00", "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-11-20")
    assert "covers M1 Staff M1 until 2026-11-20" in longer.stdout
    assert {r[5] for r in rows(a)} == {"2026-11-20"}
