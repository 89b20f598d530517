"""A follow-up head office's extract moved along with its customer is said in a clash as the extract's move (the file
and when it was imported), not as a change of whoever imported it. Real database files, a real CSV extract and real
bundles, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from sync_data import terminal_id
from test_sync_stale_extract import _desks, _extract, _import_extract, _run


def _terminal(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)


def _moved_on_a_then_met(cli, s, a, tmp_path, lang: str) -> list[str]:
    """M2 moves F1 to the 25th on desk a at 09:00, not yet told of s's changes; a's bundle is imported on s at 09:30:
    what the import says, in lang."""
    r = cli("--db", a, "--lang", "en", "--now", "2026-11-24T09:00:00", "--user", "M2", "followup", "move", "F1",
            "--when", "2026-11-25T15:00")
    assert r.exit_code == 0, r.stderr
    _run(cli, a, "2026-11-24T09:10:00", "export", "bundle", "--out", tmp_path / "a.wbundle")
    return _run(cli, s, "2026-11-24T09:30:00", "import", "bundle", tmp_path / "a.wbundle", lang=("--lang", lang))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_follow_up_an_extract_moved_is_said_as_the_extracts_move(tmp_path, cli, lang):
    """Head office's extract gives C001 (M2's) to M3 on desk s, S1 importing it: F1 goes along to M3; on desk a, not
    yet told, F1 is moved to the 25th (by M2). a's bundle reaches s: both changes stand, and the move is the
    extract's, with the file's name and when it was imported here."""
    s, a = _desks(tmp_path)
    _import_extract(cli, s, "2026-11-24T08:30:00", _extract(tmp_path, {"C001": "M3"}, name="hq-1124.csv"))
    lines = _moved_on_a_then_met(cli, s, a, tmp_path, lang)
    a_terminal = _terminal(a)[:8]
    expected = {
        "en": ("The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes were kept:"
               f" due 2026-11-25 15:00 (by M2 张经理 on terminal {a_terminal}), given to M3 王经理 (by head office's"
               " extract hq-1124.csv, imported on this terminal at 2026-11-24 08:30); nothing is left to do."),
        "zh_CN": ("客户1（C001）的跟进在多台终端上被同时修改；两处修改都已保留：跟进时间 2026-11-25 15:00（M2 张经理，终端"
                  f" {a_terminal}），转给 M3 王经理（总行客户数据 hq-1124.csv，2026-11-24 08:30 导入本终端）；无需再处理。"),
    }[lang]
    assert [line for line in lines if "C001" in line] == [expected]


def test_a_reassignment_after_the_extracts_move_is_said_as_the_supervisors(tmp_path, cli):
    """The extract moves F1 to M3 on desk s at 08:30, then S1 gives C001 to M1 there at 08:45: the follow-up as it
    stands is S1's change, not the extract's, though the extract moved it before."""
    s, a = _desks(tmp_path)
    _import_extract(cli, s, "2026-11-24T08:30:00", _extract(tmp_path, {"C001": "M3"}, name="hq-1124.csv"))
    _run(cli, s, "2026-11-24T08:45:00", "reassign", "--customer", "C001", "--to", "M1")
    lines = _moved_on_a_then_met(cli, s, a, tmp_path, "en")
    [clash] = [line for line in lines if "C001" in line]
    assert clash.endswith(", given to M1 李经理 (by S1 主管王 on this terminal); nothing is left to do."), clash


# What a's done lost to on s, and what to do, in each language ({terminal}: a's, as the sentence shortens it).
DONE_LOST = {
    "en": ("The follow-up of 客户1 (C001) was changed on more than one terminal at once: kept: due 2026-11-25 15:00 (by"
           " M3 王经理 on this terminal); lost: marked done (by M2 张经理 on terminal {terminal}); if the customer's answer"
           " stands, mark it done or cancel it: `workbench followup done F1` (or `cancel F1`)."),
    "zh_CN": ("客户1（C001）的跟进在多台终端上被同时修改：保留的是跟进时间 2026-11-25 15:00（M3 王经理，本终端）；未生效的是"
              "标记为已完成（M2 张经理，终端 {terminal}）；如客户的答复仍然有效，请将其标为已完成或取消："
              "`workbench followup done F1`（或 `cancel F1`）。"),
}


@pytest.mark.parametrize("lang", list(DONE_LOST))
def test_a_done_lost_to_a_later_reschedule_names_the_reschedule_and_what_to_do(tmp_path, cli, lang):
    """Finding 2: M2 marks F1 done on desk a at 08:00 (the customer said no), not yet told that head office's extract,
    imported on desk s at 08:30, gives C001 to M3, who moves F1 to the 25th at 08:45. a's bundle reaches s: what
    overrode the done is M3's move, not the extract's (an owner change does not undo a close), and the sentence ends
    with the step that closes it again."""
    s, a = _desks(tmp_path)
    r = cli("--db", a, "--now", "2026-11-24T08:00:00", "--user", "M2", "followup", "done", "F1")
    assert r.exit_code == 0, r.stderr
    _import_extract(cli, s, "2026-11-24T08:30:00", _extract(tmp_path, {"C001": "M3"}, name="hq-1124.csv"))
    r = cli("--db", s, "--now", "2026-11-24T08:45:00", "--user", "M3", "followup", "move", "F1", "--when",
            "2026-11-25T15:00")
    assert r.exit_code == 0, r.stderr
    _run(cli, a, "2026-11-24T09:10:00", "export", "bundle", "--out", tmp_path / "a.wbundle")
    lines = _run(cli, s, "2026-11-24T09:30:00", "import", "bundle", tmp_path / "a.wbundle", lang=("--lang", lang))
    assert [line for line in lines if "C001" in line] == [DONE_LOST[lang].format(terminal=_terminal(a)[:8])]
    with closing(sqlite3.connect(s)) as conn:
        assert conn.execute("SELECT owner_id, status, due_on, slot FROM followups WHERE followup_id = 'F1'").fetchone() \
            == ("M3", "rescheduled", "2026-11-25", "15:00")
