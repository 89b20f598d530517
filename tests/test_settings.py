"""Settings: defaults, and overrides by bank, branch and sub-branch."""

import pytest

from workbench.errors import WorkbenchError
from workbench.settings import DEFAULTS, load_settings, set_setting


def _branches(db):
    db.execute("INSERT INTO branches VALUES ('B1', '城东支行', NULL, 'branch')")
    db.execute("INSERT INTO branches VALUES ('B1-1', '城东一分理处', 'B1', 'sub_branch')")
    db.execute("INSERT INTO branches VALUES ('B2', '城西支行', NULL, 'branch')")


def test_defaults(fresh_db):
    s = load_settings(fresh_db.conn)
    assert s["contact.budget_attempts"] == 3
    assert s["tiers.lines_fen"] == [5_000_000, 50_000_000, 300_000_000, 600_000_000]
    assert dict(s) == DEFAULTS


def test_levels_override_in_order(fresh_db):
    _branches(fresh_db)
    conn = fresh_db.conn
    set_setting(conn, "dormancy.product_days", 120)                 # bank
    set_setting(conn, "dormancy.product_days", 90, scope="B1")      # branch
    set_setting(conn, "dormancy.product_days", 60, scope="B1-1")    # sub-branch
    assert load_settings(conn)["dormancy.product_days"] == 120
    assert load_settings(conn, "B2")["dormancy.product_days"] == 120
    assert load_settings(conn, "B1")["dormancy.product_days"] == 90
    assert load_settings(conn, "B1-1")["dormancy.product_days"] == 60
    assert load_settings(conn, "B1-1")["contact.budget_days"] == 7


def test_bad_settings_refused(fresh_db):
    with pytest.raises(WorkbenchError, match="Unknown setting"):
        set_setting(fresh_db.conn, "no.such", 1)
    with pytest.raises(WorkbenchError, match="takes a whole number from 1 to 1,000"):
        set_setting(fresh_db.conn, "contact.budget_attempts", "three")
