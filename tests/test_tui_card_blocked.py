"""The card of a customer who may not be marketed to (do-not-call, no marketing consent, erased), however it is
opened, says so where the number is, reads no full number, lists no reasons for being on a list they are not on,
and shows no script but one sentence saying why."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from tui_fixtures import NOW, build, db_rows, printed, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen

SAID = {
    "en": {"do_not_call": "Do not call: no marketing, visits only", "no_consent": "No marketing consent: visits only",
           "script": "No script: the customer asked not to be marketed to."},
    "zh_CN": {"do_not_call": "要求勿扰：不得营销，只可上门拜访", "no_consent": "未授权营销：只可上门拜访",
              "script": "不显示话术：客户已要求勿扰，不得营销。"},
}


@pytest.fixture
def db_file(tmp_path):
    """John Smith (C0007) asked not to be called, 李明 (C0008) gave no marketing consent, the customer C0006 was
    erased an hour ago; each off the list."""
    from workbench.privacy import erase_customer

    path = build(tmp_path / "blocked.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'outcome', priority = NULL"
                     " WHERE customer_id = 'C0007'")
        conn.execute("UPDATE customers SET consent = 0, priority = NULL WHERE customer_id = 'C0008'")
    with closing(connect(path)) as conn:
        erase_customer(conn, "C0006", actor="S1", at=NOW - timedelta(hours=1))
    return path


def reveals(path) -> list[str]:
    return [subject for (subject,) in db_rows(path, "SELECT subject FROM audit_log WHERE action = 'phone_reveal'")]


async def card_of(pilot, customer_id: str) -> CustomerCardScreen:
    await settle(pilot)
    pilot.app.push_screen(CustomerCardScreen(customer_id))
    await settle(pilot, 5)
    return pilot.app.screen


async def form_of(pilot, customer_id: str):
    """The outcome form opened with o on the customer's card, loaded."""
    from workbench.screens.outcome_form import OutcomeForm

    await card_of(pilot, customer_id)
    await pilot.press("o")
    await settle(pilot, 5)
    assert isinstance(pilot.app.screen, OutcomeForm)
    return pilot.app.screen


def title(card) -> str:
    return printed(card.query_one("#card-title"), 200).strip()


def script(card) -> str:
    return "".join(printed(card.query_one("#script-0"), 200).split())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_do_not_call_customer_found_by_search_is_shown_blocked_with_no_script(db_file, lang):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"C0007", "enter")   # off the list: the search shows them under it
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 5)
        card = pilot.app.screen
        assert isinstance(card, CustomerCardScreen) and card.customer_id == "C0007"
        assert title(card) == f"John Smith  C0007  138****0007  {SAID[lang]['do_not_call']}"
        assert script(card).startswith("".join(SAID[lang]["script"].split()))
        assert not card.query_one("#reasons").display and not card.query_one("#reasons-title").display
        assert card.purposes == () and card.script_id is None   # p has nothing to go through; no script credited
    assert "C0007" not in reveals(db_file)   # the full number was never read


@pytest.mark.parametrize("customer_id, shown, said", [
    ("C0008", "李明  C0008  138****0008  未授权营销：只可上门拜访",
     "不显示话术：客户未授权营销。上门拜访或客户主动发起的联系仍可记录。"),
    ("C0006", "（已删除个人信息）  C0006  号码不可用（个人信息已删除）",   # the number unusable, as before
     "不显示话术：该客户的个人信息已删除，不能再记录与其的联系。"),
])
@sync
async def test_a_customer_without_consent_or_erased_is_shown_blocked(db_file, customer_id, shown, said):
    async with WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1").run_test(size=(120, 36)) as pilot:
        card = await card_of(pilot, customer_id)
        assert title(card) == shown and script(card) == said
        assert not card.query_one("#reasons").display
    assert reveals(db_file) == []


@sync
async def test_a_customer_open_to_marketing_keeps_the_number_reasons_and_script(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1").run_test(size=(120, 36)) as pilot:
        card = await card_of(pilot, "C0001")
        assert title(card) == "张伟  C0001  138 0013 0001"
        assert script(card).startswith("高价值沉睡客户唤醒") and card.script_id is not None
        assert card.query_one("#reasons").display and card.query_one("#reasons-title").display
    assert reveals(db_file) == ["C0001"]


@sync
async def test_once_the_block_is_lifted_the_card_read_again_reads_the_number(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        card = await card_of(pilot, "C0007")
        with closing(sqlite3.connect(db_file)) as conn, conn:   # the do-not-call entry corrected on another desk
            conn.execute("UPDATE customers SET do_not_call = 0, do_not_call_source = NULL WHERE customer_id = 'C0007'")
        card.reload()
        await settle(pilot, 5)
        assert title(card) == "John Smith  C0007  138 0013 0007"
        assert card.query_one("#reasons").display and card.script_id is not None
    assert reveals(db_file) == ["C0007"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_outcome_form_says_the_block_at_its_top_and_still_logs_a_contact(db_file, lang):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(120, 36)) as pilot:
        form = await form_of(pilot, "C0007")
        assert printed(form.query_one("#form-title"), 200).strip().endswith("John Smith  " + SAID[lang]["do_not_call"])
        await pilot.press("1", "1", "ctrl+s")   # they phoned in, reached, not interested: logged as any contact
        await settle(pilot, 5)
        assert pilot.app.screen is not form
    assert db_rows(db_file, "SELECT line_result, business_outcome FROM outcomes WHERE customer_id = 'C0007'") == [
        ("reached", "not_interested")]


@sync
async def test_the_outcome_form_of_a_customer_open_to_marketing_has_its_title_alone(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        form = await form_of(pilot, "C0001")
        assert printed(form.query_one("#form-title"), 200).strip() == "Log outcome · 张伟"


@pytest.mark.parametrize("lang, heading", [("en", "Warm lead ("), ("zh_CN", "意向客户（")])
@sync
async def test_a_blocked_card_offers_no_script_purpose_and_no_warm_lead_to_pitch_to(tmp_path, lang, heading):
    """p switches the script's purpose, and a blocked customer has no script: p is off the key bar. Nor does the
    profile call a do-not-call customer who once said they were interested a warm lead (the title says the block)."""
    from tui_fixtures import log_elsewhere
    from workbench.screens.widgets.key_bar import bindings_offered

    path = build(tmp_path / "lead.sqlite")
    for customer_id in ("C0001", "C0007"):   # both interested two days ago; then John Smith asked not to be called
        log_elsewhere(path, customer_id, "reached", "interested", at=NOW - timedelta(days=2))
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'outcome' WHERE customer_id = 'C0007'")

    def seen(card) -> tuple[str, list[str]]:
        shown = [binding.action for _node, binding, _enabled in bindings_offered(card) if binding.show]
        return printed(card.query_one("#profile"), 200), shown

    async with WorkbenchApp(path, now=NOW, lang=lang, user="M1").run_test(size=(160, 40)) as pilot:
        profile, keys = seen(await card_of(pilot, "C0001"))
        assert heading in profile and "purpose" in keys
        pilot.app.pop_screen()
        card = await card_of(pilot, "C0007")
        profile, keys = seen(card)
        assert heading not in profile and "purpose" not in keys and "outcome" in keys
        assert SAID[lang]["do_not_call"] in title(card)
        await pilot.press("p")   # refused before it runs: the card is not read again
        await settle(pilot, 5)
        assert card.purpose is None and pilot.app.screen is card


@sync
async def test_a_customer_named_by_an_erasure_entry_held_here_is_shown_erased_though_their_row_is_not(db_file):
    """The card decides the block as the save does (followups.marketing_block): an erasure entry held here names the
    customer even where their row was not erased (the app's own writes never leave that: an entry erases a customer
    held here, and an import leaves out the rows of one it names), so neither the number nor a script is shown."""
    with closing(sqlite3.connect(db_file)) as conn, conn:
        conn.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id, status)"
                     " VALUES ('E1', 'C0001', '2026-11-20 09:00:00', 'T2', 'S1', 'unknown_customer')")
    async with WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1").run_test(size=(120, 36)) as pilot:
        card = await card_of(pilot, "C0001")
        assert script(card) == "不显示话术：该客户的个人信息已删除，不能再记录与其的联系。"
        assert not card.query_one("#reasons").display and card.script_id is None
        assert "138 0013 0001" not in title(card)
    assert reveals(db_file) == []


@sync
async def test_opening_a_card_asks_once_whether_the_customer_may_be_marketed_to(db_file, monkeypatch):
    """The card reads followups.marketing_block for its title and its number, and hands the answer to render_script,
    which would otherwise ask it again."""
    import workbench.followups

    asked: list[str] = []
    real = workbench.followups.marketing_block
    monkeypatch.setattr(workbench.followups, "marketing_block", lambda conn, customer_id: asked.append(customer_id)
                        or real(conn, customer_id))
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for customer_id in ("C0001", "C0007"):   # open to marketing, with a script; on do-not-call, none
            asked.clear()
            card = await card_of(pilot, customer_id)
            assert asked == [customer_id]
            assert (card.script_id is None) == (customer_id == "C0007")
            pilot.app.pop_screen()
