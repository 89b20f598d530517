"""The birthday call's close names the days it offers (migration 136): never 这周哪天 / "which day this week" on a
Friday or a Saturday, when few days of the week are left, but the next two working days by name; a database seeded
before it takes the new close unless the branch has edited the script. Real database files, fixed days."""

import sqlite3
from contextlib import closing
from datetime import date

import pytest

from factories import add_customer, seed_branch
from workbench.db import open_db
from workbench.db.migrations.m0136_birthday_close_says_the_days import _AFTER, _BEFORE
from workbench.scripts import list_scripts, render_script, shipped_scripts


@pytest.mark.parametrize("today, zh, en", [
    (date(2026, 11, 18), "您看明天还是后天方便过来？", "Would tomorrow or Friday suit you to come by?"),          # a Wednesday
    (date(2026, 11, 20), "您看下周一还是下周二方便过来？", "Would Monday or Tuesday suit you to come by?"),      # a Friday
    (date(2026, 11, 21), "您看后天还是下周二方便过来？", "Would Monday or Tuesday suit you to come by?"),        # a Saturday
])
def test_the_birthday_close_names_the_next_two_working_days(fresh_db, today, zh, en):
    seed_branch(fresh_db)
    add_customer(fresh_db, "B", birthday="1970-11-23", gender="F", name="王芳")
    fresh_db.conn.commit()
    closes = [render_script(fresh_db.conn, "B", "birthday", today=today, lang=lang).close for lang in ("zh_CN", "en")]
    assert zh in closes[0] and "这周" not in closes[0]
    assert en in closes[1] and "this week" not in closes[1]


def test_an_unedited_birthday_script_takes_the_new_close_and_an_edited_one_stays(tmp_path):
    path = tmp_path / "seeded-before-136.sqlite"
    open_db(path).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        for script_id, texts in _BEFORE.items():
            raw.execute("UPDATE scripts SET opening = ?, offer = ?, close = ? WHERE script_id = ?", (*texts, script_id))
        raw.execute("UPDATE scripts SET offer = offer || '（本网点改写）' WHERE script_id = 'zh-birthday'")
        raw.execute("DELETE FROM schema_migrations WHERE version = 136")
    now = {s.script_id: s for s in list_scripts(open_db(path).conn)}
    shipped = {s.script_id: s for s in shipped_scripts()}
    assert now["en-birthday"].close == shipped["en-birthday"].close == _AFTER["en-birthday"]
    assert now["zh-birthday"].close == _BEFORE["zh-birthday"][2]   # the branch's own script, left as it is
    assert shipped["zh-birthday"].close == _AFTER["zh-birthday"]
