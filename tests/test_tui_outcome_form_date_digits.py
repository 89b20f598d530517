"""Once the contact's result and outcome are picked, digits typed are the follow-up day the form asks for, never
another outcome: "24号" after a refused quick pick saved a reached "call back later" as "appointment" (2, then 4,
re-picked the outcome), and "27号" after "interested" picked "do not call". A refusal about the follow-up puts the
focus in its box, the refused quick pick selected, so the day typed replaces it."""

from __future__ import annotations

from tui_fixtures import NOW, db_rows, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


def status(form) -> str:
    return str(form.query_one("#form-status").render()).strip()


async def saves(pilot, form) -> None:
    """ctrl+s, and the form closes on the saved entry."""
    await pilot.press("ctrl+s")
    await settle(pilot, 5)
    assert not isinstance(pilot.app.screen, OutcomeForm), status(form)


def logged(db_file) -> list[tuple]:
    """The contact logged, and the day of the follow-up it booked (the fixture's own aside)."""
    return db_rows(db_file, "SELECT o.line_result, o.business_outcome, f.due_on FROM outcomes o LEFT JOIN followups f"
                            " ON f.customer_id = o.customer_id AND f.followup_id != 'F-0003'")


@sync
async def test_a_day_typed_after_the_outcome_goes_to_the_follow_up_box(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "3", "2", "7")   # reached, interested; then the 27th, as the box's examples invite
        await settle(pilot)
        assert form.business_outcome == "interested"
        box = form.query_one("#when")
        assert box.value == "27" and form.focused is box
        box.value += "号"   # as an input method hands it over
        await saves(pilot, form)
    assert logged(db_file) == [("reached", "interested", "2026-11-27")]


@sync
async def test_the_day_a_refusal_asks_for_replaces_the_quick_pick_and_the_outcome_stays(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "1", "d", "ctrl+s")   # reached, not interested, tomorrow: the 30 days' rest refuses it
        await settle(pilot)
        assert status(form).startswith("Not saved: ") and "2026-12-20" in status(form)
        box = form.query_one("#when")
        assert form.focused is box
        await pilot.press(*"2026-12-20")   # the day it asks for, key by key
        await settle(pilot)
        assert form.business_outcome == "not_interested" and box.value == "2026-12-20"
        await saves(pilot, form)
    assert logged(db_file) == [("reached", "not_interested", "2026-12-20")]


@sync
async def test_the_quick_keys_path_stays_and_backspace_takes_the_outcome_back(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "3", "backspace", "4")   # interested, taken back: an appointment after all
        assert form.business_outcome == "appointment" and form.focused is None
        await pilot.press("backspace", "3", "w")
        await saves(pilot, form)
    assert logged(db_file) == [("reached", "interested", "2026-11-27")]
