"""The levels a branch's settings come from are branches.lineage's walk up from it (parents_of(above=...), read by
key): the bank, then each branch from the top down; a loop an older database may hold ends where it comes round, and
a branch the table does not know has the bank's settings."""

from workbench.settings import _levels, _scope_chain, load_settings, set_setting


def _values(conn):
    conn.execute("INSERT INTO branches VALUES ('B0', '总行', NULL, 'bank')")
    conn.execute("INSERT INTO branches VALUES ('B1', '城东支行', 'B0', 'branch')")
    conn.execute("INSERT INTO branches VALUES ('B1-1', '城东一分理处', 'B1', 'sub_branch')")
    conn.execute("INSERT INTO branches VALUES ('B2', '城西支行', NULL, 'branch')")
    set_setting(conn, "dormancy.product_days", 120)
    set_setting(conn, "dormancy.product_days", 100, scope="B0")
    set_setting(conn, "dormancy.product_days", 90, scope="B1")
    set_setting(conn, "dormancy.product_days", 60, scope="B1-1")


def test_the_chain_runs_from_the_bank_down(fresh_db):
    conn = fresh_db.conn
    _values(conn)
    assert _scope_chain(conn, "B1-1") == ["bank", "B0", "B1", "B1-1"]
    assert load_settings(conn, "B2")["dormancy.product_days"] == 120
    assert _scope_chain(conn, None) == ["bank"] and _scope_chain(conn, "B9") == ["bank", "B9"]
    assert load_settings(conn, "B9")["dormancy.product_days"] == 120
    assert _levels(conn, "B0") == ["B0", "B1", "B1-1"] and _levels(conn, "bank") == [None, "B0", "B1", "B1-1", "B2"]


def test_a_loop_ends_where_it_comes_round(fresh_db):
    conn = fresh_db.conn
    _values(conn)
    conn.execute("UPDATE branches SET parent_id = 'B1-1' WHERE branch_id = 'B0'")   # B0 -> B1-1 -> B1 -> B0
    assert _scope_chain(conn, "B1-1") == ["bank", "B0", "B1", "B1-1"]
    assert _scope_chain(conn, "B0") == ["bank", "B1", "B1-1", "B0"]
    assert load_settings(conn, "B1-1")["dormancy.product_days"] == 60
    assert load_settings(conn, "B0")["dormancy.product_days"] == 100
    assert _levels(conn, "B1-1") == ["B0", "B1", "B1-1"]
