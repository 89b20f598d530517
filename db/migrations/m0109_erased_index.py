"""An index of the customers erased on this terminal (privacy erase), so that an import finds the few it must
leave erased without reading every customer. Partial: it holds only those rows, so it costs nothing else.
"""

SQL = """
CREATE INDEX customers_erased ON customers (customer_id) WHERE do_not_call_source = 'erasure';
"""
