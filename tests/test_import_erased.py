"""A customer erased on this terminal (privacy erase) stays erased: a later extract that still lists them
brings back neither their name nor their number, and the import says so."""

from __future__ import annotations

import json

from import_support import HEADER_CN, write_csv
from workbench.db import open_db

NOW = ("--now", "2026-11-20T10:00:00")


def _extract(tmp_path, name: str, aum: str):
    return write_csv(tmp_path / name, [HEADER_CN,
                                       ["K1", "王芳", "女", "1980-01-01", "13800000001", "M1", "B1", aum, "2025-01-05"],
                                       ["K2", "李强", "男", "1975-05-05", "13900000002", "M1", "B1", aum, "2025-02-01"]])


def _row(db_path, customer_id: str) -> tuple:
    with open_db(db_path) as db:
        return db.execute("SELECT name, phone_raw, phone_e164, birthday, do_not_call, aum_fen FROM customers"
                          " WHERE customer_id = ?", (customer_id,)).fetchone()


def test_a_re_import_leaves_an_erased_customer_erased_and_says_so(cli, db_path, tmp_path):
    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
    first = cli("--db", db_path, *NOW, "--user", "S1", "import", "customers", _extract(tmp_path, "march.csv", "12000"))
    assert first.exit_code == 0, first.stderr
    erased = cli("--db", db_path, *NOW, "--user", "S1", "privacy", "erase", "--customer", "K1", "--yes")
    assert erased.exit_code == 0, erased.stderr
    gone = _row(db_path, "K1")
    assert gone[1:5] == (None, None, None, 1)
    for flag in ("--dry-run", None):   # the dry run says the same, and writes nothing
        again = cli("--db", db_path, *NOW, "--user", "S1", "import", "customers",
                    _extract(tmp_path, "april.csv", "15000"), *([flag] if flag else []))
        assert again.exit_code == 0, again.stderr
        assert "Inserted 0, updated 1, unchanged 0, rejected 0." in again.stdout
        assert ("(customer K1 was erased on this terminal and stays erased: the file's row was not imported)"
                in again.stdout)
        assert _row(db_path, "K1") == gone
    assert _row(db_path, "K2")[5] == 1_500_000   # the other customer took the new figures
    with open_db(db_path) as db:
        detail = db.execute("SELECT detail FROM audit_log WHERE action = 'import' ORDER BY seq DESC").fetchone()[0]
    assert json.loads(detail)["erased_kept"] == ["K1"]


def test_an_erased_customer_given_to_a_leaver_is_left_alone_too(cli, db_path, tmp_path):
    """The extract still gives the erased K1 to M1, who has left since: K1 neither goes to the pool nor
    counts as changed (a leaver's other customers do)."""
    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
    assert cli("--db", db_path, *NOW, "--user", "S1", "import", "customers",
               _extract(tmp_path, "march.csv", "12000")).exit_code == 0
    assert cli("--db", db_path, *NOW, "--user", "S1", "privacy", "erase", "--customer", "K1", "--yes").exit_code == 0
    with open_db(db_path) as db:
        db.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M1'")   # older data: left with customers
        before = db.execute("SELECT * FROM customers WHERE customer_id = 'K1'").fetchone()
    again = cli("--db", db_path, *NOW, "--user", "S1", "import", "customers", _extract(tmp_path, "april.csv", "13000"))
    assert again.exit_code == 0, again.stderr
    assert "Inserted 0, updated 1, unchanged 0, rejected 0." in again.stdout   # K2 went to the pool
    with open_db(db_path) as db:
        assert db.execute("SELECT * FROM customers WHERE customer_id = 'K1'").fetchone() == before
        assert db.execute("SELECT manager_id FROM customers WHERE customer_id = 'K2'").fetchone() == (None,)


ELSEWHERE = "(customer K1 was erased on another desk (an erasure entry a bundle brought): the file's row was not imported)"


def _erased_on_another_desk(db_path, customer_id: str = "K1") -> None:
    """An erasure entry a bundle brought for a customer this desk did not hold then (kept alone, unknown_customer)."""
    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
        db.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id, status, arrived_at)"
                   " VALUES ('e1', ?, '2026-11-19T10:00:00', 'T-other', 'S1', 'unknown_customer', '2026-11-19T12:00:00')",
                   (customer_id,))


def _absent(db_path, customer_id: str = "K1") -> bool:
    with open_db(db_path) as db:
        return db.execute("SELECT count(*) FROM customers WHERE customer_id = ?", (customer_id,)).fetchone() == (0,)


def test_a_first_import_leaves_out_a_customer_erased_on_another_desk(cli, db_path, tmp_path):
    _erased_on_another_desk(db_path)
    done = cli("--db", db_path, *NOW, "--user", "S1", "import", "customers", _extract(tmp_path, "march.csv", "12000"))
    assert done.exit_code == 0, done.stderr
    assert "Inserted 1, updated 0, unchanged 0, rejected 0." in done.stdout and ELSEWHERE in done.stdout
    assert _absent(db_path) and _row(db_path, "K2")[0] == "李强"


def test_a_later_extract_brings_back_no_customer_erased_on_another_desk(cli, db_path, tmp_path):
    _erased_on_another_desk(db_path)
    only_k2 = write_csv(tmp_path / "feb.csv", [HEADER_CN, ["K2", "李强", "男", "1975-05-05", "13900000002", "M1", "B1",
                                                           "9000", "2025-02-01"]])
    assert cli("--db", db_path, *NOW, "--user", "S1", "import", "customers", only_k2).exit_code == 0
    for flag in ("--dry-run", None):
        again = cli("--db", db_path, *NOW, "--user", "S1", "import", "customers",
                    _extract(tmp_path, "april.csv", "15000"), *([flag] if flag else []))
        assert again.exit_code == 0, again.stderr
        assert "Inserted 0, updated 1, unchanged 0, rejected 0." in again.stdout and ELSEWHERE in again.stdout
        assert _absent(db_path)
    with open_db(db_path) as db:
        detail = db.execute("SELECT detail FROM audit_log WHERE action = 'import' ORDER BY seq DESC").fetchone()[0]
        assert "王芳" not in str(db.execute("SELECT * FROM customers").fetchall())
    assert json.loads(detail)["erased_kept"] == ["K1"]
    zh = cli("--db", db_path, *NOW, "--lang", "zh_CN", "--user", "S1", "import", "customers",
             _extract(tmp_path, "may.csv", "16000"))
    assert "客户 K1 已在其他终端删除个人信息（数据包带来的删除记录）：文件中该行未导入" in zh.stdout
