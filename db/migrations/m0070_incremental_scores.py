"""Scores written only when they change, and looked at only when they may have.

score_digest is a 64-bit digest of every score column as the last rescore wrote it: a rescore
writes only the rows whose new digest differs. scores_due_on is the first day on which the row's
scores would change with nothing but time passing, so the morning run reads only the rows due
(indexed). dormant_days grew by one for every customer every day and so forced a write of every
row: readers compute it from last_activity_on, which takes its place in the call list's covering
index. scoring_runs records whether a run was full or due, whether it fitted BG/NBD anew (every
run before this migration did) and a digest of the settings it used, so a settings change is
noticed and answered with a full run.
"""

SQL = """
DROP INDEX IF EXISTS customers_calllist;
ALTER TABLE customers DROP COLUMN dormant_days;
ALTER TABLE customers ADD COLUMN score_digest INTEGER;
ALTER TABLE customers ADD COLUMN scores_due_on TEXT;
CREATE INDEX customers_calllist ON customers (manager_id, priority DESC, customer_id, name, phone_e164, segment,
    tier, last_activity_on, do_not_call, consent, phone_valid, active) WHERE priority IS NOT NULL;
CREATE INDEX customers_scores_due ON customers (scores_due_on);
ALTER TABLE scoring_runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'full';
ALTER TABLE scoring_runs ADD COLUMN settings_digest TEXT;
ALTER TABLE scoring_runs ADD COLUMN refitted INTEGER NOT NULL DEFAULT 0;
UPDATE scoring_runs SET refitted = 1 WHERE mode = 'full';
"""
