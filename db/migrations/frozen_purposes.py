"""The clearing of an erased customer's follow-up purposes in a manager's own words that migrations 119 and 121 share:
their own copy of privacy.clear_purposes, frozen with them. privacy's may come to keep or clear more, and a migration
must do the same on any database whenever it runs, so nothing here changes once a migration uses it; a migration that
needs to clear otherwise has a function of its own."""

import sqlite3


def clear_free_purposes(conn: sqlite3.Connection, customers: str, codes: tuple[str, ...]) -> None:
    """Set to NULL, in the follow-up events and the follow-ups, every purpose of the customers the SQL query
    `customers` names that is none of `codes` and names no campaign (campaign:ID): the words a manager typed."""
    free = (f"purpose IS NOT NULL AND purpose NOT IN ({', '.join('?' * len(codes))})"
            f" AND substr(purpose, 1, 9) != 'campaign:' AND customer_id IN ({customers})")
    for table in ("followup_events", "followups"):
        conn.execute(f"UPDATE {table} SET purpose = NULL WHERE {free}", codes)
