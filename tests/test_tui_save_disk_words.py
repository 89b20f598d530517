"""A save the database turns away for the machine's sake (another process holding the write lock past the wait, a full
disk) and a list a damaged file cannot give are said in the CLI's sentences, in the interface language, not in SQLite's
English ("未保存：database is locked", "database disk image is malformed")."""

from __future__ import annotations

import sqlite3

from damaged_files import damage_pages
from tui_fixtures import NOW, db_rows, pressed, printed_in, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


def status(app) -> str:
    return str(app.screen.query_one("#form-status").render()).strip()


@sync
async def test_a_save_kept_waiting_by_an_import_says_so_in_chinese_and_saves_once_it_ends(db_file, monkeypatch):
    from workbench.db import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)   # the app's 10 s wait, shortened
    before = db_rows(db_file, "SELECT count(*) FROM outcomes")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2")   # no answer
        holder = sqlite3.connect(db_file, isolation_level=None)   # a long import holds the write lock
        try:
            holder.execute("BEGIN IMMEDIATE")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert status(app).startswith("未保存：数据库正忙：另一个进程写入数据库的时间超过了本进程的等待时间")
            assert "locked" not in status(app)
        finally:
            holder.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert db_rows(db_file, "SELECT count(*) FROM outcomes") == [(before[0][0] + 1,)]


@sync
async def test_a_list_that_cannot_be_read_from_a_damaged_file_says_so(db_file):
    damage_pages(db_file, "customers")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = printed_in(app.screen, "#filter-line")
    assert shown.startswith("The database is damaged: SQLite found a part of it that it cannot read; `workbench"
                            " doctor` says where"), shown
    assert "malformed" not in shown
