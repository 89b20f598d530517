"""CallHeader: the column titles above the CallTable, laid out by the same column widths; and above them, outside the
day's call window of the list's branch (contact.window_start–window_end, as the rest of the app reads its settings), a
row saying the window has closed for today or not opened yet, by the app's clock. At 21:35 the list used to invite
calls with no word that the window had closed.

The clock moves on while the list is open: the header looks at it again as often as the app looks for new data
(WorkbenchApp.WATCH_SECONDS), a timer of the screen's, never the engine's; it reads the settings again only once the
app's look has seen them changed (the stored settings in WorkbenchApp.data_marks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widget import Widget

from workbench.screens.localise import _
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.columns import GAP, PHONE_CELLS, TIER_CELLS, columns_for, fit


def window_said(now: datetime, settings: Mapping[str, Any]) -> str | None:
    """The row saying the call window of `settings` has closed for today, or not opened yet, at `now`; None inside
    it. The engine's own reading of the window (rules.in_call_window, rules.window_close)."""
    from workbench.rules import in_call_window, window_close

    if in_call_window(now, settings):
        return None
    window = {"start": settings["contact.window_start"], "end": settings["contact.window_end"]}
    if now.isoformat(timespec="seconds") >= window_close(now.date(), settings):
        return _("Call window {start}–{end} closed for today").format(**window)
    return _("Call window {start}–{end} not open yet").format(**window)


@dataclass
class WindowRead(Message):
    """The list's branch's settings (None: they could not be read: the header says nothing of the window), and the
    app's mark of the settings when they were read (WorkbenchApp.data_marks)."""

    settings: Mapping[str, Any] | None
    mark: str | None = None


class CallHeader(Widget):
    DEFAULT_CSS = """
    CallHeader { height: 1; background: $panel; color: $text-muted; text-style: bold; }
    CallHeader.-outside-window { height: 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.settings: Mapping[str, Any] | None = None   # the list's branch's, read at mount (read_window)
        self.settings_mark: str | None = None   # the app's mark of the settings they were read at
        self.said: str | None = None   # the window's row, or None inside it

    def on_mount(self) -> None:
        self.read_window()
        self.set_interval(self.app.WATCH_SECONDS, self.tick)

    def _app_settings_mark(self) -> str | None:
        marks = getattr(self.app, "data_marks", None)
        return marks.get("settings") if marks else None

    @work(thread=True, exclusive=True, group="call-window")
    def read_window(self) -> None:
        from workbench.settings import load_settings

        app, mark = self.app, self._app_settings_mark()
        try:
            with app.connect() as conn:
                settings = load_settings(conn, app.owner.branch_id)
        except Exception:   # the list says why it cannot be read; the header only says less
            settings = None
        self.post_message(WindowRead(settings, mark))

    def on_window_read(self, message: WindowRead) -> None:
        message.stop()
        self.settings, self.settings_mark = message.settings, message.mark
        self.tick()

    def tick(self) -> None:
        """The window's row as the app's clock now has it: shown, changed or gone; the settings read again first if
        the app's last look saw them changed."""
        mark = self._app_settings_mark()
        if self.settings_mark is None:   # read before the app's first look, which changes nothing it saw
            self.settings_mark = mark
        elif mark is not None and mark != self.settings_mark:
            self.settings_mark = mark
            self.read_window()   # its answer ticks again
            return
        said = None if self.settings is None else window_said(self.app.now(), self.settings)
        if said != self.said:
            self.said = said
            self.set_class(said is not None, "-outside-window")
            self.refresh(layout=True)

    def render(self) -> Text:
        parts = [fit(_(column.title), size, column.right) for column, size in columns_for(*self._layout())]
        titles = Text((" " * GAP).join(parts), no_wrap=True, overflow="crop")
        if self.said is None:
            return titles
        said = Text(self.said, style="bold yellow", no_wrap=True)
        said.truncate(max(self.size.width, 1), overflow="ellipsis")
        return Text.assemble(said, "\n", titles, no_wrap=True, overflow="crop")

    def _layout(self) -> tuple[int, int, int, int]:
        """The width the table lays its rows out in (its scrollbar takes the rest), its tier column's, its rank
        column's and its phone column's, so both pick one layout."""
        tables = self.screen.query(CallTable)
        if not tables:
            return self.size.width, TIER_CELLS, 0, PHONE_CELLS
        table = tables.first()
        return table.scrollable_content_region.width, table.tier_cells, table.rank_cells, table.phone_cells
