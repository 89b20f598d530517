"""A long customer name (a company's, a union's) is cut with "…" in the CLI's tables, so the rank, the
phone and the reasons of every row stay readable at 80 columns and wider."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from engine_rows import WAN, add_customer, add_staff, basic_branch
from workbench.cli.base import name_cells
from workbench.db import open_db

NOW = ("--now", "2026-11-20T10:00:00")
LONG = "上海浦东新区张江高科技园区某某智能科技有限公司工会委员会"


@pytest.fixture
def db(db_path):
    with open_db(db_path) as db:
        basic_branch(db.conn)
        add_staff(db.conn, "S1", "王主管", role="supervisor")
        for i, (name, manager) in enumerate([(LONG, "M1"), ("王五", "M1"), (LONG, None), ("李四", None)], 1):
            add_customer(db.conn, f"C{i}", name=name, manager_id=manager, aum_fen=8 * WAN, last_activity_on="2024-01-01")
    return db_path


@pytest.mark.parametrize("columns", [80, 120])
def test_the_call_list_keeps_rank_phone_and_reasons_beside_a_long_name(cli, db, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("--db", db, *NOW, "--user", "M1", "calllist", "--manager", "M1")
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "138****" in line]
    assert len(rows) == 2 and all(cell_len(line) <= columns for line in result.stdout.splitlines())
    for rank, line in enumerate(rows, 1):
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        assert cells[0] == str(rank) and cells[2].startswith("138****") and len(cells[2]) == 11 and cells[-1]
    long_cell = next(cell.strip() for line in rows for cell in line.split("│")[1:-1] if cell.strip().startswith("上海"))
    assert long_cell.endswith("…") and cell_len(long_cell) <= name_cells(columns)


def test_the_pool_cuts_a_long_name_and_keeps_the_other_columns(cli, db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--db", db, *NOW, "--user", "S1", "pool", "list")
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()[:2] in ("C3", "C4")}
    assert set(rows) == {"C3", "C4"}
    assert "…" in rows["C3"] and "80,000" in rows["C3"]
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
