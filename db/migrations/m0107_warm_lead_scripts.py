"""Scripts for following up a warm lead (purpose warm_lead): the scripts table rebuilt as migration 106
left it with one more purpose (SQLite cannot alter a CHECK); the shipped warm_lead scripts go in, and a
script already there under the same id is left as the branch has it."""

import sqlite3

from workbench.db.migrations.m0106_campaigns import SCRIPTS_SQL as CAMPAIGN_SQL

SQL = CAMPAIGN_SQL.replace("'festival', 'campaign')", "'festival', 'campaign', 'warm_lead')")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import run_script
    from workbench.scripts import save_scripts, shipped_scripts

    if SQL == CAMPAIGN_SQL:
        raise RuntimeError("migration 107 found no purpose list to widen in migration 106's table")
    run_script(conn, SQL)
    save_scripts(conn, [s for s in shipped_scripts() if s.purpose == "warm_lead"], replace=False)
