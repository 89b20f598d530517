"""The extract's other number for a customer, beside the one in use: an extract with two phone columns
(手机号 and 联系电话) gives both, and the import calls the better one. When a call has found the number in use
bad, the next extract that still lists it switches to the other (if callable and not found bad itself),
and the bad one is kept here with its mark, so that a later extract listing them in the same order does
not bring it back.

phone_alt_raw is the other cell's text as the extract wrote it; the other columns are filled only for an
alternate that carries a call's mark (phone_alt_problem: rules.BAD_NUMBER_PREFIX ..., never an extract's
reason), since the import parses an alternate only when it may switch to it.
"""

SQL = """
ALTER TABLE customers ADD COLUMN phone_alt_raw TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_e164 TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_kind TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_ext TEXT;
ALTER TABLE customers ADD COLUMN phone_alt_problem TEXT;
"""
