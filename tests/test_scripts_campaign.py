"""A campaign's own script (`campaign = "ID"` on a [[script]] of purpose campaign): read on the card of a customer whose
notice of that campaign is due, before the script all campaigns share, and never for another campaign's notice."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from factories import count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from workbench import campaigns, followups
from workbench.errors import WorkbenchError
from workbench.scripts import export_scripts, import_scripts, render_script

DAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 9, 0)


def script(script_id: str, *, lang: str = "zh_CN", campaign: str | None = "WL1", purpose: str = "campaign",
           segment: str | None = None) -> str:
    return (f'[[script]]\nid = "{script_id}"\npurpose = "{purpose}"\nlang = "{lang}"\ntitle = "{script_id}"\n'
            + (f'campaign = "{campaign}"\n' if campaign else "") + (f'segment = "{segment}"\n' if segment else "")
            + 'opening = "您好。"\noffer = "{campaign}：{campaign_offer}"\nclose = "再见。"\n')


@pytest.fixture
def running(conn):
    """Two campaigns running: a certificate of deposit (CD1) for C1, a wealth product (WL1) for C2; both dormant."""
    for campaign_id, title in (("CD1", "大额存单"), ("WL1", "稳盈理财")):
        campaigns.save(conn, [campaigns.Campaign(campaign_id, title, f"{title}的条件。", date(2026, 11, 25),
                                                 date(2026, 12, 20), "phone")], at=AT, by_id="S1")
    conn.execute("UPDATE customers SET segment = 'low_value_dormant', segments = 'low_value_dormant'")
    for customer_id, campaign_id in (("C1", "CD1"), ("C2", "WL1")):
        followups.schedule(conn, customer_id=customer_id, owner_id="M1", due_on=DAY, at=AT,
                           purpose=f"campaign:{campaign_id}")
    return conn


def imported(conn, tmp_path, *scripts: str, name: str = "s.toml"):
    path = tmp_path / name
    path.write_text("\n".join(scripts), encoding="utf-8")
    return import_scripts(conn, path, at=AT)


def read(conn, customer_id: str, lang: str = "zh_CN") -> str:
    return render_script(conn, customer_id, today=DAY, lang=lang).script_id


def test_a_campaigns_own_script_is_read_for_its_notices_only_before_the_shared_one(running, tmp_path):
    # The shared campaign script for the customers' segment too: the campaign's own, for any segment, still comes first.
    imported(running, tmp_path, script("zh-wl1"), script("zh-campaign-dormant", campaign=None, segment="low_value_dormant"))
    assert read(running, "C2") == "zh-wl1"
    assert render_script(running, "C2", today=DAY, lang="zh_CN").offer == "稳盈理财：稳盈理财的条件。"
    assert read(running, "C1") == "zh-campaign-dormant"   # the maturity campaign's card never reads the wealth pitch
    assert read(running, "C2", "en") == "en-campaign"     # the card's language first: no English script of its own


def test_a_campaigns_script_for_a_segment_is_read_for_that_segment_only(running, tmp_path):
    imported(running, tmp_path, script("zh-wl1-new", segment="new_customer"))
    assert read(running, "C2") == "zh-campaign"


def test_the_campaign_goes_out_with_the_export_and_back_and_taking_it_out_changes_the_script(running, tmp_path):
    imported(running, tmp_path, script("zh-wl1"))
    out = tmp_path / "export.toml"
    export_scripts(running, out)
    text = out.read_text(encoding="utf-8")
    assert 'id = "zh-wl1"\npurpose = "campaign"\ncampaign = "WL1"\n' in text
    again = import_scripts(running, out, at=AT)
    assert again.added == again.changed == [] and "zh-wl1" in again.unchanged
    out.write_text(text.replace('campaign = "WL1"\n', ""), encoding="utf-8")
    assert import_scripts(running, out, at=AT).changed == ["zh-wl1"]
    assert running.execute("SELECT count(*) FROM script_campaigns").fetchone() == (0,)
    assert read(running, "C2") == "zh-campaign"   # now one more shared script, after the shipped one by its id


@pytest.mark.parametrize("entry, said", [
    (script("zh-wl9", campaign="WL9"), "zh-wl9): campaign must be one of the campaigns imported here (CD1, WL1), not"
                                       " 'WL9'; import head office's campaigns file first."),
    (script("zh-wake", purpose="wake_up"), "zh-wake): only a script of purpose 'campaign' may name a campaign."),
])
def test_a_campaign_not_imported_here_or_on_another_purpose_is_refused_and_nothing_written(running, tmp_path, entry, said):
    before = count_rows(running, "scripts", "script_campaigns")
    with pytest.raises(WorkbenchError) as refused:
        imported(running, tmp_path, script("zh-wl1"), entry)
    assert str(refused.value).startswith("s.toml: script 2 (") and str(refused.value).endswith(said)
    assert count_rows(running, "scripts", "script_campaigns") == before
