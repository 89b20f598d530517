"""The agenda's batch send (C on its SMS notices, sent outside the workbench) does not mark done a campaign notice whose
product does not suit its customer (适当性): it is not recorded as given and stays open, its card saying why, and the
toast says how many were left. The real app driven by Pilot on a real database file."""

from __future__ import annotations

import sqlite3
from datetime import date

from tui_fixtures import NOW, highlight_option, settle, sync
from workbench import campaigns, followups
from workbench.db import connect
from workbench.screens.app import WorkbenchApp


def _book_points(db_file) -> list[str]:
    """An R3 product's SMS campaign accepted for M1's customers, all assessed R3 then; the first since reassessed R1
    (an extract before imports cancelled such notices, or a bundle's): its notice ids, the unsuited first."""
    conn = connect(db_file)
    try:
        conn.execute("UPDATE customers SET risk_level = 'R3'")
        campaigns.save(conn, [campaigns.Campaign("PTS", "基金双倍积分", "积分翻倍。", date(2026, 11, 18),
                                                 date(2026, 11, 30), "sms", product_risk=3)], at=NOW, by_id="S1")
        ids, _left = followups.accept_suggestions(
            conn, [s for s in followups.care_suggestions(conn, "M1", NOW.date()) if s.kind == "campaign:PTS"], at=NOW)
        (unsuited,) = conn.execute("SELECT customer_id FROM followups WHERE followup_id = ?", (ids[0],)).fetchone()
        conn.execute("UPDATE customers SET risk_level = 'R1' WHERE customer_id = ?", (unsuited,))
        conn.commit()
        return ids
    finally:
        conn.close()


@sync
async def test_the_batch_send_leaves_an_unsuited_notice_open_and_says_so(db_file):
    ids = _book_points(db_file)
    assert len(ids) >= 2
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        await highlight_option(pilot, "#agenda", ids[-1])
        await pilot.press("C", "y")
        await settle(pilot)
        said = [(n.message, n.severity) for n in app._notifications]
        assert (f"Marked {len(ids) - 1} follow-ups done. 1 campaign notice was left open: its product does not suit its"
                " customer (the card says why).", "warning") in said
        assert ids[0] in screen.items and not set(ids[1:]) & set(screen.items)
    with sqlite3.connect(db_file) as c:
        assert dict(c.execute("SELECT followup_id, status FROM followups WHERE purpose = 'campaign:PTS'")) == {
            ids[0]: "open", **dict.fromkeys(ids[1:], "done")}
