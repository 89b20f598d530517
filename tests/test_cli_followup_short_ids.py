"""`workbench followups` shows each follow-up's id (its first 8 characters), and `followup move / done / cancel`
take those: the agenda printed no id at all, so a manager could change a follow-up only by fishing its
36-character id out of --json."""

from __future__ import annotations

from tui_fixtures import NOW, build

from workbench import followups
from workbench.db import connect


def _book(path, *ids_and_days) -> list[str]:
    conn = connect(path)
    try:
        made = [followups.schedule(conn, customer_id=cid, owner_id="M1", due_on=day, at=NOW) for cid, day in ids_and_days]
        conn.commit()
        return made
    finally:
        conn.close()


def test_the_agenda_shows_short_ids_and_move_done_cancel_take_them(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    moved, done = _book(path, ("C0001", "2026-11-23"), ("C0002", "2026-11-24"))
    shown = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followups").stdout
    line = next(line for line in shown.splitlines() if "C0001" in line)
    assert line.split()[0] == moved[:8]
    result = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "move", moved[:8],
                 "--when", "2026-11-26")
    assert result.exit_code == 0, result.stderr
    assert cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "done", done[:10]).exit_code == 0
    conn = connect(path)
    try:
        assert followups.get(conn, moved).due_on.isoformat() == "2026-11-26"
        assert followups.get(conn, done).status == "done"
    finally:
        conn.close()


def test_a_prefix_too_short_or_shared_is_one_sentence(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    conn = connect(path)
    try:   # two ids alike in their first 8 characters, as two UUIDs may be
        for fid in ("abcdef12-0000-0000-0000-000000000001", "abcdef12-0000-0000-0000-000000000002"):
            conn.execute("INSERT INTO followups (followup_id, customer_id, owner_id, due_on, status, channel, created_at,"
                         " updated_at) VALUES (?, 'C0001', 'M1', '2026-11-25', 'open', 'phone', ?, ?)",
                         (fid, NOW.isoformat(), NOW.isoformat()))
        conn.commit()
    finally:
        conn.close()
    shared = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "cancel", "abcdef12")
    assert shared.exit_code != 0 and "More than one follow-up id starts with abcdef12; type more of it." in shared.stderr
    short = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "cancel", "abc")
    assert short.exit_code != 0 and "Traceback" not in short.stderr
    assert "Unknown follow-up 'abc': give its id whole or at least its first 8 characters." in short.stderr
    upper = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "done", "ABCDEF12-0000-0000-0000-000000000001")
    assert upper.exit_code == 0 and upper.stdout == "Follow-up abcdef12 marked done.\n"   # typed in capitals
    whole = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "followup", "cancel",
                "abcdef12-0000-0000-0000-000000000002")
    assert whole.exit_code == 0, whole.stderr


def test_done_and_cancel_say_so_and_a_second_time_says_what_it_was_in_chinese(tmp_path, cli):
    """'followup done' printed nothing, and again said '跟进 … 已done。' ('已已取消。' for cancel)."""
    path = build(tmp_path / "w.sqlite")
    done, cancelled = _book(path, ("C0001", "2026-11-23"), ("C0002", "2026-11-24"))
    zh = ("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "followup")
    assert cli(*zh, "done", done[:8]).stdout == f"跟进 {done[:8]} 已标记为完成。\n"
    assert cli(*zh, "cancel", cancelled[:8]).stdout == f"跟进 {cancelled[:8]} 已取消。\n"
    assert cli(*zh, "done", done[:8]).stderr == f"错误：跟进 {done[:8]} 此前已完成。\n"
    assert cli(*zh, "cancel", cancelled[:8]).stderr == f"错误：跟进 {cancelled[:8]} 此前已取消。\n"
