"""Confirmed reactivations: a logged 'reached' call followed by activity in a newer customer extract.

The outcome log is append-only, so confirmations live beside it, one row per confirmed contact.
"""

SQL = """
CREATE TABLE reactivations (
    outcome_id   TEXT PRIMARY KEY,     -- the 'reached' contact the activity is credited to
    customer_id  TEXT NOT NULL,
    contacted_at TEXT NOT NULL,        -- the contact's time, copied for reports
    activity_on  TEXT NOT NULL,        -- the customer's last activity date that confirmed it
    confirmed_on TEXT NOT NULL
);
CREATE INDEX reactivations_customer ON reactivations (customer_id);

-- Supervisor exports look up the follow-up an outcome created, and read the log in time order.
CREATE INDEX followup_events_outcome ON followup_events (outcome_id);
CREATE INDEX outcomes_at ON outcomes (at, outcome_id);
"""
