"""Migration 125 on a real sample from the project's history (6c3c60a, schema 124): the confirmed reactivations of
customers who were not dormant when called are removed, those of dormant ones kept as they were."""

from pathlib import Path

from test_migrations_contact_state import old_sample, up_to
from workbench.db import open_db
from workbench.sync.reactivation import DORMANT_SEGMENTS

SCHEMA_124 = "6c3c60a"
BY_SEGMENT = ("SELECT o.segment, count(*) FROM reactivations r JOIN outcomes o USING (outcome_id)"
              " GROUP BY 1 ORDER BY 1")


def test_confirmations_of_customers_not_dormant_when_called_are_removed(tmp_path: Path, monkeypatch):
    path = old_sample(SCHEMA_124, tmp_path / "old.sqlite")
    with monkeypatch.context() as patch:
        up_to(patch, 124)
        db = open_db(path)
        before = dict(db.conn.execute(BY_SEGMENT).fetchall())
        kept = db.conn.execute("SELECT r.* FROM reactivations r JOIN outcomes o USING (outcome_id) WHERE o.segment IN"
                               " (?, ?, ?, ?) ORDER BY 1", DORMANT_SEGMENTS).fetchall()
        db.close()
    assert before == {"active": 87, "downgraded": 47, "high_value_dormant": 2, "low_value_dormant": 16,
                      "maturing_soon": 4, "near_next_tier": 3, "new_customer": 13, "unconverted_prospect": 104}
    db = open_db(path)
    try:
        assert dict(db.conn.execute(BY_SEGMENT).fetchall()) == {
            "downgraded": 47, "high_value_dormant": 2, "low_value_dormant": 16, "unconverted_prospect": 104}
        assert db.conn.execute("SELECT * FROM reactivations ORDER BY 1").fetchall() == kept
    finally:
        db.close()
