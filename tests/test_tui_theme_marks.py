"""What the screens mark as a warning (red) or to heed (amber) reads at 4.5:1 in every theme the app offers, measured on
the colours drawn, as tests/test_tui_theme_contrast.py measures the status lines: the card's "Number unusable" was
Rich's own red, 1.7-5.3:1 on the title bar (under 4.5 in 18 of 20 themes), its maturity within two weeks and its
"No script" sentence Rich's yellow, 2.1-2.7:1 in the five light themes. An ANSI theme's colours are the terminal's:
left out."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from textual.color import Color

from test_tui_theme_contrast import measured, rgb
from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.contrast import FLOOR, contrast


def marked(widget, phrase: str, own_text: bool = False) -> list[tuple[float, float]]:
    """Each piece of the widget's drawing that is part of phrase (its words as drawn, a line broken inside it
    included): its contrast on its background, and what it must reach: FLOOR, or with own_text the least of FLOOR and
    its line's other words' contrast, or on a line of its own the widget's text colour's (a list's row: a note reads no
    better than its row, drawn in the highlight's text colour on the highlighted row, and in the row's text colour
    where the theme's warning colour cannot reach FLOOR)."""
    found = []
    style = widget.get_visual_style()
    text = round(contrast((style.background + style.foreground).rgb, style.background.rgb), 2)
    for strip in widget.render_lines(widget.region.reset_offset):
        pieces = [(text.strip() in phrase, round(contrast(rgb(style.color), rgb(style.bgcolor)), 2))
                  for text, style, _control in strip
                  if any(c.isalnum() for c in text) and style is not None and style.color is not None]   # no border
        others = [ratio for inside, ratio in pieces if not inside]
        floor = min([FLOOR, *(others or [text])]) if own_text else FLOOR
        found += [(ratio, floor) for inside, ratio in pieces if inside]
    return found


async def below_in_each_theme(pilot, found, own_text: bool = False) -> dict:
    """In each theme the app offers, found(screen): (widget, phrase) pairs; the phrases drawn below FLOOR:1 (own_text:
    below their line's other words, if those are below FLOOR), by theme and phrase (a phrase not drawn at all
    fails)."""
    app, below = pilot.app, {}
    for theme in measured(app):
        app.theme = theme
        await settle(pilot)
        for widget, phrase in found(app.screen):
            drawn = marked(widget, phrase, own_text)
            assert drawn, (theme, phrase)
            low = [ratio for ratio, floor in drawn if ratio < floor]
            if low:
                below[theme, phrase[:20]] = min(low)
    return below


LOCKED = "The database is locked by another program."


async def failure_below(pilot, selector: str) -> dict:
    """A failure said on the screen (Failed): below_in_each_theme of its sentence where selector shows it."""
    from workbench.screens.messages import Failed

    pilot.app.screen.post_message(Failed(LOCKED))
    await settle(pilot)
    return await below_in_each_theme(pilot, lambda screen: [(screen.query_one(selector), LOCKED)])


@sync
async def test_the_cards_warnings_read_at_4_5_in_every_theme(tmp_path):
    """The title's block (red) and number unusable (red), a holding maturing within two weeks (amber), the script's
    place saying why there is none (amber)."""
    from workbench.screens.customer_card import CustomerCardScreen

    path = build(tmp_path / "marks.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'outcome' WHERE customer_id = 'C0007'")
        conn.execute("UPDATE customers SET phone_valid = 0, phone_problem = 'not a phone number' WHERE customer_id = 'C0002'")
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen("C0002"))   # number unusable, a deposit maturing in 5 days
        await settle(pilot, 5)
        assert await below_in_each_theme(pilot, lambda screen: [
            (screen.query_one("#card-title"), "Number unusable (not a phone number)"),
            (screen.query_one("#holdings"), "matures 2026-11-25 (in 5 days)")]) == {}
        app.pop_screen()
        app.push_screen(CustomerCardScreen("C0007"))   # do not call: no number, no script
        await settle(pilot, 5)
        assert await below_in_each_theme(pilot, lambda screen: [
            (screen.query_one("#card-title"), "Do not call: no marketing, visits only"),
            (screen.query_one("#script-0"), "No script: the customer asked not to be marketed to. A visit, or a"
                                            " contact the customer starts, can still be logged.")]) == {}


@sync
async def test_a_failure_on_the_cards_title_reads_at_4_5_in_every_theme(db_file):
    from workbench.screens.customer_card import CustomerCardScreen

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen("C0001"))
        await settle(pilot, 5)
        assert await failure_below(pilot, "#card-title") == {}


@sync
async def test_the_agendas_notes_read_at_4_5_on_their_rows_highlighted_or_not_and_its_failure_too(tmp_path):
    """"Not before ..." (resting) and "Campaign ended ..." were Rich's yellow: on the highlighted row 1.0-3.6:1 in every
    theme, off it 1.8-2.1:1 in the light themes. Each now reads at 4.5:1, or as well as its row's own text where that
    does not (the highlight's text in gruvbox, 2.4:1; solarized's text on the list, 3.9:1)."""
    from datetime import datetime

    from test_tui_agenda_campaign_over import ended_campaign
    from tui_fixtures import highlight_option
    from workbench.db import connect
    from workbench.outcomes import log_outcome

    path = build(tmp_path / "agenda.sqlite")
    with closing(connect(path)) as conn:   # three calls unanswered: C0003's call back today rests until 11-25
        for day in (18, 19, 20):
            log_outcome(conn, customer_id="C0003", manager_id="M1", line_result="no_answer",
                        at=datetime(2026, 11, day, 9, 0))
    ended_campaign(path)
    rest, over = "Not before 2026-11-25: contact budget.", "Campaign ended on 2026-11-15: no longer to be told; cancel it."
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        for row in ("F-0003", "F-OLD1"):   # each note on the highlighted row, then off it
            await highlight_option(pilot, "#agenda", row)
            assert await below_in_each_theme(pilot, lambda screen: [
                (screen.query_one("#agenda"), rest), (screen.query_one("#agenda"), over)], own_text=True) == {}
        assert await failure_below(pilot, "#agenda-status") == {}


@sync
async def test_a_failure_on_the_call_lists_filter_line_reads_at_4_5_in_every_theme(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert await failure_below(pilot, "#filter-line") == {}


@sync
async def test_the_reschedule_dialogs_preview_reads_on_the_dialog_in_every_theme(db_file):
    """A Saturday and a day past, as in the outcome form's preview (WhenPreview): Rich's yellow was 1.96-2.69:1 on a
    light theme's dialog. As readable as the dialog's own text at least, where that is under 4.5:1 (solarized-dark's
    4.1:1 on the dialog)."""
    from test_tui_follow_up_times import open_reschedule

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")   # Friday 2026-11-20
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        for typed, said in (("2026-11-21", "Sat"), ("2026-11-19", "The follow-up time 2026-11-19 is in the past.")):
            app.screen.query_one("#new-when").value = typed
            await settle(pilot)
            assert await below_in_each_theme(pilot, lambda screen: [
                (screen.query_one("#reschedule-preview"), said)], own_text=True) == {}


@sync
async def test_the_hand_over_dialogs_last_day_reads_on_the_dialog_in_every_theme(db_file):
    """A cover's last day on a Saturday (2026-11-28): Rich's yellow was 1.96-2.69:1 on a light theme's dialog."""
    from test_tui_hand_over_make_cover import _last_day_typed

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _last_day_typed(pilot, app, "2026-11-28")
        assert await below_in_each_theme(pilot, lambda screen: [
            (screen.query_one("#hand-over-cover-day"), "Sat")]) == {}
        await pilot.press(*["backspace"] * 10, *"someday")   # refused in the plan's place: Rich's red was under 4.5:1
        await settle(pilot, 5)
        said = screen.query_one("#hand-over-plan").content.plain
        assert said.startswith("Cannot read 'someday'")
        assert await below_in_each_theme(pilot, lambda screen: [(screen.query_one("#hand-over-plan"), said)]) == {}


@sync
async def test_the_key_bar_on_its_own_is_drawn_in_the_themes_key_bar_colours():
    """KeyBar's own styles (DEFAULT_CSS) are those app.tcss gives it, the theme's key bar variables ($footer-*), so an
    app without app.tcss draws the bar in the colours the workbench makes legible: they named $panel and $accent
    (the workbench's light themes' keys were 1.3-2.4:1 on them), different in 11 of the 20 themes."""
    from textual.app import App

    from workbench.screens.widgets.key_bar import KeyBar

    class Bare(App):
        def compose(self):
            yield KeyBar()

    app = Bare()
    async with app.run_test(size=(80, 5)) as pilot:
        differs = {}
        for theme in sorted(name for name, given in app.available_themes.items() if not given.ansi):
            app.theme = theme
            await pilot.pause()
            bar, variables = app.screen.query_one(KeyBar), app.theme_variables
            key = next(segment.style for strip in bar.render_lines(bar.region.reset_offset) for segment in strip
                       if segment.text.strip() == "^p")
            drawn = (rgb(key.color), rgb(key.bgcolor), bar.styles.background.rgb, bar.styles.color.rgb)
            ground = Color.parse(variables["footer-background"])   # under a transparent key's
            given = tuple((ground + Color.parse(variables[name])).rgb for name in (
                "footer-key-foreground", "footer-key-background", "footer-background",
                "footer-description-foreground"))
            if drawn != given:
                differs[theme] = drawn, given
        assert differs == {}
