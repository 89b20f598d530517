"""Ctrl-C in the middle of a command: one sentence, exit 130, and the database as it was."""

from __future__ import annotations

from import_support import HEADER_CN, write_csv
from workbench.db import open_db
from workbench.i18n import _


def test_an_import_interrupted_part_way_says_so_and_writes_nothing(cli, db_path, tmp_path, monkeypatch):
    from workbench.importing.store import CustomerWriter

    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    path = write_csv(tmp_path / "x.csv", [HEADER_CN, *([f"K{i}", "王芳", "女", "1980-01-01", "13800000001", "M1", "B1",
                                                        "1000", "2025-01-05"] for i in range(50))])

    def interrupted(self, part, scores=None):   # as Ctrl-C lands while a part is being written
        raise KeyboardInterrupt

    monkeypatch.setattr(CustomerWriter, "load", interrupted)
    result = cli("--db", db_path, "--user", "S1", "import", "customers", path)
    assert (result.exit_code, result.stderr.strip()) == (130, _("Interrupted; nothing was half-written."))
    with open_db(db_path) as db:
        assert db.execute("SELECT count(*) FROM customers").fetchone() == (0,)
