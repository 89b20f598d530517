"""The command palette: one command for every screen and action of the workbench."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.screens.localise import _
from workbench.screens.widgets.key_bar import bindings_offered, key_display

Command = tuple[str, str, Callable[[], object], str]   # (action it stands for, title, what runs it, help)


class WorkbenchCommands(Provider):
    """Screens and actions, offered by what makes sense on the current screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        return [(title, run, help_text) for _action, title, run, help_text in self._offered()]

    def _offered(self) -> list[Command]:
        app = self.app
        screen = self.screen
        found: list[Command] = []

        def screen_action(name: str) -> Callable[[], object] | None:
            method = getattr(screen, f"action_{name}", None)
            return method if callable(method) else None

        signed_in = getattr(app, "staff", None) is not None
        if signed_in:
            calls = app.call_list_screen()
            if calls is not None and calls is not screen:   # on the list itself (or with none open) it goes nowhere
                found.append(("call_list", _("Go to: call list"), app.action_call_list, _("Today's prioritised call list")))
            found += [
                ("agenda", _("Go to: follow-up agenda"), app.action_agenda, _("Overdue, today and this week")),
                ("summary", _("Go to: day summary"), app.action_summary, _("Calls, answer rate, outcomes and 30 days")),
            ]
            if app.picker_screen(screen) is not None:   # screen: the one under the palette, not the palette
                found.append(("whose_list", _("Go to: whose call list?"), app.action_whose_list,
                              _("Back to the managers, to open another list or hand one over")))
            if app.staff.is_supervisor:
                found += [("report", _("Go to: report"), app.action_report,
                           _("Funnel per manager, hours, reasons, follow-ups")),
                          ("pool", _("Go to: unassigned pool"), app.action_pool,
                           _("Customers no manager looks after; assign them"))]
        for name, title, help_text in (
            ("open", _("Customer: open the highlighted customer"), _("The customer card and call script")),
            ("outcome", _("Customer: log an outcome"), _("Line result, outcome, reason, note, follow-up")),
            ("next", _("Customer: next customer"), _("Open the next customer on the list")),
            ("purpose", _("Customer: switch the script purpose"), _("A script for another purpose of the call")),
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
            # check_action's None (dimmed) and False (left out) are both "not now": offered only what can be done.
            if action is not None and screen.check_action(name, ()):
                found.append((name, title, action, help_text))
        last = [
            ("help", _("Help: keys"), app.action_help, _("Every key of every screen")),
            ("switch_user", _("Switch user"), app.action_switch_user, _("Pick who is working at this terminal")),
            ("quit", _("Quit"), app.action_quit, _("Leave the workbench; every logged call is saved")),
        ]
        return found + self._keys_shown({action for action, *_rest in found + last}) + last

    def _keys_shown(self, offered: set[str]) -> list[Command]:
        """The other actions the screen's key bar shows, in its words ("7 days", "Leaving"), each once: the bindings
        the bar lists (bindings_offered: its focused widget's, its own, the app's, one per key) undimmed (available
        now), of actions the user is offered (app.shows_action); each runs as its key would."""
        app = self.app
        shows = getattr(app, "shows_action", lambda action: True)
        found: list[Command] = []
        for node, binding, enabled in bindings_offered(self.screen):
            action = binding.action
            if not (enabled and binding.show and binding.description) or action in offered or not shows(action):
                continue
            offered.add(action)
            keys = binding.key_display or key_display(binding.key)
            found.append((action, binding.description, partial(app.run_action, action, node),
                          _("Key: {key}").format(key=keys)))
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
