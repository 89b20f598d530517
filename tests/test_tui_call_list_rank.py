"""The call list's rank column is as wide as the largest rank it holds: a list of 10,000 customers or more shows
every rank whole at 80 columns (it showed "100…" on every row from 10,000 on), the header's columns over the rows'."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, build, on_screen, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.widgets.call_header import CallHeader
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.columns import REASON_MIN, columns_for


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    """M1 with 10,016 customers on the list: the fixture's 5,008, each twice (build's ids stop short of 10,000)."""
    path = build(tmp_path_factory.mktemp("rank") / "rank.sqlite", extra_customers=5_000)
    with closing(sqlite3.connect(path)) as conn, conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(customers)")]
        copied = ", ".join("'D' || substr(customer_id, 2)" if c == "customer_id" else
                           "'+861390013' || substr(customer_id, 2)" if c == "phone_e164" else c for c in columns)
        conn.execute(f"INSERT INTO customers ({', '.join(columns)}) SELECT {copied} FROM customers"
                     " WHERE manager_id = 'M1'")
    return path


@sync
async def test_last_ranks_whole_at_80_columns(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        assert table.total == 10_016
        await pilot.press("end")
        await settle(pilot)
        rows = on_screen(pilot.app, table)
        header = on_screen(pilot.app, pilot.app.screen.query_one(CallHeader))[0]
        shown = [row.split()[0] for row in rows if row.strip() and row.split()[0] != "…"]
        assert shown[-3:] == ["10014", "10015", "10016"], rows
        assert len(set(shown)) == len(shown)   # no two rows alike
        # The name starts where its title does, one gap after the rank column's five cells.
        assert header.index("Name") == rows[-1].index("客户") == 6, (header, rows[-1])
        assert all(len(row) <= table.scrollable_content_region.width for row in rows)


def test_rank_column_widens_the_reasons_give_way():
    small = dict((column.key, size) for column, size in columns_for(78, 5, 2))
    big = dict((column.key, size) for column, size in columns_for(78, 5, 6))
    assert small["rank"] == 4 and big["rank"] == 6   # a small list keeps the column as it was
    assert big["reason"] == small["reason"] - 2 and sum(big.values()) + len(big) - 1 == 78
    wide = dict((column.key, size) for column, size in columns_for(140, 5, 6))
    assert wide["rank"] == 6 and wide["reason"] >= REASON_MIN and "segment" in wide
