"""The card's text blocks: points signed as they count, follow-up purposes in words, customer text as data."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from workbench.i18n import get_language, set_language
from workbench.screens import glyphs
from workbench.screens.card_text import followups_text, holdings_text, notice_parts, profile_text, reasons_text


@pytest.fixture(autouse=True)
def english():
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def test_reasons_show_points_with_their_own_sign():
    text = reasons_text([{"text": "Dormant 412 days", "points": 30.0},
                         {"text": "3 attempts in the last 7 days", "points": -30.0},
                         {"text": "[bold]no markup[/]", "points": None}]).plain
    assert "Dormant 412 days  (+30)" in text
    assert "3 attempts in the last 7 days  (-30)" in text and "+-" not in text
    assert "[bold]no markup[/]" in text


@pytest.mark.parametrize("purpose, shown", [
    ("call_back", "Call back later"),      # an outcome code
    ("appointment", "Appointment booked"),
    ("birthday", "birthday greeting"),     # a care touch
    ("见面谈 [b]x[/b]", "见面谈 [b]x[/b]"),   # free text stays as typed
])
def test_follow_up_purposes_in_words(purpose, shown):
    text = followups_text([{"due_on": "2026-11-20", "slot": "14:00", "channel": "phone", "purpose": purpose}]).plain
    assert text == f"2026-11-20 14:00  Phone  {shown}\n"


def test_follow_up_purposes_in_chinese():
    set_language("zh_CN")
    text = followups_text([{"due_on": "2026-11-20", "channel": "phone", "purpose": "call_back"}]).plain
    assert "call_back" not in text and "Call back" not in text


@pytest.mark.parametrize("maturity, shown", [
    ("2026-11-20", "matures 2026-11-20 (today)"),
    ("2026-11-21", "matures 2026-11-21 (tomorrow)"),
    ("2026-11-25", "matures 2026-11-25 (in 5 days)"),
    ("2026-11-19", "matured 2026-11-19\n"),   # one past is said as past (test_card_holdings_matured.py)
])
def test_a_holding_s_maturity_counts_down_in_words(maturity, shown):
    text = holdings_text([{"product_name": "定期", "balance_fen": 100, "maturity_on": maturity}], date(2026, 11, 20)).plain
    assert shown in text


def test_a_maturity_tomorrow_says_tomorrow_in_chinese_too():
    set_language("zh_CN")
    text = holdings_text([{"product_name": "定期", "balance_fen": 100, "maturity_on": "2026-11-21"}], date(2026, 11, 20)).plain
    assert "（明天）" in text and "还有1天" not in text


def test_in_chinese_the_card_s_labels_and_brackets_are_full_width():
    set_language("zh_CN")
    text = holdings_text([{"product_name": "定期", "balance_fen": 100, "maturity_on": "2026-11-25"}], date(2026, 11, 20)).plain
    assert text.endswith("（还有5天）\n") and "(" not in text


def test_in_chinese_a_reason_s_points_are_in_full_width_brackets():
    set_language("zh_CN")
    text = reasons_text([{"text": "活跃客户", "points": 7.0}]).plain
    assert text == "• 活跃客户 （+7）\n"


@pytest.mark.parametrize("lang, lines, shown", [
    ("zh_CN", ["asset"], "沉睡维度：资产"),
    ("zh_CN", ["product", "asset"], "沉睡维度：产品、资产"),
    ("zh_CN", "product,channel,asset", "沉睡维度：产品、渠道、资产"),   # as customers.dormant_lines stores them
    ("en", ["product", "asset"], "Dormant lines: product, asset"),
])
def test_dormant_lines_are_named_in_the_interface_language(lang, lines, shown):
    set_language(lang)
    text = profile_text({"segments": [], "dormant_lines": lines}, date(2026, 11, 20)).plain
    assert shown in text.splitlines()


def _script(**changes):
    from workbench.scripts import RenderedScript

    base = dict(script_id="en-wake-up", purpose="wake_up", lang="en", title="Waking a dormant customer",
                opening="Hello", offer="Offer", objections={}, close="Bye", fields={}, purposes=("wake_up", "birthday"))
    return RenderedScript(**(base | changes))


def test_the_script_heading_says_when_no_other_script_fits():
    from workbench.screens.card_text import script_parts

    assert script_parts(_script())[0].plain == "Waking a dormant customer  (p: other purpose)"
    assert script_parts(_script(purposes=("wake_up",)))[0].plain == "Waking a dormant customer  (no other script fits)"


@pytest.mark.parametrize("lang, shown", [
    ("en", "Not shown: this script needs the branch's name, the maturity date, which this customer's record does not have."),
    ("zh_CN", "此话术未显示：它需要网点名称、到期日，而该客户的资料中没有。"),
])
def test_a_script_missing_fields_shows_what_it_needs_and_nothing_to_read(lang, shown):
    from workbench.screens.card_text import script_parts

    set_language(lang)
    parts = script_parts(_script(opening="", offer="", close="", missing=("branch", "maturity_date")))
    assert parts[1].text.plain == shown
    assert [p.text.plain for p in parts[2:]] == [""] * (len(parts) - 2)


@pytest.mark.parametrize("lang, days, shown", [
    ("zh_CN", 0, "今天生日"), ("zh_CN", 3, "生日将至：3天后生日"),
    ("en", 0, "Birthday today"), ("en", 3, "Birthday soon: birthday in 3 days"),
])
def test_a_birthday_today_is_said_alone_not_as_soon(lang, days, shown):
    """王娜's card read '生日将至：今天生日' on her birthday: on the day the reason alone, before it both."""
    from workbench.segments import Facts, described, label
    from workbench.settings import DEFAULTS

    set_language(lang)
    facts = Facts(**{f: None for f in Facts.__dataclass_fields__} | {"days_to_birthday": days})
    segments = [("birthday_soon", *described("birthday_soon", facts, [], DEFAULTS, lang)),
                ("low_value_dormant", label("low_value_dormant", lang), "")]
    profile = SimpleNamespace(segments=segments)
    assert profile_text(profile, date(2026, 11, 20)).plain.splitlines()[:2] == [shown, label("low_value_dormant", lang)]


@pytest.mark.parametrize("lang, today, shown", [
    ("en", date(2026, 3, 10), "Birthday today"), ("en", date(2026, 3, 8), "Birthday soon: birthday in 2 days"),
    ("zh_CN", date(2026, 3, 10), "今天生日"), ("zh_CN", date(2026, 3, 8), "生日将至：2天后生日"),
])
def test_the_cards_birthday_line_is_the_engines_label_for_the_day(fresh_db, lang, today, shown):
    """The card reads the day's label from the profile (segments.described), in the card's language, without
    matching the reason's words."""
    from engine_rows import add_customer, basic_branch
    from workbench.calllist import customer_profile
    from workbench.scoring import rescore

    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1", birthday="1970-03-10")
    rescore(conn, today)
    set_language(lang)
    profile = customer_profile(conn, "C1", today, lang=lang)
    assert [code for code, _name, _why in profile.segments] == ["birthday_soon"]
    assert profile_text(profile, today).plain.splitlines()[0] == shown


@pytest.mark.parametrize("lang, supervisor, note", [
    ("en", True, "Staff member M009 has no name on record; `workbench staff set M009 --name NAME` records it."),
    ("zh_CN", True, "员工 M009 未登记姓名；可用 `workbench staff set M009 --name 姓名` 登记。"),
    # A manager may not run the command: they are told whom to ask, with no command line.
    ("en", False, "Staff member M009 has no name on record; ask a supervisor to record it."),
    ("zh_CN", False, "员工 M009 未登记姓名；请联系主管登记。"),
])
def test_a_caller_without_a_name_on_record_is_noted_once_under_the_opening(lang, supervisor, note):
    from workbench.screens.card_text import script_parts

    set_language(lang)
    parts = [p.plain for p in script_parts(_script(unnamed="M009"), supervisor=supervisor)]
    assert parts[1].endswith("\n" + note) and sum(p.count(note) for p in parts) == 1
    parts = [p.plain for p in script_parts(_script(unnamed="M009", opening="", offer="", close="", missing=("manager",)),
                                           supervisor=supervisor)]
    assert parts[1].endswith("\n" + note) and sum(p.count(note) for p in parts) == 1
    assert not any("M009" in p for p in (x.plain for x in script_parts(_script(), supervisor=supervisor)))


def test_the_script_heading_names_the_purpose_key_in_force():
    from workbench.screens.card_text import script_heading

    two = SimpleNamespace(title="Wake-up call", purposes=("wake_up", "birthday"))
    assert script_heading(two)[1].plain == "(p: other purpose)"
    assert script_heading(two, "v")[1].plain == "(v: other purpose)"   # a bank's keymap moved it


def test_a_note_and_the_extracts_fields_draw_a_bidi_override_visibly():
    """a77432f made names safe on the card; a note or a tag holding U+202E still reordered its line."""
    from workbench.screens.card_text import history_text
    from workbench.text_wrap import HIDDEN_MARK

    history = history_text([{"at": "2026-11-19T10:00:00", "channel": "phone", "line_result": "reached",
                             "business_outcome": "interested", "note": "先回电\u202e123 456\n第二行"}]).plain
    assert "\u202e" not in history and f"先回电{HIDDEN_MARK}123 456\n" in history   # its lines kept
    profile = profile_text({"tags": "VIP\u202eABC", "segment": "active"}, date(2026, 11, 20)).plain
    assert "\u202e" not in profile and f"VIP{HIDDEN_MARK}ABC" in profile


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_customer_has_no_dormant_days_on_the_card_and_a_dormant_one_has(fresh_db, lang):
    """Opened yesterday, the card said 沉睡天数：1: a new customer is not dormant. The segment line says when the
    account was opened (昨天开户); a dormant customer's card still counts the days."""
    from engine_rows import add_customer, basic_branch
    from workbench.calllist import customer_profile
    from workbench.scoring import rescore

    today = date(2026, 11, 20)
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1", opened_on="2026-11-19", last_activity_on="2026-11-19")
    add_customer(conn, "C2", opened_on="2015-01-01", last_activity_on="2024-03-01")
    rescore(conn, today)
    set_language(lang)
    dormant_days = {"en": "Dormant days: ", "zh_CN": "沉睡天数："}[lang]
    new = profile_text(customer_profile(conn, "C1", today, lang=lang), today).plain
    assert new.splitlines()[0] == {"en": "New customer: account opened yesterday", "zh_CN": "新客户：昨天开户"}[lang]
    assert dormant_days not in new
    dormant = profile_text(customer_profile(conn, "C2", today, lang=lang), today).plain
    assert f"{dormant_days}{(today - date(2024, 3, 1)).days}\n" in dormant


@pytest.mark.parametrize("lang, channel, result, shown", [
    ("en", "sms", "no_answer", "SMS  Sent, no reply"),
    ("zh_CN", "sms", "no_answer", "短信  已发送，未回复"),
    ("zh_CN", "wechat", "reached", "微信  已回复"),
    ("zh_CN", "visit", "reached", "上门拜访  已拜访"),
    ("zh_CN", "phone", "no_answer", "电话  无人接听"),
])
def test_a_contact_s_result_in_the_history_is_named_as_its_channel_says_it(lang, channel, result, shown):
    from workbench.screens.card_text import history_text

    set_language(lang)
    history = history_text([{"at": "2026-11-20T09:00:00", "channel": channel, "line_result": result}]).plain
    assert history == f"2026-11-20 09:00  {shown}\n"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_on_a_plain_console_the_card_s_own_marks_are_plain_and_a_title_is_shown_as_stored(monkeypatch, lang):
    monkeypatch.setattr(glyphs, "_plain_console", True)
    set_language(lang)
    notice = SimpleNamespace(channel="sms", title_in=lambda _lang: "“金秋”理财…", offer_in=lambda _lang: "")
    said = notice_parts(notice)[0].text.plain
    assert '"“金秋”理财…"' in said and said.count("“") == 1   # the app's quotes plain, the title's as stored
