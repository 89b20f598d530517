"""The unassigned pool: customers no manager looks after, which supervisors see and assign."""

import json

from tests.import_support import customers, run_import, write_csv
from workbench.db import open_db

NOW = "2026-03-01T09:00:00"


def branch_with_pool(cli, db_path, tmp_path):
    """Three customers of B1 without a manager (one of them 未分配), one with M1, one inactive; S1 supervises."""
    run_import(db_path, write_csv(tmp_path / "a.csv", [
        ["客户号", "姓名", "客户经理号", "所属机构", "资产余额", "出生日期"],
        ["P1", "甲", "", "B1", "1,000", ""], ["P2", "乙", "未分配", "B1", "900,000", ""],
        ["P3", "丙", "", "B2", "50", ""], ["K1", "丁", "M1", "B1", "10", ""], ["X1", "戊", "", "B1", "10", ""]]))
    run_import(db_path, write_csv(tmp_path / "b.csv", [["客户号", "姓名", "所属机构"], ["P1", "甲", "B1"], ["P2", "乙", "B1"],
                                                       ["K1", "丁", "B1"]]), full=True)
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    added = cli("--db", db_path, "--now", NOW, "--user", "S1", "followup", "add", "--customer", "P1",
                "--when", "2026-03-05", "--manager", "S1")
    assert added.exit_code == 0, added.stderr
    return db_path


def pool(cli, db_path, *args):
    result = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_pool_lists_active_unassigned_customers_most_valuable_first(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    listed = pool(cli, db_path)
    assert listed["total"] == 3 and [c["customer_id"] for c in listed["customers"]] == ["P2", "P1", "P3"]
    assert listed["customers"][0]["aum_fen"] == 90_000_000 and listed["customers"][0]["name"] == "乙"
    only_b2 = pool(cli, db_path, "--branch", "B2", "--limit", "5")
    assert only_b2["total"] == 1 and [c["customer_id"] for c in only_b2["customers"]] == ["P3"]
    assert pool(cli, db_path, "--limit", "1")["total"] == 3
    table = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list").stdout
    assert "Unassigned pool: 3 of 3" in table and "P2" in table and "900,000" in table and "X1" not in table



def test_the_pool_lists_page_by_page(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    pages = [pool(cli, db_path, "--limit", "2", "--page", str(n)) for n in (1, 2)]
    assert [[c["customer_id"] for c in page["customers"]] for page in pages] == [["P2", "P1"], ["P3"]]
    assert [page["offset"] for page in pages] == [0, 2]
    table = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--limit", "2", "--page", "2").stdout
    assert "Unassigned pool: 3–3 of 3" in table and "P3" in table and "P2" not in table
    for shape in ((), ("--json",)):   # past the end is said the same way in either output
        past = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--limit", "2", "--page", "3", *shape)
        assert past.exit_code == 2 and not past.stdout
        assert past.stderr == "error: The pool fills 2 pages of 2 (3 waiting); there is no page 3.\n"
    huge = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--page", "100000000000", "--limit", "100000000")
    assert huge.exit_code == 2 and "there is no page 100000000000." in huge.stderr   # was an OverflowError
    bad = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--page", "0")
    assert bad.exit_code == 2 and bad.stderr == "error: --page must be at least 1, not 0.\n"


def test_an_unknown_branch_is_named_as_unknown_on_any_page_in_either_output(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    for args in ((), ("--page", "2"), ("--json",), ("--json", "--page", "2")):   # page 2 said "0 customers"
        unknown = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list", "--branch", "B9", *args)
        assert unknown.exit_code == 2 and not unknown.stdout
        assert unknown.stderr == "error: Unknown branch 'B9'; the known branches are: B1, B2.\n"
    assert pool(cli, db_path, "--branch", "B2")["total"] == 1   # a known branch still lists its pool


def test_the_pools_warm_leads_come_first_with_who_logged_the_interest(cli, db_path, tmp_path):
    from datetime import datetime

    from workbench.outcomes import log_outcome

    branch_with_pool(cli, db_path, tmp_path)
    db = open_db(db_path)   # M1 called P3, who was interested; then P3 went back to the pool
    db.execute("UPDATE customers SET manager_id = 'M1', phone_e164 = '+8613900000009', phone_valid = 1"
               " WHERE customer_id = 'P3'")
    log_outcome(db.conn, customer_id="P3", manager_id="M1", line_result="reached", business_outcome="interested",
                at=datetime(2026, 2, 27, 10))
    db.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P3'")
    db.close()
    listed = pool(cli, db_path)["customers"]
    assert [(c["customer_id"], c["lead"] and (c["lead"]["score"], c["lead"]["intent_by"])) for c in listed] == [
        ("P3", (50.0, "M1")), ("P2", None), ("P1", None)]
    assert [c["customer_id"] for c in pool(cli, db_path, "--branch", "B1")["customers"]] == ["P2", "P1"]
    table = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "list").stdout
    assert "Unassigned pool: 3 of 3, 1 warm lead first" in table
    assert [line.split()[-1] for line in table.splitlines() if line.strip().startswith("P")] == ["50", "900,000", "1,000"]
    zh = cli("--db", db_path, "--now", NOW, "--user", "S1", "--lang", "zh_CN", "pool", "list").stdout
    assert "1 名意向客户排在前面" in zh and "意向分" in zh


def test_a_manager_may_not_see_or_assign_the_pool_and_the_attempt_is_audited(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    for command in (["list"], ["assign", "P1", "--to", "M1"]):
        refused = cli("--db", db_path, "--user", "M1", "pool", *command)
        assert refused.exit_code == 3 and "Only a supervisor may" in refused.stderr
    db = open_db(db_path)
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'refusal' AND actor = 'M1'").fetchone() == (2,)
    db.close()


def test_assigning_moves_customers_and_their_follow_ups_all_or_none(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    mixed = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "assign", "P1", "K1", "--to", "M1")
    assert mixed.exit_code == 2 and "Customer K1 is not in the pool: M1 looks after them" in mixed.stderr
    gone = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "assign", "X1", "--to", "M1")
    assert gone.exit_code == 2 and "Customer X1 is inactive" in gone.stderr
    to_supervisor = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "assign", "P1", "--to", "S1")
    assert to_supervisor.exit_code == 2 and "customers are assigned to managers" in to_supervisor.stderr
    assert customers(db_path, "customer_id, manager_id") == [
        ("K1", "M1"), ("P1", None), ("P2", None), ("P3", None), ("X1", None)]
    done = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "assign", "P1", "P2", "P1", "--to", "M1")
    assert done.exit_code == 0 and done.stdout.strip() == "2 customers now belong to M1. 1 follow-up moved along."
    assert customers(db_path, "customer_id, manager_id")[:3] == [("K1", "M1"), ("P1", "M1"), ("P2", "M1")]
    assert pool(cli, db_path)["total"] == 1
    db = open_db(db_path)
    assert db.conn.execute("SELECT owner_id FROM followups WHERE customer_id = 'P1'").fetchone() == ("M1",)
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'reassign' AND actor = 'S1'").fetchone() == (2,)
    db.close()


def test_a_page_of_the_pool_is_read_in_index_order_not_sorted(fresh_db):
    """customers_pool serves the pool's order (no sort of every pooled customer), and gives the order the
    sort would: unscored last, then priority, assets and number, ties and NULLs included."""
    from workbench.pool import pool_page, pool_size

    conn = fresh_db.conn
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '一'), ('B2', '二')")
    conn.executemany(
        "INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, active) VALUES (?, ?, ?, ?, ?, ?)",
        [(f"C{n:03d}", f"客户{n}", f"B{1 + n % 2}", (n * 37) % 5 * 100, None if n % 7 == 0 else float(n % 4), int(n % 11 != 0))
         for n in range(120)])
    sql = ("SELECT customer_id FROM customers WHERE manager_id IS NULL AND active = 1 {branch}"
           " ORDER BY priority IS NULL, priority DESC, aum_fen DESC, customer_id")
    for branch, params in ((None, ()), ("B2", ("B2",))):
        expected = [r[0] for r in conn.execute(sql.format(branch="AND branch_id = ?" if branch else ""), params)]
        assert [e.customer_id for e in pool_page(conn, branch_id=branch, limit=500)] == expected
        assert [e.customer_id for e in pool_page(conn, branch_id=branch, limit=7, offset=20)] == expected[20:27]
        assert pool_size(conn, branch) == len(expected)
    # Customers named first (the pool's warm leads) head the pages, those still in the pool, in that order.
    expected = [r[0] for r in conn.execute(sql.format(branch=""))]
    first = [expected[30], "C999", expected[5], expected[30]]
    ahead = [expected[30], expected[5]] + [c for c in expected if c not in (expected[30], expected[5])]
    assert [e.customer_id for e in pool_page(conn, limit=500, first=first)] == ahead
    for offset, limit in ((0, 1), (1, 3), (2, 4), (9, 5)):
        assert [e.customer_id for e in pool_page(conn, limit=limit, offset=offset, first=first)] == ahead[offset:offset + limit]
    seen = []
    conn.set_trace_callback(seen.append)   # the statement pool_page runs, its values filled in
    pool_page(conn, limit=10)
    conn.set_trace_callback(None)
    plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + seen[-1]))
    assert "customers_pool" in plan and "TEMP B-TREE" not in plan
    # The customers named first are looked up by their key, not found by reading the whole pool.
    for branch in (None, "B2"):
        seen.clear()
        conn.set_trace_callback(seen.append)
        pool_page(conn, branch_id=branch, limit=10, first=["C001"])
        conn.set_trace_callback(None)
        plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + seen[0]))
        assert "(customer_id=?)" in plan and "customers_manager" not in plan and "customers_branch" not in plan


def test_a_long_branch_name_wraps_whole_in_a_narrow_chinese_table(cli, db_path, tmp_path, monkeypatch):
    branch_with_pool(cli, db_path, tmp_path)
    with open_db(db_path) as db:
        db.execute("UPDATE branches SET name = '浦江银行城东支行营业部' WHERE branch_id = 'B1'")
    monkeypatch.setenv("COLUMNS", "60")
    table = cli("--db", db_path, "--now", NOW, "--user", "S1", "--lang", "zh_CN", "pool", "list").stdout.splitlines()
    assert not [line for line in table if "…" in line]   # was cut: 浦江 …
    first = next(i for i, line in enumerate(table) if line.split()[:1] == ["P2"])
    pieces = [table[first].split()[2]]
    for line in table[first + 1:]:
        if not line.strip() or line.split()[0].startswith("P"):
            break
        pieces.append(line.split()[0])   # the branch cell's next line: the only text on a continuation line
    assert "".join(pieces) == "浦江银行城东支行营业部" and len(pieces) > 1


def test_assigning_a_customer_to_a_manager_of_another_branch_says_so_as_reassign_does(cli, db_path, tmp_path):
    """Allowed, as `reassign` allows it, and said in the same sentence: it took a customer of another branch
    silently while `reassign` said where the customer stays."""
    branch_with_pool(cli, db_path, tmp_path)
    with open_db(db_path) as db:
        db.execute("UPDATE branches SET name = '城东支行' WHERE branch_id = 'B1'")
        db.execute("UPDATE staff SET name = '周敏', branch_id = 'B1' WHERE staff_id = 'M1'")
    done = cli("--db", db_path, "--now", NOW, "--user", "S1", "pool", "assign", "P1", "P3", "--to", "M1")
    assert done.exit_code == 0 and done.stdout == "2 customers now belong to M1. 1 follow-up moved along.\n"
    note = ("note: customer P3 stays with B2 and M1 周敏 works at 城东支行 (B1): the customer now shows on the list of"
            " a manager of another branch.\n")
    assert done.stderr == note   # P1 is of M1's branch: nothing said
    with open_db(db_path) as db:   # back to the pool, to be given again
        db.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P3'")
    again = cli("--db", db_path, "--now", NOW, "--user", "S1", "reassign", "--customer", "P3", "--to", "M1")
    assert again.exit_code == 0 and again.stderr == note   # one sentence, one builder
    zh = cli("--db", db_path, "--now", NOW, "--user", "S1", "--lang", "zh_CN", "pool", "assign", "P2", "--to", "M1")
    assert zh.exit_code == 0 and zh.stdout == "1 名客户已分配给 M1。\n" and not zh.stderr
    with open_db(db_path) as db:
        db.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P3'")
        db.execute("UPDATE branches SET name = '城北支行' WHERE branch_id = 'B2'")
    zh = cli("--db", db_path, "--now", NOW, "--user", "S1", "--lang", "zh_CN", "pool", "assign", "P3", "--to", "M1")
    assert zh.exit_code == 0 and zh.stderr == ("提示：客户 P3 仍属于城北支行（B2），而 M1 周敏所在网点是城东支行（B1）："
                                               "该客户现在出现在另一网点客户经理的名单上。\n")


def test_the_follow_ups_moved_along_follow_the_chinese_sentence_without_a_space(cli, db_path, tmp_path):
    branch_with_pool(cli, db_path, tmp_path)
    done = cli("--db", db_path, "--now", NOW, "--user", "S1", "--lang", "zh_CN", "pool", "assign", "P1", "--to", "M1")
    assert done.exit_code == 0 and done.stdout == "1 名客户已分配给 M1。1 条跟进随之转移。\n"
