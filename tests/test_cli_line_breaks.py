"""The CLI's tables break Chinese as it is typeset: the call list's reasons (no line of the Why column
starts with closing punctuation, no date or amount is split), and English wraps between words as before."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from engine_rows import WAN, add_customer, add_followup, basic_branch, set_contact
from workbench.db import open_db
from workbench.text_wrap import NO_LINE_END, NO_LINE_START

NOW = ("--now", "2026-11-20T10:00:00")


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    conn = db.conn
    basic_branch(conn)
    for i in range(1, 13):
        add_customer(conn, f"C{i}", name=f"客户{i}", aum_fen=(60 if i % 2 else 8) * WAN,
                     last_activity_on=f"2026-{1 + i % 9:02d}-1{i % 10}", opened_on="2026-09-01" if i % 3 else "2019-05-01")
        add_followup(conn, f"F{i}", f"C{i}", f"2026-11-{8 + i:02d}", slot="10:00" if i % 4 == 0 else None)
        set_contact(conn, f"C{i}", last_contact_at=f"2026-11-{5 + i % 10:02d}T10:00:00", attempts_on=["2026-11-18"])
    db.close()
    return db_path


def why_cells(table: str) -> list[list[str]]:
    """The lines of the Why column (the last), one list per entry."""
    entries: list[list[str]] = []
    for line in table.splitlines():
        cells = line.split("│")
        if len(cells) < 3:
            continue
        if cells[1].strip():   # the rank: a new entry
            entries.append([])
        entries[-1].append(cells[-2].strip())
    return entries


def after_cells(line: str, cells: int) -> str:
    """What of a printed line lies past its first `cells` cells."""
    for i in range(len(line) + 1):
        if cell_len(line[:i]) >= cells:
            return line[i:]
    return ""


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_reasons_in_chinese_break_as_chinese_is_typeset(cli, db, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    args = ("--db", db, *NOW, "--lang", "zh_CN", "calllist", "--manager", "M1", "--follow-ups")
    reasons = [entry["reasons"] for entry in json.loads(cli(*args, "--json").stdout)]
    table = cli(*args).stdout
    assert max(cell_len(line) for line in table.splitlines()) <= columns
    # Narrower, the segment, the tier and the follow-up flag (which the reasons say) give their room to the reasons.
    assert ("客群" in table) == ("档位" in table) == ("逾期跟进" in table) == (columns >= 120)
    entries = why_cells(table)
    assert len(entries) == len(reasons) == 12
    if columns == 80:   # with 22 cells for the reasons, a customer took six or seven lines
        assert max(len(lines) for lines in entries) <= 4, entries
    for lines, entry in zip(entries, reasons):
        assert "".join(lines).replace(" ", "") == "；".join(r["text"] for r in entry).replace(" ", "")
        assert not any(line[0] in NO_LINE_START for line in lines[1:]), lines
        assert not any(line[-1] in NO_LINE_END for line in lines[:-1]), lines
        for word in re.findall(r"\d{4}-\d\d-\d\d|\d+万", "；".join(r["text"] for r in entry)):
            assert any(word in line for line in lines), (word, lines)


def test_the_reasons_in_english_still_break_between_words(cli, db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    args = ("--db", db, *NOW, "calllist", "--manager", "M1", "--follow-ups")
    reasons = [entry["reasons"] for entry in json.loads(cli(*args, "--json").stdout)]
    for lines, entry in zip(why_cells(cli(*args).stdout), reasons, strict=True):
        assert " ".join(lines) == "; ".join(r["text"] for r in entry)


@pytest.mark.parametrize("columns", [50, 56, 62])
def test_the_signs_of_a_warm_lead_in_chinese_are_never_cut_off(cli, db, monkeypatch, columns):
    conn = open_db(db).conn
    conn.execute("UPDATE customers SET tags = '理财偏好,基金浏览'")
    conn.close()
    for customer in ("C1", "C2"):
        cli("--db", db, *NOW, "log", "--customer", customer, "--result", "reached", "--outcome", "interested",
            "--manager", "M1")
    monkeypatch.setenv("COLUMNS", str(columns))
    table = cli("--db", db, *NOW, "--lang", "zh_CN", "--user", "M1", "leads", "--manager", "M1").stdout
    header, *rows = table.splitlines()[2:]
    at = cell_len(header[:header.index("意向信号")])
    signs = [after_cells(line, at).rstrip() for line in rows[1:]]
    assert "…" not in table and len(signs) >= 4
    assert not any(line[0] in NO_LINE_START for line in signs if line), signs
    assert not any(line[-1] in NO_LINE_END for line in signs if line), signs
    assert all(any(word in line for line in signs) for word in ("2026-11-20", "（+50），", "（+20）"))
