"""CallTable: the call list drawn line by line (Line API), fetching pages from SQL as they come into view.

Only the visible rows are ever drawn and only the pages around them are held, so a list of 100,000
customers costs what a screenful does. Below the list, for a search, a section of the customers it matches who
are off the list (calllist.off_list), each with why: row `total` is its heading, the customers follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench import priority
from workbench.i18n import gettext as _, ngettext
from workbench.screens.labels import DEFAULT_TIER_LINES, glance_date, segment_label, tier_cells, tier_label
from workbench.screens.glyphs import mark
from workbench.screens.widgets.columns import GAP, PHONE_CELLS, columns_for, fit
from workbench.text_wrap import shown_name

PAGE_SIZE = 200
KEEP_PAGES = 12   # pages held in memory; the farthest from the cursor go first


class CallTable(ScrollView, can_focus=True):
    """Rows are CallListEntry objects; the screen loads pages when asked and hands them over."""

    COMPONENT_CLASSES = {"call-table--cursor", "call-table--due", "call-table--overdue", "call-table--loading",
                         "call-table--off-list", "call-table--section"}
    # The scrollbar's gutter is kept even when nothing scrolls, so the header lays out the same width; the rows fit
    # the width (the columns give way), so nothing scrolls sideways and no row goes to a horizontal scrollbar.
    DEFAULT_CSS = """
    CallTable { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    CallTable > .call-table--cursor { background: $primary; color: $text; text-style: bold; }
    CallTable > .call-table--due { color: $accent; }
    CallTable > .call-table--overdue { color: $error; text-style: bold; }
    CallTable > .call-table--loading { color: $text-muted; }
    CallTable > .call-table--off-list { color: $text-muted; }
    CallTable > .call-table--section { color: $text-muted; text-style: bold; }
    """
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
        Binding("home", "first", "First", show=False, id="first"),
        Binding("end", "last", "Last", show=False, id="last"),
    ]

    cursor = reactive(0, always_update=True, init=False)

    @dataclass
    class PageWanted(Message):
        generation: int
        page: int

    @dataclass
    class Highlighted(Message):
        row: int

    @dataclass
    class Chosen(Message):
        row: int

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.tier_lines = DEFAULT_TIER_LINES   # the owner's branch's, once the list is counted
        self.total = 0
        self.generation = 0
        self._pages: dict[int, list] = {}
        self._asked: set[int] = set()
        self.off_list: list = []   # calllist.OffList: the search's matches off the list, in rows after its heading
        self.off_more = False      # the search matches more off the list than were read
        self.phone_cells = PHONE_CELLS   # the widest masked number read (_widen_phone): the phone column's width

    # ---- data ----------------------------------------------------------------------------------

    @property
    def tier_lines(self) -> tuple:
        return self._tier_lines

    @tier_lines.setter
    def tier_lines(self, lines) -> None:
        """The lines tiers are named by; the tier column is made as wide as their widest name."""
        self._tier_lines = tuple(lines)
        self.tier_cells = tier_cells(self._tier_lines)

    @property
    def rank_cells(self) -> int:
        """The cells the largest rank on the list takes: the rank column is as wide, so no rank is cut."""
        return len(str(self.total))

    def reset(self, generation: int, total: int) -> None:
        """A new list (other filters, after an outcome): forget every page, and those off the list."""
        self.generation = generation
        self.total = total
        self._pages.clear()
        self._asked.clear()
        self.off_list, self.off_more = [], False
        self.virtual_size = Size(self.size.width, total)
        self.cursor = min(self.cursor, max(total - 1, 0))
        self.call_after_refresh(self._cursor_in_view)   # once the new height is laid out: it may scroll further now
        self.refresh()

    def set_off_list(self, generation: int, matches: list, more: bool) -> None:
        """The search's matches off the list, drawn below it (more: there are others beyond them); with nobody
        listed, the highlight goes to the first of them."""
        if generation != self.generation:
            return
        self.off_list, self.off_more = list(matches), more
        self._widen_phone(self.off_list)
        self.virtual_size = Size(self.size.width, self.rows)
        if self.off_list and not self.total:
            self.cursor = 1
        self.refresh()

    @property
    def rows(self) -> int:
        """The lines the table has: the list's, then the heading and rows of those off it."""
        return self.total + (1 + len(self.off_list) if self.off_list else 0)

    def off_entry(self, row: int):
        """The customer off the list on this row (calllist.OffList), or None."""
        index = row - self.total - 1
        return self.off_list[index] if self.off_list and 0 <= index < len(self.off_list) else None

    def add_page(self, generation: int, page: int, entries: list) -> None:
        if generation != self.generation:
            return
        self._pages[page] = entries
        self._asked.discard(page)
        self._widen_phone(entries)
        if len(self._pages) > KEEP_PAGES:
            here = self.cursor // PAGE_SIZE
            for far in sorted(self._pages, key=lambda p: -abs(p - here))[: len(self._pages) - KEEP_PAGES]:
                del self._pages[far]
        self.refresh()

    def _widen_phone(self, entries: list) -> None:
        """The phone column made as wide as the widest masked number read (an international one is longer than a
        mainland one), so none is cut; never narrower again, so the columns do not move as pages come and go. The
        header above is laid out by it too."""
        widest = max((cell_len(entry.phone_masked or "") for entry in entries), default=0)
        if widest > self.phone_cells:
            self.phone_cells = widest
            for header in self.screen.query("CallHeader"):   # by name: the header's module imports this one
                header.refresh()

    def entry(self, row: int):
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            return None
        index = row % PAGE_SIZE
        return page[index] if index < len(page) else None

    def ids_from(self, row: int, most: int) -> list[str]:
        """The customer ids of up to `most` rows from row on, as far as their pages are read."""
        ids = []
        for at in range(row, min(row + most, self.total)):
            entry = self.entry(at)
            if entry is None:
                break
            ids.append(entry.customer_id)
        return ids

    def row_of(self, customer_id: str) -> int | None:
        """The customer's row in the pages read, or None."""
        for page, entries in self._pages.items():
            for n, entry in enumerate(entries):
                if entry.customer_id == customer_id:
                    return page * PAGE_SIZE + n
        return None

    @property
    def current(self):
        """The highlighted list entry, or customer off the list (calllist.OffList)."""
        return self.entry(self.cursor) if self.cursor < self.total else self.off_entry(self.cursor)

    def _want(self, page: int) -> None:
        if page not in self._pages and page not in self._asked and page * PAGE_SIZE < self.total:
            self._asked.add(page)
            self.post_message(self.PageWanted(self.generation, page))

    # ---- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width   # the scrollbar keeps its own columns
        row = self.scroll_offset.y + y
        base = self.rich_style
        if row >= self.total and self.off_list:
            return self._off_list_line(row, width, base)
        if row >= self.total:
            if self.total == 0 and y == 0 and self.generation:
                style = base + self.get_component_rich_style("call-table--loading")
                return Strip([Segment(fit("  " + _("Nobody to call on this list."), width), style)], width)
            return Strip.blank(width, base)
        entry = self.entry(row)
        if entry is None:
            self._want(row // PAGE_SIZE)
            style = base + self.get_component_rich_style("call-table--loading")
            return Strip([Segment(fit("  " + mark("…"), width), style)], width)
        if (row + 1) % PAGE_SIZE > PAGE_SIZE - 40:
            self._want(row // PAGE_SIZE + 1)   # fetch ahead before the user gets there
        style = base
        if getattr(entry, "overdue", False):
            style += self.get_component_rich_style("call-table--overdue")
        elif getattr(entry, "is_follow_up", False):
            style += self.get_component_rich_style("call-table--due")
        if row == self.cursor:
            style += self.get_component_rich_style("call-table--cursor")
        return Strip(self._cells(entry, width, style), width)

    def _off_list_line(self, row: int, width: int, base: Style) -> Strip:
        """The off-list section's heading (row `total`), or one of its customers, muted as not for calling."""
        match = self.off_entry(row)
        if match is None:
            if row != self.total:
                return Strip.blank(width, base)
            n = len(self.off_list)
            heading = (_("Not on today's list: the first {n} matching customers") if self.off_more else
                       ngettext("Not on today's list: {n} matching customer",
                                "Not on today's list: {n} matching customers", n)).format(n=n)
            style = base + self.get_component_rich_style("call-table--section")
            return Strip([Segment(fit("  " + heading, width), style)], width)
        style = base + self.get_component_rich_style("call-table--off-list")
        if row == self.cursor:
            style += self.get_component_rich_style("call-table--cursor")
        return Strip(self._cells(match, width, style), width)

    def _cells(self, entry, width: int, style: Style) -> list[Segment]:
        values = row_values(entry, self.today, self.tier_lines)
        segments: list[Segment] = []
        for n, (column, size) in enumerate(columns_for(width, self.tier_cells, self.rank_cells, self.phone_cells)):
            if n:
                segments.append(Segment(" " * GAP, style))
            segments.append(Segment(fit(values[column.key], size, column.right), style))
        return segments

    # ---- moving --------------------------------------------------------------------------------

    def watch_cursor(self, row: int) -> None:
        self._cursor_in_view()
        self.refresh()
        self.post_message(self.Highlighted(row))

    def _cursor_in_view(self) -> None:
        """Scroll the least that shows the highlighted row."""
        height = self.scrollable_content_region.height or 1
        top, row = self.scroll_offset.y, self.cursor
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def move_to(self, row: int) -> None:
        """Highlight the row (within the table); the off-list heading is passed over in the way the move goes."""
        if self.rows:
            row = max(0, min(row, self.rows - 1))
            if self.off_list and row == self.total:
                row = self.total - 1 if row < self.cursor and self.total else row + 1
            self.cursor = row

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(self.scrollable_content_region.height - 1, 1))

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.rows - 1)

    def on_click(self, event) -> None:
        row = self.scroll_offset.y + event.y
        if row < self.rows and not (self.off_list and row == self.total):
            if row == self.cursor and event.chain > 1:
                self.post_message(self.Chosen(row))
            self.move_to(row)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.rows)
        self.call_after_refresh(self._cursor_in_view)   # the lines above the table changed height: keep the row shown


def row_values(entry, today: date, tier_lines=DEFAULT_TIER_LINES) -> dict[str, str]:
    """The text of each column for one entry, or customer off the list (calllist.OffList: no rank, why they are off
    it for the reasons, a day booked as the follow-up due); customer data stays plain text."""
    from workbench.calllist import off_list_why   # late, as the list's worker imports the engine

    off = is_off_list(entry)
    reasons = getattr(entry, "reasons", None) or []
    due = glance_date(entry.until if off and entry.reason == "booked" else getattr(entry, "followup_due_on", None),
                      today)
    if due and getattr(entry, "overdue", False):
        due = "!" + due
    days = getattr(entry, "dormant_days", None)
    return {
        "rank": "" if off else str(entry.rank),
        "name": shown_name(entry.name),
        "phone": entry.phone_masked or "",
        "segment": segment_label(entry.segment),
        "tier": tier_label(entry.tier, tier_lines, short=True),
        "dormant": "" if days is None else str(days),
        "last": glance_date(entry.last_contact_at, today),
        "due": due,
        "reason": off_list_why(entry, today) if off else priority.summary(reasons),   # the first leads
    }


def is_off_list(entry) -> bool:
    """Whether a row's entry is a customer off the list (calllist.OffList), not a list entry."""
    if entry is None:
        return False
    from workbench.calllist import OffList   # late, as the list's worker imports the engine

    return isinstance(entry, OffList)
