"""The outcome form's follow-up preview says a time outside the call window is refused as it is typed, as the agenda's
reschedule box does (both ask followups.contact_rules_refusal). A tester at 120x36 read only the preview's first row
("→ 2027-01-28（周四）21:00") and took it for accepted: the refusal is on the row under it. On a terminal too short for
the form (60x20) it was really hidden: the refusal, said by the last key typed, grew the preview by two rows after the
form had scrolled for it, and stayed under the keys until the next key."""

from __future__ import annotations

import pytest

from test_tui_outcome_form_small_terminal import in_view
from test_tui_outcome_form_wrapped_lines import read
from tui_fixtures import NOW, on_screen, pressed, sample_copy, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

TYPED = "2026-11-23 21:00"   # Monday, after the sample's 09:00–20:00
SAID = {"zh_CN": ("→ 2026-11-23（周一）21:00", "跟进时间 21:00 不在外呼时段（09:00–20:00）内；请约在时段内，或只填日期。"),
        "en": ("→ 2026-11-23 (Mon) 21:00",
               "A follow-up at 21:00 is outside the call window (09:00–20:00); book a time inside it, or the day alone.")}


# 120x36: the tester's terminal, where the refusal was on screen all along, on the row under the time's.
@pytest.mark.parametrize("lang, size", [("zh_CN", (60, 20)), ("en", (60, 20)), ("zh_CN", (120, 36))],
                         ids=["zh_CN-60x20", "en-60x20", "zh_CN-120x36"])
@sync
async def test_a_time_outside_the_call_window_is_refused_on_screen_with_the_last_key_typed(tmp_path, lang, size):
    app = WorkbenchApp(sample_copy(tmp_path), now=NOW, lang=lang, user="M001")   # Friday 2026-11-20 10:00
    async with app.run_test(size=size) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")   # the list's first customer, 吴晓婷
        await settle(pilot)
        await pilot.press("1", "3", "tab", "tab", "tab")   # reached, interested; past the reason and the note
        assert form.focused is form.query_one("#when")
        await pilot.press(*TYPED)   # key by key: the refusal comes with the last one
        await settle(pilot)
        preview = form.query_one("#when-preview")
        assert preview.content.plain.split("\n") == list(SAID[lang])
        assert in_view(app, form, preview)   # every row of it, above the keys
        rows = on_screen(app, preview)
        assert rows[0] == SAID[lang][0] and read(rows[1:], lang) == read([SAID[lang][1]], lang)
