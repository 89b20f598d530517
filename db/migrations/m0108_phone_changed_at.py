"""When the customer's phone number last changed, so that a bad-number mark follows the number, not the row.

A call that found the number suspended, non-existent or someone else's marks it unusable unless the
number changed after that call. The rule read ``updated_at``, which any change moves (a new AUM in
next month's extract), so an unchanged dead number became callable again. ``phone_changed_at`` is
set by an import only when the extract's number differs from the stored one; a customer first
imported has none (the number they came with).

Backfill: customers with a call that found the number bad keep ``updated_at`` as the time, which
keeps what the rule decided for them so far; everyone else has none, as no call of theirs depends on it.
"""

SQL = """
ALTER TABLE customers ADD COLUMN phone_changed_at TEXT;

UPDATE customers SET phone_changed_at = updated_at
WHERE customer_id IN (SELECT customer_id FROM outcomes
                      WHERE line_result IN ('suspended', 'no_such_number', 'wrong_person'));
"""
