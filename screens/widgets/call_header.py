"""CallHeader: the column titles above the CallTable, laid out by the same column widths."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from workbench.screens.localise import _
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.columns import GAP, columns_for, fit


class CallHeader(Widget):
    DEFAULT_CSS = """
    CallHeader { height: 1; background: $panel; color: $text-muted; text-style: bold; }
    """

    def render(self) -> Text:
        parts = [fit(_(column.title), size, column.right) for column, size in columns_for(self._line_width())]
        return Text((" " * GAP).join(parts), no_wrap=True, overflow="crop")

    def _line_width(self) -> int:
        """The width the table lays its rows out in (its scrollbar takes the rest), so both pick one layout."""
        tables = self.screen.query(CallTable)
        return tables.first().scrollable_content_region.width if tables else self.size.width
