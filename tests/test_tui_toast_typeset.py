"""The toast saying calls were logged elsewhere is broken as Chinese is typeset: at 80 columns Textual's toast, which
breaks by width alone, left "。" alone at the start of its second line."""

from __future__ import annotations

from tui_fixtures import NOW, log_elsewhere, screen_lines, settle, sync, watched
from workbench.screens.app import WorkbenchApp


@sync
async def test_the_changed_elsewhere_toast_starts_no_line_with_a_closing_mark(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        log_elsewhere(db_file, "C0004")
        await watched(pilot)
        await pilot.pause(0.2)
        said = "其他地方登记了外呼或跟进，名单已更新。"
        assert [n.message.replace("\n", "") for n in app._notifications] == [said]
        toast = [row.split("▌", 1)[1].strip() for row in screen_lines(app) if "▌" in row]
        toast = [row for row in toast if row and row in said]   # the toast's rows, not the list's marks beside it
        assert "".join(toast) == said, toast
        assert not any(row.startswith(("。", "，")) for row in toast), toast


@sync
async def test_a_toast_is_plain_text_so_a_name_with_brackets_neither_vanishes_nor_stops_the_app(db_file):
    """Toasts name customers, staff and campaigns (a save's "replaces one booked before … (李娜)"): as markup "[vip]"
    vanished and "[/x]" raised MarkupError."""
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("已保存。被取代的跟进：李娜[vip] [/x]")
        await pilot.pause(0.2)
        assert [n.message for n in app._notifications] == ["已保存。被取代的跟进：李娜[vip] [/x]"]
        assert any("李娜[vip] [/x]" in row for row in screen_lines(app))
