"""A table of rows whose Home and End go to the first and the last row, as the call list's do."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    """Textual's DataTable scrolls sideways on Home and End; a list of rows is read up and down, so they move the
    cursor to the first and the last row of the page (as DataTable's own ctrl+home and ctrl+end do), under the call
    list's binding ids, so that a keymap moves both lists' keys alike."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False, id="first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="last"),
    ]
