"""What the engine computes per customer, stored so the call list is one indexed read.

Recomputed by workbench.scoring on import, after each outcome and at day change.
"""

SQL = """
ALTER TABLE customers ADD COLUMN p_alive REAL;            -- BG/NBD probability the customer is alive
ALTER TABLE customers ADD COLUMN rule_dormancy REAL;      -- 0-100 from the business-line rules
ALTER TABLE customers ADD COLUMN dormancy_score REAL;     -- 0-100, the two combined
ALTER TABLE customers ADD COLUMN dormant_lines TEXT NOT NULL DEFAULT '';  -- e.g. 'product,channel'
ALTER TABLE customers ADD COLUMN dormant_days INTEGER;    -- days since last activity
ALTER TABLE customers ADD COLUMN tier INTEGER;            -- 0 below the first line, 1 = 5万 ...
ALTER TABLE customers ADD COLUMN peak_tier INTEGER;
ALTER TABLE customers ADD COLUMN segment TEXT;            -- the primary segment code
ALTER TABLE customers ADD COLUMN segments TEXT NOT NULL DEFAULT '';      -- every segment, comma list
ALTER TABLE customers ADD COLUMN triggers TEXT NOT NULL DEFAULT '';      -- maturity,birthday,near_tier,...
ALTER TABLE customers ADD COLUMN priority REAL;           -- NULL: not listable (rules exclude them)
ALTER TABLE customers ADD COLUMN scored_on TEXT;
CREATE INDEX customers_manager_priority ON customers (manager_id, priority DESC);

CREATE TABLE scoring_runs (
    run_id        INTEGER PRIMARY KEY,
    scored_on     TEXT NOT NULL,
    branch_id     TEXT,
    customers     INTEGER NOT NULL,
    fitted        INTEGER NOT NULL,   -- 1: BG/NBD parameters fitted, 0: rule score only
    r REAL, alpha REAL, a REAL, b REAL, log_likelihood REAL
);
"""
