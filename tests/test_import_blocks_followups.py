"""An extract that puts a customer on do-not-call or withdraws their marketing consent cancels their pending call, SMS
and WeChat follow-ups inside the import's transaction, as a logged do-not-call request does (a visit stays); the
summary says how many, a dry run how many it would. Real CSV extracts into real database files."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime

from tests.import_support import run_import, write_csv
from workbench import followups
from workbench.db import open_db

AT = datetime(2026, 11, 20, 9, 0)
HEADER = ["客户号", "姓名", "客户经理号", "所属机构", "手机号", "是否拒绝营销", "营销授权"]


def _rows(flags: dict[str, tuple[str, str]]) -> list[list]:
    return [HEADER, *([cid, f"客户{cid}", "M1", "B1", f"1380013800{cid[-1]}", *flag] for cid, flag in flags.items())]


def _book(db_path) -> dict[str, str]:
    """C1 a call and a visit, C2 an SMS, C3 and C4 a call each: (customer, channel) -> id."""
    db = open_db(db_path)
    try:
        return {f"{cid} {channel}": followups.schedule(db.conn, customer_id=cid, owner_id="M1", at=AT, channel=channel,
                                                       due_on=date(2026, 11, 25 + n))
                for n, (cid, channel) in enumerate((("C1", "phone"), ("C1", "visit"), ("C2", "sms"), ("C3", "phone"),
                                                    ("C4", "wechat")))}
    finally:
        db.close()


def _statuses(db_path) -> dict[str, str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return dict(conn.execute("SELECT followup_id, status FROM followups"))


def test_an_extract_that_blocks_a_customer_cancels_their_calls_and_messages(db_path, tmp_path):
    allowed = ("否", "是")
    run_import(db_path, write_csv(tmp_path / "a.csv", _rows(dict.fromkeys(("C1", "C2", "C3", "C4"), allowed))))
    booked = _book(db_path)
    # C1 asks head office not to be called, C2 withdraws consent, C3's address changes, C4 is as before.
    later = _rows({"C1": ("是", "是"), "C2": ("否", "否"), "C3": allowed, "C4": allowed})
    later[3][1] = "客户C3改"
    extract = write_csv(tmp_path / "b.csv", later)
    dry = run_import(db_path, extract, dry_run=True)
    assert dry.followups_cancelled == [booked["C1 phone"], booked["C2 sms"]]
    assert set(_statuses(db_path).values()) == {"open"}   # a dry run writes nothing
    summary = run_import(db_path, extract, now=datetime(2026, 11, 21, 9, 0))
    assert summary.followups_cancelled == [booked["C1 phone"], booked["C2 sms"]]
    assert _statuses(db_path) == {booked["C1 phone"]: "cancelled", booked["C1 visit"]: "open",
                                  booked["C2 sms"]: "cancelled", booked["C3 phone"]: "open",
                                  booked["C4 wechat"]: "open"}
    with closing(sqlite3.connect(db_path)) as conn:
        events = conn.execute("SELECT followup_id, at FROM followup_events WHERE kind = 'cancelled' ORDER BY at,"
                              " followup_id").fetchall()
        detail = conn.execute("SELECT json_extract(detail, '$.followups_cancelled') FROM audit_log"
                              " WHERE action = 'import' ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert sorted(events) == sorted([(booked["C1 phone"], "2026-11-21T09:00:00"),
                                     (booked["C2 sms"], "2026-11-21T09:00:00")])
    assert detail == f'["{booked["C1 phone"]}","{booked["C2 sms"]}"]'


def test_the_summary_says_how_many_in_english_and_chinese(db_path, tmp_path, cli):
    first = write_csv(tmp_path / "a.csv", _rows({"C1": ("否", "是"), "C2": ("否", "是")}))
    assert cli("--db", db_path, "--now", AT.isoformat(), "import", "customers", first).exit_code == 0
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    db = open_db(db_path)
    try:
        for cid in ("C1", "C2"):
            followups.schedule(db.conn, customer_id=cid, owner_id="M1", due_on="2026-11-25", at=AT, channel="sms")
    finally:
        db.close()
    blocked = write_csv(tmp_path / "b.csv", _rows({"C1": ("是", "是"), "C2": ("否", "否")}))
    run = ("--db", db_path, "--now", "2026-11-20T10:00:00", "--user", "S1")
    dry = cli(*run, "import", "customers", blocked, "--dry-run")
    assert ("2 pending calls, messages or campaign notices would be cancelled: the extract puts their customers on"
            " do-not-call or withdraws their marketing consent.") in " ".join(dry.stdout.split())
    done = cli(*run, "--lang", "zh_CN", "import", "customers", blocked)
    assert done.exit_code == 0, done.stderr
    assert "2 条电话、短信、微信或活动通知待办跟进已取消：本次名单将其客户标为要求勿扰或撤销了营销授权。" in done.stdout


def test_an_extract_that_blocks_a_customer_cancels_their_campaign_visit_too(db_path, tmp_path):
    from workbench import campaigns

    run_import(db_path, write_csv(tmp_path / "a.csv", _rows({"C1": ("否", "是")})))
    db = open_db(db_path)
    try:
        campaigns.save(db.conn, [campaigns.Campaign(
            campaign_id="CD1", title="大额存单", offer="2.15%", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31),
            channel="phone")], at=AT, by_id=None)
        notice, service = (followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on="2026-11-25", at=AT,
                                              channel="visit", purpose=purpose) for purpose in ("campaign:CD1", "问房贷"))
    finally:
        db.close()
    summary = run_import(db_path, write_csv(tmp_path / "b.csv", _rows({"C1": ("是", "是")})), now=AT)
    assert summary.followups_cancelled == [notice]   # a campaign's notice is marketing; the service visit stays
    assert _statuses(db_path) == {notice: "cancelled", service: "open"}
