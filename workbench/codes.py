"""The stable codes of the outcome log: short English slugs that are stored and exchanged.

Codes never change and are never translated; their labels go through the message catalogue.
Order matters: the outcome form offers them by digit in this order.
"""

from __future__ import annotations

from workbench.i18n import N_

LINE_RESULTS: dict[str, str] = {
    "reached": "Reached",
    "no_answer": "No answer",
    "busy": "Busy",
    "phone_off": "Phone off",
    "suspended": "Suspended",
    "no_such_number": "Number does not exist",
    "wrong_person": "Wrong person",
}

BUSINESS_OUTCOMES: dict[str, str] = {
    "not_interested": "Not interested",
    "call_back": "Call back later",
    "interested": "Interested",
    "appointment": "Appointment booked",
    "reactivated": "Reactivated / product bought",
    "complaint": "Complaint",
    "do_not_call": "Do-not-call request",
}

DORMANCY_REASONS: dict[str, str] = {
    "product_disappointment": "Product disappointment",
    "competitor": "Poached by a competitor",
    "poor_service": "Poor or slow service",
    "moved_away": "Moved away",
    "no_need": "No current need",
    "forgot_account": "Forgot the account",
    "other": "Other",
}

CHANNELS: dict[str, str] = {
    "phone": "Phone",
    "sms": "SMS",
    "wechat": "WeChat",
    "visit": "Visit",
}

# The channels of a message: one sent with no reply yet (no_answer) is still the touch its follow-up asked for.
MESSAGE_CHANNELS = ("sms", "wechat")

# A contact on another channel than the phone is named by its own words, wherever it is shown (the outcome form's
# digits, the card's history, the report): a message is replied to (reached, then its outcome) or sent with no reply
# yet (no_answer), never busy or switched off.
MESSAGE_RESULTS = {"reached": N_("Replied"), "no_answer": N_("Sent, no reply")}
# A visit logged took place, and so reached the customer, as the report counts visits (outcomes.channel_counts).
VISIT_RESULTS = {"reached": N_("Visited")}
# The channels besides the phone, and each one's results.
OTHER_RESULTS = {**{channel: MESSAGE_RESULTS for channel in MESSAGE_CHANNELS}, "visit": VISIT_RESULTS}

# Line results after which the number itself is in doubt.
UNREACHABLE_NUMBER = frozenset({"suspended", "no_such_number", "wrong_person"})


def label(code: str | None, lang: str | None = None) -> str:
    """The translated label of any code above (the code itself if unknown)."""
    from workbench.i18n import gettext

    if code is None:
        return ""
    for table in (LINE_RESULTS, BUSINESS_OUTCOMES, DORMANCY_REASONS, CHANNELS):
        if code in table:
            return gettext(table[code], lang)
    return code


def result_label(line_result: str | None, channel: str | None, lang: str | None = None) -> str:
    """A contact's result in words as its channel says it ('Sent, no reply' for an SMS's no_answer); a phone call's,
    or a result the channel has no words for, as label gives it."""
    from workbench.i18n import gettext

    said = OTHER_RESULTS.get(channel or "phone", {}).get(line_result or "")
    return gettext(said, lang) if said else label(line_result, lang)


# The name an erased customer's row keeps (workbench.privacy): a placeholder, drawn in the interface language
# (text_wrap.shown_name).
ERASED_NAME = "(erased)"
