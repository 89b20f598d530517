"""The follow-up purposes in a manager's own words ('问房贷，他儿子在上海', typed with --purpose) of customers erased
before `privacy erase` cleared them too.

An erasure cleared name, phone, birthday, tags and notes but left a free-text purpose in followup_events and
followups, where `privacy export` still showed it. Each customer erased here (do-not-call for the reason 'erasure'), or
named by an erasure entry held here, has them set to NULL now, as privacy.clear_purposes does at every erasure and
every bundle import since (its codes frozen here, its SQL in frozen_purposes); outcome codes, care touches and
campaigns (campaign:ID) stay, being no one's data.
"""

import sqlite3

from workbench.db.migrations.frozen_purposes import clear_free_purposes

# The customers erased as this migration found them, frozen here: privacy.ERASED_CUSTOMERS may come to mean more
# (a status added later), and a migration must do the same on any database whenever it runs.
ERASED_AT_119 = ("SELECT customer_id FROM erasures"
                 " UNION SELECT customer_id FROM customers WHERE do_not_call_source = 'erasure'")


# The purposes that were codes when this migration was written, frozen with it (followups.PURPOSE_CODES may grow).
CODES_AT_119 = ("reached", "no_answer", "busy", "phone_off", "suspended", "no_such_number", "wrong_person",
                "not_interested", "call_back", "interested", "appointment", "reactivated", "complaint", "do_not_call",
                "birthday", "festival", "maturity", "welcome", "care_sms", "kyc", "woken_thanks", "woken_check",
                "woken_review", "warm_lead")


def upgrade(conn: sqlite3.Connection) -> None:
    clear_free_purposes(conn, ERASED_AT_119, CODES_AT_119)
