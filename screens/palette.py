"""Textual's command palette, saying "no matches" in the interface language.

Textual writes "No matches found" inside a private method (CommandPalette._start_no_matches_countdown),
so this one is written again here with the sentence translated; tests/test_tui_app_shell.py types a search
that matches nothing in Chinese, so a Textual that renames the method fails there instead of going back to
English unseen.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from workbench.i18n import gettext as _


class WorkbenchPalette(CommandPalette):
    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a pause, a disabled 'No matches found' line under a search that found nothing (none when
        nothing was typed: browsing the commands finds them all)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES))
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
