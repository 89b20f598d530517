"""WorkbenchApp: the call session a relationship manager works in all morning."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter, Monochrome
from textual.message import Message
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.worker import get_current_worker

from workbench import i18n
from workbench.access import Staff
from workbench.db import terminal_id
from workbench.errors import plain_words
from workbench.screens import glyphs
from workbench.screens.commands import WorkbenchCommands
from workbench.screens.localise import _, localise_bindings
from workbench.screens.no_colour import LegibleMonochrome
from workbench.screens.palette import WorkbenchPalette
from workbench.screens.plain_glyphs import PlainGlyphs
from workbench.screens.sixteen_colours import LegibleSixteen
from workbench.screens.theme import WORKBENCH_THEME, legible
from workbench.screens.widgets.key_bar import key_display


# Actions only a supervisor may take, left out of a manager's key bar and help.
SUPERVISOR_ACTIONS = frozenset({"report", "pool"})

# The append-only tables where calls and follow-up changes land, from the app, the CLI or a bundle.
WATCHED = ("outcomes", "followup_events")

# Audit entries that give customers another manager (reassign and pool assign write 'reassign'; a bundle's
# assignment entries applied here, 'bundle_assignments').
REASSIGNMENTS = ("reassign", "hand_over", "bundle_assignments")
# The audit entries the watcher reads: those, and erasures (the customer leaves their manager's list).
WATCHED_ACTIONS = (*REASSIGNMENTS, "erase")

# Where each table the watcher reads ends: WATCHED, the audit log (for WATCHED_ACTIONS) and the imports.
MARKED = (*WATCHED, "audit_log", "import_log")

# Every stored setting, in one string: a change to any (`workbench settings set` in another terminal: new tier lines,
# another call window) shows as another string. The table is a few dozen rows at most.
SETTINGS_READ = ("SELECT coalesce(group_concat(scope || char(31) || key || char(31) || value, char(30)), '')"
                 " FROM (SELECT scope, key, value FROM settings ORDER BY scope, key)")

# Temporary triggers on each of the app's own connections note every row it adds to WATCHED or the audit
# log, so the watcher tells the app's own saves (already shown) from another process's, even when both
# commit at once.
OWN_WRITE_TRIGGERS = [
    f"CREATE TEMP TRIGGER own_{table} AFTER INSERT ON main.{table} BEGIN SELECT own_write('{table}', new.rowid); END"
    for table in (*WATCHED, "audit_log")
]


@dataclass
class DataChanged(Message):
    """Where each marked table ends now (and the settings as they are); the rest describes only what another
    process wrote."""

    marks: dict[str, int | str]
    customers: frozenset[str] = field(default_factory=frozenset)   # whose calls, follow-ups or manager changed
    here: bool = False   # some were written on this terminal (the CLI), not only merged from a bundle
    managers: frozenset[str] = field(default_factory=frozenset)    # who was given or lost customers
    imported: bool = False   # a customer extract or a bundle was imported
    settings: bool = False   # a setting was changed


@dataclass
class DatabaseLost(Message):
    """The file the app opened is no longer at its path (moved or deleted), or another file is there now."""

    sentence: str


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at path (device and inode), None when there is none: a file moved away, or replaced by another
    (a sample written with --force, a backup restored), no longer answers to the one the app opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


@dataclass
class SettingsChanged(Message):
    """The customers were scored again after another process changed the settings (problem: why they were not)."""

    problem: str = ""


class OwnWrites:
    """The (table, rowid) of WATCHED rows this app added, noted from its workers' threads."""

    def __init__(self) -> None:
        self._rows: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def add(self, table: str, rowid: int) -> None:
        with self._lock:
            self._rows.add((table, rowid))

    def forget(self, rows: list[tuple[str, int]]) -> None:
        with self._lock:
            self._rows.difference_update(rows)

    def snapshot(self) -> frozenset[tuple[str, int]]:
        with self._lock:
            return frozenset(self._rows)

    def prune(self, marks: dict[str, int]) -> None:
        """Drop the rows the watcher has passed: it never looks at them again."""
        with self._lock:
            self._rows = {(table, rowid) for table, rowid in self._rows if rowid > marks[table]}


def data_changes(conn: sqlite3.Connection, marks: dict[str, int | str] | None, own: frozenset[tuple[str, int]],
                 terminal_id: str) -> DataChanged | None:
    """What was added to the MARKED tables since marks (None: only where each ends), or None if nothing
    was, and whether the settings changed; read in one transaction, so an import and the follow-ups it moved are
    seen in the same look."""
    conn.execute("BEGIN")
    try:
        ends = {t: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0] for t in MARKED}
        ends["settings"] = conn.execute(SETTINGS_READ).fetchone()[0]
        if marks is None:
            return DataChanged(ends)
        if ends == marks:
            return None
        customers, here, managers = set(), False, set()
        for table in WATCHED:
            for rowid, customer_id, terminal in conn.execute(
                f"SELECT rowid, customer_id, terminal_id FROM {table} WHERE rowid > ? AND rowid <= ?",
                (marks[table], ends[table]),
            ):
                if (table, rowid) not in own:
                    customers.add(customer_id)
                    here = here or terminal == terminal_id
        # Each entry's managers who gave or took customers, and the customers whose cards show their manager; an
        # erasure (`privacy erase`, or a bundle's entry): the card shows the customer no longer, and they leave their
        # manager's list. One read of the audit log for both.
        for seq, giver, takers, moved in conn.execute(
            "SELECT a.seq, iif(a.action = 'erase', c.manager_id, json_extract(a.detail, '$.from')), CASE a.action"
            " WHEN 'erase' THEN '[]'"
            " WHEN 'hand_over' THEN (SELECT json_group_array(key) FROM json_each(a.detail, '$.to'))"
            " WHEN 'bundle_assignments' THEN (SELECT json_group_array(m.value) FROM json_each(a.detail, '$.applied') x,"
            " json_each(x.value) m WHERE m.key > 0) ELSE json_array(json_extract(a.detail, '$.to')) END,"
            " CASE a.action WHEN 'reassign' THEN json_array(a.subject) WHEN 'erase' THEN json_array(a.subject)"
            " WHEN 'bundle_assignments' THEN"
            " (SELECT json_group_array(json_extract(x.value, '$[0]')) FROM json_each(a.detail, '$.applied') x) ELSE '[]' END"
            " FROM audit_log a LEFT JOIN customers c ON a.action = 'erase' AND c.customer_id = a.subject"
            f" WHERE a.seq > ? AND a.seq <= ? AND a.action IN ({','.join('?' * len(WATCHED_ACTIONS))})",
            (marks["audit_log"], ends["audit_log"], *WATCHED_ACTIONS),
        ):
            if ("audit_log", seq) not in own:
                managers.update(m for m in (giver, *json.loads(takers)) if m)
                customers.update(json.loads(moved))
    finally:
        conn.execute("COMMIT")
    return DataChanged(ends, frozenset(customers), here, frozenset(managers), ends["import_log"] > marks["import_log"],
                       ends["settings"] != marks["settings"])


class WorkbenchApp(App):
    """Holds who is working, whose list is open, the clock and the database path."""

    CSS_PATH = "app.tcss"
    TITLE = "Branch Workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("question_mark", "help", "Help", id="help"),
    ]
    # How often to look for calls, follow-up changes, reassignments and imports made by another process.
    WATCH_SECONDS = 5.0

    def __init__(
        self,
        db_path: str | Path,
        *,
        now: datetime | None = None,
        lang: str | None = None,
        user: str | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._fixed_now = now
        self.lang = i18n.set_language(lang) if lang else i18n.get_language()
        self.requested_user = user
        self._frozen = False
        self.staff: Staff | None = None      # who is working
        self.owner: Staff | None = None      # whose call list is open (a supervisor may pick anyone)
        self.terminal_id = ""                # this database's terminal, read at mount
        self.opened: tuple[int, int] | None = None   # which file is the database (file_identity), read at mount
        self.lost_told = False               # the sentence that the file is gone or replaced was shown
        self.data_marks: dict[str, int | str] | None = None   # where WATCHED ended, and the settings, at the last look
        self.own_writes = OwnWrites()
        self.legible = LegibleMonochrome()   # NO_COLOR's greys, in place of Textual's (get_line_filters)
        self.sixteen = LegibleSixteen.for_console(self.console)   # None unless the console has 16 colours
        # Plain glyphs (key names in words, ASCII borders) where the console cannot show the usual ones: decided here.
        encoding = glyphs.output_encoding()
        self.plain_glyphs = PlainGlyphs(encoding) if glyphs.start(encoding, os.environ) else None
        self.register_theme(WORKBENCH_THEME)
        self.theme = "workbench"
        self.theme_stored = "workbench"   # the theme this terminal remembers, read at mount: another pick is stored
        self.title = _("Branch Workbench")
        localise_bindings(self)
        if keymap:
            self.set_keymap(keymap)

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables of the theme, its coloured text (an error, a key on the key bar) made to read at 4.5:1
        where the app draws it (theme.legible): Textual's light themes drew the keys at 1.3-2.4:1."""
        self.theme_variables = legible(super().get_css_variables())
        return self.theme_variables

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with its NO_COLOR greys by luminance (red as dark as the background) replaced by ones
        that keep a warning readable; on a console of 16 colours the one that keeps text off its background, and on one
        that cannot show the app's glyphs the one that draws plain ones."""
        filters = [self.legible if isinstance(f, Monochrome) else f for f in super().get_line_filters()]
        return [*filters, *(f for f in (self.sixteen, self.plain_glyphs) if f is not None)]

    def on_notify(self, event: Notify) -> None:
        """Repaint the screen once the toast has gone: Textual 8 leaves an expired toast on the terminal when
        anything scrolled beneath it meanwhile (the card's panes, a list). Runs on the app's thread, after
        Textual's own handler, whichever thread called notify."""
        self.set_timer(event.notification.timeout + 0.5, self._repaint)

    def _repaint(self) -> None:
        try:
            self.screen.refresh()
        except ScreenStackError:   # the app is closing
            pass

    # ---- the edges: clock and database ---------------------------------------------------------

    def now(self) -> datetime:
        """The injected time, else the wall clock: with real_now, the only places the app reads it."""
        return self._fixed_now or datetime.now().replace(microsecond=0)

    def real_now(self) -> datetime:
        """The wall clock even when a time was injected (--now): a PIN lock runs on it, and an audit entry written at
        an injected time far from it records it too."""
        return datetime.now()

    def today(self) -> date:
        return self.now().date()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for the calling thread (workers each open their own)."""
        from workbench.db import connect
        from workbench.errors import WorkbenchError

        if (lost := self.database_lost()) is not None:   # neither read nor written: another file, or none
            raise WorkbenchError(lost)
        conn = connect(self.db_path, create=False)   # never an empty database where the file was moved away
        added: list[tuple[str, int]] = []

        def own_write(table: str, rowid: int) -> None:
            added.append((table, rowid))
            self.own_writes.add(table, rowid)   # noted before the commit: no look sees the row unclaimed

        conn.create_function("own_write", 2, own_write)
        if self._fixed_now is not None:
            from workbench.audit import real_clock

            real_clock(conn, self.real_now)
        for trigger in OWN_WRITE_TRIGGERS:
            conn.execute(trigger)
        try:
            yield conn
        except BaseException:
            self.own_writes.forget(added)   # rolled back: another process may reuse those rowids
            raise
        finally:
            conn.close()

    # ---- flow ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from workbench.db import open_db
        from workbench.screens.who_am_i import WhoAmIScreen

        from workbench.keymap import in_force
        from workbench.session import last_theme
        from workbench.settings import load_settings

        db = open_db(self.db_path)   # bring the schema up to date once, before any worker runs
        try:
            settings = load_settings(db.conn)
            keymap, problem = in_force(settings["app.keymap"])
            self.terminal_id = terminal_id(db.conn)
            remembered = last_theme(db.conn)
        finally:
            db.close()
        self.opened = file_identity(self.db_path)
        if keymap:
            self.update_keymap(keymap)
        self.theme_stored = remembered or self.theme_stored
        if self.theme_stored in self.available_themes:   # an unknown one (a theme of another version): the default
            self.theme = self.theme_stored
        self.theme_changed_signal.subscribe(self, self._theme_picked)
        self.push_screen(WhoAmIScreen())
        if problem:   # a clashing keymap written around `settings set`: the default keys, and why
            self.notify(problem, severity="warning", timeout=30, markup=False)
        self.watch_data()
        self.set_interval(self.WATCH_SECONDS, self.watch_data)

    @work(thread=True, exclusive=True, group="watch-data")
    def watch_data(self) -> None:
        """One cheap read: the calls and follow-up changes added since the last look, and whose they are; first,
        whether the database is still the file opened at mount."""
        if (lost := self.database_lost()) is not None:
            self.post_message(DatabaseLost(lost))
            return
        try:
            with self.connect() as conn:
                changed = data_changes(conn, self.data_marks, self.own_writes.snapshot(), self.terminal_id)
        except sqlite3.Error:
            return   # a busy or briefly locked file is simply looked at again next time
        if changed is not None and not get_current_worker().is_cancelled:
            self.post_message(changed)

    def database_lost(self) -> str | None:
        """The sentence for a database file no longer at db_path, or another file there, than the one opened at mount
        (None: the same, or not opened yet). Every connection asks first, so nothing is read from another file or
        written into it."""
        if self.opened is None:
            return None
        now = file_identity(self.db_path)
        if now == self.opened:
            return None
        if now is None:
            return _("The database {path} is no longer there (moved or deleted), so nothing can be read or saved;"
                     " quit and open the workbench on it where it is now.").format(path=self.db_path)
        return _("The database {path} was replaced by another file (a new sample, a restored backup), so nothing more"
                 " is read or saved here; quit and open the workbench again.").format(path=self.db_path)

    def on_database_lost(self, message: DatabaseLost) -> None:
        """Said once, and kept on the screen: whatever the user does next is refused with the same sentence."""
        if not self.lost_told:
            self.lost_told = True
            self.notify(message.sentence, severity="error", timeout=3600, markup=False)

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process logged calls, changed follow-ups, moved customers or imported: read again, once,
        whatever shows them."""
        self.data_marks = message.marks
        self.own_writes.prune(message.marks)
        if self.owner is None:
            return
        if message.settings:   # scored again first, if the new settings score otherwise; then read again
            self.rescore_for_settings()
        moved = self.owner.staff_id in message.managers   # customers came to or left the open list
        # Calls merged from another desk's bundle come with that import; only the CLI's own are "here".
        list_stale = message.here or message.imported or moved
        # rescore_for_settings reads the list and the cards again once scored: a read now would be thrown away.
        self.read_again(message.customers, list_stale=list_stale and not message.settings,
                        agenda_stale=message.imported or moved, cards=not message.settings)
        if message.settings:
            return   # its own notice, once the list is read again
        if message.imported:
            self.notify_typeset(_("New data was imported; the list is up to date."))
        elif moved:
            self.notify_typeset(_("Customers were given to or taken from this list; it is up to date."))
        elif message.here:
            self.notify_typeset(_("Calls or follow-ups were logged elsewhere; the list is up to date."))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Textual's toast, its text plain by default: a toast names customers, staff and campaigns, whose "[vip]"
        would vanish as markup and whose "[/x]" would stop the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def notify_typeset(self, sentence: str, **options) -> None:
        """A toast of plain text, Chinese broken into lines as it is typeset (WrappedText's rules: no line starts with
        。) at the width Textual's toast gives its text, which it breaks by width alone (English, between words)."""
        from rich.text import Text

        from workbench.text_wrap import in_words, wrap

        if not in_words(self.lang):
            # Textual's Toast: 60 cells wide, at most half the screen, less its padding (1 a side) and left border.
            width = min(60, self.size.width // 2) - 3
            sentence = "\n".join(line.plain for line in wrap(Text(sentence), width))
        self.notify(sentence, **options)

    def read_again(self, customers: Collection[str], *, list_stale: bool = False, agenda_stale: bool = False,
                   cards: bool = True, but: Screen | None = None) -> None:
        """Whatever in the stack shows what changed reads it again, once: the call list if list_stale, the agenda and
        the day summary if the customers' data changed (the agenda also if agenda_stale), and a card of one of the
        customers, if cards. For another process's write (on_data_changed), and for a contact saved here (the watcher
        leaves the app's own writes to whoever made them): then but is the screen it was saved from, whose own next
        step reads it and the call list again."""
        from workbench.screens.agenda import AgendaScreen
        from workbench.screens.call_list import CallListScreen
        from workbench.screens.customer_card import CustomerCardScreen
        from workbench.screens.day_summary import DaySummaryScreen

        for screen in self.screen_stack:
            if screen is but:
                continue
            if isinstance(screen, CallListScreen) and list_stale:
                screen.reload()
            elif isinstance(screen, AgendaScreen) and (customers or agenda_stale):
                screen.load_agenda()   # the care touches follow whose customers they are, and the extract
            elif isinstance(screen, DaySummaryScreen) and customers:
                screen.load_summary()
            elif isinstance(screen, CustomerCardScreen) and cards and screen.customer_id in customers:
                screen.reload()   # the card's own re-read: the number stays shown, not revealed (audited) again

    @work(thread=True, exclusive=True, group="settings-changed")
    def rescore_for_settings(self) -> None:
        """Settings changed by another process: the stored tiers, segments and scores follow them (new tier lines
        named the old tiers), as the list's first read and `workbench calllist` do, before what shows them is read
        again (SettingsChanged)."""
        from workbench.scoring import needs_rescore, rescore

        try:
            with self.connect() as conn:
                if needs_rescore(conn, self.today()):
                    rescore(conn, self.today(), refit=False)
        except Exception as exc:   # the list is still read again, with the scores it has; say why they may be old
            self.post_message(SettingsChanged(plain_words(exc)))
            return
        self.post_message(SettingsChanged())

    def on_settings_changed(self, message: SettingsChanged) -> None:
        """The call list and an open card read again, with the settings and scores now stored."""
        from workbench.screens.call_list import CallListScreen
        from workbench.screens.customer_card import CustomerCardScreen

        for screen in self.screen_stack:
            if isinstance(screen, (CallListScreen, CustomerCardScreen)):
                screen.reload()
        self.notify_typeset(message.problem or _("Settings were changed elsewhere; the list is up to date."),
                            severity="warning" if message.problem else "information")

    def _theme_picked(self, theme) -> None:
        """A theme picked (the palette's Theme command) is remembered here, so this terminal's next start has it too."""
        if theme.name != self.theme_stored:
            self.theme_stored = theme.name
            self.store_theme(theme.name)

    @work(thread=True, group="theme")
    def store_theme(self, name: str) -> None:
        """The theme remembered for this terminal, as who worked here last is: its own colours, no setting and no
        one else's, so whoever is at the keys (or no one yet) may pick it."""
        from workbench.session import remember_theme

        try:
            with self.connect() as conn:
                remember_theme(conn, name)
        except Exception as exc:   # the theme stays for this session; say why the next start will not have it
            self.call_from_thread(self.notify, plain_words(exc), severity="warning", markup=False)

    @work(thread=True, group="remember")
    def remember_user(self, staff_id: str) -> None:
        """Remember who works at this terminal (an app worker: it outlives the who-am-I screen)."""
        from workbench.session import remember_user

        with self.connect() as conn:
            remember_user(conn, staff_id)

    def sign_in(self, staff: Staff, owner: Staff) -> None:
        """Start working on owner's call list as staff."""
        from workbench.screens.call_list import CallListScreen

        self.staff, self.owner = staff, owner
        self.sub_title = f"{staff.name} · {owner.name}" if staff != owner else staff.name
        if staff.is_supervisor:
            self.push_screen(CallListScreen(from_picker=True))   # over "Whose call list?", which escape comes back to
        else:
            self.switch_screen(CallListScreen())

    def freeze_startup_objects(self) -> None:
        """Once the first list is shown, move everything loaded so far (Textual, numpy, the engine) out of
        the garbage collector's reach, so later full collections stay short and opening a card stays quick."""
        if not self._frozen:
            self._frozen = True
            gc.freeze()

    def call_list_screen(self):
        from workbench.screens.call_list import CallListScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CallListScreen):
                return screen
        return None

    @property
    def keymap_in_force(self) -> dict[str, str]:
        """The keys remapped by binding id (app.keymap, or the keymap the app was started with)."""
        return dict(self._keymap)

    def shows_action(self, action: str) -> bool:
        """Whether the key bar and help offer this action to the user signed in: a manager is not
        offered the supervisor's report (the key still works, and its refusal is audited)."""
        return action not in SUPERVISOR_ACTIONS or (self.staff is not None and self.staff.is_supervisor)

    # ---- Textual's own commands, in the interface language ---------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands worth having here, translated. Screenshot is left out (it would write
        the screen, a revealed phone number included, to a file nobody audits), and so are Quit and Keys,
        which the workbench's own Quit and Help: keys cover in full."""
        kept = {
            "Theme": (_("Theme"), _("Change the colours of the workbench")),
            "Maximize": (_("Maximize"), _("Show the focused part on the whole screen")),
            "Minimize": (_("Minimize"), _("Back to the whole screen")),
        }
        for command in super().get_system_commands(screen):
            if command.title in kept:
                title, help_text = kept[command.title]
                yield command._replace(title=title, help=help_text)

    def action_command_palette(self) -> None:
        """Textual's command palette, prompting in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            prompt = _("Search for commands{ellipsis}").format(ellipsis=glyphs.mark("…"))
            self.push_screen(WorkbenchPalette(id="--command-palette", placeholder=prompt))

    def search_themes(self) -> None:
        """Textual's theme picker (the Theme command), prompting in the interface language."""
        prompt = _("Search for themes{ellipsis}").format(ellipsis=glyphs.mark("…"))
        self.push_screen(WorkbenchPalette(providers=[ThemeProvider], placeholder=prompt))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies a selection): say, in the interface language, which key does."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press {key} to quit the workbench.").format(key=key_display(key)),
                            title=_("Do you want to quit?"), markup=False)
                return

    # ---- actions the palette and keys share ----------------------------------------------------

    def action_help(self) -> None:
        from workbench.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_agenda(self) -> None:
        from workbench.screens.agenda import AgendaScreen

        if self.owner and not isinstance(self.screen, AgendaScreen):
            self.push_screen(AgendaScreen())

    def action_summary(self) -> None:
        from workbench.screens.day_summary import DaySummaryScreen

        if self.staff and not isinstance(self.screen, DaySummaryScreen):
            self.push_screen(DaySummaryScreen())

    def action_report(self) -> None:
        """The supervisor's report; a manager is refused, and the refusal is logged in the audit log."""
        from workbench.screens.report import ReportScreen

        self._supervisor_screen(ReportScreen, i18n.N_("open the report"), _("Only a supervisor may open the report."))

    def action_pool(self) -> None:
        """The unassigned pool; a manager is refused, and the refusal is logged in the audit log."""
        from workbench.screens.pool import PoolScreen

        self._supervisor_screen(PoolScreen, "see the unassigned pool", _("Only a supervisor may see the unassigned pool."))

    def _supervisor_screen(self, screen_class, action: str, refusal: str) -> None:
        if self.staff is None or isinstance(self.screen, screen_class):
            return
        if self.staff.is_supervisor:
            self.push_screen(screen_class())
        else:
            self.refuse(action, refusal)

    @work(thread=True, group="refusal")
    def refuse(self, action: str, refusal: str) -> None:
        from workbench.access import require_supervisor
        from workbench.errors import WorkbenchError

        try:
            with self.connect() as conn:
                require_supervisor(conn, self.staff, action, at=self.now())
        except WorkbenchError:
            self.call_from_thread(self.notify, refusal, severity="error")

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit: leave the workbench, once a form holding typed input has asked."""
        self.leave(0, self.exit)

    def leave(self, keep: int, then: Callable[[], object], asked: frozenset[int] = frozenset()) -> None:
        """Run `then`, which closes every screen above the first `keep` of the stack, once each of those holding
        typed input (an outcome form with a note or a time) has asked the question escape asks and been told yes,
        the topmost first: ctrl+q and the palette quit, went to the list or switched user and the note was lost."""
        for screen in reversed(self.screen_stack[keep:]):
            ask = getattr(screen, "ask_to_discard", None)
            if ask is not None and id(screen) not in asked and screen.typed():
                ask(lambda: self.leave(keep, then, asked | {id(screen)}))
                return
        then()

    def action_call_list(self) -> None:
        """Back to the call list, closing whatever is open above it."""
        self._close_above(self.call_list_screen())

    def _close_above(self, target: Screen | None) -> None:
        """Close every screen above target (None: stay where we are), a form holding typed input once it has asked."""
        if target is not None and target in self.screen_stack:
            self.leave(self.screen_stack.index(target) + 1, partial(self._pop_to, target))

    def _pop_to(self, target: Screen) -> None:
        while target in self.screen_stack and self.screen is not target:
            self.pop_screen()

    def picker_screen(self, on: Screen | None = None):
        """The supervisor's "Whose call list?" under the open list, if they came from it (else None).

        on: the screen the user is on (the app's own by default; the palette passes the one under it).
        """
        from workbench.screens.who_am_i import WhoAmIScreen

        on = self.screen if on is None else on
        if self.staff is None or not self.staff.is_supervisor or isinstance(on, WhoAmIScreen):
            return None
        return next((s for s in self.screen_stack if isinstance(s, WhoAmIScreen)), None)

    def action_whose_list(self) -> None:
        """A supervisor back to "Whose call list?", closing the list and whatever is open above it."""
        self._close_above(self.picker_screen())

    def action_switch_user(self) -> None:
        """Back to "Who is working at this terminal?", closing every screen, a form holding typed input once it has
        asked."""
        self.leave(1, self._switch_user)

    def _switch_user(self) -> None:
        from workbench.screens.who_am_i import WhoAmIScreen

        self.requested_user = None   # from now on the person at the keyboard picks
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(WhoAmIScreen())
