"""The soonest maturity on the customer row, so the call list never reads holdings.

next_maturity_on / next_maturity_type hold the soonest holding maturing within
segments.maturity_within_days of scored_on, so a list entry can say "wealth product matures in 5
days" with one indexed read of the customers table.
"""

SQL = """
ALTER TABLE customers ADD COLUMN next_maturity_on TEXT;
ALTER TABLE customers ADD COLUMN next_maturity_type TEXT;
"""
