"""The follow-up purposes in a manager's own words ('问房贷，他儿子在上海', typed with --purpose) of customers erased
before `privacy erase` cleared them too.

An erasure cleared name, phone, birthday, tags and notes but left a free-text purpose in followup_events and
followups, where `privacy export` still showed it. Each customer erased here (do-not-call for the reason 'erasure'), or
named by an erasure entry held here, has them set to NULL now, as privacy.clear_purposes does at every erasure and
every bundle import since; outcome codes, care touches and campaigns (campaign:ID) stay, being no one's data.
"""

import sqlite3


# The customers erased as this migration found them, frozen here: privacy.ERASED_CUSTOMERS may come to mean more
# (a status added later), and a migration must do the same on any database whenever it runs.
ERASED_AT_119 = ("SELECT customer_id FROM erasures"
                 " UNION SELECT customer_id FROM customers WHERE do_not_call_source = 'erasure'")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.privacy import clear_purposes

    clear_purposes(conn, ERASED_AT_119)
