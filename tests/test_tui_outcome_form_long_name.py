"""The outcome form keeps to one title row whatever the customer's name: at 80x24 with an SMS and a WeChat due
(the form's tallest), a 43-character name wrapped the title over three rows and pushed the form's last row off
the screen."""

from __future__ import annotations

import pytest
from tui_fixtures import NOW, TODAY, build, settle, sync

from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

NAME = "欧阳" + "长" * 40 + "名"


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "m.sqlite")
    db = open_db(path)
    terminal = terminal_id(db.conn)
    db.conn.execute("BEGIN")
    for fid, channel in (("F-SMS", "sms"), ("F-WX", "wechat")):
        append_event(db.conn, followup_id=fid, customer_id="C0003", kind="created", at="2026-11-18T09:00:00",
                     terminal_id=terminal, by_id="M1", owner_id="M1", due_on=TODAY.isoformat(), slot=None,
                     channel=channel, purpose="birthday")
    db.conn.execute("UPDATE customers SET name = ? WHERE customer_id = 'C0003'", (NAME,))
    db.conn.execute("COMMIT")
    db.close()
    return path


@sync
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_a_long_name_keeps_the_form_on_the_screen(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(OutcomeForm("C0003", NAME))
        await settle(pilot, 5)
        form = app.screen
        title, box = form.query_one("#form-title"), form.query_one("#form")
        assert title.region.height == 1
        assert box.region.y >= 0 and box.region.bottom <= 24
        assert form.query_one("#form-status").region.bottom <= box.region.bottom
