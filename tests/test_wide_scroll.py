"""WideScroll says when its content is cut, also when new content changes only the width (one line of
text, no scrollbar row: nothing of the scroll's own size changes)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_fixtures import sync
from workbench.screens.widgets.wide_scroll import WideScroll


class OneLine(App):
    CSS = "WideScroll { height: 1; scrollbar-size-horizontal: 0; } Static { width: auto; }"

    def __init__(self) -> None:
        super().__init__()
        self.told: list[bool] = []

    def compose(self) -> ComposeResult:
        with WideScroll():
            yield Static("x" * 20)

    def on_wide_scroll_overflow(self, message: WideScroll.Overflow) -> None:
        self.told.append(message.cut)


@sync
async def test_wider_content_of_the_same_height_is_told_cut_and_narrower_again_not():
    app = OneLine()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        scroll = app.query_one(WideScroll)
        assert (scroll.cut, app.told) == (False, [])
        app.query_one(Static).update("x" * 90)
        await pilot.pause()
        await pilot.pause()
        assert (scroll.cut, app.told) == (True, [True])
        app.query_one(Static).update("x" * 10)
        await pilot.pause()
        await pilot.pause()
        assert (scroll.cut, app.told) == (False, [True, False])
