"""`workbench calllist` shows a priority the contact attempts penalty took below zero as it is, beside the reason
that says so, and never as -0.0; --json keeps the number as scored."""

import json

import pytest

from engine_rows import WAN, add_customer, basic_branch
from workbench import priority
from workbench.db import open_db
from workbench.settings import set_setting

DAY = ("--now", "2026-03-11T10:00:00")


@pytest.fixture
def attempted(cli, db_path):
    """M1's customers, 客户4 tried once and 客户5 twice, scored with a penalty per attempt that takes 客户4 to -0.04."""
    db = open_db(db_path)
    basic_branch(db.conn)
    for i in range(4, 10):
        add_customer(db.conn, f"C{i}", name=f"客户{i}", aum_fen=i * WAN)
    set_setting(db.conn, "priority.penalty_recent_attempt", 0)
    db.close()
    for cid, day in (("C4", "2026-03-10"), ("C5", "2026-03-09"), ("C5", "2026-03-10")):
        tried = cli("--db", db_path, "--now", f"{day}T10:00:00", "--user", "M1", "log", "--customer", cid,
                    "--result", "no_answer")
        assert tried.exit_code == 0, tried.stderr
    unpenalised = {e["customer_id"]: e["priority"] for e in listed(cli, db_path)}
    db = open_db(db_path)
    set_setting(db.conn, "priority.penalty_recent_attempt", round(unpenalised["C4"] + 0.04, 2))   # rescored at the next list
    db.close()
    return db_path


def listed(cli, db_path) -> list[dict]:
    result = cli("--db", db_path, *DAY, "calllist", "--manager", "M1", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def row(table: str, name: str) -> list[str]:
    """The cells of the named customer's row, each cell's lines joined (without the blanks a wrap leaves)."""
    lines = [[cell.strip() for cell in line.split("│")[1:-1]] for line in table.splitlines() if line.startswith("│")]
    (start,) = [n for n, cells in enumerate(lines) if cells[1] == name]
    end = next((n for n in range(start + 1, len(lines)) if lines[n][0]), len(lines))
    return ["".join(cells).replace(" ", "") for cells in zip(*lines[start:end])]


@pytest.mark.parametrize("lang, tried_twice", [("en", "2 attempts in the last 7 days"), ("zh_CN", "近7天已尝试2次")])
def test_a_priority_below_zero_is_shown_as_it_is_and_never_as_minus_zero(cli, attempted, lang, tried_twice):
    scored = {e["customer_id"]: e for e in listed(cli, attempted)}
    assert scored["C4"]["priority"] == -0.04 and scored["C5"]["priority"] < -1   # --json: the number as scored
    table = cli("--db", attempted, *DAY, "--lang", lang, "calllist", "--manager", "M1").stdout
    assert "-0.0" not in table
    four, five = row(table, "客户4"), row(table, "客户5")
    assert four[-2] == "0.0" and five[-2] == f"{scored['C5']['priority']:.1f}" and five[-2].startswith("-")
    assert five[-1].endswith(tried_twice.replace(" ", ""))   # the reason for it, last


def test_a_priority_reads_to_one_decimal_and_nothing_when_unscored():
    assert [priority.shown(p) for p in (12.345, -7.0, -0.04, -0.05, 0.0, -0.0, None)] == [
        "12.3", "-7.0", "0.0", "-0.1", "0.0", "0.0", ""]
