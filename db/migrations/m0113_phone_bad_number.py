"""The number a call found bad, kept after the import switched away from it: phone_bad_e164 and its mark,
phone_bad_problem (rules.BAD_NUMBER_PREFIX ...). Migration 111 kept the alternate's parts beside its text and
gave the alternate itself a mark; a review found that a mark copied there outlived the log's lifting it
(a correction, a later call that reached the customer) when both columns held the same number. Now the
alternate is its text alone (phone_alt_raw, parsed when a switch is possible), and only a number the import
switched away from is remembered as bad, until an extract brings it as the one in use again (then it is
marked there) or no call in the log found a number bad any more.

Nothing to carry over: no release has written the columns renamed or dropped here.
"""

SQL = """
ALTER TABLE customers RENAME COLUMN phone_alt_e164 TO phone_bad_e164;
ALTER TABLE customers RENAME COLUMN phone_alt_problem TO phone_bad_problem;
ALTER TABLE customers DROP COLUMN phone_alt_kind;
ALTER TABLE customers DROP COLUMN phone_alt_ext;
UPDATE customers SET phone_bad_e164 = NULL, phone_bad_problem = NULL;
"""
