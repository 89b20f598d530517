"""Failed PIN attempts per staff member, for the delay after repeated failures."""

SQL = """
CREATE TABLE pin_attempts (
    staff_id     TEXT PRIMARY KEY REFERENCES staff (staff_id),
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
"""
