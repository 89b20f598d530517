"""CallHeader: the column titles above the CallTable, laid out by the same column widths."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from workbench.screens.localise import _
from workbench.screens.widgets.call_table import CallTable
from workbench.screens.widgets.columns import GAP, PHONE_CELLS, TIER_CELLS, columns_for, fit


class CallHeader(Widget):
    DEFAULT_CSS = """
    CallHeader { height: 1; background: $panel; color: $text-muted; text-style: bold; }
    """

    def render(self) -> Text:
        parts = [fit(_(column.title), size, column.right) for column, size in columns_for(*self._layout())]
        return Text((" " * GAP).join(parts), no_wrap=True, overflow="crop")

    def _layout(self) -> tuple[int, int, int, int]:
        """The width the table lays its rows out in (its scrollbar takes the rest), its tier column's, its rank
        column's and its phone column's, so both pick one layout."""
        tables = self.screen.query(CallTable)
        if not tables:
            return self.size.width, TIER_CELLS, 0, PHONE_CELLS
        table = tables.first()
        return table.scrollable_content_region.width, table.tier_cells, table.rank_cells, table.phone_cells
