"""Migration 134: the shipped scripts that say the day as it is reach a database seeded before them, unless the branch
has edited them."""

import sqlite3
from contextlib import closing

from workbench.db import open_db
from workbench.db.migrations.m0134_scripts_say_the_day import _AFTER, _BEFORE
from workbench.scripts import SECTIONS, list_scripts, shipped_scripts


def test_an_unedited_script_takes_the_new_text_and_an_edited_one_stays(tmp_path):
    path = tmp_path / "seeded-before-134.sqlite"
    open_db(path).close()
    edited = next(iter(_BEFORE))
    with closing(sqlite3.connect(path)) as raw, raw:
        for script_id, texts in _BEFORE.items():
            raw.execute("UPDATE scripts SET opening = ?, offer = ?, close = ? WHERE script_id = ?", (*texts, script_id))
        raw.execute("UPDATE scripts SET close = close || '（本网点改写）' WHERE script_id = ?", (edited,))
        raw.execute("DELETE FROM schema_migrations WHERE version = 134")
    now = {s.script_id: s for s in list_scripts(open_db(path).conn)}
    shipped = {s.script_id: s for s in shipped_scripts()}
    assert set(_BEFORE) == set(_AFTER) and len(_BEFORE) >= 2
    for script_id in _BEFORE:
        if script_id != edited:
            assert [getattr(now[script_id], f) for f in SECTIONS] == [getattr(shipped[script_id], f) for f in SECTIONS]
    before = _BEFORE[edited]
    assert [getattr(now[edited], f) for f in SECTIONS] == [before[0], before[1], before[2] + "（本网点改写）"]
