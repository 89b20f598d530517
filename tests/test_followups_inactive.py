"""A follow-up whose customer the latest full extract left out (inactive) says so on the agenda and in
`workbench followups`: the call list no longer offers the customer, and the agenda told the manager to call them
with no word why."""

from __future__ import annotations

from tui_fixtures import NOW, build, settle, sync

from workbench import followups
from workbench.db import connect
from workbench.screens.app import WorkbenchApp

NOTE_ZH = "客户不在最新全量名单中（已停用），联系前请先核实。"


def _left_out(path, customer_id: str) -> None:
    conn = connect(path)
    try:   # what `import customers --full` does to a customer the file does not list
        conn.execute("UPDATE customers SET active = 0 WHERE customer_id = ?", (customer_id,))
        conn.commit()
    finally:
        conn.close()


def test_the_agenda_flags_an_inactive_customers_follow_up_and_only_theirs(tmp_path):
    path = build(tmp_path / "w.sqlite")
    conn = connect(path)
    try:
        other = followups.schedule(conn, customer_id="C0001", owner_id="M1", due_on="2026-11-23", at=NOW)
        conn.commit()
    finally:
        conn.close()
    _left_out(path, "C0003")
    conn = connect(path)
    try:
        agenda = followups.agenda(conn, "M1", NOW.date())
    finally:
        conn.close()
    flagged = {f.followup_id: f.inactive for f in agenda.today + agenda.later}
    assert flagged == {"F-0003": True, other: False}
    assert followups.inactive_note("zh_CN") == NOTE_ZH


def test_workbench_followups_says_so(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    _left_out(path, "C0003")
    result = cli("--db", path, "--lang", "zh_CN", "--user", "M1", "followups", "--date", NOW.date().isoformat())
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "C0003" in line)
    assert line.endswith(NOTE_ZH)


@sync
async def test_the_agenda_screen_shows_the_note(tmp_path):
    path = build(tmp_path / "w.sqlite")
    _left_out(path, "C0003")
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        options = app.screen.query_one("#agenda")
        drawn = " ".join("".join(s.text for s in line) for line in options.render_lines(options.region.reset_offset))
        assert "客户不在最新全量名单中" in drawn
