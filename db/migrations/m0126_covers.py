"""Covers: the customers a supervisor handed from a manager going on leave to a colleague until a given day, one row a
customer, so that exactly those can be given back (`workbench staff give-back`) and head office's extracts naming the
manager away leave them with the colleague until the cover ends.

A cover is this desk's record, as staff changes are: the hand-over and the give-back travel in bundles as the
assignment entries they write.
"""

SQL = """
CREATE TABLE covers (
    cover_id    TEXT NOT NULL,      -- one a hand-over: its customers share it
    customer_id TEXT NOT NULL,
    from_id     TEXT NOT NULL,      -- the manager away, whose customers they were
    to_id       TEXT NOT NULL,      -- the manager covering
    at          TEXT NOT NULL,      -- when they were handed over (local time)
    until       TEXT NOT NULL,      -- the cover's last day (YYYY-MM-DD)
    by_id       TEXT NOT NULL,      -- the supervisor who handed them over
    back_at     TEXT,               -- when the cover was given back (NULL: it is open)
    back_by     TEXT,
    PRIMARY KEY (cover_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX covers_open ON covers (from_id, back_at);
CREATE INDEX covers_customer ON covers (customer_id);
"""
