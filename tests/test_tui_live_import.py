"""The app stays open while another process imports: the call list picks the new customers up."""

from __future__ import annotations

import subprocess
import sys

from tui_fixtures import NOW, build, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_table import CallTable


@sync
async def test_list_refreshes_after_a_cli_import_in_another_process(tmp_path, monkeypatch):
    db_file = build(tmp_path / "live.sqlite")
    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 0.2)
    extract = tmp_path / "extract.csv"
    extract.write_text(
        "客户号,姓名,手机号,客户经理,所属机构,资产余额,最近交易日期\n"
        + "".join(f"N{n:03d},新客户{n},1390000{n:04d},M1,B1,800000,2024-01-01\n" for n in range(30)),
        encoding="utf-8",
    )
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if isinstance(app.screen, CallListScreen) and app.screen.query_one(CallTable).total:
                break
        table = app.screen.query_one(CallTable)
        before = table.total
        # The real CLI, in its own process, while the app holds the file open.
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(db_file), "--user", "S1", "--now", NOW.isoformat(),
             "import", "customers", str(extract)],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        for _ in range(60):
            await pilot.pause(0.1)
            if table.total > before:
                break
        assert table.total == before + 30
