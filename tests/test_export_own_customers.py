"""A manager's own outcome export holds the contacts with the customers they manage now, whoever logged them: its
sentence says so (and how many other staff logged), not that it holds the contacts the report counts for them."""

from __future__ import annotations

from sync_data import add_outcome, seed_branch
from workbench.db import open_db

NOW = "2026-11-20T18:00:00"


def test_a_managers_own_export_says_what_it_holds(db_path, tmp_path, cli):
    db = open_db(db_path)
    conn = db.conn
    seed_branch(conn)   # C000 and C002 are M1's, C001 M2's
    conn.execute("BEGIN")
    add_outcome(conn, "C000", "2026-11-17T09:00:00", business_outcome="interested")
    wrong = add_outcome(conn, "C002", "2026-11-17T09:30:00", line_result="no_answer")
    add_outcome(conn, "C002", "2026-11-17T09:30:00", line_result="busy", supersedes=wrong)
    add_outcome(conn, "C000", "2026-11-18T10:00:00", manager_id="M2", line_result="busy")   # before a hand-over
    add_outcome(conn, "C001", "2026-11-18T11:00:00", manager_id="M2", line_result="busy")   # not M1's customer
    conn.execute("COMMIT")
    db.close()
    out = tmp_path / "mine.csv"
    done = cli("--db", db_path, "--user", "M1", "--lang", "en", "--now", NOW, "export", "outcomes", "--out", out)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip() == (f"Wrote 4 outcomes with the customers you manage to {out}: 3 in effect (1 corrected"
                                   " later), 1 of them logged by other staff.")
    done = cli("--db", db_path, "--user", "M1", "--lang", "zh_CN", "--now", NOW, "export", "outcomes", "--out", out)
    assert done.stdout.strip() == f"已将您名下客户的 4 条外呼记录写入 {out}：有效 3 条（1 条后来已被更正），其中 1 条由其他员工记录。"
