"""An extract that gives no consent is read as consenting (README), and the import says so, so that a supervisor can
stop before the list is called: a file with no consent column that adds customers says how many new ones are recorded
as consenting, a file whose consent cells are blank how many blank cells were read as consent (a dry run: would), and
the import's audit entry holds both counts. Real CSV and XLSX extracts into real database files, read in this process
and by the reader process; a repeated or erased customer's blank cell, not stored, is not counted."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from tests.import_support import run_import, write_csv, write_xlsx
from workbench import privacy
from workbench.db import open_db

HEADER = ["客户号", "姓名", "客户经理号", "所属机构", "手机号"]


def _row(cid: str) -> list:
    return [cid, f"客户{cid}", "M1", "B1", f"1380013800{cid[-1]}"]


def _consents(db_path) -> dict[str, int]:
    with closing(sqlite3.connect(db_path)) as conn:
        return dict(conn.execute("SELECT customer_id, consent FROM customers"))


def _audit(db_path) -> dict:
    with closing(sqlite3.connect(db_path)) as conn:
        return json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'"
                                       " ORDER BY rowid DESC LIMIT 1").fetchone()[0])


def test_a_file_without_a_consent_column_counts_its_new_customers_as_consenting(db_path, tmp_path):
    first = write_csv(tmp_path / "a.csv", [HEADER, _row("C1"), _row("C2")])
    assert run_import(db_path, first, dry_run=True).consent_assumed == 2
    summary = run_import(db_path, first)
    assert (summary.consent_assumed, summary.consent_blank) == (2, 0)
    assert _consents(db_path) == {"C1": 1, "C2": 1}
    assert _audit(db_path)["consent_assumed"] == 2
    # Known customers keep the consent stored: only the new one is assumed.
    again = run_import(db_path, write_csv(tmp_path / "b.csv", [HEADER, _row("C1"), _row("C3")]))
    assert (again.inserted, again.consent_assumed) == (1, 1)


@pytest.mark.parametrize("kind, workers", [("csv", 0), ("csv", 1), ("xlsx", 0)])
def test_blank_consent_cells_are_counted_and_stored_as_consent(db_path, tmp_path, kind, workers):
    rows = [[*HEADER, "营销授权"], [*_row("C1"), ""], [*_row("C2"), "NULL"], [*_row("C3"), "是"],
            [*_row("C4"), "否"], [*_row("C5"), "-"]]
    if kind == "xlsx":
        rows[1][-1] = None   # an empty cell, as Excel leaves it
        extract = write_xlsx(tmp_path / "a.xlsx", rows)
    else:
        extract = write_csv(tmp_path / "a.csv", rows)
    assert run_import(db_path, extract, dry_run=True, workers=workers).consent_blank == 3
    assert _consents(db_path) == {}
    summary = run_import(db_path, extract, workers=workers)
    assert (summary.consent_blank, summary.consent_assumed) == (3, 0)
    assert _consents(db_path) == {"C1": 1, "C2": 1, "C3": 1, "C4": 0, "C5": 1}
    assert _audit(db_path)["consent_blank"] == 3
    # Read again, a blank cell is consent as stored: the customers are unchanged, and it says so again.
    again = run_import(db_path, write_csv(tmp_path / "b.csv", [*rows, [*_row("C6"), "是"]]), workers=workers)
    assert (again.inserted, again.unchanged, again.consent_blank) == (1, 5, 3)


@pytest.mark.parametrize("workers", [0, 1])
def test_only_the_blank_consent_cells_stored_are_counted(db_path, tmp_path, workers):
    """A repeat's row is dropped (the first row kept) and an erased customer's row left out: their blank cells are not
    read as consent, so not counted."""
    repeats = write_csv(tmp_path / "a.csv", [[*HEADER, "营销授权"], [*_row("C1"), ""], [*_row("C1"), ""],
                                             [*_row("C2"), "否"], [*_row("C2"), ""]])
    assert run_import(db_path, repeats, dry_run=True, workers=workers).consent_blank == 1
    summary = run_import(db_path, repeats, workers=workers)
    assert (summary.inserted, summary.consent_blank) == (2, 1)
    assert _consents(db_path) == {"C1": 1, "C2": 0}
    assert _audit(db_path)["consent_blank"] == 1
    with open_db(db_path) as db:   # C1 erased here, C4 by an erasure entry from another desk
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
        privacy.erase_customer(db.conn, "C1", actor="S1", at=datetime(2026, 3, 1, 10, 0))
        db.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id, status) VALUES"
                   " ('e4', 'C4', '2026-03-01T10:00:00', 'T-other', 'S1', 'unknown_customer')")
    erased = write_csv(tmp_path / "b.csv", [[*HEADER, "营销授权"], [*_row("C1"), ""], [*_row("C3"), ""],
                                            [*_row("C4"), ""]])
    again = run_import(db_path, erased, now=datetime(2026, 3, 2, 9, 0), workers=workers)
    assert (again.inserted, again.erased_kept, again.consent_blank) == (1, ["C1", "C4"], 1)


@pytest.mark.parametrize("workers", [0, 1])
def test_a_row_taken_back_as_a_known_number_without_its_leading_zeros_is_not_counted(db_path, tmp_path, monkeypatch,
                                                                                      workers):
    """1004 for the known 001004 (Excel dropped the zeros) is inserted, then taken back and rejected: its blank cell
    is no customer recorded as consenting. Parts of a quarter of the file, so the rows taken back lie in two."""
    from workbench.importing import blocks, run

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 * 1024)
    monkeypatch.setattr(run, "_part_bytes", lambda conn, size, spare: size // 4)
    known = [["001004", "张三", "M1", "B1", "13800138004", "是"], ["0777", "李四", "M1", "B1", "13800138007", "否"]]
    run_import(db_path, write_csv(tmp_path / "a.csv", [[*HEADER, "营销授权"], *known]))
    rows = [[f"C{n:04d}", f"客户{n}", "M1", "B1", f"1380013{n:04d}", "" if n % 3 == 0 else "是"] for n in range(2000)]
    rows[5][0] = "1004"    # blank (5 is not a multiple of 3)
    rows[5][-1] = ""
    rows[1990][0] = "777"   # blank too, near the end of the file
    rows[1990][-1] = ""
    later = write_csv(tmp_path / "b.csv", [[*HEADER, "营销授权"], *rows])
    stored = sum(1 for row in rows if row[-1] == "") - 2
    assert run_import(db_path, later, dry_run=True, workers=workers).consent_blank == stored
    summary = run_import(db_path, later, workers=workers)
    assert (summary.zero_variants, summary.inserted, summary.rejected) == (2, 1998, 2)
    assert (summary.consent_blank, _audit(db_path)["consent_blank"]) == (stored, stored)
    assert {k: v for k, v in _consents(db_path).items() if not k.startswith("C")} == {"001004": 1, "0777": 0}


def test_the_summary_says_it_in_english_and_chinese(db_path, tmp_path, cli):
    no_column = write_csv(tmp_path / "a.csv", [HEADER, _row("C1"), _row("C2")])
    dry = cli("--db", db_path, "import", "customers", no_column, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert ("The file has no consent column: 2 new customers would be recorded as consenting to marketing."
            in " ".join(dry.stdout.split()))
    done = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", no_column)
    assert done.exit_code == 0, done.stderr
    assert "文件没有营销授权列：新增的 2 位客户按已授权营销处理。" in done.stdout
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    blanks = write_csv(tmp_path / "b.csv", [[*HEADER, "营销授权"], [*_row("C3"), ""], [*_row("C4"), "否"]])
    told = cli("--db", db_path, "--lang", "zh_CN", "--user", "S1", "import", "customers", blanks)
    assert told.exit_code == 0, told.stderr
    assert "1 个营销授权单元格为空，已按已授权处理。" in told.stdout
    assert "文件没有营销授权列" not in told.stdout
    more = write_csv(tmp_path / "c.csv", [[*HEADER, "营销授权"], [*_row("C5"), " "]])
    english = cli("--db", db_path, "--user", "S1", "import", "customers", more, "--dry-run")
    assert "1 blank consent cell would be read as consent." in " ".join(english.stdout.split())
