"""The card's script, read through the real app: p goes through the scripts that fit the customer only, the
heading says when no other fits, a customer without a branch is called from the manager's, and a script that
needs a field the customer lacks is not shown with a gap but says what it needs."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, printed, pressed, settle, sync

from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


def change(path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        for sql in statements:
            conn.execute(sql)


def wake_up_needs_a_branch_c0003_lacks(path) -> None:
    """C0003 and every manager without a branch, and the wake-up script edited to need one (no brackets)."""
    change(path, "UPDATE customers SET branch_id = NULL WHERE customer_id = 'C0003'",
           "UPDATE staff SET branch_id = NULL",
           "UPDATE scripts SET opening = '{name}您好，我是{branch}的客户经理{manager}。' WHERE script_id = 'zh-wake-up'")


async def first_card(pilot) -> CustomerCardScreen:
    """The card of the first customer on the list (王芳, C0003: a follow-up due today puts her first), loaded."""
    card = await pressed(pilot, CustomerCardScreen, "enter")
    await settle(pilot, 5)
    return card


def script_text(card, n: int) -> str:
    """Script part n as printed, its line breaks taken out."""
    return "".join(printed(card.query_one(f"#script-{n}"), 200).split())


async def titles_through_p(pilot, card) -> list[str]:
    """The heading after each press of p, until it comes back to the first."""
    seen = [printed(card.query_one("#script-0"), 60).splitlines()[0]]
    for _n in range(len(card.purposes) + 1):
        await pilot.press("p")
        await settle(pilot, 5)
        seen.append(printed(card.query_one("#script-0"), 60).splitlines()[0])
    return seen


@sync
async def test_p_goes_through_the_scripts_that_fit_only(db_file):
    # 王芳 (C0003, first on the list: a follow-up due today): her birthday is in 3 days, nothing matures, far from
    # the next tier, opened in 2018, never woke.
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert card.purposes == ("wake_up", "birthday")
        seen = await titles_through_p(pilot, card)
        assert [t.split("  ")[0] for t in seen] == ["沉睡客户唤醒", "生日关怀", "沉睡客户唤醒", "生日关怀"]
        assert all(t.endswith("（p：切换场景）") for t in seen)


@sync
async def test_with_one_script_that_fits_the_heading_says_no_other_does(db_file):
    change(db_file, "UPDATE customers SET birthday = '1970-06-10' WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert card.purposes == ("wake_up",)
        seen = await titles_through_p(pilot, card)
        assert set(seen) == {"沉睡客户唤醒  （没有其他适用的话术）"}


@sync
async def test_a_customer_without_a_branch_hears_the_managers_branch(db_file):
    change(db_file, "UPDATE customers SET branch_id = NULL WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        opening = script_text(card, 1)
        assert opening.startswith("开场白王女士您好，我是南京路支行的客户经理李娜。")


@sync
async def test_a_script_needing_a_field_the_customer_lacks_says_so_instead_of_a_gap(db_file):
    wake_up_needs_a_branch_c0003_lacks(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        text = script_text(card, 1)
        assert text == "此话术未显示：它需要网点名称，而该客户的资料中没有。"
        assert not any(script_text(card, n) for n in range(2, 12))
        await pilot.press("p")   # the birthday greeting marks the branch optional: it reads without it
        await settle(pilot, 5)
        opening = script_text(card, 1)
        assert opening.startswith("开场白王女士您好，我是客户经理李娜。今天给您打电话，是想提前祝您生日快乐")


@sync
async def test_an_outcome_is_credited_to_the_script_shown_never_to_one_not_shown(db_file):
    """The report's funnel per script counts a call under outcomes.script_id: a call made while the card said
    'Not shown' for a field the customer lacks was read from no script, so it is credited to none."""
    from workbench.screens.outcome_form import OutcomeForm

    wake_up_needs_a_branch_c0003_lacks(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert script_text(card, 1).startswith("此话术未显示")
        for _n in range(2):   # to the birthday greeting, shown, and back to the wake-up call, not shown
            await pilot.press("p")
            await settle(pilot, 5)
        assert card.purpose == "wake_up" and script_text(card, 1).startswith("此话术未显示")
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2", "ctrl+s")
        await settle(pilot, 5)
        card = app.screen   # the next customer's card opens in its place, its script shown
        assert isinstance(card, CustomerCardScreen) and card.customer_id != "C0003"
        assert not script_text(card, 1).startswith("此话术未显示")
        shown = (card.customer_id, card.script_id)
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2", "ctrl+s")
        await settle(pilot, 5)
    with closing(sqlite3.connect(db_file)) as conn:
        credited = dict(conn.execute("SELECT customer_id, script_id FROM outcomes").fetchall())
    assert credited == {"C0003": None, shown[0]: shown[1]} and shown[1] is not None


@sync
async def test_on_the_birthday_the_card_says_today_and_the_greeting_is_for_today(db_file):
    """王娜's card on her birthday read '生日将至：今天生日' and '是想提前祝您生日快乐'."""
    change(db_file, "UPDATE customers SET birthday = '1970-11-20', segments = 'low_value_dormant,birthday_soon'"
                    " WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        profile = printed(card.query_one("#profile"), 80)
        assert "今天生日" in profile and "生日将至" not in profile
        assert card.purposes == ("wake_up", "birthday") and card.purpose == "birthday"   # it opens on the greeting
        opening = script_text(card, 1)
        assert opening == "开场白王女士您好，我是南京路支行的客户经理李娜。今天是您的生日，祝您生日快乐，身体健康，万事顺心！"


@sync
async def test_the_roll_over_is_not_offered_for_a_holding_maturing_next_year(db_file):
    """王娜 was offered 产品到期承接 for a deposit maturing in 324 days."""
    change(db_file, "INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
                    " VALUES ('C0003', 'time_deposit', '整存整取一年', 100, '2027-10-10')",
           "UPDATE customers SET birthday = '1970-06-10' WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert card.purposes == ("wake_up",)
        assert set(await titles_through_p(pilot, card)) == {"沉睡客户唤醒  （没有其他适用的话术）"}
    change(db_file, "UPDATE holdings SET maturity_on = '2026-12-04' WHERE product_name = '整存整取一年'")   # in 14 days
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert card.purposes == ("wake_up", "maturity_rollover")
        await pilot.press("p")
        await settle(pilot, 5)
        assert "您在我们这里的整存整取一年将在12月4日到期。" in script_text(card, 1)


@sync
async def test_a_manager_without_a_name_on_record_is_not_introduced_by_the_id(db_file):
    """A manager an extract added by id alone is named by the id: the script read '我是客户经理M009。'."""
    change(db_file, "UPDATE staff SET name = 'M1' WHERE staff_id = 'M1'")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        opening = printed(card.query_one("#script-1"), 200)
        assert "".join(opening.split()).startswith("开场白王女士您好，我是南京路支行的客户经理。您是我们的老客户了")
        *script, note = opening.rstrip("\n").split("\n")
        assert "M1" not in "".join(script)
        assert note == "员工 M1 未登记姓名；请联系主管登记。"   # a manager may not run the command that records it


def sms_notice_for(path, customer_id: str, channel: str = "sms") -> None:
    """Head office's campaign 大额存单限时发行, told by SMS (or channel), its notice to customer_id due today."""
    from datetime import date, timedelta

    from workbench import campaigns, followups
    from workbench.db import connect

    with closing(connect(path)) as conn:
        campaigns.save(conn, [campaigns.Campaign("CD1", "大额存单限时发行", "年利率2.15%，20万元起存。", date(2026, 11, 15),
                                                 date(2026, 12, 20), channel)], at=NOW - timedelta(days=3), by_id="S1")
        followups.schedule(conn, customer_id=customer_id, owner_id="M1", due_on=NOW.date(), at=NOW - timedelta(hours=1),
                           channel=channel, purpose="campaign:CD1")


NOTICE = {   # the script panel of a customer off the list whose campaign notice goes by SMS, and what p says
    "en": ("SMSnotice,notacall", "“大额存单限时发行”", "Thenotice年利率2.15%，20万元起存。",
           "No call script: this customer's campaign notice goes by SMS, sent from the agenda, and they are not on"
           " today's call list."),
    "zh_CN": ("短信通知，无需致电", "总行活动“大额存单限时发行”以短信发给该客户", "通知内容年利率2.15%，20万元起存。",
              "没有电话话术：该客户的活动通知以短信在跟进日程中发送，且客户不在今天的名单上。"),
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_customer_off_the_list_with_an_sms_notice_due_is_shown_the_notice_not_a_call_script(db_file, lang):
    """客户02 (C0011), not on today's list (never scored), is due head office's campaign notice by SMS: their card,
    opened from the agenda, says it goes by SMS, not on a call, and shows its words; no script, and p says why."""
    from workbench.screens.widgets.key_bar import bindings_offered

    change(db_file, "UPDATE customers SET priority = NULL WHERE customer_id = 'C0011'")
    sms_notice_for(db_file, "C0011")
    heading, campaign, words, refused = NOTICE[lang]
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen("C0011"))
        await settle(pilot, 5)
        card = app.screen
        shown = script_text(card, 0)
        assert shown.startswith(heading) and campaign.replace(" ", "") in shown
        assert script_text(card, 1) == words and not any(script_text(card, n) for n in range(2, 12))
        assert card.script_id is None   # an outcome logged is credited to no script
        assert "purpose" in [binding.action for _node, binding, _enabled in bindings_offered(card) if binding.show]
        await pilot.press("p")
        await settle(pilot, 5)
        assert [n.message for n in app._notifications] == [refused]
        assert script_text(card, 0).startswith(heading)   # still the notice: nothing to switch to


@sync
async def test_a_listed_customer_with_an_sms_notice_due_is_given_a_call_script_but_not_the_campaigns(db_file):
    """王芳 (C0003) is on today's list: her card has a script to call her with, never the campaign's, which is the
    agenda's SMS to send."""
    sms_notice_for(db_file, "C0003")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await first_card(pilot)
        assert card.customer_id == "C0003" and card.purposes == ("wake_up", "birthday")
        assert script_text(card, 0).startswith("沉睡客户唤醒") and card.script_id is not None
