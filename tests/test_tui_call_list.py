"""The call list and the card with Pilot: the reasons readable at any width, the customers the contact
rules rest counted by reason, and the full number revealed (and audited) once a card visit."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from rich.cells import cell_len
from rich.text import Text

from tui_fixtures import NOW, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_header import CallHeader
from workbench.screens.widgets.call_table import CallTable
from workbench.text_wrap import WrappedText


def lines(app) -> list[tuple[str, object]]:
    """(the drawn line, its entry) for each row on screen."""
    table = app.screen.query_one(CallTable)
    return [(table.render_line(y).text, table.entry(table.scroll_offset.y + y))
            for y in range(min(table.scrollable_content_region.height, table.total))]


def plain(widget) -> str:
    return " ".join(widget.content.plain.split())


@pytest.mark.parametrize("size, shown", [((80, 24), 40), ((120, 36), 55)])
@sync
async def test_each_row_shows_its_reasons_to_the_end_of_the_line(db_file, size, shown):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=size) as pilot:
        await settle(pilot)
        rows = lines(pilot.app)
        assert len(rows) > 8
        for line, entry in rows:
            first = entry.reasons[0].text
            assert first[:shown] in line, (first, line)


@pytest.mark.parametrize("width", [80, 100, 114, 120, 160])
@sync
async def test_the_titles_stand_over_their_columns(db_file, width):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        header = str(pilot.app.screen.query_one(CallHeader).render())
        line, entry = lines(pilot.app)[0]
        assert cell_len(header[: header.index("Reason")]) == cell_len(line[: line.index(entry.reasons[0].text[:20])])
        assert ("Segment" in header) is (width >= 160)   # the first reason starts with the segment


@sync
async def test_every_reason_of_the_highlighted_customer_shows_under_the_table(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        for _ in range(2):
            entry = screen.query_one(CallTable).current
            why = plain(screen.query_one("#why"))
            assert why == entry.name + ": " + "; ".join(r.text for r in entry.reasons)
            assert isinstance(screen.query_one("#why").content, WrappedText)   # broken as Chinese is typeset
            assert screen.query_one("#why").content.words   # in English between words: a Chinese name kept whole
            await pilot.press("down")
            await settle(pilot)
        assert screen.query_one(CallTable).cursor == 2


def rest(db_file, customer_id: str, reason: str) -> None:
    with sqlite3.connect(db_file) as conn:
        conn.execute("INSERT INTO contact_state (customer_id, last_contact_at, blocked_until, block_reason)"
                     " VALUES (?, '2026-11-20T09:00:00', '2026-12-20T09:00:00', ?)", (customer_id, reason))


@sync
async def test_the_filters_line_counts_who_rests_today_and_why(db_file):
    rest(db_file, "C0001", "cooloff_not_interested")
    rest(db_file, "C0002", "retry")
    rest(db_file, "C0004", "cooloff_not_interested")
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CallListScreen) and screen.query_one(CallTable).total == 17
        assert plain(screen.query_one("#filter-line")).endswith("17 customers · 3 resting (1 retry later, 2 not interested)")
        # A search for a resting customer finds nobody to call, and says the customer rests.
        await pilot.press("slash", *"张伟", "enter")
        await settle(pilot)
        assert screen.query_one(CallTable).total == 0
        assert plain(screen.query_one("#filter-line")).endswith("0 customers · 1 resting (1 not interested)")
        await pilot.press("escape")
        await settle(pilot)
        assert "3 resting" in plain(screen.query_one("#filter-line"))


@sync
async def test_nobody_resting_adds_nothing_to_the_filters_line(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert plain(pilot.app.screen.query_one("#filter-line")) == "Filters: none · 20 customers"
        await pilot.press("slash", *"王芳", "enter")
        await settle(pilot)
        assert plain(pilot.app.screen.query_one("#filter-line")).endswith(" · 1 customer")


def reveals(db_file, customer_id: str) -> int:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT count(*) FROM audit_log WHERE action = 'phone_reveal' AND subject = ?",
                            (customer_id,)).fetchone()[0]


@sync
async def test_the_card_reveals_the_number_once_a_visit(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(CallTable).move_to(1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0001"
        assert reveals(db_file, "C0001") == 1
        purposes = []
        for _ in range(3):   # p goes through the purposes that fit (two here); the number stays, not revealed again
            await pilot.press("p")
            await settle(pilot)
            purposes.append(app.screen.purpose)
            assert "138 0013 0001" in app.screen.query_one("#card-title").render().plain
        assert len(set(purposes)) == 2 and reveals(db_file, "C0001") == 1
        await pilot.press("escape", "enter")   # a new visit shows the number again, audited again
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and reveals(db_file, "C0001") == 2


@sync
async def test_a_card_opened_by_itself_reveals_once_too(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen("C0002"))   # as the agenda opens it: the card reads its own data
        await settle(pilot)
        await pilot.press("p", "p")
        await settle(pilot)
        assert "138 0013 0002" in app.screen.query_one("#card-title").render().plain
        assert reveals(db_file, "C0002") == 1


@sync
async def test_a_date_from_last_year_fits_its_column_in_january(db_file):
    # The follow-up due 2026-11-20 is overdue on 2027-01-05; at 120 cells the Due column is six wide.
    january = datetime(2027, 1, 5, 10, 0, 0)
    async with WorkbenchApp(db_file, now=january, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        line = next(line for line, entry in lines(pilot.app) if entry.customer_id == "C0003")
        header = str(pilot.app.screen.query_one(CallHeader).render())
        assert cells(line, cell_len(header[:header.index("Due")]), 6) == "!11-20"
        assert "…" not in line[:line.index(entry_reason(pilot.app, "C0003"))]


def cells(line: str, start: int, width: int) -> str:
    """The characters of line from display cell start, width cells long."""
    at, out = 0, []
    for char in line:
        if start <= at < start + width:
            out.append(char)
        at += cell_len(char)
    return "".join(out)


def entry_reason(app, customer_id: str) -> str:
    return next(e.reasons[0].text[:10] for _, e in lines(app) if e.customer_id == customer_id)


@sync
async def test_the_tier_filter_below_the_first_line_keeps_tier_0(db_file):
    """Tier 0 (below 5万) is a filter like any other: 0 == False once dropped it, and the whole list showed."""
    from textual.widgets import Select

    with sqlite3.connect(db_file) as c:
        below = c.execute("SELECT count(*) FROM customers WHERE manager_id = 'M1' AND tier = 0").fetchone()[0]
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        pilot.app.screen.query_one("#tier", Select).value = 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CallListScreen) and screen.filters.get("tier") == 0
        table = screen.query_one(CallTable)
        shown = [table.entry(row) for row in range(min(table.total, 20))]
        assert 0 < table.total <= below and shown and all(entry.tier == 0 for entry in shown)


@sync
async def test_tiers_are_named_by_the_lines_in_force_at_the_managers_branch(db_file):
    """A branch given a fifth tier line is offered it in the filter, and tier 0 is named, not a bare dash."""
    from textual.widgets import Select

    from workbench.db import open_db
    from workbench.settings import set_setting

    with open_db(db_file) as db:
        set_setting(db.conn, "tiers.lines_fen", [5_000_000, 20_000_000, 50_000_000, 100_000_000, 300_000_000], "B1")
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        names = ["<50k", "50k", "200k", "500k", "1M", "3M"]   # the branch's lines, not the default's
        shown = [(entry.tier, line) for line, entry in lines(pilot.app)]
        assert all(f" {names[tier or 0]} " in line for tier, line in shown), shown
        tier = min({tier for tier, _line in shown} & {2, 3, 4})   # named otherwise by the default lines (500k, 3M, 6M)
        await pilot.press("ctrl+f")
        await settle(pilot)
        offered = pilot.app.screen.query_one("#tier", Select)
        assert [str(label) for label, _value in offered._options[1:]] == [
            "below 50k", "50k", "200k", "500k", "1M", "3M"]
        offered.value = tier
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"tier {names[tier]}" in plain(pilot.app.screen.query_one("#filter-line")) and table.total > 0


@pytest.mark.parametrize("width", [80, 120])
@sync
async def test_a_tier_line_of_1000万_shows_whole_under_its_title(db_file, width):
    from workbench.db import open_db
    from workbench.settings import set_setting

    with open_db(db_file) as db:
        set_setting(db.conn, "tiers.lines_fen", [5_000_000, 50_000_000, 300_000_000, 1_000_000_000], "B1")
        db.conn.execute("UPDATE customers SET aum_fen = 1200000000, tier = 4 WHERE customer_id = 'C0001'")
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        header = str(pilot.app.screen.query_one(CallHeader).render())
        line, entry = next((line, entry) for line, entry in lines(pilot.app) if entry.customer_id == "C0001")
        assert " 10M " in line
        assert cell_len(header[: header.index("Tier")]) == cell_len(line[: line.index("10M")])
        assert cell_len(header[: header.index("Reason")]) == cell_len(line[: line.index(entry.reasons[0].text[:20])])


def test_the_tier_column_is_as_wide_as_the_widest_tier_name():
    from workbench.i18n import set_language
    from workbench.screens.labels import DEFAULT_TIER_LINES, tier_cells
    from workbench.screens.widgets.columns import columns_for

    def tier_width(cells):
        return dict((column.key, size) for column, size in columns_for(120, cells))["tier"]

    assert tier_width(tier_cells((5_000_000, 1_000_000_000))) == 5   # 10M
    set_language("zh_CN")   # the widest names: 1000万 where English says 10M
    assert tier_width(tier_cells(DEFAULT_TIER_LINES)) == 5   # 300万: no wider than before
    assert tier_width(tier_cells((5_000_000, 1_000_000_000))) == 6   # 1000万
    assert tier_width(tier_cells((5_000_000, 123_456 * 1_000_000))) == 8   # 123456万
    assert tier_width(14) == 10   # a longer name is cut rather than crowding the reasons out


@sync
async def test_reasons_too_long_for_the_line_under_the_list_end_in_an_ellipsis_after_the_events(db_file):
    """Two lines under the list: a longer text is cut, seen to be (…), and an event such as a maturity or a birthday
    comes before the tier and the last contact, which are the ones cut (a birthday in 4 days was lost at 80x24)."""
    from workbench.text_wrap import wrap
    from tui_fixtures import screen_lines

    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one(CallTable)
        for _ in range(table.total):
            entry = table.current
            full = entry.name + ": " + "; ".join(r.text for r in entry.reasons)
            if len(wrap(Text(full), 58, words=True)) > 2:
                break
            await pilot.press("down")
            await settle(pilot)
        else:
            pytest.fail("no customer's reasons take more than two lines at 60 columns")
        codes = [r.code for r in entry.reasons]
        assert codes.index("tier") > max(i for i, code in enumerate(codes) if code not in ("tier", "since_contact",
                                                                                          "attempts"))
        shown = [line.strip() for line in screen_lines(pilot.app)[-3:-1]]
        assert shown[1].endswith("…") and all(cell_len(line) <= 58 for line in shown)
        assert " ".join(shown)[:-1].rstrip() in full and full.startswith(shown[0])


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@sync
async def test_the_list_gives_no_row_to_a_horizontal_scrollbar_it_never_needs(db_file, size):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=size) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        await pilot.press("right")
        await settle(pilot)
        assert not table.show_horizontal_scrollbar and table.scroll_x == 0
        assert table.scrollable_content_region.height == table.size.height   # every row of it for customers


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_list_stays_where_it_is_when_the_resting_counts_grow_to_two_lines(db_file, lang):
    from datetime import date

    from tui_fixtures import book_elsewhere
    from workbench.screens.call_list import resting_text

    rest(db_file, "C0001", "cooloff_not_interested")
    rest(db_file, "C0002", "retry")
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        line, table = screen.query_one("#filter-line"), screen.query_one(CallTable)
        assert cell_len(resting_text(screen.resting)) < line.content_size.width   # the counts on one line
        top, rows = table.region.y, table.region.height
        rest(db_file, "C0004", "budget")
        rest(db_file, "C0005", "cooloff_complaint")
        book_elsewhere(db_file, "C0006", due_on=date(2026, 11, 23))   # booked for a later day: counted too
        screen.reload()   # as after a save
        await settle(pilot, 5)
        assert cell_len(resting_text(screen.resting)) > line.content_size.width   # now two lines
        assert {"en": "1 complained", "zh_CN": "投诉1位"}[lang] in plain(line)
        assert (table.region.y, table.region.height) == (top, rows)
