"""Customers an erasure names whose personal data an extract brought back before the importer left them out (5f919ca).

An erasure entry a bundle brought for a customer this desk did not hold yet was kept alone ('unknown_customer'), and a
later extract listing that customer imported their name, phone and birthday as a new customer's; a customer erased
since stayed so. Each customer erased here, or named by an erasure entry held here that a supervisor made, whose row
still holds any of what privacy.erase clears has it cleared now as an erasure clears it (the columns and values frozen
here, as erase set them at this migration), with their notes and the follow-up purposes in a manager's own words (as
migration 119). Their scores are marked as never scored, so the next call list or `workbench score` rescores them (a
migration does not know today's date). A database without such customers is left as it is.
"""

import sqlite3

from workbench.db.migrations.frozen_purposes import clear_free_purposes
from workbench.db.migrations.m0119_erased_purposes import CODES_AT_119   # the purpose codes are the same at 121

# The customers erased as this migration found them (privacy.ERASED_CUSTOMERS then), frozen: an entry a desk's own
# staff did not confirm as a supervisor's ('not_supervisor', migration 120) erases nothing.
ERASED_AT_121 = ("SELECT customer_id FROM erasures WHERE status != 'not_supervisor'"
                 " UNION SELECT customer_id FROM customers WHERE do_not_call_source = 'erasure'")

# What privacy.erase writes into a customer's row, column by column, frozen with this migration.
CLEARED_AT_121 = (("name", "(erased)"), ("phone_raw", None), ("phone_e164", None), ("phone_ext", None),
                  ("phone_valid", 0), ("phone_problem", "erased"), ("phone_alt_raw", None), ("phone_bad_e164", None),
                  ("phone_bad_problem", None), ("birthday", None), ("gender", None), ("tags", ""), ("do_not_call", 1),
                  ("do_not_call_source", "erasure"), ("consent", 0))


def upgrade(conn: sqlite3.Connection) -> None:
    values = tuple(value for _column, value in CLEARED_AT_121)
    left = " OR ".join(f"{column} IS NOT ?" for column, _value in CLEARED_AT_121)
    named = [customer for (customer,) in conn.execute(
        f"SELECT customer_id FROM customers WHERE customer_id IN ({ERASED_AT_121}) AND ({left}) ORDER BY customer_id",
        values)]
    if not named:
        return
    conn.execute("CREATE TEMP TABLE erased_named_again (customer_id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.executemany("INSERT INTO temp.erased_named_again (customer_id) VALUES (?)", [(c,) for c in named])
    named_again = "SELECT customer_id FROM temp.erased_named_again"
    these = f"customer_id IN ({named_again})"
    sets = ", ".join(f"{column} = ?" for column, _value in CLEARED_AT_121)
    conn.execute(f"UPDATE customers SET {sets}, priority = NULL, score_digest = NULL, scores_due_on = NULL,"
                 f" scored_on = NULL WHERE {these}", values)
    conn.execute(f"UPDATE outcomes SET note = '' WHERE note != '' AND {these}")
    clear_free_purposes(conn, named_again, CODES_AT_119)
    conn.execute("DROP TABLE temp.erased_named_again")
