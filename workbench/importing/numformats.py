"""What an Excel cell's number format makes of the number in it, and the value python-calamine gives
for it: a date, a date and time, a time of day, a duration, or the number itself. Ported from
calamine's rules (formats.rs, datatype.rs), so the streaming reader's cells equal calamine's; and
the zero-padding formats (000000), whose text calamine does not give, for codes that need it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

OTHER, DATETIME, DURATION = 0, 1, 2
# Excel's built-in formats that are dates or times (the others, and the Chinese-locale ones such as
# 31 and 57, calamine reads as plain numbers).
BUILTIN_FORMATS = {**dict.fromkeys((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47), DATETIME), 46: DURATION}
_EPOCH = datetime(1899, 12, 30)
_DAY_MS = 86_400_000
_WHOLE_MAX = 2**64   # calamine tests a whole number by a round trip through u64
# A format that shows a whole number padded with zeros to its width ('000000' shows 1002 as 001002),
# in its first section; calamine reads such a cell as the bare number, so codes lose their zeros.
_ZERO_PADDING = re.compile(r"(0{2,})(?:;|$)")
_PADDED_MAX = 10**15   # Excel keeps 15 digits: past them the zeros shown are not the code's


class PaddedNumber(float):
    """A whole number cell whose format pads it with zeros: equal to the number calamine gives (so it
    is read as that number anywhere a number is wanted), and shown as Excel shows it (001002)."""

    __slots__ = ("shown",)

    def __new__(cls, value: float, shown: str):
        number = super().__new__(cls, value)
        number.shown = shown
        return number

    def __reduce__(self):   # a reader process sends rejected rows' cells pickled
        return PaddedNumber, (float(self), self.shown)


def zero_padding(code: str) -> int:
    """The width a format pads whole numbers to with zeros ('000000': 6), or 0 for any other format."""
    found = _ZERO_PADDING.match(code)
    return len(found.group(1)) if found else 0


def padded(value: float, width: int) -> float:
    """A number in a zero-padding format of this width: a PaddedNumber when whole and not negative
    (what such a format is for: codes), else the number as it is."""
    if value.is_integer() and 0 <= value < _PADDED_MAX:
        return PaddedNumber(value, str(int(value)).zfill(width))
    return value


def number_format_kind(code: str) -> int:
    """DATETIME, DURATION or OTHER for a custom number format, as calamine reads its first section."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return DURATION
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ampm and brackets == 0:
            ampm = True
        elif ch in "pm/PM" and ampm and brackets == 0:
            return DATETIME
        elif ch in "dmhysDMHYS" and not ampm and brackets == 0:
            return DATETIME
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return OTHER


def excel_datetime(value: float, fmt: int, is_1904: bool):
    """A number in a date or duration format as python-calamine gives it: timedelta for a duration;
    time below 1; date when whole; else datetime; the number itself when out of range."""
    if fmt == DURATION:
        return timedelta(milliseconds=_round(value * _DAY_MS))
    days = value + 1462 if is_1904 else value
    if days < 60:   # Excel counts a 29 February 1900 that never was
        days += 1
    try:
        moment = _EPOCH + timedelta(milliseconds=_round(days * _DAY_MS))
    except OverflowError:
        return value
    if value < 1.0:
        return moment.time()
    if value.is_integer() and value < _WHOLE_MAX:
        return moment.date()
    return moment


def _round(x: float) -> int:
    """Half away from zero, as Rust's f64::round."""
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)
