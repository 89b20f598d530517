"""A landline with a four-digit area code (0512, 苏州; most cities have one) keeps its whole masked form in the call
list's phone column at 80 columns: it showed "0512****53…", the tail the manager reads back to the customer cut. A
foreign number, longer masked, widens the column to fit it: it showed "+49*******6…"."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from rich.cells import cell_len

from tui_fixtures import NOW, build, on_screen, settle, sync
from workbench.phones import mask_phone
from workbench.screens.app import WorkbenchApp
from workbench.screens.widgets.call_header import CallHeader
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.columns import columns_for

SUZHOU = "+8651265005337"


@pytest.fixture
def db_file(tmp_path):
    """The app tests' database with every one of M1's customers on a Suzhou landline."""
    path = build(tmp_path / "landline.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET phone_e164 = ? WHERE manager_id = 'M1'", (SUZHOU,))
    return path


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@sync
async def test_a_four_digit_area_code_is_shown_whole(db_file, size):
    assert mask_phone(SUZHOU) == "0512****5337"
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=size) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        rows = [row for row in on_screen(pilot.app, table) if row.strip()]
        header = on_screen(pilot.app, pilot.app.screen.query_one(CallHeader))[0]
        assert rows and all("0512****5337 " in row for row in rows), rows
        # The tier starts where its title does, one gap after the phone (cells: a Chinese name takes two a character).
        at = cell_len(header[:header.index("Tier")])
        assert all(cell_len(row[:row.index("0512****5337 ")]) + 13 == at for row in rows), (header, rows)


def test_every_mainland_masked_form_fits_the_column():
    """The widest a mainland number is masked to (a four-digit area code and an eight-digit number) fits."""
    widths = {len(mask_phone(p)) for p in ("+8613812345678", "+862166000090", "+8651265005337", "+864008001234")}
    for width in (80, 120, 160):
        phone = dict((column.key, size) for column, size in columns_for(width))["phone"]
        assert max(widths) == 12 <= phone


# Longer than any mainland number when masked: London (13 cells) and E.164's longest, fifteen digits (16 cells).
ABROAD = {"C0001": ("+447911123456", "+44******3456"), "C0002": ("+491234567890123", "+49*********0123")}


@pytest.fixture
def abroad_file(tmp_path):
    """The app tests' database with two of M1's listed customers on foreign numbers."""
    path = build(tmp_path / "abroad.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        for customer_id, (number, _masked) in ABROAD.items():
            conn.execute("UPDATE customers SET phone_e164 = ? WHERE customer_id = ?", (number, customer_id))
    return path


def phone_column(app) -> tuple[int, list[str]]:
    """Where the column after the phone (the tier) starts in the header, in cells, and the table's rows drawn."""
    table = app.screen.query_one(CallTable)
    header = on_screen(app, app.screen.query_one(CallHeader))[0]
    return cell_len(header[:header.index("Tier")]), [row for row in on_screen(app, table) if row.strip()]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@sync
async def test_a_foreign_number_is_shown_whole_and_the_column_widens_for_it(abroad_file, size):
    assert {number: mask_phone(number) for number, _masked in ABROAD.values()} == dict(ABROAD.values())
    async with WorkbenchApp(abroad_file, now=NOW, lang="en", user="M1").run_test(size=size) as pilot:
        await settle(pilot)
        tier_at, rows = phone_column(pilot.app)
        for _number, masked in ABROAD.values():
            row = next(row for row in rows if masked in row)   # whole, not "+49*******6…"
            assert cell_len(row[:row.index(masked)]) + 17 == tier_at, (masked, row)   # 16 cells and the gap
        assert all(cell_len(row[:row.index("138****")]) + 17 == tier_at for row in rows if "138****" in row)


@sync
async def test_a_foreign_number_off_the_list_found_by_a_search_is_shown_whole(tmp_path):
    """Every listed number is a mainland one: the column widens for the one found below the list."""
    path = build(tmp_path / "abroad_off_list.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET phone_e164 = '+447700900123', do_not_call = 1, priority = NULL"
                     " WHERE customer_id = 'C0007'")
    async with WorkbenchApp(path, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"C0007", "enter")
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        assert table.total == 0 and [match.customer_id for match in table.off_list] == ["C0007"]
        tier_at, rows = phone_column(pilot.app)
        row = next(row for row in rows if "John Smith" in row)
        assert cell_len(row[:row.index("+44******0123")]) + 14 == tier_at, row   # 13 cells and the gap


def test_the_phone_column_is_as_wide_as_the_widest_number_given_within_its_bounds():
    widths = {phone: dict((column.key, size) for column, size in columns_for(120, phone=phone))["phone"]
              for phone in (0, 12, 14, 16, 30)}
    assert widths == {0: 12, 12: 12, 14: 14, 16: 16, 30: 16}


@sync
async def test_a_foreign_number_on_a_later_page_widens_the_column_and_its_header_when_scrolled_to(tmp_path):
    """Pages are read as they come into view: the column widens once the page with the number is read, the header
    with it, so the titles stay over their columns."""
    path = build(tmp_path / "abroad_far.sqlite", extra_customers=260)
    with closing(sqlite3.connect(path)) as conn, conn:
        last = conn.execute("SELECT customer_id FROM customers WHERE manager_id = 'M1' ORDER BY priority"
                            " LIMIT 1").fetchone()[0]
        conn.execute("UPDATE customers SET phone_e164 = '+491234567890123' WHERE customer_id = ?", (last,))
    async with WorkbenchApp(path, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tier_at, rows = phone_column(pilot.app)
        assert tier_at == cell_len(rows[0][:rows[0].index("138****")]) + 13   # the first page: mainland numbers alone
        await pilot.press("end")
        await settle(pilot)
        tier_at, rows = phone_column(pilot.app)
        row = next(row for row in rows if "+49*********0123" in row)
        assert cell_len(row[:row.index("+49*********0123")]) + 17 == tier_at, row
