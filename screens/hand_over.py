"""Hand over all of one manager's customers from the app (supervisors), as `workbench staff hand-over` does.

The customers go to one manager, are shared among all the others, or go back to the pool. The plan
(the engine's dry run) is shown for the highlighted choice before anything moves; enter asks one y/n
question and then hands over in one transaction. `l` marks the manager as leaving too. A manager whose customers
a colleague covers for a leave (`workbench staff hand-over --until`) is offered first to have them given back, as
`workbench staff give-back` does: on that choice the title and the keys say give back, and there is no leaving to mark.

A last day typed in the box under the list (tab reaches it) makes the hand-over to the one manager highlighted a cover
for the giver's leave, as `workbench staff hand-over --to MANAGER --until DAY` does: the same engine call, so the same
rules and refusals; its plan says until when, and enter asks first. The box reads a day as a follow-up's is read
(12-01, friday, 下周五), and says under it which day that is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import plain_words
from workbench.handover import not_in_extract, shown_name, stayed_note
from workbench.i18n import AND, fill, join_list
from workbench.screens.confirm import ConfirmScreen, filled, with_name
from workbench.screens.glyphs import mark
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.messages import Failed
from workbench.screens.outcome_form import WhenPreview, when_preview
from workbench.screens.widgets.key_bar import key_display, key_in_force
from workbench.screens.labels import large_amount, staff_label
from workbench.when import examples

TO_ALL = "--all--"     # share among every other manager (a staff id never starts with a dash)
TO_POOL = "--pool--"   # back to the branches' unassigned pools
GIVE_BACK = "--give-back--"   # the customers a cover moved, back from the colleague
PLAN_AFTER = 0.15      # seconds a highlight must rest before its plan is worked out


@dataclass
class HandOverPlanned(Message):
    choice: str
    leave: bool
    plan: Any            # workbench.handover.HandOver, or None when refused
    refusal: str = ""
    notes: tuple[str, ...] = ()   # handover.another_branch_notes of the plan
    until: str = ""      # the cover's last day as typed ('' for none) the plan was worked out for


@dataclass
class HandedOver(Message):
    done: Any            # workbench.handover.HandOver


class TakersList(OptionList):
    """The choices, nine rows at most, all in sight where the plan is cut (60x20, 70x22: one row to three of a plan
    of nine): pgdn and pgup scroll the plan under them instead, named above the plan while it has more."""

    def action_page_down(self) -> None:
        self.screen.query_one("#hand-over-plan-box").scroll_page_down()

    def action_page_up(self) -> None:
        self.screen.query_one("#hand-over-plan-box").scroll_page_up()


class HandOverScreen(ModalScreen):
    """Dismissed with the HandOver done, or None."""

    CSS_PATH = "hand_over.tcss"
    BINDINGS = [
        Binding("l", "toggle_leave", "Leaving", id="hand_over_leave"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, giver, managers: list, supervisor, cover=None) -> None:
        super().__init__()
        self.giver = giver                                  # access.Staff whose customers go
        self.cover = cover                                  # handover.Cover of the giver's customers, if open
        self.others = [m for m in managers if m.staff_id != giver.staff_id]
        self.supervisor = supervisor
        self.leave = False
        self.plan = None                                    # the dry run for the highlighted choice
        self.notes: tuple[str, ...] = ()                    # its customers going to a manager of another branch
        self.busy = False
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="hand-over"):
            offered = self.cover is not None and self.cover.customers   # then the first choice, highlighted
            yield Static(self._title(GIVE_BACK if offered else None), id="hand-over-title")
            options = [Option(staff_label(m.name, m.staff_id, style=""), id=m.staff_id) for m in self.others]
            if offered:
                options.insert(0, Option(Text(fill(ngettext(
                    "Give back the {n} customer {taker} covers (until {until})",
                    "Give back the {n} customers {taker} covers (until {until})", self.cover.active),
                    n=f"{self.cover.active:,}", taker=self.cover.to_shown,
                    until=self.cover.until)), id=GIVE_BACK))
            if len(self.others) > 1:
                options.append(Option(Text(_("Share among all {n} other managers").format(n=len(self.others))),
                                      id=TO_ALL))
            options.append(Option(Text(_("Back to the unassigned pool")), id=TO_POOL))
            yield TakersList(*options, id="takers")
            yield Static(_("{down} {up} scroll the plan ↓").format(
                down=key_display("pagedown"), up=key_display("pageup")), id="hand-over-more")
            with VerticalScroll(id="hand-over-plan-box", can_focus=False):
                yield Static("", id="hand-over-plan")
            yield Static("", id="hand-over-leave")
            with Horizontal(id="hand-over-cover"):
                yield Static(_("Cover for a leave until ({key}):").format(key=key_display("tab")),
                             id="hand-over-cover-label")
                yield Input(placeholder=_("e.g. {date}").format_map(examples(self.app.now())),
                            id="cover-until", compact=True, select_on_focus=False)
                yield WhenPreview("", id="hand-over-cover-day")   # a weekend day marked as the outcome form does
            yield Static(self._hint(GIVE_BACK if offered else None), id="hand-over-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#takers", OptionList).focus()
        self._show_leave()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_plan)
        if self.plan is not None:   # its lines break between their parts at the new width
            self.call_after_refresh(self._show_plan)

    def _fit_plan(self) -> None:
        """The plan has the rows the dialog's other parts leave on the screen: one shared among many managers
        scrolls there while the title, the list and the hint stay in sight (80×24); while some of it is out of
        sight, the blank row above it names the keys that scroll it (TakersList)."""
        box, plan = self.query_one("#hand-over"), self.query_one("#hand-over-plan-box")
        more = self.query_one("#hand-over-more", Static)
        others = sum(part.outer_size.height + part.styles.margin.height for part in box.children
                     if part is not plan and part is not more)
        room = self.size.height - box.styles.gutter.height - others - 1   # and the row above the plan
        needed = self.query_one("#hand-over-plan").get_content_height(plan.size, plan.size,
                                                                       plan.scrollable_content_region.width)
        more.display = needed > room
        plan.styles.margin = (0 if more.display else 1, 0, 0, 0)
        plan.styles.max_height = max(room, 1)

    @property
    def giver_shown(self) -> str:
        """The manager whose customers go, as every sentence here names them (handover.shown_name)."""
        return shown_name(self.giver.staff_id, self.giver.name)

    def _title(self, choice: str | None) -> Text:
        if choice == GIVE_BACK:
            return with_name(_("Give back the customers of {name}:"), self.giver_shown)
        return with_name(_("Hand over the customers of {name} to:"), self.giver_shown)

    def _hint(self, choice: str | None) -> str:
        if choice == GIVE_BACK:   # leaving has no part in a give-back: the manager is coming back
            return _("{enter} give back (asks first) · {cancel} cancel").format(
                enter=key_display("enter"), cancel=key_in_force(self, "cancel"))
        return _("{enter} hand over (asks first) · {leave} leaving too · {cancel} cancel").format(
            enter=key_display("enter"), leave=key_in_force(self, "hand_over_leave"),
            cancel=key_in_force(self, "cancel"))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """No leaving to mark on the give-back choice."""
        return not (action == "toggle_leave" and self._choice() == GIVE_BACK)

    def _choice(self) -> str | None:
        if not self.query("#takers"):   # asked before the list is composed
            return None
        takers = self.query_one("#takers", OptionList)
        return None if takers.highlighted is None else takers.get_option_at_index(takers.highlighted).id

    def _to(self, choice: str) -> list[str] | None:
        if choice == TO_POOL:
            return None
        return [m.staff_id for m in self.others] if choice == TO_ALL else [choice]

    @on(OptionList.OptionHighlighted, "#takers")
    def highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        choice = self._choice()
        self.query_one("#hand-over-title", Static).update(self._title(choice))
        self.query_one("#hand-over-hint", Static).update(self._hint(choice))
        self._show_leave()
        self.refresh_bindings()
        self._plan_again()

    def _until(self) -> str:
        """The cover's last day as typed in its box ('' for none: a hand-over for good)."""
        return self.query_one("#cover-until", Input).value.strip()

    def _last_day(self, typed: str):
        """The cover's last day the box holds, None for none: a date as `--until` takes it (one past is the engine's
        to refuse, in the command line's words), else a day as a follow-up's is read (12-01, friday, 下周五; a time
        typed with it has no part in a cover)."""
        from datetime import date

        from workbench.errors import WorkbenchError
        from workbench.when import parse_when

        if not typed:
            return None
        try:
            return date.fromisoformat(typed)
        except ValueError:
            pass
        now = self.app.now()
        try:
            return parse_when(typed, now)[0]
        except WorkbenchError:   # its sentence speaks of a follow-up's time
            raise WorkbenchError(_("Cannot read {text!r} as the cover's last day; type a day today or later, such as"
                                   " {date}, 12-01, friday or +7d.").format(text=typed, **examples(now))) from None

    @on(Input.Changed, "#cover-until")
    def until_typed(self) -> None:
        """Under the box, the day the last day typed is (or nothing while it reads as none), and the plan again."""
        from workbench.errors import WorkbenchError

        try:
            day = self._last_day(self._until())
        except WorkbenchError:
            day = None   # the plan's place says why
        self.query_one("#hand-over-cover-day", Static).update(
            when_preview(day.isoformat(), self.app.now()) if day else Text())
        self._plan_again()

    @on(Input.Submitted, "#cover-until")
    def until_given(self) -> None:
        """Back to the list, where enter asks about the plan on show."""
        self.query_one("#takers", OptionList).focus()

    def _plan_again(self) -> None:
        choice = self._choice()
        if choice is None or self.busy:   # while a hand-over runs, its "Handing over…" stays
            return
        self.plan = None
        self._say(under_way(_("Working out the plan{ellipsis}")))
        self.make_plan(choice, self.leave, self._until())

    @work(thread=True, exclusive=True, group="hand-over-plan")
    def make_plan(self, choice: str, leave: bool, until: str = "") -> None:
        # A dry run of a large manager takes a second or more: one for an option the arrow keys only passed
        # over (a newer plan has cancelled this one meanwhile) is dropped before it reaches the database.
        time.sleep(PLAN_AFTER)
        if get_current_worker().is_cancelled:
            return
        from workbench.handover import another_branch_notes

        try:
            last_day = None if choice == GIVE_BACK else self._last_day(until)
            with self.app.connect() as conn:   # the plan and its notes read on one connection of this thread
                plan = self._hand_over_until(conn, choice, leave, last_day, dry_run=True)
                notes = () if choice == GIVE_BACK else tuple(another_branch_notes(conn, plan))
        except Exception as exc:   # a refusal, or a locked or damaged file: said in the plan's place
            self.post_message(HandOverPlanned(choice, leave, None, plain_words(exc), until=until))
            return
        self.post_message(HandOverPlanned(choice, leave, plan, notes=notes, until=until))

    def _hand_over(self, conn, choice: str, leave: bool, *, dry_run: bool = False, until=None):
        """handover.hand_over of the giver to the choice, by the supervisor, on conn, a connection of the calling
        thread, a cover up to the last day until if one is given (the give-back choice: handover.give_back, which
        leaving and a last day have no part in)."""
        from workbench.handover import give_back, hand_over

        app = self.app
        if choice == GIVE_BACK:
            return give_back(conn, self.giver.staff_id, at=app.now(), by_id=self.supervisor.staff_id, dry_run=dry_run)
        return hand_over(conn, self.giver.staff_id, self._to(choice), at=app.now(),
                         by_id=self.supervisor.staff_id, dry_run=dry_run, leave=leave, until=until)

    def _hand_over_until(self, conn, choice: str, leave: bool, until, *, dry_run: bool = False):
        """_hand_over with the last day until, passed only when there is one: a hand-over for good is called as
        before (tests/test_tui_hand_over.py puts stand-ins of that call in its place)."""
        if until is None:
            return self._hand_over(conn, choice, leave, dry_run=dry_run)
        return self._hand_over(conn, choice, leave, dry_run=dry_run, until=until)

    def on_hand_over_planned(self, message: HandOverPlanned) -> None:
        if message.choice != self._choice() or message.leave != self.leave or message.until != self._until():
            return   # the highlight, the leaving mark or the last day changed while this plan was worked out
        self.plan, self.notes = message.plan, message.notes
        if message.plan is None:
            self._say(Text(message.refusal), error=True)
        else:
            self._show_plan()

    def _show_plan(self) -> None:
        width = self.query_one("#hand-over-plan-box").scrollable_content_region.width
        if self._giving_back():
            shown = give_back_text(self.plan)
        else:
            taker = next((m for m in self.others if m.staff_id == self._choice()), None)
            shown = plan_text(self.plan, width, self.notes, shown_name(taker.staff_id, taker.name) if taker else "")
        self._say(shown)
        self.call_after_refresh(self._fit_plan)

    def _giving_back(self) -> bool:
        from workbench.handover import GiveBack

        return isinstance(self.plan, GiveBack)

    def action_toggle_leave(self) -> None:
        if self.busy:   # the hand-over under way was asked with the setting shown
            return
        self.leave = not self.leave
        self._show_leave()
        self._plan_again()

    def _show_leave(self) -> None:
        line = self.query_one("#hand-over-leave", Static)
        # Neither leaving nor a last day has a part in a give-back: the manager is coming back.
        line.display = self.query_one("#hand-over-cover").display = self._choice() != GIVE_BACK
        said = (_("{name} is leaving: marked as left, their other follow-ups go to their customers' managers.")
                if self.leave else _("{name} stays ({leave}: leaving too)."))
        line.update(filled(said, name=Text(self.giver_shown, style="bold"), leave=key_in_force(self, "hand_over_leave")))
        self.call_after_refresh(self._fit_plan)   # leaving takes more words: two lines in English

    @on(OptionList.OptionSelected, "#takers")
    def chosen(self, _event: OptionList.OptionSelected) -> None:
        plan = self.plan
        if self.busy or plan is None:
            return   # no plan yet, or a refusal on show
        if self._giving_back():
            detail = _("Their pending follow-ups go back with them, those the colleague booked too.")
            self.app.push_screen(ConfirmScreen(_("Give back"), give_back_question(plan), detail,
                                               _("{yes} yes, give back · {no} no")), self._answered)
            return
        if not (plan.customers or plan.elsewhere or plan.left or plan.until):
            return   # nothing to do (a cover made longer is something)
        detail = (_("Their pending follow-ups move with them, and go back with them when the customers are given back.")
                  if plan.until else _("Their pending follow-ups move with them. This cannot be undone from the screen."))
        if self.notes:   # one sentence after another, as the catalogue joins them
            detail = _("{first} {second}").format(first=detail, second=" ".join(self.notes))
        self.app.push_screen(ConfirmScreen(_("Hand over"), question_text(plan, self.giver_shown), detail,
                                           _("{yes} yes, hand over · {no} no")),
                             self._answered)

    def _answered(self, yes: bool | None) -> None:
        choice = self._choice()
        if yes and choice is not None:
            self.busy = True
            self._say(under_way(_("Handing over{ellipsis}")))
            self.run_hand_over(choice, self.leave, None if self._giving_back() else self.plan.until)

    @work(thread=True, exclusive=True, group="hand-over")
    def run_hand_over(self, choice: str, leave: bool, until=None) -> None:
        try:
            with self.app.connect() as conn:
                done = self._hand_over_until(conn, choice, leave, until)
        except Exception as exc:   # one sentence on the screen; the transaction left the database as it was
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(HandedOver(done))

    def on_handed_over(self, message: HandedOver) -> None:
        self.dismiss(message.done)

    def on_failed(self, message: Failed) -> None:
        self.busy = False
        self._say(Text(_("Not handed over: {error}").format(error=message.text)), error=True)

    def _say(self, said, *, error: bool = False) -> None:
        """The plan's place: the plan, what is under way, or why not, a refusal or a failure in the theme's error colour,
        bold (app.tcss: -error), which reads at 4.5:1 on the dialog in every theme; Rich's red did not."""
        plan = self.query_one("#hand-over-plan", Static)
        plan.update(said)
        plan.set_class(error, "-error")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


def give_back_question(plan) -> Text:
    """The confirmation of a give-back: how many customers go back to whom, from whom."""
    given = plan.share
    return filled(ngettext("Give {n} customer{more} back to {name} from {taker}?",
                           "Give {n} customers{more} back to {name} from {taker}?", given.active),
                  n=f"{given.active:,}", more=not_in_extract(given.customers, given.active),
                  name=Text(plan.back_to, style="bold"), taker=plan.cover.to_shown)


def give_back_text(plan) -> Text:
    """What a give-back would return: the customers the colleague still has, their assets and follow-ups, and how many
    the cover moved stay with another manager."""
    given = plan.share
    text = Text()
    keeper = staff_label(given.name, given.manager_id)
    keeper.stylize("bold")
    text.append(Text.assemble(mark("←") + " ", keeper, "  ", fill(ngettext(
        "{n} of {name}'s customers{more} from {taker} · {amount} yuan · {f} follow-up",
        "{n} of {name}'s customers{more} from {taker} · {amount} yuan · {f} follow-ups", given.followups),
        n=f"{given.active:,}", name=plan.back_to,
        more=not_in_extract(given.customers, given.active),
        taker=plan.cover.to_shown,
        amount=large_amount(given.aum_fen), f=f"{given.followups:,}")))
    if plan.stayed:
        text.append("\n" + stayed_note(plan.stayed))
    return text


def keepers(plan) -> Text:
    """Where the customers go: the managers who get some ('陈静 (M2), 王强 (M3) and 吴昊 (M4)'), or the pool."""
    names = [Text(_("their branch's unassigned pool")) if share.manager_id is None
             else staff_label(share.name, share.manager_id, aside=_(" ({text})"),
                              marker=_(" ({text})").format(text=_("no name")))
             for share in plan.shares if share.customers]
    return join_list(names, last=AND)


def cover_until(plan) -> str:
    """The last day of the cover a plan makes, YYYY-MM-DD, '' for a hand-over for good (or a plan that says none)."""
    until = getattr(plan, "until", None)
    return until.isoformat() if until else ""


def question_text(plan, name: str) -> Text:
    """The confirmation: how many customers (those not in the latest extract said apart), whose, where they go, and
    whether the manager is marked as left."""
    who = Text(name, style="bold")
    until = cover_until(plan)
    if not plan.customers and until:   # a cover made longer
        return filled(_("Make the cover of {name} last until {until}? They have no customers to hand over now."),
                      name=who, until=until)
    if not plan.customers:   # only leaving makes a plan without customers worth carrying out
        return filled(_("Mark {name} as left? They have no customers to hand over.") if plan.left
                      else _("Hand over the pending follow-ups of {name}? They have no customers to hand over."), name=who)
    if until:   # a cover: one colleague, no leaver
        template = ngettext("Hand over {n} customer of {name}{more} to {keepers} until {until}, to cover a leave?",
                            "Hand over {n} customers of {name}{more} to {keepers} until {until}, to cover a leave?",
                            plan.active)
    elif plan.left:
        template = ngettext("Hand over {n} customer of {name}{more} to {keepers} and mark {name} as left?",
                            "Hand over {n} customers of {name}{more} to {keepers} and mark {name} as left?", plan.active)
    else:
        template = ngettext("Hand over {n} customer of {name}{more} to {keepers}?",
                            "Hand over {n} customers of {name}{more} to {keepers}?", plan.active)
    return filled(template, n=f"{plan.active:,}", name=who, more=not_in_extract(plan.customers, plan.active),
                  keepers=keepers(plan), until=until)


def under_way(said: str) -> Text:
    """A dim line saying what is under way ("Handing over{ellipsis}"), ending with the console's ellipsis."""
    return Text(said.format(ellipsis=mark("…")), style="dim")


SEPARATOR = " · "   # between the parts of a share's line, as the catalogue writes it


def share_line(parts: list[tuple[str, Text]], width: int | None) -> Text:
    """The parts, each after its joiner (SEPARATOR, or '' for an aside that brings its own space), on one line; at
    width cells a part that would not fit starts the next line, indented, so that no line ends on a dangling '·'
    (a part wider than the line is left to wrap as it will)."""
    line, used = Text(), 0
    for n, (joiner, part) in enumerate(parts):
        if n and width and used + cell_len(joiner) + part.cell_len > width:
            part = part[len(part.plain) - len(part.plain.lstrip()):]   # the aside's space is the line break's
            line.append("\n  ")
            used = 2
        else:
            line.append(joiner)
            used += cell_len(joiner)
        line.append(part)
        used += part.cell_len
    return line


def plan_text(plan, width: int | None = None, notes: tuple[str, ...] = (), cover_by: str = "") -> Text:
    """Who would get how many of the giver's customers (counted as the pool's picker counts them, those not in
    the latest extract said apart), their assets (in 万 or 亿, as tiers are named) and follow-ups; then what else
    would happen, a cover's last day said with the colleague covering (cover_by). At width cells a share's line breaks
    between its parts (share_line)."""
    giver = shown_name(plan.from_id, plan.from_name)   # a manager without a name: the id
    text = Text()
    if not plan.shares:
        text.append(_("No customers to hand over.") + "\n", style="bold")
    for share in plan.shares:
        keeper = Text(_("Unassigned pool")) if share.manager_id is None else staff_label(share.name, share.manager_id)
        keeper.stylize("bold")
        more = not_in_extract(share.customers, share.active)
        said = fill(ngettext("{n} of {name}'s customers{more} · {amount} yuan · {f} follow-up",
                             "{n} of {name}'s customers{more} · {amount} yuan · {f} follow-ups", share.followups),
                    n=f"{share.active:,}", name=giver, more=more, amount=large_amount(share.aum_fen),
                    f=f"{share.followups:,}")   # 周建华的 611 名客户
        first, *rest = said.split(SEPARATOR)
        aside = [("", Text(more))] if more and first.endswith(more) else []   # a line may break before it too
        first = first.removesuffix(more) if aside else first
        text.append(share_line([("", Text.assemble(mark("→") + " ", keeper, "  " + first)), *aside,
                                *((SEPARATOR, Text(part)) for part in rest)], width))
        text.append("\n")
    for note in notes:   # customers going to a manager of another branch, as `reassign` says it
        text.append(note + "\n")
    if until := cover_until(plan):   # a cover, by the one manager chosen (made longer, it may hand over none now)
        text.append(fill(_("{taker} would cover {name} until {until}; this dialog then offers to give the customers"
                           " back."), taker=cover_by, name=giver, until=until) + "\n")
    # Who keeps follow-ups nobody else would: the supervisor is told before taking them on, as the CLI says.
    if plan.followups_to:
        text.append(_("The pending follow-ups of customers sent to the pool are {keeper}'s until the customers"
                      " get a manager.").format(keeper=plan.followups_to) + "\n")
    if plan.elsewhere:
        text.append(ngettext("{n} other pending follow-up goes to its customer's manager.",
                             "{n} other pending follow-ups go to their customers' managers.",
                             plan.elsewhere).format(n=f"{plan.elsewhere:,}") + "\n")
    if plan.elsewhere_kept:
        text.append(_("Those of customers without a manager at work ({n}) are {keeper}'s until the customers get one.")
                    .format(n=f"{plan.elsewhere_kept:,}", keeper=plan.by_id) + "\n")
    text.rstrip()
    return text
