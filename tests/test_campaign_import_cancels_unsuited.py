"""`campaigns import` of a file that gives (or raises) a campaign's product risk cancels, in its own transaction, the
campaign's open notices to customers its product does not suit (适当性), booked before: as a do-not-call request
cancels a customer's pending follow-ups, each is a 'cancelled' event that a bundle carries to the other desks. A dry
run says which it would cancel and cancels none. Real database files, the real CLI and a real bundle."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import datetime

from factories import add_customer, seed_branch
from test_campaign_product_risk import AT, FILE, launch
from workbench import followups
from workbench.db import open_db
from workbench.sync.bundle import export_bundle, import_bundle


def status(path, followup_id: str) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT status FROM followups WHERE followup_id = ?", (followup_id,)).fetchone()[0]


def test_import_giving_the_product_risk_cancels_the_unsuited_notices_and_a_bundle_carries_it(cli, db_path, tmp_path):
    db = open_db(db_path)
    seed_branch(db)
    add_customer(db, "K0", risk_level="R1")
    add_customer(db, "K3", risk_level="R3")
    launch(db.conn, None)   # head office's fund, its product risk not given yet
    notices = {customer: followups.schedule(db.conn, customer_id=customer, owner_id="M1", due_on="2026-12-02", at=AT,
                                            purpose="campaign:FUND") for customer in ("K0", "K3")}
    other = followups.schedule(db.conn, customer_id="K0", owner_id="M1", due_on="2026-12-02", at=AT, purpose="问房贷")
    db.conn.commit()
    db.close()
    desk = tmp_path / "desk.sqlite"   # another terminal, holding the same notices
    shutil.copy(db_path, desk)
    with closing(sqlite3.connect(desk)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    hq = tmp_path / "hq.toml"
    hq.write_text(FILE + 'product_risk = "R3"\n', encoding="utf-8")
    run = ("--db", db_path, "--now", AT.isoformat(), "--user", "S1", "campaigns", "import")

    dry = cli(*run, hq, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    said = f"    1 open notice to a customer its product does not suit would be cancelled: {notices['K0'][:8]}."
    assert dry.stdout.splitlines()[-1] == said and "cancel it (`workbench followup cancel" not in dry.stdout
    assert status(db_path, notices["K0"]) == "open"

    done = cli(*run, hq)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == said.replace("would be", "was")
    assert [status(db_path, notices["K0"]), status(db_path, notices["K3"]), status(db_path, other)] == [
        "cancelled", "open", "open"]
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT by_id FROM followup_events WHERE followup_id = ? AND kind = 'cancelled'",
                            (notices["K0"],)).fetchall() == [("S1",)]
        (detail,) = conn.execute("SELECT detail FROM audit_log WHERE action = 'campaigns_import'"
                                 " ORDER BY rowid DESC LIMIT 1").fetchone()
    assert json.loads(detail)["cancelled"] == {"FUND": [notices["K0"]]}
    # Imported again, the same level: nothing left to cancel, nothing said.
    again = cli(*run, hq)
    assert "cancel" not in again.stdout

    bundle = tmp_path / "s1.wbundle"
    source = open_db(db_path)
    export_bundle(source.conn, bundle, now=datetime(2026, 12, 1, 10, 0))
    source.close()
    there = open_db(desk)
    import_bundle(there.conn, bundle, now=datetime(2026, 12, 1, 11, 0), actor="S1")
    there.close()
    assert [status(desk, notices["K0"]), status(desk, notices["K3"])] == ["cancelled", "open"]


def test_a_lower_or_the_same_product_risk_cancels_nothing_and_chinese_says_it(cli, db_path, tmp_path):
    db = open_db(db_path)
    seed_branch(db)
    add_customer(db, "K2", risk_level="R2")
    launch(db.conn, "R2")
    notice = followups.schedule(db.conn, customer_id="K2", owner_id="M1", due_on="2026-12-02", at=AT,
                                purpose="campaign:FUND")
    db.conn.commit()
    db.close()
    hq = tmp_path / "hq.toml"
    run = ("--db", db_path, "--now", AT.isoformat(), "--user", "S1", "--lang", "zh_CN", "campaigns", "import", hq)
    hq.write_text(FILE + 'product_risk = "R1"\n', encoding="utf-8")
    lowered = cli(*run).stdout
    assert "已取消" not in lowered and "将取消" not in lowered and status(db_path, notice) == "open"
    hq.write_text(FILE + 'product_risk = "R4"\n', encoding="utf-8")
    raised = cli(*run)
    assert raised.exit_code == 0, raised.stderr
    assert raised.stdout.splitlines()[-1] == f"    已取消 1 条客户不适合该产品的待办通知：{notice[:8]}。"
    assert status(db_path, notice) == "cancelled"
