"""Festival greetings (purpose festival): the scripts table is rebuilt as migration 104 left it, with
one more purpose allowed (SQLite cannot alter a CHECK), and the shipped festival scripts go in; a
script already there under the same id is left as the branch has it."""

import sqlite3

from workbench.db.migrations.m0104_keep_warm_scripts import SQL as KEEP_WARM_SQL

SQL = KEEP_WARM_SQL.replace("'tier_upgrade', 'keep_warm')", "'tier_upgrade', 'keep_warm', 'festival')")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import run_script
    from workbench.scripts import save_scripts, shipped_scripts

    if SQL == KEEP_WARM_SQL:
        raise RuntimeError("migration 105 found no purpose list to widen in migration 104's table")
    run_script(conn, SQL)
    save_scripts(conn, [s for s in shipped_scripts() if s.purpose == "festival"], replace=False)
