"""When each entry a bundle brought arrived on this desk (arrived_at), so that `export bundle --since DAY` sends on what
this desk got since that day, entries relayed from other desks included, and not only what was made here since.

Local only: it never travels in a bundle (each desk has its own). NULL for an entry made here, which goes by its own
time (an outcome's recorded_at, the others' at), and for one that arrived before this migration, when no desk noted
arrivals: those go by their recorded time as before.
"""

SQL = """
ALTER TABLE outcomes ADD COLUMN arrived_at TEXT;
ALTER TABLE followup_events ADD COLUMN arrived_at TEXT;
ALTER TABLE assignments ADD COLUMN arrived_at TEXT;
ALTER TABLE erasures ADD COLUMN arrived_at TEXT;
"""
