"""A landline with a four-digit area code (0512, 苏州; most cities have one) keeps its whole masked form in the call
list's phone column at 80 columns: it showed "0512****53…", the tail the manager reads back to the customer cut."""

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
