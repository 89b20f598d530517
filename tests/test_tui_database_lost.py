"""The open app notices that its database file was moved away or replaced by another (a sample written with --force,
a backup restored): it says so in one sentence, reads and writes nothing more, and never makes an empty database
where the file was; before, its look every five seconds made one (mode 644), and Enter opened a person of the new
file from the old list."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tui_fixtures import NOW, at_list, db_rows, sample_copy, screen_lines, settle, sync, watched
from workbench.db import connect
from workbench.screens.app import WorkbenchApp

GONE = ("The database {path} is no longer there (moved or deleted), so nothing can be read or saved; quit and open"
        " the workbench on it where it is now.")
REPLACED = ("The database {path} was replaced by another file (a new sample, a restored backup), so nothing more is"
            " read or saved here; quit and open the workbench again.")


def said(app) -> list[str]:
    return [n.message for n in app._notifications]


@sync
async def test_a_file_moved_away_is_said_once_and_no_empty_database_is_made_in_its_place(db_file, tmp_path):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        (tmp_path / "moved").mkdir()
        os.rename(db_file, tmp_path / "moved" / db_file.name)
        for name in (f"{db_file.name}-wal", f"{db_file.name}-shm"):
            if (db_file.parent / name).exists():
                os.rename(db_file.parent / name, tmp_path / "moved" / name)
        await watched(pilot)
        await watched(pilot)   # a second look says nothing more
        assert said(app) == [GONE.format(path=db_file)]
        await pilot.press("enter")   # the card, which is read where the file was: the refusal shows instead
        await settle(pilot, 5)
        assert "is no longer there (moved or deleted)" in " ".join(line.strip() for line in screen_lines(app))
    assert sorted(p.name for p in db_file.parent.iterdir() if p.name.startswith(db_file.name)) == []


@sync
async def test_a_file_replaced_by_another_is_neither_read_nor_written(db_file, tmp_path):
    other = sample_copy(tmp_path)
    outcomes = db_rows(other, "SELECT count(*) FROM outcomes")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        os.replace(other, db_file)   # as `sample --force` writes its file and renames it over the old one
        await watched(pilot)
        assert said(app) == [("数据库 {path} 已被另一个文件替换（新生成的示例数据或恢复的备份），因此这里不再读取或保存任何内容；"
                              "请退出后重新打开工作台。").format(path=db_file)]
        await pilot.press("o")   # the outcome form of the old list's customer
        await settle(pilot, 5)
        await pilot.press("2", "ctrl+s")
        await settle(pilot, 5)
    assert db_rows(db_file, "SELECT count(*) FROM outcomes") == outcomes   # nothing written into the other file


def test_a_connection_that_may_not_create_makes_no_file(tmp_path):
    with pytest.raises(sqlite3.OperationalError, match="unable to open"):
        connect(tmp_path / "gone.sqlite", create=False)
    assert list(tmp_path.iterdir()) == []
