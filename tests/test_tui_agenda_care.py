"""The agenda's suggested care follows the contact rules: a touch waits for a block to end, and one the
rules refuse by the time it is accepted is refused, with the list shown as it is now."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from rich.cells import cell_len

from tui_fixtures import NOW, highlight_option, log_elsewhere, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.messages import SuggestionAccepted


def log(db_file, at: str, result: str, outcome: str | None = None, cid: str = "C0002") -> None:
    """A contact logged from another terminal session, at an injected time."""
    log_elsewhere(db_file, cid, result, outcome, at=datetime.fromisoformat(at))


def suggestion_rows(screen) -> dict[str, tuple]:
    """(customer, kind) -> (option key, suggestion) for the suggestions on screen."""
    return {(s.customer_id, s.kind): (key, s) for key, s in screen.items.items() if key.startswith("suggestion-")}


def care_followups(db_file, cid: str = "C0002") -> list[tuple]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT purpose, due_on, channel FROM followups WHERE customer_id = ? AND purpose IN"
                            " ('maturity', 'birthday')", (cid,)).fetchall()


async def open_agenda(app, pilot):
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    return app.screen


def rows(screen) -> dict[str, str]:
    """Option key -> the row's text, for every row of the agenda."""
    options = screen.query_one("#agenda")
    return {option.id: option.prompt.plain for option in (options.get_option_at_index(i) for i in range(options.option_count))}


@sync
async def test_a_blocked_customer_s_roll_over_call_waits_for_the_block_and_is_accepted_on_that_day(db_file):
    log(db_file, "2026-11-20T08:00:00", "no_answer")
    log(db_file, "2026-11-20T08:30:00", "busy")       # two unanswered today: no contact before tomorrow 09:00
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        key, maturity = suggestion_rows(screen)[("C0002", "maturity")]
        assert maturity.due_on.isoformat() == "2026-11-21"
        row = rows(screen)[key]
        assert "11-21" in row and "Not before 2026-11-21: retry delay." in row
        await highlight_option(pilot, "#agenda", key)
        await pilot.press("a")
        await settle(pilot)
        assert ("C0002", "maturity") not in suggestion_rows(screen)
    assert care_followups(db_file) == [("maturity", "2026-11-21", "phone")]


@pytest.mark.parametrize("lang, said", [("en", "Care follow-up for 欧阳娜娜 added to the agenda."),
                                        ("zh_CN", "欧阳娜娜的关怀跟进已加入日程。")])
@sync
async def test_accepting_a_suggestion_names_the_customer_it_was_for(db_file, lang, said):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_agenda(app, pilot)
        posted = []   # the worker posts what it did, as the screen's other workers do, never calling into the screen
        post = screen.post_message
        screen.post_message = lambda message: posted.append(type(message)) or post(message)
        await highlight_option(pilot, "#agenda", suggestion_rows(screen)[("C0002", "maturity")][0])
        await pilot.press("a")
        await settle(pilot)
        assert [n.message for n in app._notifications] == [said]
        assert SuggestionAccepted in posted
    assert care_followups(db_file) == [("maturity", "2026-11-20", "phone")]


@pytest.mark.parametrize("lang, said", [
    ("en", ["Follow-up call for 欧阳娜娜 added to the agenda.", "Added 1 follow-up call to the agenda."]),
    ("zh_CN", ["欧阳娜娜的跟进电话已加入日程。", "已把1通跟进电话加入日程。"])])
@sync
async def test_accepting_a_warm_lead_says_a_follow_up_call_was_added_not_a_care_touch(db_file, lang, said):
    log(db_file, "2026-11-17T10:00:00", "reached", "interested")
    log(db_file, "2026-11-17T11:00:00", "reached", "interested", cid="C0001")
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_agenda(app, pilot)
        await highlight_option(pilot, "#agenda", suggestion_rows(screen)[("C0002", "warm_lead")][0])
        await pilot.press("a")   # one
        await settle(pilot)
        await highlight_option(pilot, "#agenda", suggestion_rows(screen)[("C0001", "warm_lead")][0])
        await pilot.press("A", "y")   # all of its kind: the one left
        await settle(pilot)
        assert [n.message for n in app._notifications] == said
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT customer_id FROM followups WHERE purpose = 'warm_lead' ORDER BY 1").fetchall() == [
            ("C0001",), ("C0002",)]


@sync
async def test_accepting_a_touch_the_rules_now_refuse_writes_nothing_and_says_why(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        shown = suggestion_rows(screen)
        assert ("C0002", "maturity") in shown and ("C0002", "birthday") in shown
        # Meanwhile the customer complains on another call: a 90-day rest, past the maturity and the birthday.
        log(db_file, "2026-11-20T09:30:00", "reached", "complaint")
        await highlight_option(pilot, "#agenda", shown[("C0002", "maturity")][0])
        await pilot.press("a")
        await settle(pilot)
        status = screen.query_one("#agenda-status").content.plain
        assert "The maturity roll-over for 欧阳娜娜 is no longer suggested" in status
        now_shown = suggestion_rows(screen)
        assert ("C0002", "maturity") not in now_shown and ("C0002", "birthday") not in now_shown
        assert ("C0001", "birthday") in now_shown                       # the others stay
    assert care_followups(db_file) == []


@sync
async def test_a_follow_up_the_rules_now_rest_says_so_on_the_agenda(db_file):
    for at in ("2026-11-18T10:00:00", "2026-11-19T10:00:00", "2026-11-20T08:00:00"):
        log(db_file, at, "no_answer", cid="C0003")   # the third attempt in a week: no call before 11-25 10:00
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        assert rows(screen)["F-0003"].endswith("Not before 2026-11-25: contact budget.")


@sync
async def test_the_form_refuses_a_follow_up_inside_the_rest_its_own_outcome_starts(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        customer = app.screen.customer_id
        await pilot.press("1", "1", "t", "ctrl+s")   # reached, not interested, in three days
        await settle(pilot)
        status = str(app.screen.query_one("#form-status").render())
        assert "Not saved" in status and "before 2026-12-20 (rest after 'not interested')" in status
        assert app.screen.query_one("#form-status").size.height >= 2   # wrapped, not cut after one line
        app.screen.query_one("#when").value = "2026-12-20"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT customer_id, business_outcome FROM outcomes").fetchall() == [
            (customer, "not_interested")]
        assert conn.execute("SELECT due_on FROM followups WHERE customer_id = ? AND status = 'open'",
                            (customer,)).fetchall() == [("2026-12-20",)]


@sync
async def test_a_woken_customer_s_check_in_is_suggested_and_its_card_opens_on_the_keep_warm_script(db_file):
    log(db_file, "2026-10-30T10:00:00", "reached", "reactivated")   # woken three weeks ago
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        key, check_in = suggestion_rows(screen)[("C0002", "woken_check")]
        assert check_in.reason == "Woken on 2026-10-30: check-in call." and check_in.channel == "phone"
        await highlight_option(pilot, "#agenda", key)
        await pilot.press("a")
        await settle(pilot)
        (followup_id,) = [k for k, f in screen.items.items() if getattr(f, "purpose", None) == "woken_check"]
        await highlight_option(pilot, "#agenda", followup_id)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.customer_id == "C0002" and app.screen.purpose == "keep_warm"
        assert "Keeping a woken customer" in app.screen.query_one("#script-0").content.plain


@sync
async def test_accept_all_like_it_adds_every_suggestion_of_that_kind_after_a_yes(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_agenda(app, pilot)
        shown = suggestion_rows(screen)
        birthdays = sorted(cid for cid, kind in shown if kind == "birthday")
        assert len(birthdays) > 3 and ("C0002", "maturity") in shown
        await highlight_option(pilot, "#agenda", shown[(birthdays[0], "birthday")][0])
        await pilot.press("A")
        await settle(pilot)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == f"Add all {len(birthdays)} suggestions of this kind (birthday greeting) to the agenda?"
        await pilot.press("n")   # no: nothing written
        await settle(pilot)
        assert app.screen is screen and care_followups(db_file, birthdays[0]) == []
        # Since the list was drawn, one of them asked not to be called.
        with sqlite3.connect(db_file) as conn:
            conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = ?", (birthdays[-1],))
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        now_shown = suggestion_rows(screen)
        assert not any(kind == "birthday" for _cid, kind in now_shown) and ("C0002", "maturity") in now_shown
        assert any(n.message == f"Added {len(birthdays) - 1} care follow-ups to the agenda. 1 was no longer suggested."
                   for n in app._notifications)
    assert care_followups(db_file, birthdays[0]) == [("birthday", "2026-11-23", "sms")]
    assert care_followups(db_file, birthdays[-1]) == []


@sync
async def test_days_in_the_next_year_keep_the_agenda_s_columns_in_line(db_file):
    from workbench import followups

    conn = connect(db_file)
    try:
        for cid, due in (("C0001", "2026-12-31"), ("C0002", "2027-01-04")):
            followups.schedule(conn, customer_id=cid, owner_id="M1", due_on=due, at=NOW)
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=datetime(2026, 12, 30, 10, 0), lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        shown = rows(screen)
        names = {key: row.index(screen.items[key].customer_name) for key, row in shown.items() if key in screen.items}
        assert len(names) >= 3 and len(set(names.values())) == 1, shown
        assert any("2027-01-04" in row for row in shown.values()) and any(row.lstrip().startswith("12-31 ") for row in shown.values())


@sync
async def test_complete_all_marks_a_day_s_greetings_done_and_leaves_calls_to_their_cards(db_file):
    from workbench import followups

    conn = connect(db_file)
    try:
        ids, _left = followups.accept_suggestions(
            conn, [s for s in followups.care_suggestions(conn, "M1", NOW.date()) if s.kind == "birthday"], at=NOW)
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=datetime(2026, 11, 23, 17, 0), lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_agenda(app, pilot)
        await highlight_option(pilot, "#agenda", "F-0003")   # a call back, overdue: not a care touch
        await pilot.press("C")
        await settle(pilot)
        assert app.screen is screen
        assert "Only care touches due by today are completed together" in str(screen.query_one("#agenda-status").render())
        await highlight_option(pilot, "#agenda", ids[0])
        await pilot.press("C")
        await settle(pilot)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == (f"Mark all {len(ids)} follow-ups of this kind (birthday greeting) due by today as done,"
                            " without logging calls?")
        await pilot.press("y")
        await settle(pilot)
        assert not set(ids) & set(screen.items) and "F-0003" in screen.items
        assert any(n.message == f"Marked {len(ids)} follow-ups done." for n in app._notifications)
    with sqlite3.connect(db_file) as c:
        assert c.execute("SELECT count(*) FROM followups WHERE status = 'done'").fetchone()[0] == len(ids)
        assert c.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 0


@sync
async def test_the_palette_offers_the_batch_actions_on_the_agenda_only(db_file):
    from workbench.screens.commands import WorkbenchCommands

    batch = {"Agenda: accept all suggestions of this kind", "Agenda: complete all care touches of this kind due"}
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert not batch & {title for title, _a, _h in WorkbenchCommands(app.screen)._commands()}
        screen = await open_agenda(app, pilot)
        commands = {title: action for title, action, _h in WorkbenchCommands(screen)._commands()}
        assert batch <= set(commands)
        key, _s = next((key, s) for key, s in screen.items.items() if key.startswith("suggestion-") and s.kind == "birthday")
        await highlight_option(pilot, "#agenda", key)
        commands["Agenda: accept all suggestions of this kind"]()
        await settle(pilot)
        assert str(app.screen.query_one("#confirm-question").render()).startswith("Add all ")


@sync
async def test_complete_all_leaves_a_care_call_to_its_card(db_file):
    from workbench import followups

    conn = connect(db_file)
    try:
        (call,) = [s for s in followups.care_suggestions(conn, "M1", NOW.date()) if s.channel == "phone"][:1]
        followup_id = followups.accept_suggestion(conn, call, at=NOW)
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=datetime(2026, 11, 23, 17, 0), lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        await highlight_option(pilot, "#agenda", followup_id)   # a roll-over or cadence call: a care touch by phone
        await pilot.press("C")
        await settle(pilot)
        assert app.screen is screen and followup_id in screen.items
        assert "log a call on its card" in str(screen.query_one("#agenda-status").render())


@sync
async def test_a_campaign_is_accepted_whole_its_card_opens_on_its_script_and_its_sms_batch_completes(db_file):
    from datetime import date

    from workbench import campaigns

    conn = connect(db_file)
    try:
        for code, title, channel in (("CD1", "大额存单[b]限时[/b]发行", "phone"), ("PTS", "双倍积分", "sms")):
            campaigns.save(conn, [campaigns.Campaign(code, title, "年利率2.15%。", date(2026, 11, 18), date(2026, 11, 30),
                                                     channel, min_tier=1)], at=NOW, by_id="S1")
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_agenda(app, pilot)
        shown = suggestion_rows(screen)
        deposit = sorted(cid for cid, kind in shown if kind == "campaign:CD1")
        points = sorted(cid for cid, kind in shown if kind == "campaign:PTS")
        assert deposit and deposit == points
        key = shown[(deposit[0], "campaign:CD1")][0]
        assert "大额存单[b]限时[/b]发行, until 2026-11-30." in rows(screen)[key]   # head office's text: data
        await highlight_option(pilot, "#agenda", key)
        await pilot.press("A")
        await settle(pilot)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == f"Add all {len(deposit)} suggestions of this kind (campaign “大额存单[b]限时[/b]发行”) to the agenda?"
        await pilot.press("y")
        await settle(pilot)
        left = suggestion_rows(screen)
        assert not any(kind == "campaign:CD1" for _c, kind in left) and sum(k == "campaign:PTS" for _c, k in left) == len(points)
        (followup_id, *_more) = [k for k, f in screen.items.items() if getattr(f, "purpose", None) == "campaign:CD1"]
        assert "campaign “大额存单[b]限时[/b]发行”" in rows(screen)[followup_id]   # its title, not its code
        await highlight_option(pilot, "#agenda", followup_id)
        await pilot.press("enter")
        await settle(pilot)
        script = " ".join(part.content.plain for part in app.screen.query(".script-part"))
        assert app.screen.purpose == "campaign" and '"大额存单[b]限时[/b]发行"' in script and "年利率2.15%。" in script
        assert "campaign “大额存单[b]限时[/b]发行”" in app.screen.query_one("#followups").content.plain
        await pilot.press("escape")
        await settle(pilot)
        # The SMS campaign, accepted and then sent as a batch outside the workbench: C marks it done.
        await highlight_option(pilot, "#agenda", suggestion_rows(screen)[(points[0], "campaign:PTS")][0])
        await pilot.press("A", "y")
        await settle(pilot)
        sms = [k for k, f in screen.items.items() if getattr(f, "purpose", None) == "campaign:PTS"]
        await highlight_option(pilot, "#agenda", sms[0])
        await pilot.press("C", "y")
        await settle(pilot)
        assert not set(sms) & set(screen.items)
    with sqlite3.connect(db_file) as c:
        assert c.execute("SELECT status, count(*) FROM followups WHERE purpose LIKE 'campaign:%' GROUP BY 1").fetchall() == [
            ("done", len(points)), ("open", len(deposit))]


@sync
async def test_a_warm_lead_with_nothing_booked_is_suggested_accepted_and_then_called_not_marked_done(db_file):
    log(db_file, "2026-11-17T10:00:00", "reached", "interested")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_agenda(app, pilot)
        key, _lead = suggestion_rows(screen)[("C0002", "warm_lead")]
        assert "Warm lead (50 points): interested on 2026-11-17 (+50). No follow-up is booked." in rows(screen)[key]
        await highlight_option(pilot, "#agenda", key)
        await pilot.press("a")
        await settle(pilot)
        assert ("C0002", "warm_lead") not in suggestion_rows(screen)
        (followup_id,) = [k for k, f in screen.items.items() if getattr(f, "purpose", None) == "warm_lead"]
        assert "warm lead call" in rows(screen)[followup_id]
        await highlight_option(pilot, "#agenda", followup_id)
        await pilot.press("C")   # a call is logged on its card, never marked done in a batch
        await settle(pilot)
        assert "log a call on its card" in str(screen.query_one("#agenda-status").render())
        assert followup_id in screen.items
        await pilot.press("enter")
        await settle(pilot)
        assert "Warm lead (50 points): interested on 2026-11-17 (+50)" in app.screen.query_one("#profile").content.plain
        # It opens on the script for following up an interest, which starts from what they said.
        assert app.screen.purpose == "warm_lead"
        assert "Following up an interest" in app.screen.query_one("#script-0").content.plain
        assert "When we spoke on 17 Nov you were interested" in app.screen.query_one("#script-1").content.plain


@pytest.mark.parametrize("lang, start", [("en", "Call back"), ("zh_CN", "稍后回电")])
@sync
async def test_a_note_that_wraps_hangs_under_its_first_line_s_text_at_80_columns(db_file, lang, start):
    from textual.geometry import Region

    for at in ("2026-11-18T10:00:00", "2026-11-19T10:00:00", "2026-11-20T08:00:00"):
        log(db_file, at, "no_answer", cid="C0003")   # F-0003 gets its rest note: long enough to wrap
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_agenda(app, pilot)
        options = screen.query_one("#agenda")
        shown = [strip.text for strip in options.render_lines(Region(0, 0, options.size.width, options.size.height))]
        at = next(n for n, line in enumerate(shown) if "王芳" in line)
        first, after = shown[at], shown[at + 1]
        hang = cell_len(first[: first.index(start)])
        assert cell_len(after) - cell_len(after[1:].lstrip()) == hang, (first, after)   # the border, then spaces
        assert "2026-11-25" in first + after and "王芳" not in after


@pytest.mark.parametrize("title", ["Three-year large-denomination certificates of deposit, limited-time offer for"
                                   " returning customers",
                                   "三年期大额存单限时发行老客户专享年利率上浮优惠活动第二期限量发售先到先得" * 2])
@sync
async def test_a_refusal_too_long_for_the_status_line_ends_with_an_ellipsis_at_80_by_24(db_file, title):
    from datetime import date

    from textual.geometry import Region

    from workbench import campaigns

    conn = connect(db_file)
    try:
        campaigns.save(conn, [campaigns.Campaign("CD1", title, "年利率2.15%。", date(2026, 11, 18), date(2026, 11, 30),
                                                 "phone", min_tier=1)], at=NOW, by_id="S1")
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot)
        key = suggestion_rows(screen)[("C0002", "campaign:CD1")][0]
        log(db_file, "2026-11-20T09:30:00", "reached", "complaint")   # the rules refuse the campaign's call now
        await highlight_option(pilot, "#agenda", key)
        await pilot.press("a")
        await settle(pilot)
        status = screen.query_one("#agenda-status")
        said = status.content.plain
        assert said.startswith(f"The campaign “{title}” for 欧阳娜娜 is no longer suggested")
        whole = Region(0, 0, status.region.width, status.region.height)   # the padding too: no line is cut by it
        lines = [strip.text.strip() for strip in status.render_lines(whole)]
        lines = [line for line in lines if line]
        assert len(lines) == 3 and lines[-1].endswith("…"), lines
        assert all(cell_len(line) <= status.content_region.width for line in lines)
        shown = "".join(lines)[:-1]   # what is shown is the sentence's start, whole characters, nothing left out between
        assert "".join(said.split()).startswith("".join(shown.split())), (shown, said)
