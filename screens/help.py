"""The help screen: every key of every screen, in the interface language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.screens.localise import _, localise_bindings


def key_sections(shows=lambda action: True) -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen title, [(keys, what they do)]) from the screens' own bindings, so help never goes stale;
    only the actions `shows` offers to the user signed in."""
    from workbench.screens.agenda import AgendaScreen
    from workbench.screens.app import WorkbenchApp
    from workbench.screens.call_list import CallListScreen
    from workbench.screens.customer_card import CustomerCardScreen
    from workbench.screens.hand_over import HandOverScreen
    from workbench.screens.outcome_form import OutcomeForm
    from workbench.screens.pool import PoolScreen
    from workbench.screens.report import ReportScreen
    from workbench.screens.who_am_i import WhoAmIScreen

    def keys(cls) -> list[tuple[str, str]]:
        return [(b.key.replace("question_mark", "?").replace("slash", "/"), _(b.description)) for b in cls.BINDINGS
                if shows(b.action)]

    sections = [
        (_("Everywhere"), keys(WorkbenchApp) + [("ctrl+p", _("Command palette")), ("escape", _("Back"))]),
        (_("Call list"), keys(CallListScreen) + [("↑ ↓ pgup pgdn", _("Move"))]),
        (_("Customer card"), keys(CustomerCardScreen)),
        (_("Outcome form"), keys(OutcomeForm) + [
            ("1-7", _("Line result, then the outcome when reached")),
            ("d t w m", _("Follow-up in 1 day, 3 days, next week, next month")),
            ("x", _("No follow-up")),
        ]),
        (_("Follow-up agenda"), keys(AgendaScreen)),
    ]
    if shows("report"):   # the supervisors' screens
        sections += [
            (_("Report (supervisors)"), keys(ReportScreen)),
            (_("Unassigned pool (supervisors)"), keys(PoolScreen)),
            (_("Managers and hand-over (supervisors)"),
             keys(WhoAmIScreen) + keys(HandOverScreen) + [("enter", _("Hand over (asks first)")),
                                                          ("escape", _("On a manager's list: back to whose call list"))]),
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
        for title, rows in key_sections(getattr(self.app, "shows_action", lambda action: True)):
            text.append(title + "\n", style="bold underline")
            for key, what in rows:
                text.append(f"  {key:<14}", style="bold")
                text.append(what + "\n")
            text.append("\n")
        with VerticalScroll(id="help"):
            yield Static(Text(_("Keys") + "  " + _("({text})").format(text=_("escape to close")), style="bold"))
            yield Static(text, id="help-keys")

    def action_close(self) -> None:
        self.app.pop_screen()
