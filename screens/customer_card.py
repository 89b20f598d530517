"""The customer card, open during the call: profile, holdings, why they are on the list, history,
open follow-ups and the script. The full phone number is shown here and nowhere else."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from workbench.errors import plain_words
from workbench.screens.contrast import MarksReadable
from workbench.screens.widgets.key_bar import KeyBar, key_in_force
from workbench.text_wrap import WrappedText, in_words, shown_name
from workbench.screens.glyphs import mark
from workbench.screens.card_text import (SCRIPT_PARTS, card_title, care_message, field_of,
                                         followups_text, history_text, holdings_text, notice_parts, notice_refusal,
                                         profile_text, reasons_text, reasons_title, script_parts)
from workbench.screens.localise import _, localise_bindings
from workbench.screens.messages import CardLoaded, Failed


def fetch_card(app, customer_id: str, purpose: str | None = None, *, reveal: bool = True) -> CardLoaded:
    """Everything the card shows, read through the engine on the calling (worker) thread; the full
    number only with reveal (each reveal is audited), else phone is None. A customer who may not be marketed to
    (followups.marketing_block, as the save decides it, asked once: render_script is given the answer) has neither
    the full number read nor a script (render_script gives none); for any other, whether they are on the open call
    list (on_the_list)."""
    from workbench.calllist import customer_profile
    from workbench.followups import marketing_block, open_for_customer
    from workbench.outcomes import history, made_by
    from workbench.privacy import reveal_phone
    from workbench.scripts import render_script

    today = app.today()
    with app.connect() as conn:
        # The reasons as the open list gives them: headed by the follow-up due that put the customer first on it.
        owner = getattr(app, "owner", None)
        listed = {"manager_id": owner.staff_id, "now": app.now()} if owner is not None else {}
        profile = customer_profile(conn, customer_id, today, **listed)
        block = marketing_block(conn, customer_id)
        phone = dialling_text(reveal_phone(conn, customer_id, actor=app.staff.staff_id if app.staff else None,
                                           at=app.now())) if reveal and block is None else None
        script = render_script(conn, customer_id, purpose, today=today, lang=app.lang,
                               caller_id=app.staff.staff_id if app.staff else None, block=block)
        listed, why_not = on_the_list(conn, app, customer_id) if owner is not None and block is None else (None, None)
        records, followups = history(conn, customer_id), open_for_customer(conn, customer_id)
        return CardLoaded(customer_id, profile, list(profile.reasons), records, followups, script, phone,
                          script.purposes if script is not None else (), block, listed, why_not,
                          made_by(conn, field_of(profile, "manager_id"), records, followups))


def on_the_list(conn, app, customer_id: str) -> tuple[bool, str | None]:
    """Whether the customer is on the open call list (app.owner's, unfiltered) now, and if not, why, as a search on the
    list says it to this user (calllist.off_list_why); None where it names no reason (another manager's customer to
    a manager, one of theirs never scored)."""
    from workbench.calllist import CallListFilter, manager_settings, off_list, off_list_why, still_listed

    owner, now = app.owner.staff_id, app.now()
    settings = manager_settings(conn, owner)
    if still_listed(conn, owner, now, CallListFilter(), settings, customer_id):
        return True, None
    supervisor = app.staff is not None and app.staff.is_supervisor   # as the list's search names others' customers
    # The search for their number, read for them alone by key: not the longer numbers it starts, nor the whole book.
    found = off_list(conn, owner, now, filters=CallListFilter(search=customer_id, customer=customer_id),
                     settings=settings, by_manager=supervisor)
    match = next((m for m in found if m.customer_id == customer_id), None)
    return False, off_list_why(match, now.date(), app.lang) if match is not None else None


def dialling_text(dialled) -> str | None:
    """'021 6600 0090  ext. 890': the number as dialled from a desk phone, then the extension."""
    from workbench.phones import for_dialling

    number, ext = dialled
    if not number:
        return None
    return for_dialling(number) + ("  " + _("ext. {ext}").format(ext=ext) if ext else "")


class Marked(MarksReadable, Static):
    """A part of the card that may say a warning or a thing to heed (card_text's WARNING and HEED marks: a number
    unusable, a maturity within two weeks, why no script is shown): drawn in the theme's error or warning colour,
    readable at 4.5:1 on its ground (the title bar, the screen, the script's pane), as MarksReadable draws a mark."""


class CustomerCardScreen(Screen):
    CSS_PATH = "customer_card.tcss"
    BINDINGS = [
        Binding("o", "outcome", "Outcome", id="outcome"),
        Binding("n", "next", "Next", id="next"),
        Binding("p", "purpose", "Script purpose", id="purpose"),
        Binding("f", "agenda", "Agenda", id="agenda"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, customer_id: str, card: CardLoaded | None = None, *,
                 message: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.preloaded = card
        # (purpose, channel) of the agenda's row of an SMS or WeChat the card was opened from: that message is shown in
        # the script's place (_message), until p asks for the call script of a customer on today's list.
        self.message = message
        self.loaded: CardLoaded | None = None   # the card as read last, drawn again when p leaves the message
        self.listed: bool | None = None   # on today's call list (CardLoaded.listed)
        self.name_text = ""
        self.customer_row: dict | None = None   # the customers row the title is drawn from, once loaded
        self.block: str | None = None   # what forbids marketing to them (followups.marketing_block), once loaded
        self.purpose: str | None = None
        self.purposes: tuple[str, ...] = ()   # those the p key goes through, from the loaded card
        self.notice = None   # scripts.Notice shown in the script's place: off the list, a message notice due
        self.script_id: str | None = None
        self.revealed = False             # the full number was read (and audited) once on this visit
        self.phone: str | None = None     # that number as dialled, kept while the card reloads
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Marked(Text(_("Loading{ellipsis}").format(ellipsis=mark("…"))), id="card-title", classes="title-bar")
        with Horizontal(id="card-body"):
            with VerticalScroll(id="facts"):
                yield Static("", id="profile")
                yield Static(_("Holdings"), classes="section-title")
                yield Marked("", id="holdings")
                yield Static(_("Why on the list"), id="reasons-title", classes="section-title")
                yield Static("", id="reasons")
                yield Static(_("Open follow-ups"), classes="section-title")
                yield Static("", id="followups")
                yield Static(_("Contact history (newest first)"), classes="section-title")
                yield Static("", id="history")
            with VerticalScroll(id="script-panel"):
                for n in range(SCRIPT_PARTS):
                    yield Marked("", id=f"script-{n}", classes="script-part")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.preloaded is not None:
            self._fill(self.preloaded)   # loaded before the screen opened: one layout, one frame
        else:
            self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")
        self._draw_title()

    def reload(self) -> None:
        """Read the card again (another script purpose, after an outcome), revealing the number only once a visit."""
        self.load_card(self.customer_id, self.purpose, not self.revealed)

    @work(thread=True, exclusive=True, group="card")
    def load_card(self, customer_id: str, purpose: str | None, reveal: bool) -> None:
        try:
            card = fetch_card(self.app, customer_id, purpose, reveal=reveal)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(card)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """p (another script purpose) is off the key bar for a customer who may not be marketed to: there is no script;
        dimmed while the script shown is the only one that applies (its heading says there is no other), unless a
        notice stands in the script's place (p says why there is no script, or shows the call script of a customer on
        today's list)."""
        if action == "purpose" and self.customer_row is not None:
            if self.block is not None:
                return False
            if self.notice is None and len(self.purposes) <= 1:
                return None
        return super().check_action(action, parameters)

    def on_card_loaded(self, message: CardLoaded) -> None:
        with self.app.batch_update():   # one layout and one frame for all the sections
            self._fill(message)

    def _fill(self, message: CardLoaded) -> None:
        today = self.app.today()
        self.loaded, self.listed = message, message.listed
        profile = message.profile
        self.name_text = shown_name(field_of(profile, "name", default=""))
        self.customer_row = field_of(profile, "customer") or {}
        block = self.block = message.block
        if not self.revealed and block is None:   # not read for a blocked customer: read once the block is lifted
            self.phone, self.revealed = message.phone, True
        if not self.customer_row.get("phone_e164"):   # erased (or the number gone) meanwhile: the number shown goes
            self.phone = None
        self._draw_title()
        facts = {"#profile": profile_text(profile, today, block),
                 "#holdings": holdings_text(getattr(profile, "holdings", None) or [], today),
                 "#reasons-title": reasons_title(message.listed, message.why_not),
                 "#reasons": reasons_text(message.reasons, message.listed),
                 "#followups": followups_text(message.followups, message.made_by),
                 "#history": history_text(message.history, message.made_by)}
        words = in_words(self.app.lang)   # English breaks between words, a Chinese name in it kept whole
        for selector, text in facts.items():   # Chinese as it is typeset, a number kept with its unit
            self.query_one(selector, Static).update(WrappedText(text, words=words))
        for selector in ("#reasons-title", "#reasons"):   # on no list for a reason: the block keeps them off it
            self.query_one(selector, Static).display = block is None
        script = message.script
        self.notice = self._message(message, today) if script is not None else None
        supervisor = self.app.staff is not None and self.app.staff.is_supervisor
        parts = (notice_parts(self.notice, key_in_force(self, "purpose") if message.listed else None)
                 if self.notice is not None else
                 script_parts(script, key_in_force(self, "purpose"), block, supervisor=supervisor))
        for n, part in enumerate(parts):   # read aloud: in the script's language
            widget = self.query_one(f"#script-{n}", Static)
            widget.update(part)
            widget.display = bool(part.plain)
        self.purposes = message.purposes
        self.refresh_bindings()   # p: whether there is a script to switch, and another to switch to
        if script is not None and self.notice is None:
            self.purpose = script.purpose
        # The outcome is credited to the script read (the report's funnel per script): none when the card shows
        # none (a notice in its place), or shows 'Not shown' for a field the customer lacks.
        shown = script is not None and not script.missing and self.notice is None
        self.script_id = script.script_id if shown else None

    def _message(self, card: CardLoaded, today):
        """The message shown in the script's place, sent from the agenda, not said on a call: the one of the agenda's
        row the card was opened from (a campaign's notice as render_script gives it, due; a care touch's words:
        care_message), else, for a customer off today's list, a campaign notice due as a message (scripts.Notice), else
        the latest care touch due by today as one; None: the script."""
        from workbench.campaigns import campaign_id

        script = card.script
        if self.message is not None:
            purpose, channel = self.message
            code = campaign_id(purpose)
            if code is None:
                found = care_message(purpose, channel, script)
            else:
                notice = script.notice
                found = notice if notice is not None and (notice.code, notice.channel) == (code, channel) else None
            if found is not None:
                return found
        if card.listed is not False:
            return None
        due = [f for f in card.followups if f.due_on <= today and care_message(f.purpose, f.channel, None) is not None]
        return script.notice or (care_message(due[-1].purpose, due[-1].channel, script) if due else None)

    def _draw_title(self) -> None:
        """The name, the customer number and the number to dial at the title's width (the name cut to make room)."""
        if self.customer_row is None:   # not loaded yet
            return
        line = self.query_one("#card-title", Static)
        line.remove_class("-error")
        width = self.size.width - line.styles.gutter.width
        line.update(card_title(self.name_text, self.customer_id, self.phone, self.customer_row, width, block=self.block))

    def on_failed(self, message: Failed) -> None:
        self.customer_row = None   # the failure stays on the title until the card is read again
        title = self.query_one("#card-title", Static)   # in the theme's error colour, bold (app.tcss: -error)
        title.update(Text(message.text))
        title.add_class("-error")

    # ---- actions -------------------------------------------------------------------------------

    def action_outcome(self) -> None:
        from workbench.screens.outcome_form import OutcomeForm

        self.app.push_screen(OutcomeForm(self.customer_id, self.name_text, script_id=self.script_id), self._after_outcome)

    def _after_outcome(self, result) -> None:
        if not result:
            return
        self.app.read_again({self.customer_id}, but=self)   # what else shows them: an agenda it was opened from
        calls = self.app.call_list_screen()
        if self.opened_from_agenda():   # the manager works through her promises: back to the agenda, on its next row
            if calls is not None:
                calls.customer_done(self.customer_id, open_next=False)
            self.app.pop_screen()
        elif calls is not None and calls.found_off_list(self.customer_id):   # one who phoned in, found by a search off
            calls.customer_done(self.customer_id, open_next=False)           # the list: back to the search's rows,
            self.app.pop_screen()                                            # not on to its next match
        elif calls is not None:
            calls.customer_done(self.customer_id)   # it opens the next customer in place of this card
        else:
            self.reload()

    def opened_from_agenda(self) -> bool:
        """Whether the screen under this card is the agenda (the card was opened from one of its rows)."""
        from workbench.screens.agenda import AgendaScreen

        stack = self.app.screen_stack
        return self in stack[1:] and isinstance(stack[stack.index(self) - 1], AgendaScreen)

    def action_next(self) -> None:
        calls = self.app.call_list_screen()
        if calls is not None:
            calls.next_after(self.customer_id)

    def action_purpose(self) -> None:
        if self.notice is not None and self.listed and self.loaded is not None:   # on today's list: its call script
            self.message = None
            self.on_card_loaded(self.loaded)
            return
        if self.notice is not None:   # no call script to switch to: say why
            self.app.notify(notice_refusal(self.notice), markup=False)
            return
        if not self.purposes:   # not loaded yet
            return
        current = self.purposes.index(self.purpose) if self.purpose in self.purposes else -1
        self.purpose = self.purposes[(current + 1) % len(self.purposes)]
        self.reload()

    def action_agenda(self) -> None:
        self.app.action_agenda()

    def action_back(self) -> None:
        self.app.pop_screen()
