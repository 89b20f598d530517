"""Festival greetings (purpose festival): the scripts table is rebuilt as migration 104 left it, with
one more purpose allowed (SQLite cannot alter a CHECK), and the shipped festival scripts go in; a
script already there under the same id is left as the branch has it."""

import sqlite3

from workbench.db.migrations import with_script_purpose
from workbench.db.migrations.m0104_keep_warm_scripts import SQL as KEEP_WARM_SQL

SQL = with_script_purpose(KEEP_WARM_SQL, "festival")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import add_script_purpose

    add_script_purpose(conn, SQL, "festival")
