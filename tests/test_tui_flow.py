"""The call session walked with Pilot on a real database file: pick a manager, open the first
customer, log an outcome with a follow-up, find it in the agenda and in the file."""

from __future__ import annotations

import sqlite3

import pytest
from rich.cells import cell_len

from tui_fixtures import MARKUP_NAMES, NOW, build, option_ids, pick, pressed, settle, sync
from workbench.db import open_db
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.help import HelpScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.who_am_i import WhoAmIScreen
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.key_bar import KeyBar


def script_shown(app) -> str:
    return "\n".join(part.content.plain for part in app.screen.query(".script-part"))


def table_text(app, row: int) -> str:
    table = app.screen.query_one(CallTable)
    return table.render_line(row - table.scroll_offset.y).text


@sync
async def test_main_flow_logs_outcome_and_follow_up(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        await pick(pilot, "M1")
        assert isinstance(app.screen, CallListScreen)
        table = app.screen.query_one(CallTable)
        assert table.total == 20
        # The follow-up due today comes first.
        assert table.current.customer_id == "C0003" and table.current.is_follow_up

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0003"
        title = app.screen.query_one("#card-title").render()
        assert "138 0013 0003" in str(title)   # the full number shows on the card only, as dialled

        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        app.screen.query_one("#note").value = "客户说下周再联系 [bold]不是标记[/]"
        await pilot.press("1", "3", "w", "ctrl+s")
        await settle(pilot, 5)
        # Saved, and straight on to the next customer.
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0001"

        await pilot.press("escape", "f")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        later = app.screen.items
        assert any(f.customer_id == "C0003" and str(f.due_on) == "2026-11-27" for f in later.values())

    with sqlite3.connect(db_file) as conn:
        reveals = conn.execute("SELECT actor, subject FROM audit_log WHERE action = 'phone_reveal'").fetchall()
        assert ("M1", "C0003") in reveals   # showing the full number is audited
        outcome = conn.execute(
            "SELECT customer_id, manager_id, line_result, business_outcome, note, at FROM outcomes"
        ).fetchall()
        assert outcome == [("C0003", "M1", "reached", "interested", "客户说下周再联系 [bold]不是标记[/]", "2026-11-20T10:00:00")]
        followups = dict(conn.execute("SELECT followup_id, status FROM followups WHERE customer_id = 'C0003'").fetchall())
        assert followups["F-0003"] == "done"   # the callback that was due is kept
        new = conn.execute(
            "SELECT due_on, owner_id FROM followups WHERE customer_id = 'C0003' AND status = 'open'"
        ).fetchall()
        assert new == [("2026-11-27", "M1")]


@sync
async def test_outcome_form_refuses_to_save_without_a_line_result(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.focused is None   # no text box takes the digits that pick the codes
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        assert "line result" in str(app.screen.query_one("#form-status").render())
        # A follow-up in the past is the engine's one-sentence refusal, and the form stays open.
        await pilot.press("2")
        app.screen.query_one("#when").value = "2026-11-19"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        assert "Not saved" in str(app.screen.query_one("#form-status").render())
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 0


@sync
async def test_remembers_the_last_user_on_this_terminal(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en").run_test() as pilot:
        await pick(pilot, "M2")
        assert pilot.app.owner.staff_id == "M2"
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test() as pilot:
        await settle(pilot)
        options = app.screen.query_one("#staff")
        assert options.get_option_at_index(options.highlighted).id == "M2"


@sync
async def test_staff_with_a_pin_must_type_it(db_file):
    from workbench.db import open_db
    from workbench.pins import set_pin

    db = open_db(db_file)
    set_pin(db.conn, "M1", "1234", at=NOW, by_id="M1")
    db.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test() as pilot:
        await pick(pilot, "M1")
        assert isinstance(app.screen, WhoAmIScreen) and app.screen.query_one("#pin").has_focus
        await pilot.press(*"0000", "enter")
        await settle(pilot)
        assert "Wrong PIN" in str(app.screen.query_one("#hint").render())
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen) and app.staff.staff_id == "M1"


@sync
@pytest.mark.parametrize("lang, prompt", [("zh_CN", "请输入李娜的密码："), ("en", "PIN for 李娜:")])
async def test_the_pin_prompt_sets_a_chinese_name_into_the_sentence(db_file, lang, prompt):
    """No space between the name and the Chinese around it (请输入 李娜 的密码 was shown)."""
    from workbench.pins import set_pin

    db = open_db(db_file)
    set_pin(db.conn, "M1", "1234", at=NOW, by_id="M1")
    db.close()
    app = WorkbenchApp(db_file, now=NOW, lang=lang)
    async with app.run_test() as pilot:
        await pick(pilot, "M1")
        assert str(app.screen.query_one("#hint").render()).strip() == prompt


@sync
async def test_supervisor_sees_every_manager(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test() as pilot:
        await pick(pilot, "S1")
        options = app.screen.query_one("#staff")
        ids = option_ids(options)
        assert ids == ["M2", "M1"] or sorted(ids) == ["M1", "M2"]
        options.highlighted = ids.index("M2")
        await pilot.press("enter")
        await settle(pilot)
        assert app.staff.staff_id == "S1" and app.owner.staff_id == "M2"
        assert app.screen.query_one(CallTable).current.customer_id == "C9001"


@sync
async def test_customer_names_are_never_markup(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        rows = {table.entry(r).name: r for r in range(table.total) if table.entry(r)}
        assert MARKUP_NAMES[0] in table_text(app, rows[MARKUP_NAMES[0]])
        assert "[link=http://" in table_text(app, rows[MARKUP_NAMES[1]])   # cut to the column, still literal
        strip = table.render_line(rows[MARKUP_NAMES[1]] - table.scroll_offset.y)
        assert all(seg.style is None or (seg.style.link is None and not seg.style.bold) for seg in strip)
        table.move_to(rows[MARKUP_NAMES[1]])
        await pilot.press("enter")
        await settle(pilot)
        assert MARKUP_NAMES[1] in app.screen.query_one("#card-title").render().plain
        assert MARKUP_NAMES[1] in script_shown(app)


@sync
async def test_cjk_columns_line_up(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        lines = [table.render_line(y).text for y in range(8)]
        # Every line is exactly as wide as the table, and each masked phone starts at the same cell.
        assert {cell_len(line) for line in lines} == {table.scrollable_content_region.width}
        starts = set()
        for line in lines:
            head = line[: line.index("138****")]
            starts.add(cell_len(head))
        assert len(starts) == 1
        assert any("阿依古丽" in line for line in lines)


@sync
async def test_search_and_filters(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"欧阳", "enter")
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        assert table.total == 1 and table.current.name == "欧阳娜娜"
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 20
        box = app.screen.query_one("#search")
        assert box.value == "" and not box.has_class("-shown")   # the box clears with the filter it set
        app.screen.action_follow_ups_only()
        await settle(pilot)
        assert table.total == 1 and table.current.customer_id == "C0003"
        await pilot.press("slash")
        await pilot.press(*"nobody", "enter")
        await settle(pilot)
        assert table.total == 0 and "Nobody to call" in table.render_line(0).text


@sync
async def test_help_and_palette_reach_every_screen(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "^s" in app.screen.query_one("#help-keys").render().plain
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"agenda")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)


@sync
async def test_chinese_interface(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        progress = str(app.screen.query_one("#progress").render())
        assert progress.startswith("今日已联系 0/40")
        await pilot.press("enter")
        await settle(pilot)
        script = script_shown(app)
        assert "王女士您好" in script and "如果客户说" in script


@sync
async def test_long_list_pages_in_from_sql(tmp_path):
    db_file = build(tmp_path / "long.sqlite", extra_customers=1500)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        assert table.total == 1508
        assert len(table._pages) == 1      # only the first page is held
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == 1507 and table.current is not None
        assert table.current.rank == 1508
        assert len(table._pages) <= 3


@sync
async def test_agenda_reschedules_and_completes(db_file):
    from workbench.db.followups import append_event
    from workbench.db.meta import terminal_id

    with sqlite3.connect(db_file, isolation_level=None) as conn:
        conn.execute("BEGIN")
        append_event(conn, followup_id="F-0002", customer_id="C0002", kind="created", at="2026-11-10T09:00:00",
                     terminal_id=terminal_id(conn), owner_id="M1", due_on="2026-11-18", channel="phone")
        conn.execute("COMMIT")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        options = app.screen.query_one("#agenda")
        ids = option_ids(options)
        assert ids.index("F-0002") < ids.index("F-0003")      # overdue before today
        options.highlighted = ids.index("F-0002")
        await pilot.press("c")
        await settle(pilot)
        # It asks first, naming the customer as text and the day: n keeps the follow-up, c then y completes it.
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query_one("#confirm-question").render().plain
        assert "due 2026-11-18" in question and "欧阳娜娜" in question
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen) and "F-0002" in app.screen.items
        with sqlite3.connect(db_file) as conn:
            assert conn.execute("SELECT status FROM followups WHERE followup_id = 'F-0002'").fetchone() == ("open",)
        await pilot.press("c")
        await pilot.press("y")
        await settle(pilot)
        options.highlighted = option_ids(options).index("F-0003")
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#new-when").value = "+3d"
        await pilot.press("enter")
        await settle(pilot)
        assert "F-0002" not in app.screen.items
    with sqlite3.connect(db_file) as conn:
        rows = dict(conn.execute("SELECT followup_id, status || ' ' || due_on FROM followups").fetchall())
    assert rows["F-0002"] == "done 2026-11-18"
    assert rows["F-0003"] == "rescheduled 2026-11-23"


@sync
async def test_keys_can_be_remapped_by_binding_id(db_file):
    from workbench.db import open_db
    from workbench.settings import set_setting

    db = open_db(db_file)
    set_setting(db.conn, "app.keymap", {"agenda": "g"})
    db.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)


@sync
async def test_day_summary_per_manager_for_a_supervisor(db_file):
    from workbench.db import open_db
    from workbench.outcomes import log_outcome

    db = open_db(db_file)
    log_outcome(db.conn, customer_id="C0001", manager_id="M1", line_result="reached", business_outcome="interested",
                at=NOW.replace(hour=9))
    log_outcome(db.conn, customer_id="C0002", manager_id="M1", line_result="no_answer", at=NOW.replace(hour=9, minute=5))
    db.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "M1")
        await pilot.press("s")
        await settle(pilot)
        summary = app.screen.query_one("#summary").render().plain
        assert "李娜" in summary and "calls 2 · answered 1 · answer rate 50% · customers 2, reached 1" in summary
        assert "Interested 1" in summary
        assert app.screen.query_one("#spark").data[-1] == 2


@sync
async def test_a_list_not_scored_today_is_scored_before_it_is_shown(db_file):
    with sqlite3.connect(db_file) as conn:
        conn.execute("DELETE FROM scoring_runs")
        conn.execute("UPDATE customers SET priority = NULL, scored_on = NULL")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 6)
        table = app.screen.query_one(CallTable)
        assert table.total > 0 and table.current.customer_id == "C0003"   # the due follow-up still leads
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE scored_on = '2026-11-20'").fetchone()[0] == 21


@sync
async def test_agenda_offers_care_suggestions_and_accepts_one(db_file):
    # C0001 has a birthday in three days (1970-11-23): a care suggestion, not yet a follow-up.
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        suggested = {key: s for key, s in screen.items.items() if key.startswith("suggestion-")}
        birthday = next(key for key, s in suggested.items() if s.customer_id == "C0001" and s.kind == "birthday")
        options = screen.query_one("#agenda")
        ids = option_ids(options)
        assert ids.index("F-0003") < ids.index(birthday)          # promised follow-ups come first
        options.highlighted = ids.index(birthday)
        await pilot.press("c")                                    # a suggestion cannot be completed
        await settle(pilot)
        assert "Accept the suggestion first" in str(screen.query_one("#agenda-status").render())
        await pilot.press("a")
        await settle(pilot)
        assert not any(s.customer_id == "C0001" and s.kind == "birthday"
                       for key, s in screen.items.items() if key.startswith("suggestion-"))
        accepted = [f for f in screen.items.values() if getattr(f, "customer_id", None) == "C0001"
                    and getattr(f, "purpose", None) == "birthday"]
        assert len(accepted) == 1
    with sqlite3.connect(db_file) as conn:
        row = conn.execute("SELECT owner_id, channel, status FROM followups WHERE customer_id = 'C0001'"
                           " AND purpose = 'birthday'").fetchone()
    assert row == ("M1", "sms", "open")


@sync
async def test_the_card_shows_the_extension_beside_the_number(db_file):
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE customers SET phone_raw = '021-62345678转8001', phone_e164 = '+862162345678',"
                     " phone_kind = 'landline', phone_ext = '8001' WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(CallTable).current.customer_id == "C0003"
        assert "****5678" in table_text(app, 0) and "8001" not in table_text(app, 0)   # the list: masked, alone
        await pilot.press("enter")
        await settle(pilot)
        assert "021 6234 5678  转8001" in app.screen.query_one("#card-title").render().plain


@sync
async def test_the_script_purpose_key_offers_only_purposes_that_fit(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for customer_id, expected in (
            # Opened in 2018 and never woken: no new-customer, tier or keep-warm call fits them (6e760e4).
            ("C0001", ["birthday", "wake_up"]),   # nothing left to mature
            ("C0002", ["birthday", "wake_up", "maturity_rollover"]),
        ):
            app.push_screen(CustomerCardScreen(customer_id))
            await settle(pilot)
            seen = []
            for _ in expected:
                await pilot.press("p")
                await settle(pilot)
                seen.append(app.screen.purpose)
                assert "matures on soon" not in script_shown(app)
            assert seen == expected
            await pilot.press("escape")
            await settle(pilot)


@sync
async def test_a_leaver_named_at_start_is_asked_to_pick_from_those_at_work(db_file):
    with open_db(db_file) as db:
        db.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M2")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        hint = app.screen.query_one("#hint").render()
        assert str(hint) == "No one at work here has the id M2; pick from the list."
        await pick(pilot, "M1")
        assert isinstance(app.screen, CallListScreen)


@sync
async def test_a_manager_is_not_offered_the_supervisors_report(db_file):
    for user, offered in (("M1", False), ("S1", True)):
        app = WorkbenchApp(db_file, now=NOW, lang="en", user=user)
        async with app.run_test(size=(160, 30)) as pilot:
            await settle(pilot)
            if user == "S1":   # a supervisor picks a manager's list first
                await pick(pilot, "M1")
            assert isinstance(app.screen, CallListScreen)
            bar = app.screen.query_one(KeyBar).render().plain
            assert ("Report" in bar) is offered and "Agenda" in bar
            await pilot.press("question_mark")
            help_text = app.screen.query_one("#help-keys").render().plain
            assert ("Report" in help_text) is offered and "Agenda" in help_text
            # Every key of every screen (README): the pool's and the hand-over's too, for a supervisor.
            assert ("Assign" in help_text and "Hand over" in help_text and "Leaving" in help_text) is offered
            assert "Accept all" in help_text and "Complete all" in help_text   # the agenda's A and C, off its key bar


@sync
async def test_a_digit_typed_just_before_ctrl_s_counts(db_file):
    """Keys that arrive together (a quick typist, a busy machine) are handled in order: ctrl+s once ran ahead
    of the digit before it and refused to save for want of a line result."""
    from textual import events

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CustomerCardScreen, "enter")
        await pressed(pilot, OutcomeForm, "o")
        app.post_message(events.Key("2", "2"))   # queued together, before either is handled
        app.post_message(events.Key("ctrl+s", None))
        await settle(pilot)
        assert not isinstance(app.screen, OutcomeForm)
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT line_result FROM outcomes").fetchall() == [("no_answer",)]
