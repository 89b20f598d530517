"""A care touch that goes by SMS (the new-customer cadence's care SMS, a birthday greeting) is no call: its card,
opened from the agenda's row of it, shows the message the manager sends, as a campaign's SMS notice is shown, not a
call script; p shows the call script of a customer on today's list. Off the list, the care SMS due is shown whatever
row the card was opened from."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest

from tui_fixtures import NOW, TODAY, db_write, highlight_option, printed, settle, sync
from workbench import followups
from workbench.db import connect
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen

NEW = "C0009"   # 客户00, a new customer: opened ten days ago, in the care SMS's days 7 to 14


def book(path, purpose: str, channel: str, due_on=TODAY, customer: str = NEW) -> str:
    """A follow-up for M1 booked through the engine (the day before it is due), as the agenda's accept books one."""
    with closing(connect(path)) as conn:
        return followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=due_on, at=NOW - timedelta(days=2),
                                  channel=channel, purpose=purpose)


@pytest.fixture
def new_customer(db_file):
    # Scored as the engine scores a customer of ten days: new (a care SMS due is no call's: the call is chosen by it).
    db_write(db_file, "UPDATE customers SET opened_on = ?, segment = 'new_customer', segments = 'new_customer'"
             " WHERE customer_id = ?", (TODAY - timedelta(days=10)).isoformat(), NEW)
    return db_file


def panel(card) -> list[str]:
    """The script panel's parts as printed, each on one line."""
    parts = [" ".join(printed(card.query_one(f"#script-{n}"), 300).split()) for n in range(3)]
    return [part for part in parts if part]


async def card_from_agenda(pilot, row: str) -> CustomerCardScreen:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaScreen)
    await highlight_option(pilot, "#agenda", row)
    await pilot.press("enter")
    await settle(pilot, 5)
    card = pilot.app.screen
    assert isinstance(card, CustomerCardScreen)
    return card


SAID = {
    "en": ["Care SMS, not a call (p: call script) It goes to this customer by SMS, sent from the agenda: there is no"
           " call script for it.",
           "The SMS message Hello Ms 客, this is your relationship manager 李娜 at 南京路支行. Thank you for opening your"
           " account with us! Is everything working well, mobile banking included? Whenever you have a question or"
           " need anything, reply to this message or call me."],
    "zh_CN": ["关怀短信，无需致电 （p：电话话术） 以短信发给该客户，在跟进日程中发送：没有对应的电话话术。",
              "短信内容 客女士您好，我是南京路支行的客户经理李娜。感谢您在我们这里开户！账户和手机银行用得还顺利吗？以后有任何问题"
              "或需要，回复此消息或打电话给我都可以。"],
}
SCRIPT = {"en": "New customer, 90-day care (p: other purpose)", "zh_CN": "新客户90天回访 （p：切换场景）"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_care_sms_opened_from_the_agenda_shows_the_sms_and_p_the_call_script(new_customer, lang):
    row = book(new_customer, "care_sms", "sms")
    app = WorkbenchApp(new_customer, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        card = await card_from_agenda(pilot, row)
        assert panel(card) == SAID[lang]
        assert card.listed is True   # on today's list as well: a call may still be made, from its script
        assert card.script_id is None   # an outcome logged now is credited to no script: none was read
        await pilot.press("p")
        await settle(pilot, 5)
        assert panel(card)[0].startswith(SCRIPT[lang])
        assert card.script_id is not None


@sync
async def test_a_birthday_greeting_by_sms_shows_the_greeting_not_the_birthday_call(new_customer):
    row = book(new_customer, "birthday", "sms", customer="C0004")   # 阿依古丽·买买提: her birthday in 3 days
    app = WorkbenchApp(new_customer, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        card = await card_from_agenda(pilot, row)
        assert panel(card)[1] == ("短信内容 阿依古丽·买买提女士您好，我是南京路支行的客户经理李娜。祝您生日快乐，身体健康，"
                                  "万事顺心！")


@sync
async def test_off_the_list_the_care_sms_due_is_shown_from_any_row_and_p_says_why_there_is_no_script(new_customer):
    db_write(new_customer, "UPDATE customers SET priority = NULL WHERE customer_id = ?", NEW)   # never scored: off it
    book(new_customer, "care_sms", "sms", due_on=TODAY - timedelta(days=1))
    call = book(new_customer, "call_back", "phone", due_on=TODAY + timedelta(days=2))   # its row opens the card
    app = WorkbenchApp(new_customer, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        card = await card_from_agenda(pilot, call)
        assert card.listed is False
        shown = panel(card)
        assert shown[0] == ("Care SMS, not a call It goes to this customer by SMS, sent from the agenda: there is no"
                            " call script for it.")
        assert shown[1].startswith("The SMS message Hello Ms 客, this is your relationship manager 李娜")
        await pilot.press("p")
        await settle(pilot)
        assert [n.message for n in app._notifications] == [
            "No call script: this customer's care SMS goes by SMS, sent from the agenda, and they are not on today's"
            " call list."]


@sync
async def test_on_the_list_a_call_s_row_opens_the_call_script_though_a_care_sms_is_due(new_customer):
    book(new_customer, "care_sms", "sms")
    call = book(new_customer, "call_back", "phone")
    app = WorkbenchApp(new_customer, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        card = await card_from_agenda(pilot, call)
        assert card.notice is None and card.script_id is not None


@sync
async def test_a_campaign_s_sms_notice_opened_from_the_agenda_shows_the_notice_on_the_list_too(db_file):
    from test_tui_card_scripts import sms_notice_for

    sms_notice_for(db_file, "C0011")   # 客户02, on today's list
    with closing(connect(db_file)) as conn:
        (row,) = [f.followup_id for f in followups.open_for_customer(conn, "C0011")]
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        card = await card_from_agenda(pilot, row)
        assert panel(card) == [
            "SMS notice, not a call (p: call script) Head office's campaign “大额存单限时发行” goes to this customer by SMS,"
            " sent from the agenda: there is no call script for it.", "The notice 年利率2.15%，20万元起存。"]
        await pilot.press("p")
        await settle(pilot, 5)
        assert card.notice is None and card.script_id is not None
