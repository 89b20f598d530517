"""A hand-over that gives customers to a manager of another branch says so, as `reassign` says it of one customer:
one note a taker and branch with how many, on the CLI (its dry run too) and in the app's plan and question. A
manager of the branch above the customers' (a 支行's, for its 分理处's customers) is not of another branch."""

from __future__ import annotations

import pytest
from factories import add_branch, add_customer, add_staff

from tui_fixtures import NOW, build, highlight_option, pressed, printed, settle, sync
from workbench.db import open_db
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import HandOverScreen

NOTE = ("note: 3 of the customers (+1 not in the latest extract) stay with 城东支行 (B1) and M7 赵敏 works at"
        " 城东一分理处 (B2): they now show on the list of a manager of another branch.")


@pytest.fixture
def path(db_path):
    """城东支行 B1 with its 分理处 B2; M1 (B1) has C1-C4 at B1 (C4 not in the latest extract) and C5 at B2; M2 works at
    B1 and M7 赵敏 at B2; S1 supervises."""
    db = open_db(db_path)
    add_branch(db, "B1", name="城东支行")
    add_branch(db, "B2", name="城东一分理处", parent_id="B1", level="sub_branch")
    for staff_id, branch in (("M1", "B1"), ("M2", "B1"), ("S1", "B1")):
        add_staff(db, staff_id, branch_id=branch, role="supervisor" if staff_id == "S1" else "manager")
    add_staff(db, "M7", branch_id="B2", name="赵敏")
    for cid in ("C1", "C2", "C3", "C4"):
        add_customer(db, cid, manager_id="M1", active=0 if cid == "C4" else 1)
    add_customer(db, "C5", manager_id="M1", branch_id="B2")
    db.close()
    return db_path


def run(cli, path, *args):
    return cli("--db", path, "--now", "2026-11-20T10:00:00", "--user", "S1", "--lang", "en", "staff", "hand-over", *args)


def test_a_hand_over_to_a_manager_of_another_branch_says_how_many_customers_and_a_dry_run_says_it_first(cli, path):
    planned = run(cli, path, "M1", "--to", "M7", "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    assert NOTE in " ".join(planned.stderr.split())
    done = run(cli, path, "M1", "--to", "M7")
    assert [" ".join(line.split()) for line in done.stderr.splitlines() if line.strip()] == [NOTE]   # C5 is B2's own


def test_one_customer_gets_the_note_reassign_gives_and_a_manager_above_the_customers_branch_none(cli, path):
    back = run(cli, path, "M1", "--to", "M7")
    assert back.exit_code == 0
    # M7 (B2) to M2 (B1): B1 is above B2, so M2 works C5 as a manager of its own branch; the B1 customers go home.
    home = run(cli, path, "M7", "--to", "M2")
    assert home.exit_code == 0 and home.stderr == ""
    # One customer alone: the sentence `reassign` prints.
    add_customer(open_db(path), "C6", manager_id="M2")
    assert cli("--db", path, "--now", "2026-11-20T10:00:00", "--user", "S1", "reassign", "--customer", "C6",
               "--to", "M1").exit_code == 0
    one = run(cli, path, "M1", "--to", "M7", "--dry-run")
    assert ("note: customer C6 stays with 城东支行 (B1) and M7 赵敏 works at 城东一分理处 (B2): the customer now shows on"
            " the list of a manager of another branch.") in " ".join(one.stderr.split())


@sync
async def test_the_apps_plan_and_question_say_how_many_go_to_a_manager_of_another_branch(tmp_path):
    path = build(tmp_path / "branches.sqlite")
    db = open_db(path)
    add_branch(db, "B2", name="城东一分理处", parent_id="B1", level="sub_branch")
    db.conn.execute("UPDATE staff SET branch_id = 'B2' WHERE staff_id = 'M2'")
    (customers,), = db.conn.execute("SELECT count(*) FROM customers WHERE manager_id = 'M1' AND active = 1")
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 40)) as pilot:
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        await settle(pilot)
        note = (f"note: {customers} of the customers stay with 南京路支行 (B1) and M2 陈静 works at 城东一分理处 (B2): they"
                " now show on the list of a manager of another branch.")
        assert note in " ".join(printed(screen.query_one("#hand-over-plan"), 200).split())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert note in " ".join(printed(app.screen.query("Sentence")[1], 200).split())
