"""A clash whose changes both stand says "please check it" only where something is left to decide (finding 5 of the
month on three desks): a follow-up the old manager closed as done, or moved to another day, after another desk gave
its customer to someone else needs nothing done; one they cancelled still asks, since whether a call is owed to the
customer's new manager's customer is for someone to decide. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import pytest

from test_sync_stale_extract import _desks, _exchange, _run

CHANGES = {"done": ("followup", "done", "F1"), "moved": ("followup", "move", "F1", "--when", "2026-11-26T10:00"),
           "cancelled": ("followup", "cancel", "F1")}
SAID = {"done": "marked done", "moved": "due 2026-11-26 10:00", "cancelled": "cancelled"}
ENDS = {"done": "nothing is left to do.", "moved": "nothing is left to do.", "cancelled": "please check it."}


@pytest.mark.parametrize("change", list(CHANGES))
def test_both_changes_kept_ask_for_a_check_only_where_something_is_left_to_decide(tmp_path, cli, change):
    """S1 gives C001 (M2's) to M3 on desk s at 10:00; M2, not yet told, changes F1 on desk a at 10:30. Desk s names
    the clash with both changes kept, and asks for a check only for the follow-up M2 cancelled."""
    s, a = _desks(tmp_path)
    _run(cli, s, "2026-11-24T10:00:00", "reassign", "--customer", "C001", "--to", "M3")
    r = cli("--db", a, "--now", "2026-11-24T10:30:00", "--user", "M2", *CHANGES[change])
    assert r.exit_code == 0, r.stderr
    on_s = _exchange(cli, a, s, "2026-11-24T10:40:00", tmp_path)
    [clash] = [line for line in on_s if "follow-up of" in line]
    assert clash.startswith("The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes"
                            f" were kept: {SAID[change]} (by M2 张经理 on terminal "), clash
    assert clash.endswith(f"given to M3 王经理 (by S1 主管王 on this terminal); {ENDS[change]}"), clash


def test_a_clash_that_needs_nothing_done_says_so_in_chinese(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "2026-11-24T10:00:00", "reassign", "--customer", "C001", "--to", "M3")
    r = cli("--db", a, "--now", "2026-11-24T10:30:00", "--user", "M2", *CHANGES["done"])
    assert r.exit_code == 0, r.stderr
    bundle = tmp_path / "a.wbundle"
    _run(cli, a, "2026-11-24T10:40:00", "export", "bundle", "--out", bundle)
    on_s = _run(cli, s, "2026-11-24T10:40:00", "import", "bundle", bundle, lang=("--lang", "zh_CN"))
    [clash] = [line for line in on_s if "客户1（C001）的跟进" in line]
    assert clash.startswith("客户1（C001）的跟进在多台终端上被同时修改；两处修改都已保留："), clash
    assert clash.endswith("；无需再处理。"), clash
