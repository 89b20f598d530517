"""`workbench branch set --parent` puts a branch under settings it did not inherit before: the stored contact blocks
of its customers (and of the branches under it) whose contact rules that changes are worked out again in the same
transaction, as `settings set` does for a rule's new value, so the call list and `log` agree."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from tests import test_settings_contact_blocks as settings_blocks
from tests.import_support import blocks_folded_afresh, stored_blocks
from tests.test_settings_contact_blocks import BLOCKED, FREE, NOW

bank = settings_blocks.bank   # the fixture: B1 over B1-1 and B1-2 (5 attempts of its own), B2, C1-C5 tried twice


def _run(cli, path, *args):
    result = cli("--db", path, *NOW, "--lang", "en", "--user", "S1", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _audited(path) -> list:
    with closing(sqlite3.connect(path)) as conn:
        return [(subject, json.loads(d).get("rechecked")) for subject, d in conn.execute(
            "SELECT subject, detail FROM audit_log WHERE action = 'branch_change' ORDER BY seq")]


def test_a_branch_put_under_another_takes_its_contact_rules_into_the_stored_blocks(cli, bank, tmp_path):
    _run(cli, bank, "settings", "set", "contact.budget_attempts", "2", "--branch", "B1")
    assert stored_blocks(bank)["C4"] == FREE   # B2, at the top: the default 3
    _run(cli, bank, "branch", "set", "B2", "--parent", "B1")
    assert stored_blocks(bank) == {"C1": BLOCKED, "C2": BLOCKED, "C3": FREE, "C4": BLOCKED, "C5": FREE}
    assert stored_blocks(bank) == blocks_folded_afresh(bank, tmp_path)
    listed = cli("--db", bank, *NOW, "--lang", "en", "--user", "M1", "calllist", "--search", "C4")
    assert "1 resting (1 at the attempt limit)" in " ".join(listed.stdout.split())
    _run(cli, bank, "branch", "set", "B1-2", "--parent", "")   # its own 5 either way: nobody's rule changes
    _run(cli, bank, "branch", "set", "B1-1", "--parent", "")   # the default 3 again
    assert stored_blocks(bank) == {"C1": BLOCKED, "C2": FREE, "C3": FREE, "C4": BLOCKED, "C5": FREE}
    assert stored_blocks(bank) == blocks_folded_afresh(bank, tmp_path)
    _run(cli, bank, "branch", "set", "B1", "--name", "城东支行（新）")   # a new name moves no rule
    assert _audited(bank) == [("B2", 1), ("B1-2", None), ("B1-1", 1), ("B1", None)]
