"""The CLI's agenda, care suggestions and pool list draw customer names as the app does (text_wrap.shown_name):
a bidi override or zero-width character as a visible mark, never raw (it could reorder the line), and an erased
customer's placeholder name in the interface language (（已删除个人信息）, not '(erased)')."""

from __future__ import annotations

from tui_fixtures import NOW, build, db_write

from workbench import followups
from workbench.codes import ERASED_NAME
from workbench.db import connect
from workbench.text_wrap import HIDDEN_MARK, shown_name


def test_the_agenda_line_marks_a_bidi_override_and_names_an_erased_customer_in_chinese(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")   # C0003 has a call back due today
    conn = connect(path)
    try:
        followups.schedule(conn, customer_id="C0001", owner_id="M1", due_on="2026-11-23", at=NOW)
        conn.commit()
    finally:
        conn.close()
    db_write(path, "UPDATE customers SET name = ? WHERE customer_id = ?", "杨\u202e伟", "C0003")
    db_write(path, "UPDATE customers SET name = ? WHERE customer_id = ?", ERASED_NAME, "C0001")
    out = cli("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "followups").stdout
    assert "\u202e" not in out and f"杨{HIDDEN_MARK}伟" in out
    assert "（已删除个人信息）" in out and "(erased)" not in out


def test_the_pool_list_marks_them_too(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    db_write(path, "UPDATE customers SET manager_id = NULL, name = '王\u200b芳' WHERE customer_id = 'C0002'")
    out = cli("--db", path, "--now", NOW.isoformat(), "--user", "S1", "pool", "list").stdout
    assert "\u200b" not in out and f"王{HIDDEN_MARK}芳" in out


def test_the_placeholder_reads_as_stored_in_english():
    assert shown_name(ERASED_NAME) == "(erased)"
