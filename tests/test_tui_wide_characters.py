"""Chinese text in a toast stays whole over the edges of the widgets beneath it (screens/wide_characters.py)."""

from __future__ import annotations

from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui_fixtures import sync
from workbench.screens import wide_characters
from workbench.screens.wide_characters import keep_wide_characters_whole

SAID = "已保存。客户经理王丽娟"


class Columns(App):
    """A screen cut at every column: one-cell-wide widgets side by side, so every wide character of a toast
    over them is crossed by some widget's edge."""

    CSS = "Static { width: 1; height: 100%; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            for i in range(80):
                yield Static("·")


def screen_lines(app) -> list[str]:
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


async def toast_text(app) -> str:
    async with app.run_test(size=(80, 12), notifications=True) as pilot:
        app.notify(SAID, timeout=30)
        await pilot.pause(0.3)
        return "\n".join(screen_lines(app))


@sync
async def test_a_toasts_chinese_is_whole_over_the_widgets_beneath():
    keep_wide_characters_whole()
    assert SAID in await toast_text(Columns())


@sync
async def test_without_the_fix_the_toast_loses_characters(monkeypatch):
    # Proof that the first test can fail: Textual's own compositor, on the same screen.
    monkeypatch.setattr(Compositor, "_render_chops", wide_characters.TEXTUALS)
    assert SAID not in await toast_text(Columns())


def test_the_app_puts_the_fix_in_place(tmp_path, monkeypatch):
    from tui_fixtures import NOW, build
    from workbench.screens.app import WorkbenchApp

    monkeypatch.setattr(Compositor, "_render_chops", wide_characters.TEXTUALS)
    WorkbenchApp(build(tmp_path / "w.sqlite"), now=NOW, lang="zh_CN", user="M1")
    assert Compositor._render_chops is wide_characters._render_chops
