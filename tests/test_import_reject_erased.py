"""A rejected row of an erased customer goes to the reject report (written next to the input) with its row and
customer numbers alone: the other cells are the customer's personal data, and the reason may quote them (a birthday
that is no date). Erased here, or named by an erasure entry held here; a rejected row, a repeat, or a row taken back
as a known number without its leading zeros. The summary says how many rows were so reported. Real files, read each
way the importer reads them."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from import_support import HEADER_CN, WAYS, run_import, write_csv, write_way
from workbench import privacy
from workbench.db import open_db

BAD_DAY = "1980-02-30"   # no such day: the row is rejected, and its reason quotes the cell
# Each customer's name and phone number (the personal cells the report must not hold for an erased customer).
PEOPLE = {"001004": ("孙丽", "13800001004"), "K1": ("王芳", "13800000001"), "K2": ("李强", "13800000002"),
          "K3": ("周杰", "13800000003"), "K4": ("吴刚", "13800000004"), "K5": ("郑爽", "13800000005")}


def _row(customer: str, birthday: str = "1980-01-01", *, person: str | None = None, name: str | None = None) -> list:
    """An extract row of the customer (as `person`'s, when the number is written otherwise)."""
    known_name, phone = PEOPLE[person or customer]
    return [customer, name or known_name, "女", birthday, phone, "M1", "B1", "12000", "2025-01-05"]


def _erased_desk(db_path, tmp_path) -> None:
    """001004, K1 and K5 imported and erased here; K3 named by an erasure entry from another desk (not held here);
    K4 by an entry no supervisor here made; K2 an ordinary customer."""
    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
    run_import(db_path, write_csv(tmp_path / "first.csv", [HEADER_CN, *(_row(c) for c in ("001004", "K1", "K2", "K5"))]))
    with open_db(db_path) as db:
        for customer in ("001004", "K1", "K5"):
            privacy.erase_customer(db.conn, customer, actor="S1", at=datetime(2026, 11, 19, 10, 0))
        db.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id, status) VALUES"
                   " ('e3', 'K3', '2026-11-18T10:00:00', 'T-other', 'S1', 'unknown_customer'),"
                   " ('e4', 'K4', '2026-11-18T10:00:00', 'T-other', 'X9', 'not_supervisor')")


def _report(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _erased(customer: str) -> str:
    return (f"customer {customer} was erased: the row's other cells and why it was rejected are left out (an erased"
            " customer's row is never imported)")


@pytest.mark.parametrize("way", WAYS)
def test_an_erased_customers_rejected_row_keeps_its_row_and_customer_numbers_alone(db_path, tmp_path, way):
    _erased_desk(db_path, tmp_path)
    rows = [HEADER_CN, _row("K1", BAD_DAY), _row("K2", BAD_DAY), _row("K3", BAD_DAY), _row("K4", BAD_DAY),
            _row("K5"), _row("K5", name="郑爽又"), _row("1004", person="001004"), _row("Ｋ１", BAD_DAY, person="K1")]
    summary = run_import(db_path, write_way(tmp_path, rows, way))
    assert summary.rejected == 7 and summary.rejects_blanked == 5
    assert ("5 rejected rows are erased customers': the reject report keeps their row and customer numbers alone"
            in summary.notes)
    report = _report(summary.reject_file)
    blank = [""] * (len(report[0]) - 3)   # write_way adds two columns
    said = f"出生日期: '{BAD_DAY}' is not a date"
    # The csv module's way breaks each row's tags cell over two lines: still one row each, as a spreadsheet counts.
    assert [row[0] for row in report[1:]] == [str(1 + n) for n in (1, 2, 3, 4, 6, 7, 8)]
    assert [row[1:] if row[1] != said else [said, *row[2:11]] for row in report[1:]] == [
        [_erased("K1"), "K1", *blank],
        [said, *rows[2]],
        [_erased("K3"), "K3", *blank],   # erased on another desk
        [said, *rows[4]],   # an entry no supervisor here made erases nothing
        [_erased("K5"), "K5", *blank],   # a repeat, quoted at the end
        [_erased("001004"), "1004", *blank],   # the erased 001004 without its zeros, taken back
        [_erased("K1"), "Ｋ１", *blank],   # full-width, as the importer reads it: K1
    ]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert [word for customer in ("001004", "K1", "K3", "K5") for word in PEOPLE[customer] if word in text] == []
    assert "郑爽又" not in text and text.count(BAD_DAY) == 4   # in K2's and K4's rows alone, cell and reason


def test_without_erased_customers_the_report_is_as_before_and_the_summary_says_nothing(db_path, tmp_path, cli):
    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor')")
    path = write_csv(tmp_path / "x.csv", [HEADER_CN, _row("K1", BAD_DAY), _row("K2")])
    done = cli("--db", db_path, "--now", "2026-11-20T10:00:00", "--user", "S1", "import", "customers", path)
    assert done.exit_code == 0, done.stderr
    assert "reject report keeps" not in done.stdout
    assert _report(tmp_path / "x.csv.rejects.csv")[1] == ["2", f"出生日期: '{BAD_DAY}' is not a date", *_row("K1", BAD_DAY)]


def test_the_summary_counts_them_in_chinese_too(db_path, tmp_path, cli):
    _erased_desk(db_path, tmp_path)
    path = write_csv(tmp_path / "x.csv", [HEADER_CN, _row("K1", BAD_DAY), _row("K2")])
    done = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-11-20T10:00:00", "--user", "S1", "import",
               "customers", path)
    assert done.exit_code == 0, done.stderr
    assert "1 行拒收行属于已删除个人信息的客户：拒收报告只保留其行号和客户号" in done.stdout
    assert _report(tmp_path / "x.csv.rejects.csv")[1][1] == (
        "客户 K1 的个人信息已删除：该行其余单元格及拒收原因均不列出（已删除客户的行不会导入）")
