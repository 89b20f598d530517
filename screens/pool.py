"""The unassigned pool, for a supervisor: customers no manager looks after, warm leads first, then the
most valuable, given to a manager with one key; a warm lead is offered to whoever logged its interest."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from workbench.errors import plain_words
from workbench.i18n import fill
from workbench.screens.card_text import BLOCK_TITLES, title_line
from workbench.screens.glyphs import mark
from workbench.screens.localise import _, localise_bindings
from workbench.screens.messages import Failed
from workbench.screens.widgets.columns import cut
from workbench.screens.widgets.key_bar import KeyBar
from workbench.screens.widgets.row_table import RowTable
from workbench.text_wrap import shown_name

SHOWN = 500   # customers listed at a time, the highest priority first; the title says how many wait
HEADINGS = ("Customer", "Name", "Branch", "Tier", "Assets (yuan)", "Priority", "Lead")
NUMBERS = frozenset({"Assets (yuan)", "Priority", "Lead"})   # right-aligned, as are their headings
# The columns that give up room when the table is wider than the screen, the first first: a branch's name, then a
# customer's, each cut with "…" (columns.cut: ... on a console that draws … two cells wide) to no fewer cells than its
# heading or FEWEST. Codes and numbers are never cut.
YIELDING = ("Branch", "Name")
FEWEST = 6


@dataclass
class PoolLoaded(Message):
    entries: list          # pool.PoolEntry, the highest priority first
    total: int
    offset: int            # how many come before this page
    tier_names: dict       # branch id -> tier -> name, by that branch's tier lines
    managers: list | None  # (Staff, customers they look after), for the assign picker; None: as before
    branches: dict | None  # branch id -> name, for the picker's managers of another branch; None: as before
    parents: dict | None   # branch id -> the branch above it, so a 支行's managers are not "another branch" for its 分理处
    leads: dict            # customer id -> leads.WarmLead, for the pool's warm leads
    left: set              # of those who logged a lead's interest, the staff ids of those who have left
    blocks: dict           # customer id -> what forbids marketing to them (rules.MARKETING_BLOCK), for those it does
    found: dict            # the pool's warm leads (pool.pool_leads), as this read took them
    found_key: tuple       # what they were worked out for (PoolScreen.leads_key)


@dataclass
class PoolAssigned(Message):
    name: str              # the customer's name, as stored
    manager_id: str
    note: str | None       # branches.another_branch_note: the manager works at another branch than the customer


class PoolScreen(Screen):
    CSS_PATH = "pool.tcss"
    BINDINGS = [
        Binding("a", "assign", "Assign", id="assign"),
        Binding("n", "next_page", "Next page", id="next_page"),
        Binding("p", "previous_page", "Previous page", id="previous_page"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list = []
        self.start = 0              # the page shown starts after this many of the pool
        self.total = 0
        self.managers: list = []
        self.branches: dict = {}
        self.parents: dict = {}
        self.leads: dict = {}
        self.left: set = set()
        self.blocks: dict = {}      # customer id -> rules.MARKETING_BLOCK, of the page's customers it blocks
        # The pool's warm leads (pool.pool_leads), worked out once, not for every page (most of a page's read on a large
        # pool): again after an assignment, on another day, or once the watcher saw another process's write.
        self.found: dict | None = None
        self.found_key: tuple | None = None
        self.rows: list = []        # the page's cells as text, for the table to be laid out again at another width
        self.telling_lead = False   # the status line shows the highlighted warm lead, or why they have no priority
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="pool-title", classes="title-bar")
        yield RowTable(id="pool", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pool-status", classes="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pool", DataTable).focus()
        self.load_pool()

    def leads_key(self) -> tuple:
        """What the warm leads kept hold for: the day, and the watcher's last look (another process's calls, follow-ups,
        moved customers, imports or settings give it new marks)."""
        return self.app.today(), self.app.data_marks

    def load_pool(self, with_managers: bool = True, offset: int = 0, *, leads_again: bool = False) -> None:
        """A page of the pool from offset, its warm leads first, those worked out before if they still hold (not
        leads_again); with_managers, also the managers and their counts (a second of counting at a million customers,
        so once: an assignment then adds one in place)."""
        key = self.leads_key()
        kept = self.found if not leads_again and self.found_key == key else None
        self._read_pool(with_managers, offset, kept, key)

    @work(thread=True, exclusive=True, group="pool")
    def _read_pool(self, with_managers: bool, offset: int, kept: dict | None, key: tuple) -> None:
        from workbench.branches import parents_of
        from workbench.pool import leads_first, left_of, pool_leads, pool_size
        from workbench.screens.labels import tier_label
        from workbench.session import managers_visible_to
        from workbench.settings import load_settings

        app = self.app
        try:
            with app.connect() as conn:
                total = pool_size(conn)
                if offset >= total:   # the pool shrank below this page (here or elsewhere): its last page
                    offset = max(0, (total - 1) // SHOWN * SHOWN)
                found = pool_leads(conn, key[0]) if kept is None else kept
                entries, leads = leads_first(conn, key[0], limit=SHOWN, offset=offset, found=found)
                lines = {b: load_settings(conn, b)["tiers.lines_fen"] for b in {e.branch_id for e in entries}}
                # A tier as the call list's narrow cell names it ('<5万', not 'below 5万').
                names = {b: {t: tier_label(t, lines[b], short=True) for t in range(len(lines[b]) + 1)} for b in lines}
                managers = branches = parents = None
                if with_managers:
                    held = dict(conn.execute("SELECT manager_id, count(*) FROM customers WHERE active = 1"
                                             " AND manager_id IS NOT NULL GROUP BY manager_id"))
                    managers = [(m, held.get(m.staff_id, 0)) for m in managers_visible_to(conn, app.staff)]
                    branches = dict(conn.execute("SELECT branch_id, name FROM branches"))
                    parents = parents_of(conn)
                left = left_of(conn, {w.intent_by for w in leads.values() if w.intent_by})
                blocks = blocks_of(conn, [e.customer_id for e in entries])
        except Exception as exc:  # a locked or damaged file: say so, keep the app up
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(PoolLoaded(entries, total, offset, names, managers, branches, parents, leads, left, blocks,
                                     found, key))

    def on_pool_loaded(self, message: PoolLoaded) -> None:
        moved = message.offset != self.start
        table = self.query_one("#pool", DataTable)
        # The highlighted customer and those below them, as shown: the page read again keeps the highlight on the
        # customer, or if they left the pool (assigned, here or elsewhere), on the first of those below still in it,
        # who now stands in their place. Another page starts at its top.
        anchor = [] if moved else [e.customer_id for e in self.entries[max(table.cursor_row, 0):]]
        self.entries, self.leads, self.start, self.total = message.entries, message.leads, message.offset, message.total
        self.left, self.blocks = message.left, message.blocks
        self.found, self.found_key = message.found, message.found_key
        if message.managers is not None:
            self.managers, self.branches, self.parents = message.managers, message.branches, message.parents
        from workbench.pool import lead_cell, page_title
        from workbench.priority import shown

        title = page_title(len(message.entries), message.total, len(message.leads), message.offset)
        self.query_one("#pool-title", Static).update(title_line(title, self.app.staff.name))
        here = {e.customer_id: n for n, e in enumerate(message.entries)}
        row = next((here[customer_id] for customer_id in anchor if customer_id in here), 0 if moved else table.cursor_row)
        self.rows = [(e.customer_id, shown_name(e.name), e.branch_name or e.branch_id or "",
                      message.tier_names.get(e.branch_id, {}).get(e.tier or 0, ""), f"{e.aum_fen / 100:,.0f}",
                      shown(e.priority), lead_cell(self.leads, e.customer_id))
                     for e in message.entries]
        self._lay_out(row, force=True)
        self.refresh_bindings()   # n and p: whether there is a page after or before this one
        if not message.entries:
            self._status(_("Nobody is waiting in the pool."))

    def on_resize(self) -> None:
        self.call_after_refresh(self._lay_out)

    def _lay_out(self, row: int | None = None, *, force: bool = False) -> None:
        """The page in the table, its columns as wide as their cells while they fit the screen (column_widths);
        at another width only when the widths change. The cursor stays on row (by default, where it is)."""
        table = self.query_one("#pool", DataTable)
        widths = column_widths([_(h) for h in HEADINGS], self.rows, table.scrollable_content_region.width)
        if not force and widths == [column.width for column in table.columns.values()]:
            return
        row = table.cursor_row if row is None else row
        table.clear(columns=True)   # widths a page's cells once needed are not kept (add_column's width is fixed)
        for heading, width in zip(HEADINGS, widths):
            table.add_column(Text(_(heading), justify="right" if heading in NUMBERS else "left"), width=width,
                             key=heading)
        for cells in self.rows:
            table.add_row(*(Text(cut(cell, width) if cell_len(cell) > width else cell, no_wrap=True, overflow="crop",
                                 justify="right" if heading in NUMBERS else "left",
                                 style="bold" if heading == "Lead" else "")
                            for heading, cell, width in zip(HEADINGS, cells, widths)), key=cells[0])
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))

    @on(DataTable.RowHighlighted, "#pool")
    def _tell_lead(self) -> None:
        """The highlighted warm lead's score, its signs and who logged the interest, on the status line; first, for a
        customer who may not be marketed to (scored for no list: no priority), why, in the card's words."""
        entry = self._highlighted()
        warm = self.leads.get(entry.customer_id) if entry is not None else None
        block = BLOCK_TITLES.get(self.blocks.get(entry.customer_id)) if entry is not None else None
        if warm is None and block is None:
            if self.telling_lead:   # other news (an assignment, a failure) stays until a lead replaces it
                self._status("")
            return
        said = Text(_(block) if block is not None else "")
        if warm is None:
            self._status(said, lead=True)
            return
        if block is not None:
            said.append(" · ")
        said.append(shown_name(warm.lead.summary()))   # 'Warm lead (50 points): interested on …', a tag drawn safely
        if warm.intent_by:
            name = warm.intent_by_name or warm.intent_by
            if warm.intent_by in self.left:   # not in the picker: a leaver takes no customers
                said.append(fill(_(". Logged by {name}, who has left."), name=name))
            elif any(m.staff_id == warm.intent_by for m, _held in self.managers):
                said.append(fill(_(". Logged by {name}; a gives them the choice first."), name=name))
            else:   # a supervisor, say: not offered in the picker either
                said.append(fill(_(". Logged by {name}."), name=name))
        self._status(said, lead=True)

    def on_failed(self, message: Failed) -> None:
        self._status(Text(message.text), error=True)

    def _status(self, text, *, lead: bool = False, error: bool = False) -> None:
        """The status line; an error in the theme's error colour, bold (app.tcss: -error), not a red of its own."""
        self.telling_lead = lead
        status = self.query_one("#pool-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    def _highlighted(self):
        table = self.query_one("#pool", DataTable)
        return self.entries[table.cursor_row] if self.entries and 0 <= table.cursor_row < len(self.entries) else None

    def action_assign(self) -> None:
        from workbench.screens.assign_to import AssignToScreen

        entry = self._highlighted()
        if entry is None or not self.managers:
            return

        def chosen(manager_id: str | None) -> None:
            if manager_id is not None:
                self.assign(entry.customer_id, entry.name, manager_id)

        warm = self.leads.get(entry.customer_id)
        self.app.push_screen(AssignToScreen(shown_name(entry.name), self.managers, first=warm and warm.intent_by,
                                            branch_id=entry.branch_id, branches=self.branches, parents=self.parents),
                             chosen)

    @work(thread=True, exclusive=True, group="pool")
    def assign(self, customer_id: str, name: str, manager_id: str) -> None:
        from workbench.branches import another_branch_note
        from workbench.errors import WorkbenchError
        from workbench.pool import assign

        app = self.app
        try:
            with app.connect() as conn:
                assign(conn, [customer_id], manager_id, at=app.now(), by_id=app.staff.staff_id)
                note = another_branch_note(conn, customer_id, manager_id)
        except WorkbenchError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(PoolAssigned(name, manager_id, note))

    def on_pool_assigned(self, message: PoolAssigned) -> None:
        self.managers = [(m, held + (m.staff_id == message.manager_id)) for m, held in self.managers]
        said = Text(_("Assigned: "))
        said.append(shown_name(message.name))
        said.append(f" {mark('→')} ")
        said.append(next(m.name for m, _held in self.managers if m.staff_id == message.manager_id))
        self._status(said)
        if message.note:   # as `reassign` and `pool assign` say it; a toast, as a warm lead below may take the status line
            self.app.notify(message.note, severity="warning", timeout=10, markup=False)
        self.load_pool(with_managers=False, offset=self.start, leads_again=True)   # the lead assigned leaves them
        beneath = self.app.call_list_screen()
        if beneath is not None and self.app.owner.staff_id == message.manager_id:
            beneath.reload()   # the list under the pool gained a customer; the watcher passes over the app's own rows

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n and p are on the key bar (and do something) only when there is a page after, or before, this one."""
        if action == "next_page":
            return self.start + len(self.entries) < self.total
        if action == "previous_page":
            return self.start > 0
        return super().check_action(action, parameters)

    # The page actions run only when check_action allows them, as Textual asks it first: there is a page to go to.
    def action_next_page(self) -> None:
        self.load_pool(with_managers=False, offset=self.start + SHOWN)

    def action_previous_page(self) -> None:
        self.load_pool(with_managers=False, offset=max(0, self.start - SHOWN))

    def action_back(self) -> None:
        self.app.pop_screen()


def blocks_of(conn, customer_ids: list[str]) -> dict[str, str]:
    """What forbids marketing to each of these customers (rules.MARKETING_BLOCK), for those it does."""
    import json

    from workbench.rules import MARKETING_BLOCK

    return dict(conn.execute(
        f"SELECT c.customer_id, {MARKETING_BLOCK} FROM customers c WHERE c.customer_id IN"
        f" (SELECT value FROM json_each(?)) AND {MARKETING_BLOCK} IS NOT NULL", (json.dumps(customer_ids),)))


def column_widths(headings: list[str], rows: list[tuple[str, ...]], room: int) -> list[int]:
    """Each column's width in cells: as wide as its heading and cells, but the table no wider than room (each
    column takes one cell of padding either side) while the YIELDING columns can give up cells, down to their
    heading or FEWEST. Past that the table is wider than room and scrolls sideways."""
    widths = [max([cell_len(heading), *(cell_len(row[i]) for row in rows)]) for i, heading in enumerate(headings)]
    over = sum(widths) + 2 * len(widths) - room
    for name in YIELDING:
        i = HEADINGS.index(name)
        cut = min(over, widths[i] - max(cell_len(headings[i]), FEWEST))
        if cut > 0:
            widths[i] -= cut
            over -= cut
    return widths
