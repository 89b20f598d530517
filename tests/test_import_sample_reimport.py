"""README: an extract of the sample's own customers as head office gave them, re-imported, updates none; one dumped from
the database itself updates the 14 inactive customers it lists (active again) and the 29 whose do-not-call flag the
branch's own calls set (the file states it, so it becomes head office's)."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime

from tests.committed_sample import SAMPLE
from tests.import_support import run_import
from workbench.db import open_db

LATER = datetime(2027, 1, 4, 9, 0)   # after every date the sample holds
HEADER = ["客户号", "客户姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "峰值资产", "开户日期",
          "首次交易日期", "最近交易日期", "最近登录日期", "近12个月交易次数", "风险等级", "是否拒绝营销", "营销授权", "标签"]


def extract(conn, path, *, as_head_office: bool):
    """The sample's customers as an extract: head office's (active customers, its own do-not-call flags), or every
    customer as the database holds them."""
    where, flag = ("active = 1", "do_not_call_source IS 'extract'") if as_head_office else ("1", "do_not_call")
    rows = conn.execute(
        "SELECT customer_id, name, CASE gender WHEN 'M' THEN '男' WHEN 'F' THEN '女' END, birthday, phone_raw, manager_id,"
        " branch_id, printf('%.2f', aum_fen / 100.0), printf('%.2f', aum_peak_fen / 100.0), opened_on, first_activity_on,"
        f" last_activity_on, last_login_on, activity_count_12m, risk_level, iif({flag}, '是', '否'),"
        f" iif(consent, '是', '否'), tags FROM customers WHERE {where} ORDER BY customer_id").fetchall()
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *[["" if cell is None else cell for cell in row] for row in rows]])
    return path


def test_the_samples_own_extract_updates_none_and_a_dump_of_it_updates_what_it_states_anew(tmp_path):
    db_path = tmp_path / "sample.sqlite"
    shutil.copy(SAMPLE, db_path)
    with open_db(db_path) as db:
        own = extract(db.conn, tmp_path / "own.csv", as_head_office=True)
        dump = extract(db.conn, tmp_path / "dump.csv", as_head_office=False)
        inactive, by_calls = db.conn.execute(
            "SELECT sum(active = 0), sum(do_not_call_source IS 'outcome' AND active = 1) FROM customers").fetchone()
    summary = run_import(db_path, own, LATER, dry_run=True)
    assert (summary.inserted, summary.updated, summary.rejected) == (0, 0, 0)
    summary = run_import(db_path, dump, LATER, dry_run=True)
    assert (summary.inserted, summary.rejected, summary.reactivated) == (0, 0, inactive)
    assert summary.updated == inactive + by_calls
