"""A day's care suggestions come nearest occasion first: every roll-over within the window is due today, and they
came in customer-number order, so the one maturing on Sunday sat under those maturing in a fortnight."""

from datetime import date

from factories import add_customer, add_holding, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups

TODAY = date(2026, 11, 20)


def test_roll_overs_due_today_come_by_their_maturity_day(conn):
    for cid, day in (("A1", "2026-12-04"), ("A2", "2026-11-22"), ("A3", "2026-11-27")):
        add_customer(conn, cid)
        add_holding(conn, cid, maturity_on=day)
    found = [s for s in followups.care_suggestions(conn, "M1", TODAY) if s.kind == "maturity"]
    assert [(s.customer_id, s.due_on, s.in_time_by) for s in found] == [
        ("A2", TODAY, date(2026, 11, 22)), ("A3", TODAY, date(2026, 11, 27)), ("A1", TODAY, date(2026, 12, 4))]
    assert found[0].as_dict()["in_time_by"] == "2026-11-22"


def test_the_kinds_keep_their_order_on_a_day(conn):
    """Nearest first within a kind only: the day's kinds keep their order (a birthday greeting before roll-overs)."""
    add_customer(conn, "A1")
    add_holding(conn, "A1", maturity_on="2026-11-22")
    add_customer(conn, "B9", birthday="1960-11-20")
    found = [(s.customer_id, s.kind) for s in followups.care_suggestions(conn, "M1", TODAY)]
    assert found == [("B9", "birthday"), ("A1", "maturity")]
