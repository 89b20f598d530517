"""An extract's summary numbers it among the customer extracts this database has recorded, not among every import:
a bundle imported first does not make the first extract the second import. A real bundle and real CSV extracts, the
real CLI."""

from __future__ import annotations

from contextlib import closing

from sync_data import add_outcome, two_terminals
from tests.import_support import write_csv
from workbench.db import open_db

HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]


def test_an_extract_is_numbered_among_the_extracts(cli, tmp_path):
    """A bundle imported first is no customer extract: the first extract is #1, the next #2."""
    here, there = two_terminals(tmp_path)
    with closing(open_db(there).conn) as conn, conn:
        add_outcome(conn, "C000", "2026-11-20T10:00:00")
    bundle = tmp_path / "there.wbundle"
    exported = cli("--db", there, "--now", "2026-11-20T18:00:00", "--user", "M1", "export", "bundle", "--out", bundle)
    assert exported.exit_code == 0, exported.stderr
    assert cli("--db", here, "--now", "2026-11-21T08:00:00", "--user", "S1", "import", "bundle", bundle).exit_code == 0
    for n, lang, said in ((1, "en", "Recorded as customer extract import #1."),
                          (2, "zh_CN", "已记录为第 2 次客户清单导入。")):
        extract = write_csv(tmp_path / f"x{n}.csv", [HEADER, ["C000", f"客户{n}", "M1", "B1"]])
        result = cli("--db", here, "--now", f"2026-11-2{n}T09:00:00", "--lang", lang, "--user", "S1", "import",
                     "customers", extract)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[-1] == said
