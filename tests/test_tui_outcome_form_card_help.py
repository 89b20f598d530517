"""Help (?) says how to read the whole customer card: Tab moves between the profile and the script, and the arrows
and page keys scroll the one in focus (Textual's own keys, which help listed nowhere)."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.help import HelpScreen


def card_section(app) -> list[str]:
    """The rows help lists under the customer card's heading."""
    from workbench.screens.localise import _

    text = app.screen.query_one("#help-keys").render().plain
    section = next(part for part in text.split("\n\n") if part.startswith(_("Customer card")))
    return [" ".join(row.split()) for row in section.splitlines()[1:]]


@pytest.mark.parametrize(("lang", "switch", "scroll"), [
    ("en", "tab Switch between the profile and the script", "↑ ↓ pgup pgdn Scroll the pane in focus (profile or script)"),
    ("zh_CN", "tab 在客户资料和话术之间切换", "↑ ↓ pgup pgdn 滚动光标所在的一栏（客户资料或话术）"),
])
@sync
async def test_the_cards_help_says_how_to_scroll_its_panes(db_file, lang, switch, scroll):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await pressed(pilot, CustomerCardScreen, "enter")
        # What help is to say holds: tab goes from the profile to the script, and down scrolls the one in focus.
        facts, script = card.query_one("#facts"), card.query_one("#script-panel")
        card.set_focus(facts)
        await pilot.press("tab")
        assert card.focused is script
        await pilot.press("down")
        await settle(pilot)
        assert script.scroll_y > 0 and facts.scroll_y == 0
        await pressed(pilot, HelpScreen, "question_mark")
        rows = card_section(app)
        assert switch in rows and scroll in rows
