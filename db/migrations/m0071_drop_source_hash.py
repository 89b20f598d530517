"""Imports compare the values they would write instead of a digest of the cells they read.

source_hash held a digest of each customer's imported cells so a re-import could count unchanged
rows; the import now asks SQLite whether any column it would write differs, which is exact (a new
parser rule or numbering plan that changes a stored value is seen as a change) and cheaper than
digesting every row in Python.
"""

SQL = """
ALTER TABLE customers DROP COLUMN source_hash;
"""
