"""The command palette: one command for every screen and action of the workbench."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.screens.localise import _


class WorkbenchCommands(Provider):
    """Screens and actions, offered by what makes sense on the current screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        screen = self.screen
        found: list[tuple[str, Callable[[], object], str]] = []

        def screen_action(name: str) -> Callable[[], object] | None:
            method = getattr(screen, f"action_{name}", None)
            return method if callable(method) else None

        signed_in = getattr(app, "staff", None) is not None
        if signed_in:
            found += [
                (_("Go to: call list"), app.action_call_list, _("Today's prioritised call list")),
                (_("Go to: follow-up agenda"), app.action_agenda, _("Overdue, today and this week")),
                (_("Go to: day summary"), app.action_summary, _("Calls, answer rate, outcomes and 30 days")),
            ]
            if app.picker_screen(screen) is not None:   # screen: the one under the palette, not the palette
                found.append((_("Go to: whose call list?"), app.action_whose_list,
                              _("Back to the managers, to open another list or hand one over")))
            if app.staff.is_supervisor:
                found += [(_("Go to: report"), app.action_report, _("Funnel per manager, hours, reasons, follow-ups")),
                          (_("Go to: unassigned pool"), app.action_pool, _("Customers no manager looks after; assign them"))]
        for name, title, help_text in (
            ("open", _("Customer: open the highlighted customer"), _("The customer card and call script")),
            ("outcome", _("Customer: log an outcome"), _("Line result, outcome, reason, note, follow-up")),
            ("next", _("Customer: next customer"), _("Open the next customer on the list")),
            ("search", _("List: search"), _("By name, customer number or phone tail")),
            ("filters", _("List: filters"), _("Segment, tier, trigger, follow-ups only")),
            ("follow_ups_only", _("List: follow-ups only"), _("Show only customers with a follow-up due")),
            ("clear_filters", _("List: clear filters and search"), _("Show the whole list again")),
            ("reschedule", _("Agenda: reschedule the follow-up"), _("Move it to another day")),
            ("complete", _("Agenda: complete the follow-up"), _("Mark it done")),
            ("accept", _("Agenda: accept the suggestion"), _("Add the care touch to the agenda")),
            ("accept_all", _("Agenda: accept all suggestions of this kind"), _("Every festival greeting, say, at once")),
            ("complete_all", _("Agenda: complete all care touches of this kind due"),
             _("A day's greeting SMS, sent as a batch")),
            ("hand_over", _("Staff: hand over the highlighted manager's customers"),
             _("To another manager, shared among them all, or back to the pool")),
        ):
            action = screen_action(name)
            if action is not None and screen.check_action(name, ()) is not False:   # not one the screen disables now
                found.append((title, action, help_text))
        found += [
            (_("Help: keys"), app.action_help, _("Every key of every screen")),
            (_("Switch user"), app.action_switch_user, _("Pick who is working at this terminal")),
            (_("Quit"), app.action_quit, _("Leave the workbench; every logged call is saved")),
        ]
        return found

    async def discover(self) -> Hits:
        for title, action, help_text in self._commands():
            yield DiscoveryHit(title, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), action, help=help_text)
