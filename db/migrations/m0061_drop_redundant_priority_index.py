"""Drop customers_manager_priority: the call list reads the covering customers_calllist index
(migration 10), and every full rescore paid about 0.8 s per million customers to rebuild it."""

SQL = """
DROP INDEX IF EXISTS customers_manager_priority;
"""
