"""Today's call list: ranked customers with their reasons, every reason of the highlighted one
under the table, filters, search, today's progress, how many customers rest under the contact rules and,
for a search, how many it matches that the list never shows, and why; and below the list those of them the user may
open (a manager's own, any to a supervisor), each with why, so that a customer who phones in is found."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from workbench import priority
from workbench.errors import plain_words
from workbench.screens.widgets.key_bar import KeyBar, key_display, key_in_force
from workbench.screens.card_text import title_line
from workbench.screens.glyphs import mark
from workbench.screens.labels import segment_label, tier_label, trigger_label
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.messages import CardLoaded, Failed, ListCounted, Notice, PageLoaded
from workbench.screens.widgets.call_header import CallHeader
from workbench.screens.widgets.call_table import PAGE_SIZE, CallTable, is_off_list
from workbench.screens.widgets.columns import fit
from workbench.access import known_name
from workbench.text_wrap import WrappedText, in_words, shown_name


@dataclass
class RestingCounted(Message):
    """How many customers the contact rules keep off the list today, by block reason (calllist.resting_counts),
    and for a search, how many it matches that the list never shows, by reason (calllist.not_shown), and the first of
    them one by one (calllist.off_list): the three as calllist.left_out reads them at once."""

    generation: int
    counts: dict[str, int]
    hidden: list = field(default_factory=list)
    off_list: list = field(default_factory=list)   # calllist.OffList: the first of them, one by one (calllist.off_list)
    off_more: bool = False                         # and there are more
    moved: list = field(default_factory=list)      # calllist.MovedAway: named exactly, once the manager's


@dataclass(frozen=True)
class Anchor:
    """The customer the highlight is on, so that a list read again keeps it on them: their id, then the ids below
    them as last read (the first of those still listed takes their place if they left the list), and the row they
    were on (where to look for them first)."""

    ids: tuple[str, ...]
    row: int
    shown: bool = True   # False: a customer the list did not show, set just above the highlighted row (anchor_at)


WHY_LINES = 2   # the line under the list (call_list.tcss #why): its height
FOLLOWERS = 20   # ids below the highlighted customer an anchor keeps


@dataclass(frozen=True)
class NextWanted:
    """After an outcome is saved, the customer to open next: the first from `after` on (as the list read again
    places them: calllist.placed_row) not in skip, past the end from the top; asked of the list's own reload."""

    after: Anchor
    skip: frozenset[str]


@dataclass
class NextFound(Message):
    """The customer to call after the one just finished, (row, customer id); None: the list is done. Found by the
    list's reload (count_list) of generation, asked by after, or by find_next (after None)."""

    found: tuple[int, str] | None
    generation: int = 0
    after: NextWanted | None = None


class CallListScreen(Screen):
    CSS_PATH = "call_list.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("o", "outcome", "Outcome", id="outcome"),
        Binding("n", "next", "Next", id="next",
                tooltip="Open the highlighted customer; on the customer last opened, the first after them not yet called"),
        Binding("f", "agenda", "Agenda", id="agenda"),
        Binding("s", "summary", "Summary", id="summary"),
        Binding("r", "report", "Report", id="report"),
        Binding("u", "pool", "Pool", id="pool"),
        Binding("slash", "search", "Search", id="search"),
        Binding("ctrl+f", "filters", "Filters", id="filters"),
        # A supervisor's list (from_picker) shows it as "Back": with nothing left to clear it goes back to
        # "Whose call list?". One binding, not two on escape: Textual's keymap drops every binding of a key
        # when it moves one of them.
        Binding("escape", "clear_filters", "Clear filters", id="clear_filters", show=False),
    ]

    def __init__(self, *, from_picker: bool = False) -> None:
        super().__init__()
        self.from_picker = from_picker
        self._filter_pieces: list[str] = []   # the filters line's parts, laid out again when the width changes
        self.filters: dict = {}          # CallListFilter fields: segment, tier, trigger, follow_ups_only, search
        self.resting: dict[str, int] = {}   # block reason -> customers resting today, for the current filters
        self.hidden: list = []   # calllist.NotShown: who the search matches that the screen never shows, and why
        self.moved: list = []    # calllist.MovedAway: whose a customer it names exactly, once the manager's, is now
        self._hidden_more = False   # some others it matches off the list are shown below it: hidden are the rest
        self.generation = 0
        self.done: set[str] = set()      # customers logged in this session, never offered as "next" again
        self.last_opened: str | None = None   # the customer whose card was opened last, by id
        # The customer on the highlighted row by a read newer than the rows shown (the list's own placing, or the
        # next customer found), until the page of that row shows them.
        self._held: Anchor | None = None
        self._next: NextWanted | None = None   # asked of the reload under way: the next customer to open
        self._off_held: str | None = None   # the customer off the list highlighted as the list was read again
        self._before_search: Anchor | None = None   # where the highlight was when the search began, to go back to
        self._called_in_search = False   # a call was logged while the search was on: a customer who phoned in
        self._restore: Anchor | None = None   # the place the read under way puts the highlight (a search cleared)
        localise_bindings(self)
        if from_picker:
            self._bindings = BindingsMap([replace(b, show=True, description=_("Back")) if b.id == "clear_filters" else b
                                          for bindings in self._bindings.key_to_bindings.values() for b in bindings])

    def compose(self) -> ComposeResult:
        yield Static("", id="title", classes="title-bar")
        yield Static("", id="progress", classes="status-line")
        yield Static("", id="filter-line", classes="status-line")
        yield Static("", id="not-shown", classes="status-line")
        yield CallHeader()
        yield CallTable(today=self.app.today(), id="calls")
        yield Static("", id="why")
        yield Input(placeholder=_("Search: name, customer number or phone tail ({enter} to apply, {clear} to clear)")
                    .format(enter=key_display("enter"), clear=key_in_force(self, "clear_filters")), id="search")
        yield KeyBar()

    def on_mount(self) -> None:
        owner = self.app.owner
        # A manager imported without a name is named by the id alone, not "M009 · M009".
        who = (owner.name, owner.staff_id) if known_name(owner.staff_id, owner.name) else (owner.staff_id,)
        title = title_line(_("Call list"), *who, self.app.today().isoformat())
        self.query_one("#title", Static).update(title)
        self.query_one("#calls", CallTable).focus()
        self.reload()   # the app's watcher reloads it when another process imports, reassigns or logs calls

    # ---- loading -------------------------------------------------------------------------------

    def reload(self, *, keep_place: bool = True) -> None:
        """Read the list again; the highlight stays on the customer it is on (keep_place), wherever the list now
        puts them. Other filters (keep_place=False) start at the top."""
        self.generation += 1
        current = self._table().current
        self._off_held = current.customer_id if keep_place and is_off_list(current) else None
        self.resting = {}   # counted again for the new list; old numbers would belong to other filters
        self.hidden = self.moved = []
        self._show_filters()
        self._draw_not_shown()
        staff = getattr(self.app, "staff", None)   # a supervisor is told whose the others' customers are
        self.count_list(self.generation, dict(self.filters), by_manager=bool(staff and staff.is_supervisor),
                        anchor=self._anchor() if keep_place else None, after=self._next)

    def _anchor(self) -> Anchor | None:
        """The highlighted customer and those below them, as shown; None before any is shown."""
        if self._restore is not None:   # back to before a search, wherever the search's rows put the highlight
            return self._restore
        table = self._table()
        held = self._held_here()
        if held is not None:   # placed by a newer read than the row shown: by id
            return held
        if table.current is None:
            return None
        if is_off_list(table.current):   # placed on the list should they be on it now, else found below it again
            return Anchor((table.current.customer_id,), table.cursor)
        return Anchor(tuple(table.ids_from(table.cursor, FOLLOWERS + 1)), table.cursor)

    def _held_here(self) -> Anchor | None:
        """The held customer, while the highlight is where placing them put it (as far down as the list goes)."""
        table, held = self._table(), self._held
        return held if held is not None and min(held.row, max(table.total - 1, 0)) == table.cursor else None

    @work(thread=True, exclusive=True, group="count")
    def count_list(self, generation: int, filters: dict, *, by_manager: bool = False,
                   anchor: Anchor | None = None, after: NextWanted | None = None) -> None:
        """Count and read the list, and where the highlight goes in it (by anchor); asked after an outcome (after),
        who comes next first, so that their card opens while the list is counted: one read for both."""
        from workbench.calllist import OFF_LIST_LIMIT, CallListFilter, call_list, count_call_list, left_out, placed_row
        from workbench.outcomes import day_progress
        from workbench.settings import load_settings

        from workbench.scoring import needs_rescore, rescore

        app = self.app
        try:
            with app.connect() as conn:
                if generation == 1 and needs_rescore(conn, app.today()):
                    # A new day or a fresh import: score before listing, as `workbench calllist` does.
                    self.post_message(Notice(_("Scoring the customers for today{ellipsis}").format(ellipsis=mark("…"))))
                    rescore(conn, app.today(), refit=False)
                flt = CallListFilter(**filters)
                settings = load_settings(conn, app.owner.branch_id)
                # The customer just saved is the one highlighted, mostly: placed once for both.
                same = after is not None and anchor is not None and anchor.ids[0] == after.after.ids[0]
                placed = next_found = None
                if after is not None:
                    start, next_found = next_customer(conn, app.owner.staff_id, app.now(), flt, settings, after.after,
                                                      after.skip)
                    placed = start if same else None
                    if get_current_worker().is_cancelled:
                        return
                    self.post_message(NextFound(next_found, generation, after))
                total = count_call_list(conn, app.owner.staff_id, app.now(), filters=flt, settings=settings)
                progress = day_progress(conn, app.owner.staff_id, app.today(), settings["calllist.daily_target"])
                if anchor is not None and total and not same:
                    placed = placed_row(conn, app.owner.staff_id, app.now(), flt, settings, anchor.row, anchor.ids,
                                        PAGE_SIZE)
                if get_current_worker().is_cancelled:
                    return
                self.post_message(ListCounted(generation, total, progress, tuple(settings["tiers.lines_fen"]),
                                              anchor, placed if total else None, next_found))
                first = call_list(conn, app.owner.staff_id, app.now(), filters=flt, limit=PAGE_SIZE, offset=0,
                                  settings=settings)
                if get_current_worker().is_cancelled:
                    return
                self.post_message(PageLoaded(generation, 0, first))
                # Counted once the first page is on its way, so the list is never drawn later for it: the resting,
                # and for a search, in the same read of its matches, those the list never shows (a name the manager
                # knows is explained) and a few of them one by one, those a manager may open (their own), to find
                # one who phones; one more than shown, to say there are more.
                out = left_out(conn, app.owner.staff_id, app.now(), filters=flt, settings=settings,
                               by_manager=by_manager, limit=OFF_LIST_LIMIT + 1)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc), after))
            return
        self.post_message(RestingCounted(generation, out.resting, out.not_shown, out.off_list[:OFF_LIST_LIMIT],
                                         len(out.off_list) > OFF_LIST_LIMIT, out.moved))

    @work(thread=True, group="page")
    def load_page(self, generation: int, page: int, filters: dict) -> None:
        from workbench.calllist import CallListFilter, call_list

        app = self.app
        try:
            with app.connect() as conn:
                entries = call_list(conn, app.owner.staff_id, app.now(), filters=CallListFilter(**filters),
                                    limit=PAGE_SIZE, offset=page * PAGE_SIZE)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(PageLoaded(generation, page, entries))

    def on_list_counted(self, message: ListCounted) -> None:
        if message.generation != self.generation:
            return
        table = self.query_one("#calls", CallTable)
        now, found = self._anchor(), message.placed
        if message.next is not None and now == Anchor((message.next[1],), message.next[0]):
            found = message.next   # the next customer, opened from this read
        elif message.anchor is not None and now is not None and now.ids[0] != message.anchor.ids[0]:
            self.reload()   # the manager moved the highlight while the list was read: keep it where they put it
            return
        self._restore = None
        table.tier_lines = message.tier_lines or table.tier_lines
        table.reset(message.generation, message.total)
        self.query_one(CallHeader).refresh()   # its tier and rank columns are as wide as the table's
        self._held = None
        if found is not None:   # on their row, checked by id once its page is read
            row, customer_id = found
            table.move_to(row)
            self._held = Anchor((customer_id,), row)
            self._off_held = None   # the customer off the list highlighted is on it now
        # Else nobody it was on, nor below them, is listed any more (or nothing was highlighted): the highlight
        # keeps its row, as far down as the list now goes.
        p = message.progress
        # Counted as the funnel counts a stage: interested, booked or reactivated (the day summary counts each
        # outcome on its own), so the words say "or better".
        line = _("{called} of {target} today · {reached} reached · {interested} interested or better").format(
            called=p.called, target=p.target, reached=p.reached, interested=p.interested
        )
        self.query_one("#progress", Static).update(Text(line))
        self._show_filters(message.total)
        self._show_why()

    def on_resting_counted(self, message: RestingCounted) -> None:
        if message.generation == self.generation:
            from workbench.calllist import not_shown_beyond

            self.resting = message.counts
            self.hidden = not_shown_beyond(message.hidden, message.off_list)   # those below the list are shown
            self._hidden_more = self.hidden != message.hidden
            self.moved = message.moved
            self._show_filters(self._table().total)
            self._draw_not_shown()
            table = self._table()
            table.set_off_list(message.generation, message.off_list, message.off_more)
            held = [n for n, match in enumerate(table.off_list) if match.customer_id == self._off_held]
            if held:   # the customer off the list highlighted as it was read again still is
                table.move_to(table.total + 1 + held[0])
            self._off_held = None
            self._show_why()

    def on_page_loaded(self, message: PageLoaded) -> None:
        table = self.query_one("#calls", CallTable)
        table.add_page(message.generation, message.page, message.entries)
        held = self._held
        if (held is not None and message.generation == table.generation == self.generation
                and message.page == held.row // PAGE_SIZE):
            entry = table.entry(held.row)
            if (entry is None or entry.customer_id != held.ids[0]) and self._held_here() is not None:
                self.reload()   # the list moved since they were placed: placed by id (held is the anchor)
            else:
                self._held = None   # there, as placed (or the highlight moved on)
        self._show_why()
        self.call_after_refresh(self.app.freeze_startup_objects)

    def on_call_table_highlighted(self, message: CallTable.Highlighted) -> None:
        self._show_why()

    def on_call_table_page_wanted(self, message: CallTable.PageWanted) -> None:
        if message.generation == self.generation:
            self.load_page(message.generation, message.page, dict(self.filters))

    def on_call_table_chosen(self, message: CallTable.Chosen) -> None:
        self.action_open()

    def on_failed(self, message: Failed) -> None:
        if message.after is not None and message.after is self._next:   # the read asked to find them failed: no
            self._next = None                                              # later one (the watcher's) opens them unasked
        line = self.query_one("#filter-line", Static)   # in the theme's error colour, bold (app.tcss: -error)
        line.update(Text(message.text))
        line.add_class("-error")

    def on_notice(self, message: Notice) -> None:
        line = self.query_one("#filter-line", Static)
        line.update(Text(message.text, style="italic"))
        line.remove_class("-error")

    def _show_filters(self, total: int | None = None) -> None:
        parts = []
        f = self.filters
        if f.get("segment"):
            parts.append(segment_label(f["segment"]))
        if f.get("tier") is not None:
            parts.append(_("tier") + " " + tier_label(f["tier"], self.query_one("#calls", CallTable).tier_lines))
        if f.get("trigger"):
            parts.append(trigger_label(f["trigger"]))
        if f.get("follow_ups_only"):
            parts.append(_("follow-ups only"))
        if f.get("search"):
            parts.append(_("search") + _(": ") + f["search"])
        pieces = [_("Filters") + _(": ") + (_(", ").join(parts) if parts else _("none"))]
        if total is not None:
            pieces.append(ngettext("{n} customer", "{n} customers", total).format(n=f"{total:,}"))
        self._filter_pieces = pieces
        self._draw_filters()

    def _draw_filters(self) -> None:
        """The filters line (filters_text), as tall as the resting counts at their longest would make it: a reason
        more after a save, which breaks the counts onto another line (or one less, which joins them), then leaves
        the list where it is rather than moving it a row down or up under the manager's eyes."""
        line = self.query_one("#filter-line", Static)
        width = self.size.width - line.styles.gutter.width
        rows = list(filters_text(self._filter_pieces, self.resting, width).split("\n"))
        if self.resting:
            tallest = len(filters_text(self._filter_pieces, longest_counts(self.resting), width).split("\n"))
            rows += [Text(" ")] * (tallest - len(rows))
        line.update(Text("\n").join(rows))
        line.remove_class("-error")

    def _draw_not_shown(self) -> None:
        """Under the filters, for a search: first whose a customer it names exactly is now, one who was the manager's
        and has gone to another manager or branch (calllist.moved_note: for one who phones their old manager); then
        how many customers it matches that the list never shows, and why, in the lines left of two (broken between
        reasons); longer, another manager's customers in one count (a supervisor's are by manager), so that the
        do-not-call and other reasons stay; longer still, the total alone. Nothing to say, no line."""
        from workbench.calllist import moved_note, not_shown_folded, not_shown_head, not_shown_parts

        line = self.query_one("#not-shown", Static)
        line.set_class(bool(self.hidden or self.moved), "-shown")
        if not (self.hidden or self.moved):
            line.update("")
            return
        more, width = self._hidden_more, self.size.width - line.styles.gutter.width
        moved = broken_lines([moved_note(match) for match in self.moved], width)
        room = max(2 - len(moved), 1)
        rows = broken_lines(not_shown_parts(self.hidden, more=more), width) if self.hidden else []
        if len(rows) > room:
            rows = broken_lines(not_shown_parts(not_shown_folded(self.hidden), more=more), width)
        if len(rows) > room:
            rows = [not_shown_head(self.hidden, more=more)]
        line.update(Text("\n").join(map(Text, [*moved, *rows][:2])))

    def on_resize(self) -> None:
        if self._filter_pieces:
            self._draw_filters()   # where the line breaks follows the width
        self._draw_not_shown()

    def _show_why(self) -> None:
        """Every reason of the highlighted customer under the table, in the lines it has (the card has them all):
        an event such as a birthday comes before the tier and the last contact (priority.reasons), so a cut loses
        those, and says so with an ellipsis."""
        entry = self._table().current
        text = (WrappedText(why_text(entry, self.app.today()), words=in_words(), max_lines=WHY_LINES,
                             ellipsis=mark("…"))
                if entry is not None else "")
        self.query_one("#why", Static).update(text)

    # ---- actions -------------------------------------------------------------------------------

    def _table(self) -> CallTable:
        return self.query_one("#calls", CallTable)

    def action_open(self) -> None:
        entry = self._table().current
        if entry is not None:
            self._next = None   # this customer, not the next one a reload under way would open
            self.last_opened = entry.customer_id
            self._card(entry.customer_id)

    def action_outcome(self) -> None:
        entry = self._table().current
        if entry is not None:
            from workbench.screens.outcome_form import OutcomeForm

            self.app.push_screen(OutcomeForm(entry.customer_id, shown_name(entry.name)), self._after_outcome)

    def _after_outcome(self, result) -> None:
        if result:
            self.done.add(result.customer_id)
            self._called_in_search = self._called_in_search or bool(self.filters.get("search"))
            self.app.read_again({result.customer_id}, but=self)
            self.reload()

    def action_next(self) -> None:
        """Open the highlighted customer, or, when the highlight is on the customer last opened (back from their
        card), the first after them not yet called in this session, as the list stands now (from its top, after a
        customer off it)."""
        current = self._table().current
        if is_off_list(current) and current.customer_id != self.last_opened:
            self.action_open()
            return
        anchor = self._anchor()
        if anchor is not None:
            self._next = None   # asked again: the reload under way opens nobody
            self.find_next(anchor, dict(self.filters), self.done | {self.last_opened} - {None})

    def action_agenda(self) -> None:
        self.app.action_agenda()

    def action_summary(self) -> None:
        self.app.action_summary()

    def action_report(self) -> None:
        self.app.action_report()

    def action_pool(self) -> None:
        self.app.action_pool()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The report and pool keys are a supervisor's: neither shown to nor taken from a manager. Clearing is not
        offered with no filter, no search and no search box to clear (a supervisor's "Back" always is)."""
        if action in ("report", "pool"):
            staff = getattr(self.app, "staff", None)
            return bool(staff and staff.is_supervisor)
        if action == "clear_filters" and not (self.from_picker or self.filters
                                              or self.query_one("#search", Input).has_class("-shown")):
            return None
        return super().check_action(action, parameters)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        if not self.filters.get("search"):
            self._before_search, self._called_in_search = self._anchor(), False
        self.filters["search"] = event.value.strip() or None
        self._table().move_to(0)
        self._table().focus()
        self.reload(keep_place=False)

    def action_filters(self) -> None:
        from workbench.screens.filters import FilterScreen

        self.app.push_screen(FilterScreen(dict(self.filters), self.query_one("#calls", CallTable).tier_lines),
                             self._filters_chosen)

    def _filters_chosen(self, filters: dict | None) -> None:
        if filters is not None:
            self.filters = {k: v for k, v in filters.items() if v is not None and v is not False and v != ""}   # tier 0 == False
            self._table().move_to(0)
            self.reload(keep_place=False)

    def action_follow_ups_only(self) -> None:
        self.filters["follow_ups_only"] = True
        self.reload()

    def action_clear_filters(self) -> None:
        box = self.query_one("#search", Input)
        if self.from_picker and not self.filters and not box.has_class("-shown"):
            self.app.action_whose_list()   # nothing to clear: a supervisor goes back to pick another list
            return
        had_focus = box.has_focus
        box.value = ""   # a search left in the box would say one thing while the list shows another
        box.remove_class("-shown")
        if had_focus:
            self._table().focus()
        if self.filters:
            table = self._table()
            before, self._before_search = self._before_search if self.filters.get("search") else None, None
            if before is not None and (self._called_in_search or not self._chosen_in_search()):
                self._restore = before   # back where the manager was when the search began
            elif is_off_list(table.current):   # on no list: the listed customer nearest above them stands in, or the top
                if table.total:
                    table.move_to(table.total - 1)
                else:
                    table.cursor = 0
            self.filters = {}
            self.reload()

    def _chosen_in_search(self) -> bool:
        """Whether the manager moved the highlight to a customer the search lists (or opened the first of them). Once a
        call is logged in the search (the customer who phoned in), the search is left for where she was before it,
        whoever the save opened next: `n` goes on from there."""
        table = self._table()
        current = table.current
        return (current is not None and not is_off_list(current)
                and (table.cursor > 0 or current.customer_id == self.last_opened))

    # ---- the session's next customer -----------------------------------------------------------

    def _card(self, customer_id: str) -> None:
        """Open the customer's card once its data is read, so it appears complete in one frame."""
        self.open_card(customer_id)

    @work(thread=True, exclusive=True, group="open")
    def open_card(self, customer_id: str) -> None:
        from workbench.screens.customer_card import fetch_card

        try:
            self.post_message(fetch_card(self.app, customer_id))
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))

    def on_card_loaded(self, message: CardLoaded) -> None:
        from workbench.screens.customer_card import CustomerCardScreen

        if isinstance(self.app.screen, CustomerCardScreen):
            self.app.pop_screen()
        elif self.app.screen is not self:   # the manager went on meanwhile (o on the card): not over their form
            return
        self.app.push_screen(CustomerCardScreen(message.customer_id, message))

    def customer_done(self, customer_id: str, *, open_next: bool = True) -> None:
        """An outcome was saved for this customer: refresh the list and (open_next) open who comes next, found in the
        same read (every reload until one answers asks it)."""
        self.done.add(customer_id)
        self._called_in_search = self._called_in_search or bool(self.filters.get("search"))
        if open_next:
            self.workers.cancel_group(self, "next")   # an n asked before: this is the newer ask
            self._next = NextWanted(self.anchor_at(customer_id), frozenset(self.done))   # as shown before the read
        self.reload()

    def found_off_list(self, customer_id: str) -> bool:
        """Whether the customer is one the search found off today's list (shown below it), not on the list itself."""
        table = self._table()
        return table.row_of(customer_id) is None and any(m.customer_id == customer_id for m in table.off_list)

    def next_after(self, customer_id: str) -> None:
        """Open the customer after this one (the card's n): the first not yet called in this session."""
        self._next = None   # asked again: the reload under way opens nobody
        self.find_next(self.anchor_at(customer_id), dict(self.filters), self.done | {customer_id})

    def anchor_at(self, customer_id: str) -> Anchor:
        """The customer and those below them as last shown; one the list does not show (opened from the agenda)
        stands just above the highlighted row, so that next_customer goes on from the highlighted customer."""
        table = self._table()
        row = table.row_of(customer_id)
        if row is None:
            return Anchor((customer_id, *table.ids_from(table.cursor, FOLLOWERS)), table.cursor - 1, shown=False)
        return Anchor(tuple(table.ids_from(row, FOLLOWERS + 1)), row)

    @work(thread=True, exclusive=True, group="next")
    def find_next(self, anchor: Anchor, filters: dict, skip: set[str]) -> None:
        """The next customer from the anchor's on not in skip, as the list stands now (next_customer)."""
        from workbench.calllist import CallListFilter
        from workbench.settings import load_settings

        app = self.app
        try:
            with app.connect() as conn:
                settings = load_settings(conn, app.owner.branch_id)
                _start, found = next_customer(conn, app.owner.staff_id, app.now(), CallListFilter(**filters), settings,
                                              anchor, skip)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(NextFound(found))

    def on_next_found(self, message: NextFound) -> None:
        if message.after is not None:   # found by the list's own read: its ListCounted, next, highlights them
            if message.after is not self._next or message.generation != self.generation:
                return   # asked again since
            self._next = None
            if message.found is None:   # nobody opens in place of the card just saved: it shows what the save did
                self._card_again(message.after.after.ids[0])
        if message.found is not None:
            row, customer_id = message.found
            table = self._table()
            entry, shown = table.entry(row), table.generation == self.generation
            table.move_to(row)
            if not (shown and entry is not None and entry.customer_id == customer_id):
                # Found in a read newer than the rows shown: on that row by id, checked when its page is read.
                self._held = Anchor((customer_id,), row)
                if message.after is None and not (shown and entry is None and row < table.total):
                    self.reload()   # the list moved since it was shown (a page not yet read aside): placed by id
        self._open_next(message.found)

    def _card_again(self, customer_id: str) -> None:
        """The customer's card, open over the list, read again."""
        from workbench.screens.customer_card import CustomerCardScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, CustomerCardScreen) and screen.customer_id == customer_id:
                screen.reload()

    def _open_next(self, found: tuple[int, str] | None) -> None:
        """Open the next customer found (row, customer id); None: everyone left was called this session."""
        if found is None:
            self.app.notify(self._none_left())
            return
        self.last_opened = found[1]
        self._card(found[1])

    def _none_left(self) -> str:
        """Why n found nobody: the end of the day's list, or only of what a search or the filters let through."""
        clear = key_in_force(self, "clear_filters")
        if self.filters.get("search"):
            return _("No other customer on this search; {clear} clears it.").format(clear=clear)
        if self.filters:
            return _("No other customer under these filters; {clear} clears them.").format(clear=clear)
        return _("That was the last customer on the list.")


def next_customer(conn, manager_id: str, now, filters, settings, after: Anchor, skip) -> tuple:
    """(where the anchor is placed now: calllist.placed_row, the first customer from there on not in skip), each
    (row, customer id) or None: read a page at a time to the end of the list, then from the top; None when
    everyone left was skipped. An anchor customer in skip (called, or the card just read) is placed by those shown
    below them: a manager working down the list goes on below where they were, wherever the call moved that
    customer (an interested one rises above rows the manager passed over; a reached one sinks)."""
    from workbench.calllist import call_list, placed_row

    ids, row, placed = after.ids, after.row, None
    if ids[0] in skip and len(ids) > 1:
        ids, row = ids[1:], row + 1
    elif ids[0] in skip:   # none shown below them (the last row, or the next page not yet read): below their row
        # if they stayed or rose; at it if they left or sank, the one below having moved up into it (a customer the
        # list did not show: from the highlighted row). Past the end, the search wraps to the top.
        now_at = placed_row(conn, manager_id, now, filters, settings, row, ids, PAGE_SIZE) if after.shown else None
        ids, row = (), row + 1 if not after.shown or (now_at is not None and now_at[0] <= row) else row
    placed = placed_row(conn, manager_id, now, filters, settings, row, ids, PAGE_SIZE) if ids else None
    start = placed[0] if placed is not None else row
    for offset, stop in ((start, None), (0, start)):
        while stop is None or offset < stop:
            entries = call_list(conn, manager_id, now, filters=filters, limit=PAGE_SIZE, offset=offset, explain=False,
                                settings=settings)
            for n, entry in enumerate(entries[:None if stop is None else stop - offset]):
                if entry.customer_id not in skip:
                    return placed, (offset + n, entry.customer_id)
            if len(entries) < PAGE_SIZE:
                break
            offset += PAGE_SIZE
    return placed, None


GAP = "  ·  "   # between the filters line's pieces


def joined_pieces(pieces: list[str], width: int, gap: str = GAP) -> Text:
    """The pieces on one line with gap between them; a piece that would not fit starts the next line instead,
    so no line ends on a dangling gap. Plain text: a search typed by the user is data."""
    text, used = Text(), 0
    for n, piece in enumerate(pieces):
        size = cell_len(piece)
        if n and used + cell_len(gap) + size > width:
            text.append("\n" + piece)
            used = size
        else:
            text.append((gap if n else "") + piece)
            used += (cell_len(gap) if n else 0) + size
    return text


def filters_text(pieces: list[str], resting: dict[str, int], width: int) -> Text:
    """Filters, customers and resting counts in three lines at most (as the style allows), the counts never the part
    cut off: long filters are cut with an ellipsis (ctrl+f shows them); counts too long for a line take two lines of
    their own, the filters and customers then sharing the first; longer still, the total."""
    filters, *customers = pieces
    if not resting:
        return joined_pieces([fit(filters, width).rstrip(), *customers], width)
    counts = resting_text(resting)
    if cell_len(counts) <= width:
        return joined_pieces([fit(filters, width).rstrip(), *customers, counts], width)
    counts_lines = resting_lines(resting, width)
    if len(counts_lines) > 2 or any(cell_len(row) > width for row in counts_lines):
        counts_lines = [_("{n} resting").format(n=sum(resting.values()))]
    room = width - sum(cell_len(GAP) + cell_len(piece) for piece in customers)
    first = joined_pieces([fit(filters, max(room, 1)).rstrip(), *customers], width)
    return Text("\n").join([first, *map(Text, counts_lines)])


def longest_counts(resting: dict[str, int]) -> dict[str, int]:
    """Resting counts at their longest the day may bring them to: every reason, and the booked, each as many as the
    most there are now."""
    from workbench.calllist import BOOKED
    from workbench.rules import BLOCK_REASONS

    most = max(resting.values())
    return {reason: most for reason in (*BLOCK_REASONS, BOOKED)}


def resting_text(counts: dict[str, int]) -> str:
    """'47 resting: 2 at the attempt limit, 44 not interested, 1 complained'."""
    from workbench.calllist import resting_parts   # late, as the list's worker imports it: numpy comes with it

    return _(", ").join(resting_parts(counts))


def resting_lines(counts: dict[str, int], width: int) -> list[str]:
    """The resting counts at width cells, broken between reasons only ('…, 1 not interested,' / '1 complained'),
    or rather after the resting sentence's parenthesis where the booked clause then fits a line of its own."""
    from workbench.calllist import resting_parts

    parts = resting_parts(counts)
    clause = _("; ")
    if clause in parts[-1]:   # '1 complained); 23 more booked for a later day'
        last, booked = parts[-1].split(clause, 1)
        resting = _(", ").join([*parts[:-1], last]) + clause.rstrip()
        if cell_len(resting) <= width and cell_len(booked) <= width:
            return [resting, booked]
    return broken_lines(parts, width)


def broken_lines(parts: list[str], width: int) -> list[str]:
    """Parts joined by ', ' at width cells, broken between parts only."""
    comma = _(", ")
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + comma + part) <= width:
            lines[-1] += comma + part
        elif lines:
            lines[-1] += comma.rstrip()
            lines.append(part)
        else:
            lines.append(part)
    return lines


def why_text(entry, today) -> Text:
    """'王芳: promised follow-up due today 14:00; Low-value dormant: …; 5万 tier; …', or for a customer off the list
    '王芳: not on today's list: booked for 11-21', customer text as plain text."""
    text = Text()
    text.append(shown_name(entry.name), style="bold")
    text.append(_(": "))
    if is_off_list(entry):
        from workbench.calllist import off_list_why

        text.append(_("not on today's list: {why}").format(why=off_list_why(entry, today)))
    else:
        text.append(priority.summary(entry.reasons or []))
    return text
