"""The data layer: connection, migrations and queries. Never imports Textual."""

from workbench.db.connection import SCHEMA_VERSION, connect, create_indexes, open_db, rollback_journal, schema_version
from workbench.db.meta import set_terminal_id, terminal_id

__all__ = ["SCHEMA_VERSION", "connect", "create_indexes", "open_db", "rollback_journal", "schema_version",
           "set_terminal_id", "terminal_id"]
