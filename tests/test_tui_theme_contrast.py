"""Every theme the app offers (its own and Textual's, picked with the palette's Theme command) draws the key bar and the
status lines at 4.5:1 (WCAG AA for text), measured on the colours drawn: a low-vision tester found the light themes'
keys at 1.3-2.4:1 on their bar and who-am-I's red at 3.0-4.8:1 (under 4.5 in all but two). An ANSI theme's colours
are the terminal's own, which no test can measure: it is left out. And where the keys go is seen: the card's pane in
focus and the outcome form's select in focus are marked."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from tui_fixtures import pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.contrast import FLOOR, contrast
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.theme import FOOTER, GROUNDS, TEXT, WORKBENCH_THEME, legible
from workbench.screens.who_am_i import WhoAmIScreen
from workbench.screens.widgets.key_bar import KeyBar

THEMES = {**BUILTIN_THEMES, WORKBENCH_THEME.name: WORKBENCH_THEME}
# The key bar, and a status on a dialog, read at 4.5:1 in every theme once the app takes its variables through
# theme.legible (WorkbenchApp.get_css_variables, screens/app.py); until it does they fail (nord's red on a dialog is
# 4.1:1, textual-light's keys 2.9:1), as expected.
LEGIBLE = pytest.mark.xfail("get_css_variables" not in vars(WorkbenchApp), strict=True,
                            reason="WorkbenchApp.get_css_variables does not take theme.legible yet")


def measured(app) -> list[str]:
    """The themes the app offers whose colours are its own (not an ANSI theme's, the terminal's)."""
    assert set(app.available_themes) == set(THEMES)   # a theme the app offers and this file does not know: look at it
    return sorted(name for name, theme in app.available_themes.items() if not theme.ansi)


def rgb(colour) -> tuple[int, int, int]:
    return Color.from_rich_color(colour).rgb


def words(widget) -> list[tuple[str, float]]:
    """The widget's words as drawn, each with its contrast on its background; a disabled key's dimmed words left out
    (WCAG asks nothing of an inactive control)."""
    return [(segment.text.strip(), round(contrast(rgb(segment.style.color), rgb(segment.style.bgcolor)), 2))
            for strip in widget.render_lines(widget.region.reset_offset) for segment in strip
            if segment.text.strip() and not segment.style.dim]


async def in_each_theme(pilot, widget_of) -> dict[str, list[tuple[str, float]]]:
    """The words of widget_of(screen) below FLOOR:1, by theme, in each theme the app offers."""
    app, below = pilot.app, {}
    for theme in measured(app):
        app.theme = theme
        await settle(pilot)
        drawn = words(widget_of(app.screen))
        assert drawn, theme
        below[theme] = [(text, ratio) for text, ratio in drawn if ratio < FLOOR]
    return {theme: low for theme, low in below.items() if low}


@sync
async def test_an_error_on_who_am_i_reads_at_4_5_in_every_theme(db_file):
    app = WorkbenchApp(db_file, lang="en", user="NOBODY")   # no one has that id: the hint says so, as an error
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, WhoAmIScreen)
        assert "NOBODY" in str(app.screen.query_one("#hint").render())
        assert await in_each_theme(pilot, lambda screen: screen.query_one("#hint")) == {}


@LEGIBLE
@sync
async def test_the_key_bar_reads_at_4_5_in_every_theme(db_file):
    app = WorkbenchApp(db_file, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, WhoAmIScreen)
        assert await in_each_theme(pilot, lambda screen: screen.query_one(KeyBar)) == {}


@LEGIBLE
@sync
async def test_the_outcome_forms_refusal_reads_at_4_5_on_the_dialog_in_every_theme(db_file):
    app = WorkbenchApp(db_file, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("ctrl+s")   # nothing picked: refused
        await settle(pilot)
        assert "Pick the line result first" in str(form.query_one("#form-status").render())
        assert await in_each_theme(pilot, lambda screen: screen.query_one("#form-status")) == {}


@pytest.mark.parametrize("name", sorted(name for name, theme in THEMES.items() if not theme.ansi))
def test_legible_makes_each_themes_coloured_text_read_on_its_grounds_and_keeps_what_already_did(name):
    theme = THEMES[name]
    given = {**theme.to_color_system().generate(), **theme.variables}
    shown = legible(given)
    grounds = [Color.parse(shown[ground]) for ground in GROUNDS]
    for ink in TEXT:
        assert min(contrast(Color.parse(shown[ink]).rgb, g.rgb) for g in grounds) >= FLOOR, ink
        if min(contrast(Color.parse(given[ink]).rgb, g.rgb) for g in grounds) >= FLOOR:
            assert shown[ink] == given[ink], ink   # a colour that reads is the theme's own, as it was
    bar = Color.parse(shown["footer-background"])
    for ink in FOOTER:
        assert contrast(Color.parse(shown[ink]).rgb, bar.rgb) >= FLOOR, ink


def test_legible_leaves_an_ansi_theme_to_the_terminal():
    given = {**BUILTIN_THEMES["ansi-dark"].to_color_system().generate()}
    assert legible(given) == given


def test_the_workbench_theme_reads_as_it_is():
    given = {**WORKBENCH_THEME.to_color_system().generate(), **WORKBENCH_THEME.variables}
    assert legible(given) == given


@sync
async def test_who_logged_a_leads_interest_reads_in_the_assign_picker_highlighted_or_not_in_every_theme(tmp_path):
    from contextlib import closing

    from test_tui_pool import POOL, interested_then_pooled
    from tui_fixtures import NOW, build, pick
    from workbench.db import connect
    from workbench.screens.assign_to import AssignToScreen
    from workbench.screens.who_am_i import POOL_OPTION

    path = build(tmp_path / "pool.sqlite")
    with closing(connect(path)) as conn, conn:
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                         " VALUES (?, ?, 'B1', ?, ?, 0)", POOL)
    interested_then_pooled(path, "P3", "M2", days_ago=3)   # M2 logged P3's interest: M2 first, highlighted
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    mark = "logged their interest"
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        await pilot.press("a")
        picker = (await pressed(pilot, AssignToScreen)).query_one("#managers")
        below = {}
        for theme in measured(app):
            app.theme = theme
            for highlighted in (0, 1):   # on M2's row highlighted, then on it with the highlight on M1
                picker.highlighted = highlighted
                await settle(pilot)
                drawn = dict(words(picker))
                # As readable as the row's own text at least (in solarized the theme's text is 3.9-4.1:1 on a dialog).
                plain = min(ratio for text, ratio in words(picker) if text.startswith("陈静"))
                if drawn[mark] < min(plain, FLOOR):
                    below[theme, highlighted] = (drawn[mark], plain)
        assert below == {}


def first_column(widget) -> list[tuple[str, float]]:
    """What the widget draws in its first column, each row's mark with its contrast on the screen's background."""
    ground = Color.parse(widget.app.theme_variables["background"]).rgb
    return [(next(iter(strip)).text[:1], round(contrast(rgb(next(iter(strip)).style.color), ground), 2))
            for strip in widget.render_lines(widget.region.reset_offset)]


@sync
async def test_the_card_pane_in_focus_has_a_bar_down_its_edge_that_reads_in_every_theme(db_file):
    from workbench.screens.customer_card import CustomerCardScreen

    app = WorkbenchApp(db_file, lang="en", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:   # the panes side by side
        card = await pressed(pilot, CustomerCardScreen, "enter")
        facts, script = card.query_one("#facts"), card.query_one("#script-panel")
        faint = {}
        for theme in measured(app):
            app.theme = theme
            for focused, other in ((facts, script), (script, facts)):
                focused.focus()
                await settle(pilot)
                bar = first_column(focused)
                assert {mark for mark, _c in bar} == {"█"}, (theme, focused.id)
                assert "█" not in {mark for mark, _c in first_column(other)}, (theme, other.id)
                if min(ratio for _m, ratio in bar) < 3:   # WCAG 2's contrast for what is not text
                    faint[theme, focused.id] = min(ratio for _m, ratio in bar)
        assert faint == {}


@sync
async def test_a_select_in_focus_on_the_outcome_form_is_drawn_as_a_highlighted_row(db_file):
    from textual.widgets import Select

    app = WorkbenchApp(db_file, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")

        def ground(select) -> tuple[int, int, int]:
            label = select.query_one("SelectCurrent #label")
            return rgb(next(iter(label.render_lines(label.region.reset_offset)[0])).style.bgcolor)

        for theme in ("workbench", "textual-light"):
            app.theme = theme
            for select in form.query(Select).results():
                if not select.display:
                    continue
                select.focus()
                await settle(pilot)
                assert ground(select) == Color.parse(app.theme_variables["block-cursor-background"]).rgb, select.id
                form.query_one("#when").focus()
                await settle(pilot)
                assert ground(select) != Color.parse(app.theme_variables["block-cursor-background"]).rgb, select.id


@sync
async def test_a_weekend_day_in_the_follow_up_preview_reads_on_the_dialog_in_every_theme(db_file):
    from tui_fixtures import NOW

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")   # Friday 2026-11-20
    async with app.run_test(size=(100, 30)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        for typed, said in (("2026-11-21", "(Sat)"), ("2026-11-19", "in the past")):   # marked, and refused
            form.query_one("#when").value = typed
            await settle(pilot)
            assert said in str(form.query_one("#when-preview").render())
            assert await in_each_theme(pilot, lambda screen: screen.query_one("#when-preview")) == {}
