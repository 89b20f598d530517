"""Who am I: pick the staff member working at this terminal; a supervisor then picks whose list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.access import Staff
from workbench.dates import short_date
from workbench.errors import plain_words
from workbench.i18n import fill
from workbench.pins import locked_out
from workbench.screens.contrast import WARNING, WarningsReadable
from workbench.screens.labels import staff_label
from workbench.screens.widgets.key_bar import KeyBar, key_display, key_in_force
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.messages import Failed, StaffLoaded

if TYPE_CHECKING:
    from workbench.session import Held


@dataclass
class PinResult(Message):
    staff: Staff
    ok: bool
    asked: bool            # False: the PIN has not been asked for yet
    wait_seconds: int = 0


@dataclass
class ManagersLoaded(Message):
    """What a supervisor picks from: the managers, each with how many of their follow-ups are overdue
    (session.managers_overdue), how many customers wait in the pool, the follow-ups the supervisor holds
    (session.Held)."""

    managers: list[Staff]
    pool: int
    held: Held
    overdue: dict[str, int]
    covers: dict[str, Any] = field(default_factory=dict)   # manager away -> their open cover (handover.Cover)


POOL_OPTION = "--pool--"   # the supervisor's choice of the unassigned pool (a staff id never starts with a dash)
HELD_OPTION = "--held--"   # the supervisor's own agenda: the follow-ups they hold for customers without a manager


class StaffList(WarningsReadable, OptionList):
    """Whose list: a manager's overdue follow-ups stay readable on the highlighted row too."""


class WhoAmIScreen(Screen):
    CSS_PATH = "who_am_i.tcss"
    BINDINGS = [
        # The list takes enter itself; this binding puts it on the key bar and in help, so a first user sees how to pick.
        Binding("enter", "pick", "Choose", id="pick"),
        Binding("h", "hand_over", "Hand over", id="hand_over"),   # a supervisor, on a manager
        Binding("escape", "back", "Back", id="back"),             # from the PIN box to the list of people
    ]

    def __init__(self) -> None:
        super().__init__()
        self._staff: list[Staff] = []
        self._picked: Staff | None = None   # a supervisor choosing whose list to open
        self._managers: list[Staff] = []
        self._covers: dict[str, Any] = {}   # manager away -> their open cover, for the hand-over to offer giving back
        self._pin_for: Staff | None = None
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static(_("Branch Workbench"), classes="title-bar")
        yield Static(_("Who is working at this terminal?"), id="prompt")
        yield StaffList(id="staff")
        yield Input(placeholder=_("PIN"), password=True, id="pin")
        yield Static("", id="hint", classes="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load_staff()

    def on_screen_resume(self) -> None:
        # Back from the pool, the held follow-ups or a hand-over: the counts and, after a leaver's, the list
        # itself may have changed.
        if self._picked is not None:
            self.app.owner = None   # no list is open while the supervisor picks
            self.app.sub_title = self._picked.name
            self.pick_manager(self._picked)

    @work(thread=True, exclusive=True, group="who")
    def load_staff(self) -> None:
        from workbench.session import last_user, list_staff

        try:
            with self.app.connect() as conn:
                staff, last = list_staff(conn), last_user(conn)
        except Exception as exc:  # a locked or damaged file: say so, keep the app up
            self.post_message(Failed(plain_words(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(StaffLoaded(staff, last))

    def on_failed(self, message: Failed) -> None:
        self._hint(Text(message.text), error=True)

    def on_managers_loaded(self, message: ManagersLoaded) -> None:
        """Whose list: the supervisor's own held follow-ups first (if any), the managers, the pool last."""
        self._managers = message.managers
        self.refresh_bindings()
        self.query_one("#prompt", Static).update(_("Whose call list? (a supervisor sees every manager)"))
        options = []
        held = message.held
        if held.pending:
            label = self._label(self._picked)
            said = ngettext("{n} follow-up held", "{n} follow-ups held", held.pending).format(n=f"{held.pending:,}")
            if held.overdue:
                said = _("{held} ({n} overdue)").format(held=said, n=f"{held.overdue:,}")
            label.append(" · " + said, style=WARNING if held.overdue else "bold")
            options.append(Option(label, id=HELD_OPTION))
        self._covers = message.covers
        options += self._people(message.managers, message.overdue, message.covers)
        if message.pool:
            label = Text(_("Unassigned pool"), style="bold")
            label.append("  " + ngettext("{n} customer", "{n} customers", message.pool).format(n=f"{message.pool:,}"),
                         style="italic")
            options.append(Option(label, id=POOL_OPTION))
        self._show(options, self._highlighted_id())   # a reload on coming back keeps the supervisor's place
        self._tell_held()

    def on_staff_loaded(self, message: StaffLoaded) -> None:
        self._staff = message.staff
        wanted = self.app.requested_user or message.last_user
        self._show(self._people(self._staff), wanted)
        if self.app.requested_user:
            chosen = next((s for s in self._staff if s.staff_id == self.app.requested_user), None)
            if chosen is not None:
                self._choose(chosen)
                return
            self._hint(Text(_("No one at work here has the id {id}; pick from the list.").format(
                id=self.app.requested_user)), error=True)
        if not self._staff:
            self._hint(_("No staff in this database yet: import a customer extract first."))

    def _show(self, options: list[Option], highlight: str | None) -> None:
        """The list's options, the one with id highlight highlighted (else the first), focused."""
        shown = self.query_one("#staff", OptionList)
        shown.clear_options()
        shown.add_options(options)
        ids = [option.id for option in options]
        shown.highlighted = ids.index(highlight) if highlight in ids else (0 if ids else None)
        shown.focus()

    def _people(self, people: list[Staff], overdue: dict[str, int] | None = None,
                covers: dict[str, Any] | None = None) -> list[Option]:
        """An option a person; to a supervisor picking whose list, each manager's overdue follow-ups beside them, as
        their own held ones are: a manager's promises lapsing (one on leave, say) are seen before the customers see
        them; and a manager away, with the colleague covering until when, or once the cover has ended the key that gives
        the customers back."""
        options = []
        for person in people:
            label, late = self._label(person), (overdue or {}).get(person.staff_id, 0)
            if late:
                label.append(" · " + ngettext("{n} follow-up overdue", "{n} follow-ups overdue", late).format(
                    n=f"{late:,}"), style=WARNING)
            cover = (covers or {}).get(person.staff_id)
            if cover is not None and cover.customers and cover.ended(self.app.today()):
                label.append(" · " + fill(_("cover by {taker} ended {until}: {key} gives back"), taker=cover.to_shown,
                                          until=short_date(cover.until, self.app.today()), key=key_in_force(self, "hand_over")),
                             style="bold")
            elif cover is not None and not cover.ended(self.app.today()):
                label.append(" · " + fill(_("covered by {taker} until {until}"), taker=cover.to_shown,
                                          until=short_date(cover.until, self.app.today())))
            options.append(Option(label, id=person.staff_id))
        return options

    @staticmethod
    def _label(person: Staff) -> Text:
        role_names = {"manager": _("manager"), "supervisor": _("supervisor")}
        label = staff_label(person.name, person.staff_id)
        label.append("  ")
        label.append(role_names.get(person.role, person.role), style="italic")
        return label

    @on(OptionList.OptionHighlighted, "#staff")
    def _tell_held(self) -> None:
        """On the supervisor's own line, say what the follow-ups held are and what enter does."""
        if self._picked is None:
            return
        if self._highlighted_id() == HELD_OPTION:
            self._hint(_("Follow-ups of customers without a manager stay with you until the pool gives them one;"
                          " {enter} opens them.").format(enter=key_display("enter")))
        else:
            self._hint("")

    def _hint(self, text: str | Text, *, error: bool = False) -> None:
        """The line under the list: an error (a wrong PIN, a locked file) in the theme's error colour, bold (app.tcss:
        -error), which reads at 4.5:1 in every theme; a red of its own was 3.0-4.4:1 in all but two."""
        hint = self.query_one("#hint", Static)
        hint.update(text)
        hint.set_class(error, "-error")

    @on(OptionList.OptionSelected, "#staff")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == POOL_OPTION:
            self.app.staff = self._picked   # working, with no manager's list open yet
            self.app.action_pool()
            return
        if event.option.id == HELD_OPTION:
            # A supervisor has no call list of their own: their agenda is the follow-ups they hold; escape comes back here.
            self.app.staff = self.app.owner = self._picked
            self.app.sub_title = self._picked.name
            self.app.action_agenda()
            return
        pool = self._managers if self._picked else self._staff
        chosen = next(s for s in pool if s.staff_id == event.option.id)
        if self._picked is not None:
            self.app.sign_in(self._picked, chosen)
        else:
            self._choose(chosen)

    def _highlighted_id(self) -> str | None:
        options = self.query_one("#staff", OptionList)
        return None if options.highlighted is None else options.get_option_at_index(options.highlighted).id

    def _highlighted_manager(self) -> Staff | None:
        """The manager highlighted while a supervisor picks whose list (not the pool, not at sign-in)."""
        chosen = self._highlighted_id()
        return next((m for m in self._managers if m.staff_id == chosen), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hand_over":
            return self._picked is not None and bool(self._managers)
        if action == "back":
            return self._pin_for is not None
        if action == "pick":   # in the PIN box, enter gives the PIN
            return self._pin_for is None
        return True

    def action_pick(self) -> None:
        """Pick the highlighted row, as enter on the list does (run from the command palette)."""
        self.query_one("#staff", OptionList).action_select()

    def action_back(self) -> None:
        """Leave the PIN box for the list of people: the wrong row picked, or someone else at the terminal."""
        self._pin_for = None
        box = self.query_one("#pin", Input)
        box.value = ""
        box.remove_class("-shown")
        self._hint("")
        self.query_one("#staff", OptionList).focus()
        self.refresh_bindings()

    def action_hand_over(self) -> None:
        from workbench.screens.hand_over import HandOverScreen

        manager = self._highlighted_manager()
        if manager is not None:
            self.app.push_screen(HandOverScreen(manager, self._managers, self._picked,
                                                self._covers.get(manager.staff_id)), self._handed_over)

    def _handed_over(self, done) -> None:
        if done is None:
            return
        from workbench.handover import GiveBack, not_in_extract, shown_name

        if isinstance(done, GiveBack):
            given = done.share
            self.app.notify(fill(ngettext("Gave {n} customer{more} back to {name} from {taker}.",
                                          "Gave {n} customers{more} back to {name} from {taker}.", given.active),
                                 n=f"{given.active:,}", more=not_in_extract(given.customers, given.active),
                                 name=done.back_to, taker=done.cover.to_shown), markup=False)
            return
        if done.until is not None:   # a cover: whose customers, with whom, until when, as the CLI says it
            taker = done.shares[0]
            self.app.notify(fill(ngettext("{taker} covers {staff} until {until} ({n} customer{more}).",
                                          "{taker} covers {staff} until {until} ({n} customers{more}).", done.active),
                                 taker=shown_name(taker.manager_id, taker.name),
                                 staff=shown_name(done.from_id, done.from_name),
                                 until=done.until.isoformat(), n=f"{done.active:,}",
                                 more=not_in_extract(done.customers, done.active)), markup=False)
            return
        # Counted as the plan and the question count them: those not in the latest extract said apart.
        self.app.notify(fill(ngettext("Handed over {n} customer of {name}{more}.",
                                      "Handed over {n} customers of {name}{more}.", done.active),
                             n=f"{done.active:,}", name=done.from_name,
                             more=not_in_extract(done.customers, done.active)), markup=False)

    def _choose(self, staff: Staff) -> None:
        self.check_pin(staff, None)

    @work(thread=True, exclusive=True, group="pin")
    def check_pin(self, staff: Staff, pin: str | None) -> None:
        """Staff with a PIN must type it; wrong ones are counted and slowed down by workbench.pins."""
        from workbench.pins import check_pin
        from workbench.session import has_pin

        with self.app.connect() as conn:
            if pin is None and has_pin(conn, staff.staff_id):
                self.post_message(PinResult(staff, ok=False, asked=False))
                return
            result = check_pin(conn, staff.staff_id, pin, now=self.app.now(), where="app", real_now=self.app.real_now())
        self.post_message(PinResult(staff, ok=result.ok, asked=pin is not None, wait_seconds=result.wait_seconds))

    def on_pin_result(self, message: PinResult) -> None:
        box = self.query_one("#pin", Input)
        if message.asked and self._pin_for != message.staff:
            return   # the PIN box was left (escape) while the PIN was checked
        if message.ok:
            box.remove_class("-shown")
            self._signed_in(message.staff)
            return
        self._pin_for = message.staff
        box.value = ""
        box.add_class("-shown")
        box.focus()
        self.refresh_bindings()
        name = message.staff.name   # every line names whose PIN it wants: the wrong row may have been picked
        if message.wait_seconds:
            self._hint(Text(locked_out(name, message.wait_seconds)), error=True)
        elif message.asked:
            self._hint(Text(fill(_("Wrong PIN for {name}."), name=name)), error=True)
        else:
            self._hint(Text(fill(_("PIN for {name}:"), name=name)))

    @on(Input.Submitted, "#pin")
    def pin_entered(self, event: Input.Submitted) -> None:
        if self._pin_for is not None:
            self.check_pin(self._pin_for, event.value)

    def _signed_in(self, staff: Staff) -> None:
        self.app.remember_user(staff.staff_id)
        if staff.is_supervisor:
            self._picked = staff
            self.pick_manager(staff)
        else:
            self.app.sign_in(staff, staff)

    @work(thread=True, exclusive=True, group="who")
    def pick_manager(self, supervisor: Staff) -> None:
        from workbench.handover import open_covers
        from workbench.pool import pool_size
        from workbench.session import follow_ups_held, managers_overdue

        try:
            with self.app.connect() as conn:
                managers, waiting = managers_overdue(conn, supervisor, self.app.today()), pool_size(conn)
                held = follow_ups_held(conn, supervisor.staff_id, self.app.today())
                covers = {cover.from_id: cover for cover in open_covers(conn)}
        except Exception as exc:  # a locked or damaged file: say so, keep the app up
            self.post_message(Failed(plain_words(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ManagersLoaded([m for m, _n in managers], waiting, held,
                                             {m.staff_id: n for m, n in managers}, covers))
