"""A contact that reaches the customer and books the next step settles the next steps booked before it: after a cover,
the returning manager's callback about an interest was still "promised follow-up due today" though her colleague had
reached the customer four days before and booked a visit for the 19th, and she rang the customer again to ask what the
customer had settled with him."""

from datetime import date, datetime

import pytest
from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
import sync_data
from workbench import followups
from workbench.calllist import call_list
from workbench.db import open_db
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.sync.bundle import export_bundle, import_bundle

BEFORE = datetime(2026, 10, 23, 9, 50)
NOW = datetime(2026, 11, 12, 11, 0)


def _status(conn, *ids: str) -> list[str]:
    return [followups.get(conn, fid).status for fid in ids]


def test_a_colleagues_booking_settles_the_callback_booked_before_it_and_not_other_work(conn):
    callback = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-16", slot="10:00",
                                  at=BEFORE, purpose="interested")
    retry = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-17", at=BEFORE,
                               purpose="no_answer")
    roll_over = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-18", at=BEFORE,
                                   purpose="maturity")
    own_words = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", at=BEFORE,
                                   purpose="ask about the mortgage")
    followups.reassign_customer(conn, "C1", "M2", at=datetime(2026, 10, 23, 18, 0), by_id="S1")
    logged = log_outcome(conn, customer_id="C1", manager_id="M2", line_result="reached", at=NOW,
                         business_outcome="appointment",
                         follow_up=FollowUpRequest(date(2026, 11, 19), "10:00", channel="visit"))
    assert logged.superseded == (callback, retry)
    assert _status(conn, callback, retry, roll_over, own_words) == ["cancelled", "cancelled", "open", "open"]
    cancelled_by = conn.execute("SELECT DISTINCT outcome_id FROM followup_events WHERE kind = 'cancelled'").fetchall()
    assert cancelled_by == [(logged.outcome_id,)]
    # Back with M1 on the 16th: the customer waits for the visit, no callback heads her list.
    followups.reassign_customer(conn, "C1", "M1", at=datetime(2026, 11, 16, 8, 30), by_id="S1")
    due = [e for e in call_list(conn, "M1", datetime(2026, 11, 16, 8, 45)) if e.is_follow_up]
    assert [e.customer_id for e in due if e.customer_id == "C1"] == []


def test_a_call_keeps_a_visit_booked_and_a_visit_booked_settles_it(conn):
    visit = followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2026-11-27", slot="14:00", at=BEFORE,
                               channel="visit", purpose="appointment")
    first = log_outcome(conn, customer_id="C2", manager_id="M1", line_result="reached", at=NOW,
                        business_outcome="call_back", follow_up=FollowUpRequest(date(2026, 11, 24), "10:00"))
    assert first.superseded == () and _status(conn, visit) == ["open"]
    second = log_outcome(conn, customer_id="C2", manager_id="M1", line_result="reached",
                         at=datetime(2026, 11, 13, 10, 0), business_outcome="appointment",
                         follow_up=FollowUpRequest(date(2026, 11, 26), "15:00", channel="visit"))
    assert second.superseded == (first.followup_id, visit)
    assert [f.followup_id for f in followups.open_for_customer(conn, "C2")] == [second.followup_id]


def test_an_unanswered_call_and_a_contact_with_nothing_booked_settle_nothing(conn):
    callback = followups.schedule(conn, customer_id="C3", owner_id="M1", due_on="2026-11-20", at=BEFORE,
                                  purpose="call_back")
    missed = log_outcome(conn, customer_id="C3", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 14)))
    reached = log_outcome(conn, customer_id="C3", manager_id="M1", line_result="reached",
                          at=datetime(2026, 11, 12, 16, 0), business_outcome="interested")
    assert missed.superseded == reached.superseded == ()
    assert _status(conn, callback) == ["open"]


def test_a_correction_keeps_what_was_booked_after_the_contact_it_corrects(conn):
    first = log_outcome(conn, customer_id="C3", manager_id="M1", line_result="reached", at=BEFORE,
                        business_outcome="call_back")
    later = followups.schedule(conn, customer_id="C3", owner_id="M1", due_on="2026-11-20", at=NOW, purpose="call_back")
    corrected = log_outcome(conn, customer_id="C3", manager_id="M1", line_result="reached", at=BEFORE,
                            business_outcome="interested", supersedes=first.outcome_id, recorded_at=NOW,
                            follow_up=FollowUpRequest(date(2026, 11, 25)))
    assert corrected.superseded == () and _status(conn, later) == ["open"]


@pytest.fixture
def callback_on_a(tmp_path):
    """Two desks of one branch, desk A holding M1's callback about C000's interest, booked before the contact."""
    a, b = sync_data.two_terminals(tmp_path)
    desk_a, desk_b = open_db(a), open_db(b)
    try:
        yield desk_a, desk_b, followups.schedule(desk_a.conn, customer_id="C000", owner_id="M1", due_on="2026-11-16",
                                                 slot="10:00", at=BEFORE, purpose="interested")
    finally:
        desk_a.close()
        desk_b.close()


def test_the_other_desk_has_the_callback_settled_from_the_bundle(tmp_path, callback_on_a):
    desk_a, desk_b, callback = callback_on_a
    export_bundle(desk_a.conn, tmp_path / "first.wbundle", now=BEFORE)
    import_bundle(desk_b.conn, tmp_path / "first.wbundle", now=datetime(2026, 10, 23, 18, 0), actor="S1")
    assert _status(desk_b.conn, callback) == ["open"]
    logged = log_outcome(desk_a.conn, customer_id="C000", manager_id="M1", line_result="reached", at=NOW,
                         business_outcome="appointment",
                         follow_up=FollowUpRequest(date(2026, 11, 19), "10:00", channel="visit"))
    export_bundle(desk_a.conn, tmp_path / "second.wbundle", now=NOW, since="2026-11-12")
    import_bundle(desk_b.conn, tmp_path / "second.wbundle", now=datetime(2026, 11, 12, 18, 0), actor="S1")
    assert _status(desk_b.conn, callback, logged.followup_id) == ["cancelled", "open"]
    assert [e.customer_id for e in call_list(desk_b.conn, "M1", datetime(2026, 11, 16, 8, 45))
            if e.is_follow_up] == []


def _cancelled_by(conn, followup_id: str) -> list[tuple]:
    return conn.execute("SELECT outcome_id, at FROM followup_events WHERE followup_id = ? AND kind = 'cancelled'"
                        " ORDER BY terminal_id", (followup_id,)).fetchall()


def test_a_contact_logged_on_a_desk_that_never_had_the_callback_settles_it_on_both(tmp_path, callback_on_a):
    """The cover's case: the manager's callback is on her desk alone when her colleague's desk logs the contact."""
    desk_a, desk_b, callback = callback_on_a
    evening = datetime(2026, 11, 12, 18, 0)
    logged = log_outcome(desk_b.conn, customer_id="C000", manager_id="M1", line_result="reached", at=NOW,
                         business_outcome="appointment", recorded_at=datetime(2026, 11, 12, 11, 5),
                         follow_up=FollowUpRequest(date(2026, 11, 19), "10:00", channel="visit"))
    assert logged.superseded == ()
    export_bundle(desk_a.conn, tmp_path / "a.wbundle", now=NOW)
    export_bundle(desk_b.conn, tmp_path / "b.wbundle", now=NOW)
    # Each way: on B the callback arrives after the contact, on A the contact after the callback.
    into_b = import_bundle(desk_b.conn, tmp_path / "a.wbundle", now=evening, actor="S1")
    into_a = import_bundle(desk_a.conn, tmp_path / "b.wbundle", now=evening, actor="S1")
    assert into_b.followups_settled == into_a.followups_settled == {callback: logged.outcome_id}
    for desk in (desk_a, desk_b):
        assert _status(desk.conn, callback, logged.followup_id) == ["cancelled", "open"]
        assert _cancelled_by(desk.conn, callback) == [(logged.outcome_id, "2026-11-12T11:05:00")]
    # Once settled, nothing more: the same bundles again, then each desk's cancellation to the other.
    assert import_bundle(desk_b.conn, tmp_path / "a.wbundle", now=evening, actor="S1").followups_settled == {}
    assert import_bundle(desk_a.conn, tmp_path / "b.wbundle", now=evening, actor="S1").followups_settled == {}
    export_bundle(desk_a.conn, tmp_path / "a2.wbundle", now=evening)
    export_bundle(desk_b.conn, tmp_path / "b2.wbundle", now=evening)
    back_b = import_bundle(desk_b.conn, tmp_path / "a2.wbundle", now=datetime(2026, 11, 12, 19, 0), actor="S1")
    back_a = import_bundle(desk_a.conn, tmp_path / "b2.wbundle", now=datetime(2026, 11, 12, 19, 0), actor="S1")
    assert back_a.followups_settled == back_b.followups_settled == {}
    assert back_a.conflicts == back_b.conflicts == []
    assert _cancelled_by(desk_a.conn, callback) == _cancelled_by(desk_b.conn, callback) == [
        (logged.outcome_id, "2026-11-12T11:05:00")] * 2
    assert _status(desk_a.conn, callback) == _status(desk_b.conn, callback) == ["cancelled"]


def test_a_callback_moved_after_the_contact_stays_moved_and_is_settled_once(tmp_path, callback_on_a):
    """The later change wins, as between any two events: the manager moved the callback after the contact was made."""
    desk_a, desk_b, callback = callback_on_a
    followups.reschedule(desk_a.conn, callback, due_on="2026-11-20", at=datetime(2026, 11, 12, 14, 0))
    logged = log_outcome(desk_b.conn, customer_id="C000", manager_id="M1", line_result="reached", at=NOW,
                         business_outcome="appointment",
                         follow_up=FollowUpRequest(date(2026, 11, 19), "10:00", channel="visit"))
    for n, at in enumerate((datetime(2026, 11, 12, 18, 0), datetime(2026, 11, 12, 19, 0))):
        export_bundle(desk_a.conn, tmp_path / f"a{n}.wbundle", now=at)
        export_bundle(desk_b.conn, tmp_path / f"b{n}.wbundle", now=at)
        import_bundle(desk_b.conn, tmp_path / f"a{n}.wbundle", now=at, actor="S1")
        import_bundle(desk_a.conn, tmp_path / f"b{n}.wbundle", now=at, actor="S1")
    for desk in (desk_a, desk_b):
        assert _status(desk.conn, callback) == ["rescheduled"]
        assert _cancelled_by(desk.conn, callback) == [(logged.outcome_id, "2026-11-12T11:00:00")] * 2


@pytest.mark.parametrize("lang, said", [
    ("en", "note: the follow-up booked replaces one booked before, now cancelled: 2026-11-16 10:00 Interested (李经理)."),
    ("zh_CN", "提示：本次约定的跟进取代了此前约定的 1 条，已取消：2026-11-16 10:00 有意向（李经理）。"),
])
def test_log_names_what_the_booking_settled(tmp_path, cli, lang, said):
    path = sync_data.branch_file(tmp_path / "a.sqlite")
    db = open_db(path)
    try:
        followups.schedule(db.conn, customer_id="C000", owner_id="M1", due_on="2026-11-16", slot="10:00", at=BEFORE,
                           purpose="interested")
    finally:
        db.close()
    r = cli("--db", path, "--lang", lang, "--now", "2026-11-12T11:00:00", "--user", "M1", "log", "--customer", "C000",
            "--result", "reached", "--outcome", "appointment", "--follow-up", "2026-11-19T10:00",
            "--follow-up-channel", "visit")
    assert r.exit_code == 0, r.stderr
    assert said in r.stderr.replace("\n", "")
