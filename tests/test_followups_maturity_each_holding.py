"""Each maturing holding gets its own roll-over call: a maturity follow-up done for one holding does not cover a
second holding of the customer maturing after it (t2 F7), and accepting the second is not suggested again."""

import json
from datetime import date, datetime

from factories import add_holding, seed_branch, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.db import open_db
from workbench.outcomes import log_outcome

NOW = datetime(2027, 1, 27, 9, 5)


def maturities(conn, day: str) -> list[tuple[str, str]]:
    """The roll-over calls suggested for C1 as of `day`: (due day, the product its reason names)."""
    return [(s.due_on.isoformat(), s.reason.split(" ")[0])
            for s in followups.care_suggestions(conn, "M1", date.fromisoformat(day), customer_id="C1")
            if s.kind == "maturity"]


def two_holdings(conn) -> None:
    """The tester's 侯文华: a three-year deposit maturing 2027-01-31, a 90-day wealth product 2027-02-07."""
    add_holding(conn, "C1", product_name="整存整取三年", maturity_on="2027-01-31")
    add_holding(conn, "C1", product_type="wealth", product_name="稳利理财90天", maturity_on="2027-02-07")


def test_the_second_holding_gets_its_roll_over_call_after_the_first_s_is_done(conn):
    two_holdings(conn)
    assert maturities(conn, "2027-01-27") == [("2027-01-27", "整存整取三年")]
    # The reproduction: a maturity follow-up for today, then the call that reached the customer.
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2027-01-27", at=NOW, purpose="maturity")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="reactivated",
                at=datetime(2027, 1, 27, 10, 0))
    # The call of 01-27 was the first holding's (due by its maturity): the second's comes the day after it.
    for day in ("2027-01-29", "2027-01-31", "2027-02-01"):
        assert maturities(conn, day) == [("2027-02-01", "稳利理财90天")], day
    for day in ("2027-02-03", "2027-02-06", "2027-02-07"):
        assert maturities(conn, day) == [(day, "稳利理财90天")], day
    assert maturities(conn, "2027-02-08") == []          # matured: a roll-over call is pointless now


def test_accepting_the_second_holding_s_call_leaves_no_duplicate(conn):
    two_holdings(conn)
    (first,) = [s for s in followups.care_suggestions(conn, "M1", date(2027, 1, 27)) if s.kind == "maturity"]
    followups.accept_suggestion(conn, first, at=NOW)
    (second,) = [s for s in followups.care_suggestions(conn, "M1", date(2027, 1, 29)) if s.kind == "maturity"]
    fid = followups.accept_suggestion(conn, second, at=datetime(2027, 1, 29, 9, 0))
    assert followups.get(conn, fid).due_on == date(2027, 2, 1)
    for day in ("2027-01-29", "2027-02-01", "2027-02-05", "2027-02-07"):
        assert maturities(conn, day) == [], day


def test_holdings_maturing_on_one_day_share_one_call(conn):
    add_holding(conn, "C1", product_name="理财A", maturity_on="2027-02-03")
    add_holding(conn, "C1", product_name="理财B", maturity_on="2027-02-03")
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2027-01-28", at=NOW, purpose="maturity")
    assert maturities(conn, "2027-01-29") == []


def test_a_roll_over_call_after_the_first_maturity_counts_for_the_second_holding(conn):
    two_holdings(conn)
    # A call booked for the day after the first maturity is the second holding's; the first still gets its own.
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2027-02-02", at=NOW, purpose="maturity")
    assert maturities(conn, "2027-01-27") == [("2027-01-27", "整存整取三年")]
    assert maturities(conn, "2027-02-01") == []


def test_the_agenda_lists_the_second_roll_over(cli, db_path):
    db = open_db(db_path)
    seed_branch(db)
    two_holdings(db.conn)
    db.close()
    base = ("--db", str(db_path), "--user", "M1")
    cli(*base, "--now", "2027-01-27T09:05", "followup", "add", "--customer", "C1", "--when", "today",
        "--purpose", "maturity")
    cli(*base, "--now", "2027-01-27T10:00", "log", "--customer", "C1", "--result", "reached", "--outcome", "reactivated")
    shown = json.loads(cli(*base, "--now", "2027-02-01T09:00", "followups", "--suggest", "--json").stdout)["suggestions"]
    assert [(s["customer_id"], s["kind"], s["due_on"], s["in_time_by"]) for s in shown if s["kind"] == "maturity"] == [
        ("C1", "maturity", "2027-02-01", "2027-02-07")]
