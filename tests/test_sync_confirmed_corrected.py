"""A call head office confirmed (reactivations, keyed by the entry credited) keeps its confirmation when the call is
corrected: the report counts it on the entry in effect of its correction chain, the same on two real desks whatever
the order of the correction and the extract."""

from __future__ import annotations

from datetime import date, datetime

import sync_data
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.sync.bundle import export_bundle, import_bundle
from workbench.sync.reactivation import confirm_reactivations
from workbench.sync.report import build_report

CALL = datetime(2026, 11, 20, 9, 0)
NOW = datetime(2026, 11, 26, 16, 0)


def _on(path, work):
    db = open_db(path)
    try:
        return work(db.conn)
    finally:
        db.close()


def _extract(conn):
    """Head office's extract: C000 was active on 11-25, five days after the call."""
    with conn:
        conn.execute("UPDATE customers SET last_activity_on = '2026-11-25' WHERE customer_id = 'C000'")
    return confirm_reactivations(conn, today=date(2026, 11, 26))


def _confirmed(conn):
    return build_report(conn, today=date(2026, 11, 30), since="2026-11-01", until="2026-11-30").total.confirmed


def test_the_confirmation_follows_the_correction_on_both_desks_whatever_the_order(tmp_path):
    a, b = sync_data.two_terminals(tmp_path)
    first = _on(a, lambda conn: log_outcome(conn, customer_id="C000", manager_id="M1", line_result="reached", at=CALL,
                                            business_outcome="appointment", recorded_at=CALL).outcome_id)
    _on(a, lambda conn: export_bundle(conn, tmp_path / "a0.wbundle", now=NOW))
    _on(b, lambda conn: import_bundle(conn, tmp_path / "a0.wbundle", now=NOW))
    # Desk a: the correction first, then the extract; desk b: the extract first, then the correction's bundle.
    fix = _on(a, lambda conn: log_outcome(conn, customer_id="C000", manager_id="M1", line_result="reached", at=CALL,
                                          business_outcome="interested", supersedes=first,
                                          recorded_at=datetime(2026, 11, 26, 9, 0)).outcome_id)
    assert [r.outcome_id for r in _on(a, _extract)] == [fix]
    assert [r.outcome_id for r in _on(b, _extract)] == [first]
    assert _on(b, _confirmed) == 1
    _on(a, lambda conn: export_bundle(conn, tmp_path / "a1.wbundle", now=NOW))
    _on(b, lambda conn: import_bundle(conn, tmp_path / "a1.wbundle", now=NOW))
    assert _on(a, _confirmed) == 1
    assert _on(b, _confirmed) == 1   # credited to the entry corrected since: counted on its correction
