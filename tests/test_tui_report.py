"""The supervisor's report screen: right numbers for known outcomes, refused to a manager, snapshots."""

from __future__ import annotations

from datetime import datetime
from itertools import zip_longest

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from tui_fixtures import NOW, build, pick, printed, screen_lines, settle, sync
from workbench.db import connect
from workbench.outcomes import log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.report import ReportScreen
from workbench.sync.funnel import CONFIRMED_NOTE

# customer, manager, at, line result, business outcome, reason
OUTCOMES = [
    ("C0001", "M1", "2026-11-18T09:10:00", "no_answer", None, None),
    ("C0001", "M1", "2026-11-18T10:05:00", "reached", "interested", "competitor"),
    ("C0002", "M1", "2026-11-19T10:20:00", "reached", "appointment", "no_need"),
    ("C0003", "M1", "2026-11-19T10:40:00", "reached", "reactivated", "competitor"),
    ("C9001", "M2", "2026-11-20T09:30:00", "busy", None, None),
    ("C0004", "M1", "2026-11-01T10:00:00", "reached", "reactivated", None),   # 19 days back: only in 30 days
]


def seeded(path):
    build(path)
    return log_outcomes(path)


def log_outcomes(path):
    conn = connect(path)
    try:
        for customer, manager, at, line, outcome, reason in OUTCOMES:
            log_outcome(conn, customer_id=customer, manager_id=manager, line_result=line,
                        business_outcome=outcome, reason=reason, at=datetime.fromisoformat(at), rescore=False)
    finally:
        conn.close()
    return path


@pytest.fixture
def db_file(tmp_path):
    return seeded(tmp_path / "report.sqlite")


async def open_report(pilot) -> None:
    await pick(pilot, "M1")
    await pilot.press("r")
    await settle(pilot)


def shown(app, name: str) -> str:
    """A report part as the terminal would print it: a wide table's labels beside its figures."""
    figures = printed(app.screen.query_one(f"#report-{name}", Static)).splitlines()
    labels = list(app.screen.query(f"#report-{name}-labels").results(Static))
    left = printed(labels[0]).splitlines() if labels else []
    return "\n".join(a + b for a, b in zip_longest(left, figures, fillvalue="")) + "\n"


def title_of(app) -> str:
    return str(app.screen.query_one("#report-title", Static).content)


def funnel_columns(text: str) -> dict[str, list[str]]:
    """The per-manager table read back as {manager: [calls, dialled, ..., confirmed, reach rate]}."""
    lines = [line.split() for line in text.splitlines() if line.strip() and not line.strip().startswith("─")]
    names, rows = lines[0], lines[1:]
    return {name: [row[-len(names) + i] for row in rows] for i, name in enumerate(names)}


def row_of(text: str, label: str) -> list[str]:
    line = next((line for line in text.splitlines() if line.strip().startswith(label)), None)
    assert line is not None, f"no row {label!r} in:\n{text}"
    return line.split()


@sync
async def test_supervisor_sees_the_week_then_the_month(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        assert isinstance(app.screen, ReportScreen)
        managers = funnel_columns(shown(app, "managers"))
        # calls, dialled, reached, interested, appointment, reactivated, confirmed, reach rate
        assert list(managers) == ["All", "李娜", "陈静"]
        assert managers["李娜"] == ["4", "3", "3", "3", "2", "1", "0", "100%"]
        assert managers["陈静"] == ["1", "1", "0", "0", "0", "0", "0", "0%"]
        assert managers["All"] == ["5", "4", "3", "3", "2", "1", "0", "75%"]
        assert row_of(shown(app, "funnel"), "Reactivated")[-1] == "1"
        units = printed(app.screen.query_one("#report-funnel-units", Static))   # what Contacts and Contacted count
        assert " ".join(units.split()) == ("Contacts counts every attempt by any channel (calls, messages, visits); "
                                           "Contacted and the stages after it count customers, each once: a customer "
                                           "two managers contacted counts for each of them, and once in All.")
        confirmed = printed(app.screen.query_one("#report-confirmed-note", Static))   # under the funnel's bars
        assert " ".join(confirmed.split()) == " ".join(CONFIRMED_NOTE.split())
        assert row_of(shown(app, "followups"), "still due today")[-1] == "1"   # F-0003, due today
        assert row_of(shown(app, "followups"), "overdue")[-1] == "0"
        hours = shown(app, "hours")
        assert row_of(hours, "09:00")[-2:] == ["0%", "(0/2)"]
        assert row_of(hours, "10:00")[-2:] == ["100%", "(3/3)"]
        reasons = shown(app, "reasons")
        assert row_of(reasons, "Poached by a competitor")[-1] == "2"
        assert row_of(reasons, "No current need")[-1] == "1"
        assert "2026-11-14 – 2026-11-20" in title_of(app)
        # per segment, by label (the most customers first, as in workbench report): calls, dialled ... confirmed, reach rate
        segments_shown = shown(app, "segments")
        assert row_of(segments_shown, "Low-value dormant")[-8:] == ["2", "2", "1", "1", "1", "1", "0", "50%"]
        assert row_of(segments_shown, "Product maturing soon")[-8:] == ["1", "1", "1", "1", "1", "0", "0", "100%"]
        assert "low_value_dormant" not in segments_shown
        assert row_of(shown(app, "scripts"), "(no script)")[-8:] == ["5", "4", "3", "3", "2", "1", "0", "75%"]
        assert not app.screen.query_one("#report-campaigns-title").display   # no campaigns, no empty section
        why = shown(app, "why-not").splitlines()
        assert why[:2] == ["Not reached", "Busy ████████████████████████ 1"]            # C9001
        assert why[3:5] == ["Interested, no appointment yet", "No follow-up open ████████████████████████ 1"]

        await pilot.press("m")
        await settle(pilot)
        managers = funnel_columns(shown(app, "managers"))
        assert managers["李娜"] == ["5", "4", "4", "4", "3", "2", "0", "100%"]
        assert managers["All"] == ["6", "5", "4", "4", "3", "2", "0", "80%"]
        assert "2026-10-22 – 2026-11-20" in title_of(app)

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)


@sync
async def test_s_shows_one_manager_at_a_time_then_all_again(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "李娜" in title_of(app) and "all managers" not in title_of(app)
        managers = funnel_columns(shown(app, "managers"))
        assert list(managers) == ["All", "李娜"] and managers["All"] == ["4", "3", "3", "3", "2", "1", "0", "100%"]
        assert "Busy" not in shown(app, "why-not")                      # 陈静's call to C9001
        assert row_of(shown(app, "followups"), "still due today")[-1] == "1"   # F-0003 is 李娜's
        await pilot.press("m")   # the period changes, the manager stays
        await settle(pilot)
        assert funnel_columns(shown(app, "managers"))["All"] == ["5", "4", "4", "4", "3", "2", "0", "100%"]
        await pilot.press("s")
        await settle(pilot)
        assert "陈静" in title_of(app)
        managers = funnel_columns(shown(app, "managers"))
        assert list(managers) == ["All", "陈静"] and managers["All"] == ["1", "1", "0", "0", "0", "0", "0", "0%"]
        assert row_of(shown(app, "followups"), "still due today")[-1] == "0"
        await pilot.press("s")
        await settle(pilot)
        assert "all managers" in title_of(app)
        assert list(funnel_columns(shown(app, "managers"))) == ["All", "李娜", "陈静"]


@sync
async def test_s_steps_through_those_who_called_in_the_period_shown(db_file):
    from sync_data import add_outcome

    conn = connect(db_file)
    with conn:   # 王强 called only 18 days back: in the 30 days, not the 7
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王强', 'manager', 'B1')")
        add_outcome(conn, "C0004", "2026-11-02T10:00:00", manager_id="M3", line_result="no_answer")
    conn.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("s", "m")   # one manager shown, then the period changes
        await settle(pilot)
        seen = []
        while "all managers" not in title_of(app) and len(seen) < 5:
            await pilot.press("s")
            await settle(pilot)
            seen.append(title_of(app))
        assert any("王强" in title for title in seen) and "all managers" in seen[-1]


@sync
async def test_stepping_through_managers_works_out_the_callers_once_per_period(db_file, monkeypatch):
    from workbench.sync import funnel

    asked = []
    callers = funnel.callers
    monkeypatch.setattr(funnel, "callers", lambda conn, span, lang=None: asked.append(span) or callers(conn, span, lang))
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "陈静" in title_of(app) and asked == []   # the all-managers report named them
        await pilot.press("m")   # a new period with one manager shown: its callers are worked out
        await settle(pilot)
        assert len(asked) == 1
        await pilot.press("s")
        await settle(pilot)
        assert len(asked) == 1 and "all managers" in title_of(app)


@sync
async def test_a_campaigns_funnel_shows_once_a_campaign_has_notices(tmp_path):
    from datetime import date

    from workbench import campaigns, followups

    path = build(tmp_path / "campaign.sqlite")
    conn = connect(path)
    try:
        campaigns.save(conn, [campaigns.Campaign("CD1", "[b]大额存单[/b]", "年利率2.15%。", date(2026, 11, 1),
                                                 date(2026, 12, 31), "phone")], at=datetime(2026, 11, 1), by_id="S1")
        for customer in ("C0001", "C0002"):   # told before their calls on the 18th and 19th
            followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=date(2026, 11, 18),
                               at=datetime(2026, 11, 17, 9), purpose="campaign:CD1")
    finally:
        conn.close()
    app = WorkbenchApp(log_outcomes(path), now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        assert app.screen.query_one("#report-campaigns-title").display
        # notices, done, calls, dialled, reached, interested, appointment, reactivated, confirmed, reach rate
        assert row_of(shown(app, "campaigns"), "CD1")[-10:] == ["2", "2", "3", "2", "2", "2", "1", "0", "0", "100%"]
        assert "[b]大额存单[/b]" in shown(app, "campaigns")   # head office's title is text, not markup


@sync
async def test_manager_cannot_open_the_report(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Report" not in str(app.screen.query_one("KeyBar").render())
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
        app.action_report()   # reached another way (palette, keymap): refused and logged
        await settle(pilot)
        assert not isinstance(app.screen, ReportScreen)
        assert any("Only a supervisor may open the report" in n.message for n in app._notifications)
    conn = connect(db_file)
    try:
        refusals = conn.execute(
            "SELECT actor, subject FROM audit_log WHERE action = 'refusal'").fetchall()
    finally:
        conn.close()
    assert refusals == [("M1", "open the report")]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_report_snapshot(snap_compare, tmp_path, size):
    app = WorkbenchApp(seeded(tmp_path / "snap.sqlite"), now=NOW, lang="en", user="S1")
    assert snap_compare(app, terminal_size=size, run_before=open_report)


@sync
async def test_palette_offers_the_report_to_a_supervisor_only(db_file):
    from workbench.screens.commands import WorkbenchCommands

    def titles(app) -> list[str]:
        return [title for title, _action, _help in WorkbenchCommands(app.screen)._commands()]

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pick(pilot, "M1")
        assert "Go to: report" in titles(app)
        assert "Report" in str(app.screen.query_one("KeyBar").render())
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Go to: report" not in titles(app)


def held_report(monkeypatch, *, fail: str | None = None):
    """build_report for 30 days waits for the event returned (then fails with fail, if given)."""
    import threading

    import workbench.sync.report as report_module

    release, real = threading.Event(), report_module.build_report

    def build(conn, *, since, **kwargs):
        if since == "2026-10-22":
            release.wait(10)
            if fail:
                raise RuntimeError(fail)
        return real(conn, since=since, **kwargs)

    monkeypatch.setattr(report_module, "build_report", build)
    return release


@sync
async def test_the_old_periods_figures_are_dimmed_until_the_new_ones_land(db_file, monkeypatch):
    release = held_report(monkeypatch)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        body = app.screen.query_one("#report-body")
        assert not body.has_class("-stale")
        await pilot.press("m")
        await pilot.pause(0.2)   # not settle: that waits for the report held above
        assert "2026-10-22 – 2026-11-20" in title_of(app) and body.has_class("-stale")
        assert funnel_columns(shown(app, "managers"))["All"][0] == "5"   # still the week's, dimmed
        release.set()
        await settle(pilot)
        assert not body.has_class("-stale") and funnel_columns(shown(app, "managers"))["All"][0] == "6"


@sync
async def test_a_failed_report_shows_its_sentence_and_no_other_periods_figures(db_file, monkeypatch):
    release = held_report(monkeypatch, fail="database is locked")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("m")
        release.set()
        await settle(pilot)
        assert shown(app, "funnel").strip() == "database is locked"
        assert shown(app, "managers").strip() == "" and shown(app, "followups").strip() == ""
        assert not app.screen.query_one("#report-body").has_class("-stale")
        release.clear()
        await pilot.press("w", "m", "w")   # the month fails after the week was asked for again
        await pilot.pause(0.2)
        release.set()
        await settle(pilot)
        assert funnel_columns(shown(app, "managers"))["All"][0] == "5"
        assert "2026-11-14 – 2026-11-20" in title_of(app)


@sync
async def test_a_table_wider_than_the_terminal_says_so_and_scrolls_with_the_arrows(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(30, 30)) as pilot:
        await open_report(pilot)
        title = app.screen.query_one("#report-managers-title", Static)
        wide = app.screen.query_one("#report-managers-scroll")
        assert str(title.content) == "Funnel per manager (← → for the rest)" and wide.max_scroll_x > 0
        await pilot.press("right")
        await settle(pilot)
        assert wide.scroll_x > 0
        await pilot.press("left")
        await settle(pilot)
        assert wide.scroll_x == 0
        await pilot.press("tab", "right")   # tab leaves the tables alone: the arrows still move them all
        await settle(pilot)
        assert wide.scroll_x > 0 and not wide.has_focus
        await pilot.press("left")
        await settle(pilot)
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert str(title.content) == "Funnel per manager"   # it all fits now


@sync
async def test_a_wide_table_leaves_no_scrollbar_mark_under_it_and_still_scrolls_at_80_by_24(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        screen = app.screen
        wide = screen.query_one("#report-segments-scroll")
        assert wide.max_scroll_x > 0 and "← →" in str(screen.query_one("#report-segments-title", Static).content)
        # The managers' table fits: its title does not send anyone looking for more.
        assert str(screen.query_one("#report-managers-title", Static).content) == "Funnel per manager"
        body = screen.query_one("#report-body")
        body.scroll_to(y=screen.query_one("#report-segments-title").virtual_region.y, animate=False)
        await settle(pilot)
        lines = screen_lines(app)
        left, right = body.content_region.x, body.content_region.right   # the body's own scrollbar is right of it
        inside = ["".join(cell_at(line, x) for x in range(left, right)) for line in lines]
        last_row = next(n for n, line in enumerate(inside) if line.strip().startswith("Product maturing soon"))
        next_title = next(n for n, line in enumerate(inside) if line.strip().startswith("Funnel per script"))
        assert last_row < next_title and all(not line.strip() for line in inside[last_row + 1: next_title]), \
            inside[last_row: next_title + 1]
        await pilot.press("right")   # no scrollbar shown, the arrows still scroll it
        await settle(pilot)
        assert wide.scroll_x > 0


def test_the_notices_done_column_is_short_and_means_notified():
    from workbench import i18n
    from workbench.screens.report import column_title

    was = i18n.get_language()
    try:
        i18n.set_language("zh_CN")
        assert column_title("Notices done") == "已通知" and column_title("Contacts") == "联系次数"
        i18n.set_language("en")
        assert column_title("Notices done") == "Done"
    finally:
        i18n.set_language(was)


def cell_at(line: str, x: int) -> str:
    """The character covering cell x of a screen line (a Chinese character covers two)."""
    for char in line:
        x -= cell_len(char)
        if x < 0:
            return char
    return " "


def eight_managers(path):
    """The report's branch with six more managers, each with a call this week: eight columns of managers."""
    from sync_data import add_outcome

    conn = connect(seeded(path))
    with conn:
        for n, name in enumerate(["王强", "赵敏", "孙丽丽", "周杰", "吴昊", "郑爽"], 3):
            conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')", (f"M{n}", name))
            add_outcome(conn, f"C{n:04d}", f"2026-11-19T1{n - 3}:00:00", manager_id=f"M{n}", line_result="no_answer")
    conn.close()
    return path


@pytest.mark.parametrize("lang, name, label, last", [
    ("zh_CN", "managers", "联系次数", "郑爽"),       # eight managers' columns overflow 80 columns in Chinese
    ("en", "segments", "Low-value dormant", "Reach rate"),
])
@sync
async def test_the_row_labels_stay_in_view_while_a_wide_table_scrolls(tmp_path, lang, name, label, last):
    app = WorkbenchApp(eight_managers(tmp_path / "eight.sqlite"), now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 200)) as pilot:
        await open_report(pilot)
        wide = app.screen.query_one(f"#report-{name}-scroll")
        assert "← →" in str(app.screen.query_one(f"#report-{name}-title", Static).content)
        top = wide.region.y   # the table's blank top edge, then its header, its rule and its first row
        assert last not in screen_lines(app)[top + 1] and screen_lines(app)[top + 3].startswith("  " + label)
        left = wide.region.x
        for _ in range(10):
            await pilot.press("right")
            await settle(pilot)
            # Each step stops where a column starts: the first cell in view is a column's padding, never
            # the tail of a cut figure ("3%" of "33%") beside the labels.
            assert wide.scroll_x in wide.stops
            assert {cell_at(line, left) for line in screen_lines(app)[top + 1: top + 10]} <= {" ", "─"}
        assert wide.scroll_x == wide.max_scroll_x > 0
        header, first_row = screen_lines(app)[top + 1], screen_lines(app)[top + 3]
        assert header.rstrip().endswith(last)   # the last column in view, the first row's label where it was
        assert first_row.startswith("  " + label)
        # New figures whose columns start elsewhere (another period's wider numbers): the scroll goes back to
        # the start of the column it was in, not into the middle of a figure.
        was = round(wide.scroll_x)
        wide.set_stops([0, *(s + 3 for s in wide.stops[1:])], wide.content_width + 3 * len(wide.stops))
        await settle(pilot)
        assert was not in wide.stops and wide.scroll_x == max(s for s in wide.stops if s <= was)


def test_column_starts_fall_between_cells():
    """Cut at any start, every line of the printed table has blank cells on both sides of the cut: the
    column before ends earlier, the one after starts later."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from workbench.screens.widgets.wide_scroll import column_starts

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), expand=False)
    for header in ("All", "王丽娟", "Manager Two", "陈", "Reach rate"):
        table.add_column(Text(header), justify="right", no_wrap=True)
    table.add_row("1234", "5", "66", "7", "33%")
    table.add_row("100%", "—", "0%", "12345678", "100%")
    console = Console(width=200, color_system=None)
    starts, width = column_starts(console, table)
    lines = ["".join(seg.text for seg in line) for line in console.render_lines(table, console.options.update_width(width))]
    assert len(starts) == 5 and starts[0] == 0 and max(len(line.rstrip()) for line in lines) <= width
    for start in starts[1:]:
        # The padding after the column before, the gap, the padding before this column; the cells either side.
        assert all(cell_at(line, x) in " ─" for line in lines for x in (start - 2, start - 1, start)), start
        assert any(cell_at(line, start - 3) not in " ─" for line in lines), start
        assert any(cell_at(line, start + 1) not in " ─" for line in lines), start


@sync
async def test_a_rate_of_exactly_a_half_percent_is_rounded_up(tmp_path):
    """5 of 8 is 62.5%: shown 63%, as one checks by hand, not Python's round-half-even 62%."""
    path = build(tmp_path / "halves.sqlite")
    conn = connect(path)
    try:
        for n in range(5, 13):
            log_outcome(conn, customer_id=f"C{n:04d}", manager_id="M1", line_result="reached" if n < 10 else "busy",
                        business_outcome="not_interested" if n < 10 else None, at=datetime(2026, 11, 19, 9, n),
                        rescore=False)
    finally:
        conn.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        assert row_of(shown(app, "hours"), "09:00")[-2:] == ["63%", "(5/8)"]
        assert funnel_columns(shown(app, "managers"))["All"][-1] == "63%"


@sync
async def test_a_manager_who_has_left_is_named_so_in_the_tables_and_the_title(db_file):
    conn = connect(db_file)
    try:
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        assert "陈静 (left)" in shown(app, "managers") and "陈静 (left)" in shown(app, "manager-bars")
        assert "李娜 (left)" not in shown(app, "managers")
        for _step in range(2):
            await pilot.press("s")
            await settle(pilot)
        assert "陈静 (left)" in title_of(app)
