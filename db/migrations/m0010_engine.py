"""What the call list needs beyond migration 2: the soonest maturity on the row, and a covering index.

next_maturity_on / next_maturity_type hold the soonest holding maturing within
segments.maturity_within_days of scored_on, so a list entry can say "wealth product matures in 5
days" without reading holdings. customers_calllist holds every column a list entry shows, for the
listable (scored) customers only, so one manager's whole ordered list is read from the index alone
instead of from ~5,000 table rows scattered across the file. customers_unscored finds customers
never scored (a new import) without scanning the table.
"""

SQL = """
ALTER TABLE customers ADD COLUMN next_maturity_on TEXT;
ALTER TABLE customers ADD COLUMN next_maturity_type TEXT;
CREATE INDEX customers_calllist ON customers (manager_id, priority DESC, customer_id, name, phone_e164, segment,
    tier, dormant_days, do_not_call, consent, phone_valid, active) WHERE priority IS NOT NULL;
CREATE INDEX customers_unscored ON customers (customer_id) WHERE scored_on IS NULL;
"""
