"""A customer extract that assesses a customer below a campaign product's risk level (适当性) cancels, inside the
import's transaction, their open notices of that campaign, as `campaigns import` does when it raises a product's level
and as an extract putting a customer on do-not-call cancels their follow-ups: each a 'cancelled' event, named in the
audit entry; the summary says how many (a dry run how many it would). Real CSV extracts into real database files."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

from test_campaign_product_risk import AT, launch
from tests.import_support import run_import, write_csv
from workbench import campaigns, followups
from workbench.db import open_db

HEADER = ["客户号", "姓名", "客户经理号", "所属机构", "手机号", "风险等级"]
LATER = datetime(2026, 12, 2, 9, 0)


def _extract(path, levels: dict[str, str]):
    return write_csv(path, [HEADER, *([cid, f"客户{cid}", "M1", "B1", f"1380013800{cid[-1]}", level]
                                      for cid, level in levels.items())])


def _statuses(db_path) -> dict[str, str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return dict(conn.execute("SELECT followup_id, status FROM followups"))


def _book(db_path) -> dict[str, str]:
    """The R3 fund's notice to C1, C2 and C3 (all assessed R3), a notice of a campaign without a product risk and a
    service call to C1: name -> id."""
    db = open_db(db_path)
    try:
        launch(db.conn, "R3")
        launch(db.conn, None, campaign_id="CARD", title="信用卡积分")
        booked = {cid: followups.schedule(db.conn, customer_id=cid, owner_id="M1", due_on="2026-12-03", at=AT,
                                          purpose="campaign:FUND") for cid in ("C1", "C2", "C3")}
        booked["C1 card"] = followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on="2026-12-03", at=AT,
                                               purpose="campaign:CARD")
        booked["C1 call"] = followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on="2026-12-03", at=AT,
                                               purpose="问房贷")
        db.conn.commit()
        return booked
    finally:
        db.close()


def test_an_extract_lowering_a_customers_risk_level_cancels_the_notices_it_no_longer_suits(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path / "a.csv", {"C1": "R3", "C2": "R3", "C3": "平衡型"}), now=AT)
    booked = _book(db_path)
    # C1 reassessed 保守型 (R1), C2 unchanged, C3 reassessed 进取型 (C4): only C1's fund notice goes.
    later = _extract(tmp_path / "b.csv", {"C1": "保守型", "C2": "R3", "C3": "C4"})
    said = ("1 open campaign notice would be cancelled: the extract assesses its customer below the product's risk"
            " level")
    dry = run_import(db_path, later, now=LATER, dry_run=True)
    assert said in dry.notes and set(_statuses(db_path).values()) == {"open"}
    done = run_import(db_path, later, now=LATER)
    assert said.replace("would be", "was") in done.notes
    assert _statuses(db_path) == {booked["C1"]: "cancelled", booked["C2"]: "open", booked["C3"]: "open",
                                  booked["C1 card"]: "open", booked["C1 call"]: "open"}
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT at FROM followup_events WHERE followup_id = ? AND kind = 'cancelled'",
                            (booked["C1"],)).fetchall() == [(LATER.isoformat(timespec="seconds"),)]
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'"
                                         " ORDER BY rowid DESC LIMIT 1").fetchone()[0])
    assert detail["notices_unsuited_cancelled"] == [booked["C1"]]
    db = open_db(db_path)
    try:   # what the campaign's suitability (and the card) found left to cancel by hand is gone
        assert campaigns.unsuited_notices(db.conn, campaigns.get(db.conn, "FUND")) == []
    finally:
        db.close()


def test_an_extract_without_the_risk_column_cancels_nothing_and_chinese_says_how_many(db_path, tmp_path, cli):
    run_import(db_path, _extract(tmp_path / "a.csv", {"C1": "R3", "C2": "R3", "C3": "R3"}), now=AT)
    booked = _book(db_path)
    no_risk = write_csv(tmp_path / "b.csv", [HEADER[:-1], *([cid, f"客户{cid}改", "M1", "B1", f"1380013800{cid[-1]}"]
                                                        for cid in ("C1", "C2", "C3"))])
    assert run_import(db_path, no_risk, now=LATER).notes == [] and set(_statuses(db_path).values()) == {"open"}
    lowered = _extract(tmp_path / "c.csv", {"C1": "R1", "C2": "C2", "C3": "R3"})
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    done = cli("--db", db_path, "--now", LATER.isoformat(), "--user", "S1", "--lang", "zh_CN", "import", "customers",
               lowered)
    assert done.exit_code == 0, done.stderr
    assert "2条活动通知待办已取消：本次名单对其客户的风险评估低于该产品的风险等级" in "".join(done.stdout.split())
    assert [_statuses(db_path)[booked[c]] for c in ("C1", "C2", "C3")] == ["cancelled", "cancelled", "open"]
