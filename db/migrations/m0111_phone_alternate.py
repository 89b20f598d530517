"""The extract's other number for a customer, beside the one in use: an extract with two phone columns
(手机号 and 联系电话) gives both, and the import calls the better one. When a call has found the number in use
bad, the next extract that still lists it switches to the other (if callable and not found bad itself),
and the bad one is kept here with its mark, so that a later extract listing them in the same order does
not bring it back.

phone_alt_problem holds only a call's mark (rules.BAD_NUMBER_PREFIX ...), never an extract's reason:
an alternate that is not callable is not kept.
"""

SQL = """
ALTER TABLE customers ADD COLUMN phone_alt_raw TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_e164 TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_kind TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_ext TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_problem TEXT;
"""
