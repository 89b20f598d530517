"""Confirmed reactivations only of customers who were dormant when called: a 'reached' call is credited with the
activity a newer extract shows only when the entry's segment (kept since migration 123) is a dormant one, as
workbench.sync.reactivation.DORMANT_SEGMENTS has it; before, any reached customer was, and on the sample's month 77 of
the 192 "confirmed by head office" had been "Not dormant" when called.

The confirmations recorded before, of a call in another segment or in none noted, are removed; the next customer
extract's import credits what the rule finds instead (an earlier call of the same customer made while dormant). The
segments are written out here, as they stood when the migration was made, so the migration does not change later.
"""

SQL = """
DELETE FROM reactivations WHERE NOT EXISTS (
    SELECT 1 FROM outcomes o WHERE o.outcome_id = reactivations.outcome_id
       AND o.segment IN ('high_value_dormant', 'low_value_dormant', 'downgraded', 'unconverted_prospect')
);
"""
