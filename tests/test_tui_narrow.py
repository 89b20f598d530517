"""At 80 columns the call list's status lines read properly: the filters line breaks between its parts (no
line ends on a dangling "·"), and the key bar drops whole keys rather than cutting one to a bare key."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, build, pick, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen, resting_text


def rest_many(path) -> None:
    """Customers resting for four reasons, so the resting counts are long."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany("INSERT INTO contact_state (customer_id, last_contact_at, blocked_until, block_reason)"
                         " VALUES (?, '2026-11-20T09:00:00', '2026-12-20T09:00:00', ?)",
                         [("C0001", "cooloff_not_interested"), ("C0002", "retry"), ("C0004", "budget"),
                          ("C0005", "cooloff_complaint")])


@pytest.mark.parametrize(("lang", "user", "palette"), [("en", "M1", "^p Commands"), ("zh_CN", "M1", "^p 命令"),
                                                       ("en", "S1", "^p Commands"), ("zh_CN", "S1", "^p 命令")])
@sync
async def test_at_80_columns_the_filters_line_and_the_key_bar_read_properly(tmp_path, lang, user, palette):
    from rich.cells import cell_len

    path = build(tmp_path / "narrow.sqlite")
    rest_many(path)
    app = WorkbenchApp(path, now=NOW, lang=lang, user=user)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if user == "S1":
            await pick(pilot, "M1")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallListScreen) and screen.resting
        lines = screen.query_one("#filter-line").render_lines(screen.query_one("#filter-line").region.reset_offset)
        shown = ["".join(segment.text for segment in line).rstrip() for line in lines]
        assert len(shown) <= 3 and not any(line.endswith("·") for line in shown), shown
        # Every resting count is on screen (in English four reasons take two lines of their own, broken between them).
        assert resting_text(screen.resting) in " ".join(line.strip() for line in shown).replace("、 ", "、"), shown
        bar = str(screen.query_one("KeyBar").render())
        # Help and the palette stay, labelled; the bar is measured in cells (a Chinese label is two a character).
        assert cell_len(bar) <= 80 and bar.endswith(palette) and "?" in bar
        back = {"en": "esc Back", "zh_CN": "esc 返回"}[lang]
        assert (back in bar) is (user == "S1"), bar   # a supervisor's way back to "Whose call list?" stays too


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [80, 100])
@sync
async def test_a_supervisors_key_bar_keeps_esc_back_before_the_lists_other_keys(tmp_path, lang, width):
    from rich.cells import cell_len

    app = WorkbenchApp(build(tmp_path / "narrow.sqlite"), now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "M1")
        bar = str(app.screen.query_one("KeyBar").render())
        assert cell_len(bar) <= width and {"en": "esc Back", "zh_CN": "esc 返回"}[lang] in bar, bar


def test_pieces_start_a_new_line_rather_than_leave_a_gap_at_its_end():
    from workbench.screens.call_list import joined_pieces

    assert joined_pieces(["Filters: none", "663 customers", "66 resting: 7 at the limit"], 40).plain == \
        "Filters: none  ·  663 customers\n66 resting: 7 at the limit"
    assert joined_pieces(["a", "b"], 40).plain == "a  ·  b"
    assert joined_pieces(["筛选：无", "共 663 位客户"], 20).plain == "筛选：无\n共 663 位客户"   # wide characters count 2


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_at_80_columns_long_filters_never_hide_the_resting_counts(tmp_path, lang):
    from rich.cells import cell_len

    path = build(tmp_path / "narrow.sqlite")
    rest_many(path)
    app = WorkbenchApp(path, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.filters = {"segment": "maturing_soon", "tier": 1, "trigger": "maturity", "search": "欧阳娜娜"}
        screen.reload()
        await settle(pilot)
        line = screen.query_one("#filter-line")
        shown = ["".join(segment.text for segment in strip).rstrip() for strip in line.render_lines(line.region.reset_offset)]
        # The filters are cut to one line (ctrl+f shows them whole); the customers and resting counts stay whole.
        assert screen.resting and len(shown) <= 3 and all(cell_len(row) <= 80 for row in shown), shown
        counts = [row for row in shown if row.strip()][-1]   # under it, the rows kept for longer counts
        assert counts.strip().endswith(resting_text(screen.resting)), shown
        assert ("customer" if lang == "en" else "位客户") in " ".join(shown), shown
