"""Migration 121: a customer an erasure entry names, whom an extract imported again before the importer left such
customers out (5f919ca), is cleared now as an erasure clears them; a database without one is left as it is. Real
database files without migration 121, the real CLI for what the desk did before it."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from import_support import write_csv
from sync_data import dump
from workbench import privacy
from workbench.db import migrations, open_db
from workbench.db.connection import SCHEMA_VERSION
from workbench.scoring.store import SCORE_COLUMNS
from workbench.txn import write_transaction

NOW = "2026-11-20T10:00:00"
HEADER = ["客户号", "姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期", "标签"]
WORDS = "问房贷，他儿子在上海"


def _extract(tmp_path, name="march.csv", aum="12000"):
    return write_csv(tmp_path / name, [
        HEADER,
        ["K1", "王芳", "女", "1980-01-01", "13800000001", "M1", "B1", aum, "2025-01-05", "老年客户"],
        ["K2", "李强", "男", "1975-05-05", "13900000002", "M1", "B1", "15000", "2025-02-01", "基金"],
        ["K3", "赵敏", "女", "1988-08-08", "13700000003", "M1", "B1", "9000", "2025-03-01", ""]])


def _run(cli, path, user, *args, now=NOW):
    done = cli("--db", path, "--now", now, "--user", user, *args)
    assert done.exit_code == 0, done.stderr
    return done


@pytest.fixture
def at_120(tmp_path, monkeypatch, cli):
    """A desk's database as it was before migration 121, where the extract and the calls came before the erasure entries:
    K1 named by an erasure entry from another desk and named here again (the old importer's doing), with a note and
    a follow-up purpose in a manager's words; K2 named only by an entry no supervisor here made; K3 erased here.
    Returns a function making it (with or without K1's entry) at a path; migration 121 waits until the test undoes
    the monkeypatch (the later ones are there: today's `log` writes their columns, and migrations apply by presence)."""
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m.version != 121])

    def make(name: str, *, named_again: bool = True):
        path = tmp_path / name
        with open_db(path) as db:
            db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
            versions = {v for (v,) in db.execute("SELECT version FROM schema_migrations")}
            assert 121 not in versions and max(versions) == SCHEMA_VERSION
        _run(cli, path, "S1", "import", "customers", _extract(tmp_path))
        for customer in ("K1", "K2"):
            _run(cli, path, "M1", "log", "--customer", customer, "--result", "reached", "--outcome", "interested",
                 "--note", f"{customer} 说下月再来", "--follow-up", "2026-11-25", "--purpose", WORDS)
        _run(cli, path, "M1", "log", "--customer", "K1", "--result", "reached", "--outcome", "call_back",
             "--follow-up", "2026-11-26", now="2026-11-20T10:05:00")
        _run(cli, path, "S1", "privacy", "erase", "--customer", "K3", "--yes", now="2026-11-20T11:00:00")
        with closing(sqlite3.connect(path)) as conn, conn:
            entries = [("e2", "K2", "X9", "not_supervisor")] + ([("e1", "K1", "S1", "unknown_customer")]
                                                                if named_again else [])
            conn.executemany("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id, status, arrived_at)"
                             " VALUES (?, ?, '2026-11-19T10:00:00', 'T-other', ?, ?, '2026-11-19T12:00:00')", entries)
        return path

    return make


def _customer(path, customer_id: str) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        cur = conn.execute("SELECT * FROM customers WHERE customer_id = ?", (customer_id,))
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def _words(path, customer_id: str) -> tuple:
    """The customer's notes, and the purposes of their follow-up events and follow-ups, sorted."""
    with closing(sqlite3.connect(path)) as conn:
        return tuple(sorted((str(v) for (v,) in conn.execute(f"SELECT {column} FROM {table} WHERE customer_id = ?",
                                                             (customer_id,))))
                     for table, column in (("outcomes", "note"), ("followup_events", "purpose"), ("followups", "purpose")))


def test_a_customer_named_again_is_cleared_as_an_erasure_clears_them(at_120, monkeypatch, tmp_path, cli):
    path = at_120("desk.sqlite")
    assert _customer(path, "K1")["name"] == "王芳"
    assert _words(path, "K1") == (["", "K1 说下月再来"], ["call_back", WORDS], ["call_back", WORDS])
    # What privacy.erase makes of K1 on a copy, for comparison.
    reference = tmp_path / "reference.sqlite"
    shutil.copy(path, reference)
    with open_db(reference) as db, write_transaction(db.conn):
        privacy.erase(db.conn, "K1", actor="S1", at=datetime.fromisoformat(NOW))
    erased = _customer(reference, "K1")
    before = {c: _customer(path, c) for c in ("K2", "K3")}
    monkeypatch.undo()

    open_db(path).close()   # applies 121
    repaired = _customer(path, "K1")
    assert repaired["name"] == "(erased)" and repaired["do_not_call_source"] == "erasure"
    assert {c: v for c, v in repaired.items() if c not in SCORE_COLUMNS} == {
        c: v for c, v in erased.items() if c not in SCORE_COLUMNS}
    assert repaired["priority"] is repaired["scored_on"] is repaired["scores_due_on"] is None
    _run(cli, path, "S1", "score")   # as the next call list would: then the scores are an erasure's too
    assert _customer(path, "K1") == erased
    # A migration writes no follow-up event (they travel in bundles): the pending ones are cancelled by hand.
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM followups WHERE customer_id = 'K1' AND status = 'open'").fetchone() == (2,)
    # The notes and the purposes in a manager's words go; a code stays (no one's data).
    assert _words(path, "K1") == ([""] * 2, ["None", "call_back"], ["None", "call_back"])
    # K2 (an entry no supervisor here made) and K3 (erased here already) are as they were.
    assert {c: _customer(path, c) for c in ("K2", "K3")} == before
    assert _words(path, "K2") == (["K2 说下月再来"], [WORDS], [WORDS])
    # The next extract leaves K1 erased, as one erased here.
    again = _run(cli, path, "S1", "import", "customers", _extract(tmp_path, "april.csv", "13000"),
                 now="2026-11-21T10:00:00")
    assert "customers K1, K3 were erased on this terminal and stay erased" in again.stdout
    assert _customer(path, "K1")["name"] == "(erased)"


def test_a_database_without_such_a_customer_is_left_as_it_is(at_120, monkeypatch):
    path = at_120("desk.sqlite", named_again=False)
    before = dump(path)
    monkeypatch.undo()
    open_db(path).close()
    after = dump(path)
    added = {v for v, *_ in after.pop("schema_migrations")} - {v for v, *_ in before.pop("schema_migrations")}
    assert added == {121}
    assert after == before
