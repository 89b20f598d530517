"""WorkbenchApp: the call session a relationship manager works in all morning."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from workbench import i18n
from workbench.access import Staff
from workbench.screens.commands import WorkbenchCommands
from workbench.screens.localise import _, localise_bindings
from workbench.screens.theme import WORKBENCH_THEME


# Actions only a supervisor may take, left out of a manager's key bar and help.
SUPERVISOR_ACTIONS = frozenset({"report", "pool"})


class WorkbenchApp(App):
    """Holds who is working, whose list is open, the clock and the database path."""

    CSS_PATH = "app.tcss"
    TITLE = "Branch Workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("question_mark", "help", "Help", id="help"),
    ]

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
        self.register_theme(WORKBENCH_THEME)
        self.theme = "workbench"
        self.title = _("Branch Workbench")
        localise_bindings(self)
        if keymap:
            self.set_keymap(keymap)

    # ---- the edges: clock and database ---------------------------------------------------------

    def now(self) -> datetime:
        """The injected time, else the wall clock: the only place the app reads it."""
        return self._fixed_now or datetime.now().replace(microsecond=0)

    def today(self) -> date:
        return self.now().date()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for the calling thread (workers each open their own)."""
        from workbench.db import connect

        conn = connect(self.db_path)
        try:
            yield conn
        finally:
            conn.close()

    # ---- flow ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from workbench.db import open_db
        from workbench.screens.who_am_i import WhoAmIScreen

        from workbench.settings import load_settings

        db = open_db(self.db_path)   # bring the schema up to date once, before any worker runs
        try:
            keymap = load_settings(db.conn)["app.keymap"]
        finally:
            db.close()
        if keymap:
            self.update_keymap(keymap)
        self.push_screen(WhoAmIScreen())

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

    def shows_action(self, action: str) -> bool:
        """Whether the key bar and help offer this action to the user signed in: a manager is not
        offered the supervisor's report (the key still works, and its refusal is audited)."""
        return action not in SUPERVISOR_ACTIONS or (self.staff is not None and self.staff.is_supervisor)

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

        self._supervisor_screen(ReportScreen, "open the report", _("Only a supervisor may open the report."))

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

    def action_call_list(self) -> None:
        """Back to the call list, closing whatever is open above it."""
        target = self.call_list_screen()
        if target is None:
            return
        while self.screen is not target:
            self.pop_screen()

    def action_switch_user(self) -> None:
        from workbench.screens.who_am_i import WhoAmIScreen

        self.requested_user = None   # from now on the person at the keyboard picks
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(WhoAmIScreen())
