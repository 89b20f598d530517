"""Results that workers post back to the screens, as plain dataclass messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class Failed(Message):
    """A worker hit a problem; text is one sentence for the status line. after: the next customer the failed read was
    to find (the call list's NextWanted), whom no later read then opens unasked."""

    text: str
    after: object | None = None


@dataclass
class FollowUpWanted(Message):
    """The outcome promises a next step and nothing is booked: the form asks once before saving."""

    outcome: str


@dataclass
class Notice(Message):
    """Work in progress worth a word on the status line."""

    text: str


@dataclass
class StaffLoaded(Message):
    staff: list
    last_user: str | None


@dataclass
class ListCounted(Message):
    """The call list read again: how long it is, and where the highlight goes in it (and who comes next, if asked)."""

    generation: int
    total: int
    progress: Any   # outcomes.Progress, or None
    tier_lines: tuple = ()   # the owner's branch's tier lines (fen), which name the tiers shown
    anchor: Any = None   # call_list.Anchor: the customer highlighted when the read began
    placed: tuple[int, str] | None = None   # (row, customer id) the anchor is found at now; None: nor anyone below
    next: tuple[int, str] | None = None   # (row, customer id) of the next customer, when the read was asked for them


@dataclass
class PageLoaded(Message):
    generation: int
    page: int
    entries: list


@dataclass
class CardLoaded(Message):
    customer_id: str
    profile: Any
    reasons: list
    history: list
    followups: list
    script: Any
    phone: str | None = None   # the full number as dialled, with its extension: revealed (and audited) for the call
    purposes: tuple[str, ...] = ()   # what a script for this customer can be about, for the card's p key
    block: str | None = None   # what forbids marketing to them (followups.marketing_block), or None
    listed: bool | None = None   # on the open call list now (False: not; None: not asked, as for a blocked customer)
    why_not: str | None = None   # off it: why, as a search on the list says it (calllist.off_list_why), if it names one
    made_by: dict = field(default_factory=dict)   # contacts and follow-ups of other staff: id -> name (outcomes.made_by)


@dataclass
class DueMessages(Message):
    """The customer's SMS, WeChat and visit follow-ups due by today (followups.FollowUp), which the outcome form
    offers to log on their channel; problem: why they could not be read (the form then logs a call, as ever)."""

    followups: list
    problem: str | None = None


@dataclass
class OutcomeSaved(Message):
    customer_id: str
    outcome_id: str
    followup_id: str | None
    said: str = ""   # what the save did besides saving, to say with it (a customer taken meanwhile)


@dataclass
class AgendaLoaded(Message):
    agenda: Any
    names: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)   # followups.Suggestion, earliest first


@dataclass
class FollowUpChanged(Message):
    """A follow-up was marked done: the agenda says so and is read again, and so is what else shows its customer."""

    customers: frozenset[str] = frozenset()


@dataclass
class SuggestionAccepted(Message):
    suggestion: Any   # followups.Suggestion, now a follow-up


@dataclass
class SuggestionsAccepted(Message):
    added: int
    left: int   # no longer suggested when accepted (the rules refuse them now, or a follow-up covers them)
    kind: str = ""   # the suggestions' kind (followups.Suggestion.kind): a warm lead's are calls, not care touches
    customers: frozenset[str] = frozenset()   # theirs, read again wherever shown


@dataclass
class SummaryLoaded(Message):
    summary: Any
    daily: list
