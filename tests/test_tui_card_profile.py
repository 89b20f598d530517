"""The card's profile reads naturally in both languages: a segment whose reason starts with its label says it once
(Downgraded from 50k to below 50k), and a warm lead's score stands with its heading (Warm lead (70 points):
interested …), not 'Downgraded: downgraded from…' and 'Warm lead: 50 points: Interested…'. The sample's 3100003381
(the tester found it on 3100001876, whose interest the sample no longer gives since its calls follow the statutory
working days)."""

from __future__ import annotations

import pytest
from tui_fixtures import NOW, sample_copy, settle, sync

from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


@pytest.mark.parametrize("lang, downgraded, label, heading, signs", [
    ("en", "Downgraded from 50k to below 50k", "Downgraded", "Warm lead (70 points): ",
     "interested on 2026-11-19 (+50), tag 基金浏览 (+20)"),
    ("zh_CN", "降级客户：从5万降至5万以下", "降级客户", "意向客户（70 分）：", "2026-11-19 有意向（+50），标签 基金浏览（+20）"),
])
def test_the_profile_says_a_downgrade_and_a_warm_lead_once_each(tmp_path, lang, downgraded, label, heading, signs):
    @sync
    async def run():
        app = WorkbenchApp(sample_copy(tmp_path), now=NOW, lang=lang, user="M001")
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.push_screen(CustomerCardScreen("3100003381"))
            await settle(pilot, 5)
            text = app.screen.query_one("#profile").content.text
            profile = text.plain.splitlines()
            assert profile[0] == downgraded and heading + signs in profile
            bold = [text.plain[span.start:span.end] for span in text.spans if span.style == "bold"]
            assert bold[0] == label and heading in bold   # the headings stand out, the words after them not

    run()
