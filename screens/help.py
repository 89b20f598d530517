"""The help screen: every key of every screen, in the interface language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.screens.localise import _, localise_bindings
from workbench.screens.widgets.key_bar import key_display, key_in_force, keys_display


def key_sections(shows=lambda action: True,
                 keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen title, [(keys, what they do)]) from the screens' own bindings with keymap (the app.keymap in
    force) applied, so help never goes stale; only the actions `shows` offers to the user signed in."""
    from workbench.screens.agenda import AgendaScreen
    from workbench.screens.app import WorkbenchApp
    from workbench.screens.call_list import CallListScreen
    from workbench.screens.confirm import ConfirmScreen
    from workbench.screens.customer_card import CustomerCardScreen
    from workbench.screens.day_summary import DaySummaryScreen
    from workbench.screens.filters import FilterScreen
    from workbench.screens.hand_over import HandOverScreen
    from workbench.screens.outcome_form import OutcomeForm
    from workbench.screens.pool import PoolScreen
    from workbench.screens.report import ReportScreen
    from workbench.screens.reschedule import RescheduleScreen
    from workbench.screens.widgets.call_table import CallTable
    from workbench.screens.widgets.row_list import RowList
    from workbench.screens.widgets.row_table import RowTable
    from workbench.screens.who_am_i import WhoAmIScreen

    keymap = keymap or {}

    def key(binding_id: str, default: str) -> str:
        return keys_display(keymap.get(binding_id) or default)

    def keys(cls, leaving: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """cls's bindings the user is offered, but those whose ids are left out."""
        return [(key(b.id, b.key), _(b.description)) for b in cls.BINDINGS if shows(b.action) and b.id not in leaving]

    sections = [
        (_("Everywhere"), keys(WorkbenchApp) + [(key_display("ctrl+p"), _("Command palette")),
                                                 (key("back", "escape"), _("Back"))]),
        (_("Who is working here"), keys(WhoAmIScreen, leaving=("back", "hand_over"))),
        (_("Call list"), keys(CallListScreen) + keys(CallTable)),
        (_("Filters"), keys(FilterScreen)),
        # The card's two panes scroll with Textual's own keys (no keymap moves them): the one in focus scrolls.
        (_("Customer card"), keys(CustomerCardScreen) + [
            (key_display("tab"), _("Switch between the profile and the script")),
            (" ".join(map(key_display, ("up", "down", "pageup", "pagedown"))),
             _("Scroll the pane in focus (profile or script)")),
        ]),
        (_("Outcome form"), keys(OutcomeForm) + [
            ("1-7", _("Line result, then the outcome when reached")),
            ("d t w m", _("Follow-up in 1 day, 3 days, next week, next month")),
            ("x", _("No follow-up")),
        ]),
        (_("Follow-up agenda"), keys(AgendaScreen) + keys(RowList)),
        (_("Reschedule"), [(key_display("enter"), _("Save")), *keys(RescheduleScreen)]),
        (_("Day summary"), keys(DaySummaryScreen)),
        (_("A question (yes or no)"), keys(ConfirmScreen)),
    ]
    if shows("report"):   # the supervisors' screens
        sections += [
            (_("Report (supervisors)"), keys(ReportScreen)),
            (_("Unassigned pool (supervisors)"), keys(PoolScreen) + keys(RowTable)),
            (_("Managers and hand-over (supervisors)"),
             # Not its esc, which only leaves a PIN box (Back, under Everywhere).
             keys(WhoAmIScreen, leaving=("back", "pick")) + keys(HandOverScreen) + [
                 (key_display("enter"), _("Hand over (asks first)")),
                 (key("clear_filters", "escape"), _("On a manager's list: back to whose call list"))]),
        ]
    return sections


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close help", id="close")]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        text = Text()
        shows, keymap = getattr(self.app, "shows_action", lambda action: True), getattr(self.app, "keymap_in_force", {})
        for title, rows in key_sections(shows, keymap):
            text.append(title + "\n", style="bold underline")
            for key, what in rows:
                # A long key (a remapped one) still keeps a gap before what it does.
                text.append(f"  {key:<14}" + ("  " if len(key) >= 14 else ""), style="bold")
                text.append(what + "\n")
            text.append("\n")
        with VerticalScroll(id="help"):
            close = key_in_force(self, "close")
            yield Static(Text(_("Keys") + "  " + _("({text})").format(text=_("{key} to close").format(key=close)),
                              style="bold"))
            yield Static(text, id="help-keys")

    def action_close(self) -> None:
        self.app.pop_screen()
