"""Scripts for following up a warm lead (purpose warm_lead): the scripts table rebuilt as migration 106
left it with one more purpose (SQLite cannot alter a CHECK); the shipped warm_lead scripts go in, and a
script already there under the same id is left as the branch has it."""

import sqlite3

from workbench.db.migrations import with_script_purpose
from workbench.db.migrations.m0106_campaigns import SCRIPTS_SQL as CAMPAIGN_SQL

SQL = with_script_purpose(CAMPAIGN_SQL, "warm_lead")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import add_script_purpose

    add_script_purpose(conn, SQL, "warm_lead")
