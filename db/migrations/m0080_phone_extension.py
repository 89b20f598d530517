"""Customers reached through a switchboard keep their extension.

"010-12345678转123" used to be judged not callable. The main number now goes into phone_e164 as
before (it is what is dialled), and the extension, digits only, into phone_ext: the card shows it
next to the number, for the manager to ask for once the switchboard answers.
"""

SQL = """
ALTER TABLE customers ADD COLUMN phone_ext TEXT;
"""
