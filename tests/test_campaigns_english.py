"""A campaigns file may give the title and the offer in English too (title_en, offer_en): the English card fills
{campaign} and {campaign_offer} with them and the English agenda names the campaign so; without them, or in Chinese,
head office's Chinese words stay."""

from __future__ import annotations

from datetime import date

import pytest

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_campaigns import ONE
from test_followups_campaigns import AT, DAY, launch
from workbench import campaigns, followups
from workbench.errors import WorkbenchError
from workbench.i18n import set_language
from workbench.scripts import render_script

ENGLISH = {"title_en": "Wealth 180", "offer_en": "A 180-day wealth product, 2.60% a year, from 10,000 yuan."}


def test_the_file_gives_both_english_words_or_neither_and_they_are_kept(conn):
    (read,) = campaigns.parse_campaigns_toml(ONE + 'title_en = " Wealth 180 "\noffer_en = "From 10,000 yuan."\n', "hq.toml")
    assert (read.title_en, read.offer_en) == ("Wealth 180", "From 10,000 yuan.")
    assert campaigns.parse_campaigns_toml(ONE, "hq.toml")[0].title_en is None
    for text, said in ((ONE + 'title_en = "Wealth 180"\n', "hq.toml: campaign 1 (X1): 'title_en' and 'offer_en' go"
                                                           " together: give both, or neither."),
                       (ONE + 'title_en = ""\noffer_en = "x"\n', "'title_en' must be non-empty text."),
                       (ONE + 'title_en = "W\\u202e180"\noffer_en = "x"\n', "'title_en' holds a control or invisible")):
        with pytest.raises(WorkbenchError) as caught:
            campaigns.parse_campaigns_toml(text, "hq.toml")
        assert said in str(caught.value)
    campaigns.save(conn, [read], at=AT, by_id="S1")
    assert campaigns.stored(conn) == [read] and campaigns.get(conn, "X1").offer_en == "From 10,000 yuan."
    # The same file again changes nothing; the English words changed are a change.
    assert campaigns.save(conn, [read], at=AT, by_id="S1").unchanged == ["X1"]
    moved = campaigns.Campaign(**{**read.__dict__, "offer_en": "From 20,000 yuan."})
    assert campaigns.save(conn, [moved], at=AT, by_id="S1").changed == ["X1"]


@pytest.mark.parametrize("english, title, offer", [
    (ENGLISH, "Wealth 180", "A 180-day wealth product, 2.60% a year, from 10,000 yuan."),
    ({}, "大额存单限时发行", "年利率2.15%，20万元起存。"),
])
def test_the_english_card_fills_the_campaign_in_english_when_head_office_gave_it(conn, english, title, offer):
    launch(conn, **english)
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=DAY, at=AT, purpose="campaign:CD1")
    en = render_script(conn, "C1", "campaign", today=DAY, lang="en")
    assert (en.fields["campaign"], en.fields["campaign_offer"]) == (title, offer)
    assert f'"{title}"' in en.opening
    zh = render_script(conn, "C1", "campaign", today=DAY, lang="zh_CN")
    assert (zh.fields["campaign"], zh.fields["campaign_offer"]) == ("大额存单限时发行", "年利率2.15%，20万元起存。")


def test_the_english_agenda_names_the_campaign_in_english_and_the_chinese_one_in_chinese(conn):
    launch(conn, **ENGLISH)

    def suggestion():
        return next(s for s in followups.care_suggestions(conn, "M1", DAY) if s.kind == "campaign:CD1")

    assert (suggestion().campaign_title, suggestion().reason) == ("Wealth 180", "Wealth 180, until 2026-12-20.")
    assert suggestion().purpose_text() == "campaign “Wealth 180”"
    set_language("zh_CN")   # the conftest sets English again for the next test
    assert (suggestion().campaign_title, suggestion().reason) == ("大额存单限时发行", "大额存单限时发行（截至 2026-12-20）。")
    assert date(2026, 12, 20) == suggestion().in_time_by


def test_a_booked_notice_is_named_in_english_on_the_agenda_the_call_list_and_the_message_card(conn):
    """Once accepted, a campaign's notice keeps the English title in English: the agenda's follow-up, the call list's
    reason and the card of a notice sent as a message (its offer too); in Chinese, head office's words."""
    from workbench.calllist import call_list
    from workbench.screens.card_text import notice_parts

    launch(conn, **ENGLISH)
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=DAY, at=AT, purpose="campaign:CD1")
    followups.schedule(conn, customer_id="C2", owner_id="M1", due_on=DAY, at=AT, channel="sms", purpose="campaign:CD1")
    (booked,) = followups.open_for_customer(conn, "C1")
    assert booked.purpose_text() == "campaign “Wealth 180”"
    (reason,) = [e.reasons[0].text for e in call_list(conn, "M1", AT, lang="en") if e.customer_id == "C1"]
    assert reason.endswith("· campaign “Wealth 180”")
    notice = render_script(conn, "C2", today=DAY, lang="en").notice
    assert [part.plain for part in notice_parts(notice)[:2]] == [
        "SMS notice, not a call\nHead office's campaign “Wealth 180” goes to this customer by SMS, sent from the"
        " agenda: there is no call script for it.", "The notice\n" + ENGLISH["offer_en"]]
    set_language("zh_CN")   # the conftest sets English again for the next test
    assert followups.open_for_customer(conn, "C1")[0].purpose_text() == "活动「大额存单限时发行」"
    (reason,) = [e.reasons[0].text for e in call_list(conn, "M1", AT, lang="zh_CN") if e.customer_id == "C1"]
    assert reason.endswith("· 活动「大额存单限时发行」")
    assert "“大额存单限时发行”" in notice_parts(render_script(conn, "C2", today=DAY, lang="zh_CN").notice)[0].plain
