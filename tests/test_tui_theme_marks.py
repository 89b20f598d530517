"""What the screens mark as a warning (red) or to heed (amber) reads at 4.5:1 in every theme the app offers, measured on
the colours drawn, as tests/test_tui_theme_contrast.py measures the status lines: the card's "Number unusable" was
Rich's own red, 1.7-5.3:1 on the title bar (under 4.5 in 18 of 20 themes), its maturity within two weeks and its
"No script" sentence Rich's yellow, 2.1-2.7:1 in the five light themes. An ANSI theme's colours are the terminal's:
left out."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from test_tui_theme_contrast import measured, rgb
from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.contrast import FLOOR, contrast


def marked(widget, phrase: str) -> list[float]:
    """The contrast on its background of each piece of the widget's drawing that is part of phrase (its words as
    drawn, a line broken inside it included)."""
    ratios = []
    for strip in widget.render_lines(widget.region.reset_offset):
        for text, style, _control in strip:
            if text.strip() and text.strip() in phrase and style is not None and style.color is not None:
                ratios.append(round(contrast(rgb(style.color), rgb(style.bgcolor)), 2))
    return ratios


async def below_in_each_theme(pilot, found) -> dict:
    """In each theme the app offers, found(screen): (widget, phrase) pairs; the phrases drawn below FLOOR:1, by theme
    and phrase (a phrase not drawn at all fails)."""
    app, below = pilot.app, {}
    for theme in measured(app):
        app.theme = theme
        await settle(pilot)
        for widget, phrase in found(app.screen):
            ratios = marked(widget, phrase)
            assert ratios, (theme, phrase)
            if min(ratios) < FLOOR:
                below[theme, phrase[:20]] = min(ratios)
    return below


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
    from workbench.screens.messages import Failed

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen("C0001"))
        await settle(pilot, 5)
        app.screen.post_message(Failed("The database is locked by another program."))
        await settle(pilot)
        assert await below_in_each_theme(pilot, lambda screen: [
            (screen.query_one("#card-title"), "The database is locked by another program.")]) == {}
