"""Reading one cell of a customer extract: dates, amounts, counts, gender, yes/no, tags.

Each parser takes the cell as read (text from CSV; text, number or date from Excel) and returns the
stored value, None for an empty cell, or raises ValueError with the reason in words (the user's language).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from workbench.i18n import _

# Cells that mean "no value" in core-banking extracts: dashes of every width, a slash, \N (how MySQL
# and Hive export NULL, lowered here as every cell is before the lookup).
EMPTY = frozenset({"", "-", "--", "—", "——", "－", "/", "\\n", "null", "none", "n/a", "na", "#n/a", "无", "空", "0",
                   "00000000", "0000-00-00"})
# What core-banking systems and Excel write for "no date": the ends of a date type (9999-12-31,
# 0001-01-01), the "no end date" of some systems (2999-12-31, 3000-01-01), 1900-01-01, and Excel's
# day zero (1899-12-30, or 1899-12-31 as Excel counts it).
PLACEHOLDER_DATES = frozenset({date(9999, 12, 31), date(2999, 12, 31), date(3000, 1, 1), date(1, 1, 1),
                               date(1900, 1, 1), date(1899, 12, 30), date(1899, 12, 31)})
_EXCEL_EPOCH = date(1899, 12, 30)
# Excel serials accepted as dates: numbers from 1910 to 2099; in CSV text only five digits (1927 on).
_SERIAL_MIN, _SERIAL_MIN_TEXT, _SERIAL_MAX = 3653, 10000, 73050
_FULLWIDTH = str.maketrans({0xFF10 + d: str(d) for d in range(10)} | {0xFF0E: ".", 0xFF0C: ",", 0xFF0D: "-"})


def text(value) -> str:
    """A cell as text: Excel numbers that are whole print without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        # Past 2**53 the float's exact value has digits Excel never showed (123456789012344992 for
        # 123456789012345000): its shortest form is what Excel shows.
        return str(int(value)) if abs(value) < 2 ** 53 else str(int(Decimal(repr(value))))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


# What a guard against formulas (the reject report's, or another system's) puts an apostrophe before.
FORMULA_START = ("=", "+", "-", "@")


def name_text(value) -> str:
    """A name as text, without the apostrophe a guard put before a cell Excel would run as a formula
    ('=HYPERLINK(...) is =HYPERLINK(...)): a fixed reject report imports its names as they were."""
    s = text(value)
    return s[1:] if s[:1] == "'" and s[1:2] in FORMULA_START else s


def parse_date(value) -> str | None:
    """An ISO date from 2025-03-01, 2025/3/1, 2025.3.1, 20250301, 2025年3月1日 or an Excel serial, a
    time of day after it dropped (20250301120000 too); None for a placeholder (PLACEHOLDER_DATES)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return None if value in PLACEHOLDER_DATES else value.isoformat()
    if value.__class__ is time_of_day and value == time_of_day(0):   # a 0 in a date format: Excel's day zero
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 <= value < 2:   # Excel's day zero, or its day one (1900-01-01)
            return None
        if float(value).is_integer() and len(str(int(value))) in (8, 14):   # a number cell holding 20250301
            return _parse_date_text(str(int(value)))
        return _serial(value, _SERIAL_MIN)
    s = value.strip() if isinstance(value, str) else text(value)   # Excel also gives booleans
    if s.lower() in EMPTY:
        return None
    if len(s) == 10 and s[4] == "-":
        try:
            parsed = date.fromisoformat(s)
            if 1900 <= parsed.year <= 2100 and parsed not in PLACEHOLDER_DATES:
                return parsed.isoformat()
        except ValueError:
            pass
    return _parse_date_text(s)


def past_date(today: date) -> Callable:
    """parse_date for a fact about the past (a birthday, an account's opening, an activity), refusing a
    date after today but for a day of grace; its latest is the last ISO date it takes, for callers that
    compare their own (columns.plain_dates)."""
    # A day of grace: head office may date an extract in another time zone, or the terminal's clock lag.
    latest, said = (today + timedelta(days=1)).isoformat(), today.isoformat()

    def parse(value) -> str | None:
        iso = parse_date(value)
        if iso is not None and iso > latest:
            raise ValueError(_("{value!r} is after today ({today})").format(value=text(value), today=said))
        return iso

    parse.latest = latest
    return parse


def past_birthday(today: date) -> Callable:
    """past_date for a birthday, which also takes a year and month alone (1980-01, 198001, 1980年1月, 1980/1, as
    a 出生年月 column holds them), as 'YYYY-MM' (PARTIAL_BIRTHDAY_LENGTH characters): the day is not known, so the
    import stores no birthday for it and keeps the customer's row (store._staged_values)."""
    parse_day = past_date(today)

    def parse(value) -> str | None:
        try:
            return parse_day(value)
        except ValueError:
            s = text(value).strip().translate(_FULLWIDTH)
            found = _YEAR_MONTH.fullmatch(s)
            if found is None or not 1 <= int(found[2] or found[3]) <= 12:
                raise
            month = f"{found[1]}-{int(found[2] or found[3]):02}"
            if month > parse_day.latest[:7]:
                raise ValueError(_("{value!r} is after today ({today})").format(value=s, today=today.isoformat())) \
                    from None
            return month

    parse.latest = parse_day.latest
    return parse


# A year and month alone: 1980-01, 1980/1, 1980.1, 198001, 1980年1月 (a day after it is a date, read before).
_YEAR_MONTH = re.compile(r"((?:19|20)[0-9]{2})(?:\s*[-/.年]\s*([0-9]{1,2})\s*月?|([0-9]{2}))")
PARTIAL_BIRTHDAY_LENGTH = len("1980-01")

_CHINESE_DATE = re.compile(r"([0-9]+)年([0-9]+)月([0-9]+)日")


def _parse_date_text(s: str) -> str | None:
    s = s.translate(_FULLWIDTH)
    head = s.split(" ", 1)[0].split("T", 1)[0]   # drop a time of day
    if head.isdigit():
        if len(head) == 8:
            return _ymd(head[:4], head[4:6], head[6:], s)
        if len(head) == 14 and head[8:10] < "24" and head[10:12] < "60" and head[12:] < "60":   # 20250301120000
            return _ymd(head[:4], head[4:6], head[6:8], s)
        if len(head) == 5:
            return _serial(int(head), _SERIAL_MIN_TEXT)
        raise _not_a_date(s)
    if "日" in head and (found := _CHINESE_DATE.match(head)):   # a time may follow: 2025年3月1日10:20
        return _ymd(*found.groups(), s)
    whole, dot, fraction = head.partition(".")
    if dot and len(whole) == 5 and whole.isdigit() and fraction.isdigit():
        return _serial(float(head), _SERIAL_MIN_TEXT)   # an Excel serial saved as '45000.0'
    for sep in ("-", "/", "."):
        parts = head.split(sep)
        if len(parts) == 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
            return _ymd(parts[0], parts[1], parts[2], s)
    raise _not_a_date(s)


def _not_a_date(value: str) -> ValueError:
    return ValueError(_("{value!r} is not a date").format(value=value))


def _ymd(year: str, month: str, day: str, original: str) -> str | None:
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        raise _not_a_date(original) from None
    if parsed in PLACEHOLDER_DATES:
        return None
    if not 1900 <= parsed.year <= 2100:
        raise ValueError(_("{value!r} is outside the years 1900-2100").format(value=original))
    return parsed.isoformat()


def _serial(number: float, minimum: int) -> str:
    if not minimum <= number <= _SERIAL_MAX:
        raise ValueError(_("{value!r} is not a date (as an Excel day number it is out of range)").format(
            value=text(number)))
    return (_EXCEL_EPOCH + timedelta(days=int(number))).isoformat()


# Signs and codes of the yuan that carry no unit: ¥3 under a 万元 header is 3万.
_CURRENCY = ("¥", "￥", "RMB", "rmb", "CNY", "cny")
_SPACES = " \u3000"
_SEPARATORS = (",", " ", "\u3000")   # of thousands (a full-width comma is a comma by then)
# Units a cell may end with, longer before shorter; a cell's own unit replaces its header's.
_UNITS = (("百万元", 1_000_000), ("千万元", 10_000_000), ("万元", 10_000), ("亿元", 100_000_000), ("千元", 1_000),
          ("百万", 1_000_000), ("千万", 10_000_000), ("万", 10_000), ("亿", 100_000_000), ("千", 1_000), ("元", 1))
_CENT = Decimal("0.01")
# Far above any customer's assets or activity, and well inside SQLite's 64-bit integers.
MAX_FEN, MAX_COUNT = 10**17, 10**9
# Up to this header scale the first fast path of parse_amount (ten digits) cannot pass MAX_FEN.
_FAST_SCALE = 10_000


def _ungrouped(whole: str) -> str | None:
    """The whole part of a number without its thousands separators, or None when it has separators
    that do not mark groups of three ('12,34' or '1 234,56' is a misread, not 1234 or 123456)."""
    used = [sep for sep in _SEPARATORS if sep in whole]
    if not used:
        return whole
    if len(used) > 1:
        return None
    first, *groups = whole.split(used[0])
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in groups):
        return None
    return first + "".join(groups)


def parse_amount(value, scale: int = 1) -> int | None:
    """Integer fen from '1,234.50', '¥1234', '12.5万', '3亿元'; scale is the header's unit in yuan
    (10000 for 万元), which a unit in the cell itself replaces ('12.5万' is 125,000 yuan in any column)."""
    if value.__class__ is str and scale <= _FAST_SCALE:
        # The common '1,234.56' or '1234': integer arithmetic on ASCII digits, exact and fast; at most
        # ten whole digits, so even times 万 it stays far below MAX_FEN.
        whole, dot, cents = value.partition(".")
        whole = _ungrouped(whole) if "," in whole else whole
        if whole and whole.isdigit() and whole.isascii() and len(whole) <= 10:
            if not dot:
                return int(whole) * 100 * scale
            if len(cents) == 2 and cents.isdigit() and cents.isascii():
                return (int(whole) * 100 + int(cents)) * scale
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return _fen(amount * scale, value)
    s = value.strip() if isinstance(value, str) else text(value)   # Excel also gives booleans and times
    if s.isdigit() and s.isascii():
        return _checked_fen(int(s) * 100 * scale, s)
    # The common '1,234.56': integer arithmetic on the digits, exact like Decimal and faster.
    whole, dot, cents = s.partition(".")
    whole = _ungrouped(whole) if "," in whole else whole
    if whole and whole.isdigit() and whole.isascii() and len(cents) <= 2 and (cents.isdigit() and cents.isascii() or not dot):
        return _checked_fen((int(whole) * 100 + int(cents.ljust(2, "0"))) * scale, s)
    if s.lower() in EMPTY:
        return None
    original = s
    s = s.translate(_FULLWIDTH)
    for mark in _CURRENCY:
        s = s.replace(mark, "")
    s = s.strip(_SPACES)
    # A minus sign or accountants' brackets: refused, but for zero (-0, (0.00): a report's way of writing nothing).
    signed = s.startswith("(") and s.endswith(")") or s.startswith("-")
    if signed:
        s = (s[1:-1] if s.startswith("(") else s[1:]).strip(_SPACES)
    for unit, factor in _UNITS:
        if s.endswith(unit):
            s, scale = s[: -len(unit)], factor
            break
    s = s.replace("元", "").strip(_SPACES)   # a stray 元 elsewhere, as before units were read
    whole, dot, rest = s.partition(".")
    whole = _ungrouped(whole)
    if whole is None:
        raise ValueError(_("{value!r} is not an amount (its digit groups are not thousands)").format(value=original))
    try:
        amount = Decimal(whole + dot + rest)
    except InvalidOperation:
        raise _not_an_amount(original) from None
    if not amount.is_finite():
        raise _not_an_amount(original)
    if signed and amount:
        raise _negative(original)
    return _fen(amount * scale, original)


def _not_an_amount(value: str) -> ValueError:
    return ValueError(_("{value!r} is not an amount").format(value=value))


# A cell is quoted as written: a number cell -3 as '-3', not -3.0 (text).
def _negative(value) -> ValueError:
    return ValueError(_("amount {value!r} is negative").format(value=text(value)))


def _too_large(value) -> ValueError:
    return ValueError(_("amount {value!r} is too large").format(value=text(value)))


def _fen(amount: Decimal, original) -> int:
    if amount < 0:
        raise _negative(original)
    if amount * 100 > MAX_FEN:
        raise _too_large(original)
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _checked_fen(fen: int, original) -> int:
    if fen > MAX_FEN:
        raise _too_large(original)
    return fen


def parse_count(value) -> int | None:
    """A whole number of times: '12', '12次', 12.0, '12.0', '3.00' (not '12.5')."""
    if value.__class__ is str and value.isdigit() and value.isascii() and len(value) < 10:
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value <= MAX_COUNT:
            return int(value)
        raise _not_a_count(value)
    s = value.strip() if isinstance(value, str) else text(value)   # Excel also gives booleans and times
    if s.isdigit() and s.isascii() and len(s) < 10:
        return int(s)
    if s.lower() in EMPTY:
        return None
    s = s.translate(_FULLWIDTH).removesuffix("次").removesuffix("笔").strip()
    whole, dot, fraction = s.partition(".")
    if dot and fraction and not fraction.strip("0"):   # a whole number written as a decimal: 12.0, 3.00
        s = whole
    s = _ungrouped(s) or ""
    if s.isdigit() and int(s) <= MAX_COUNT:
        return int(s)
    raise _not_a_count(value)


def _not_a_count(value) -> ValueError:
    return ValueError(_("{value!r} is not a count").format(value=text(value)))


_GENDERS = {
    "男": "M", "m": "M", "male": "M", "1": "M", "男性": "M", "男士": "M", "先生": "M",
    "女": "F", "f": "F", "female": "F", "2": "F", "女性": "F", "女士": "F",
    "未知": None, "0": None, "9": None, "u": None, "unknown": None, "未说明": None,
}


def cached(parse, limit: int = 50_000):
    """parse with a memo of its recent answers: extracts repeat dates and codes on many rows."""
    memo: dict = {}

    def lookup(value):
        try:
            return memo[value]
        except KeyError:
            result = parse(value)
            if len(memo) >= limit:
                memo.clear()
            memo[value] = result
            return result

    lookup.memo = memo
    lookup.uncached = parse   # for callers that keep their own answers
    return lookup


def parse_gender(value) -> str | None:
    """M or F from 男/女, M/F, male/female, 1/2 (GB/T 2261: 0 and 9 are unknown)."""
    s = text(value).lower()
    if not s:
        return None
    try:
        return _GENDERS[s]
    except KeyError:
        raise ValueError(_("gender {value!r} is not 男/女, M/F or 1/2").format(value=text(value))) from None


# With the ticks and crosses of a spreadsheet's yes/no column (√ ✓ ✔ ☑, × ✗ ✘ ☒ ✕ ✖).
_YES = frozenset({"是", "y", "yes", "1", "true", "t", "对", "√", "✓", "✔", "☑", "已授权", "同意"})
_NO = frozenset({"否", "n", "no", "0", "false", "f", "", "×", "✗", "✘", "☒", "✕", "✖", "未授权", "不同意"})


def parse_bool(value) -> int | None:
    """1 or 0 from 是/否, Y/N, 1/0, true/false, a tick or a cross, also in full-width forms (Ｙ, １); None for an
    empty cell or a placeholder (NULL, -, /, 空)."""
    if isinstance(value, bool):
        return int(value)
    s = text(value).lower()
    if not s:
        return None
    if not s.isascii() and s not in _YES and s not in _NO:
        s = unicodedata.normalize("NFKC", s).strip().lower()   # full-width letters and digits: Ｙ, ｙｅｓ, １
    if s in _YES:
        return 1
    if s in _NO:
        return 0
    if s in EMPTY:   # after _NO, which reads '0' as no
        return None
    raise ValueError(_("{value!r} is not yes or no (是/否, Y/N, 1/0)").format(value=text(value)))


_REFUSED = frozenset({"拒绝", "已拒绝", "拒绝营销", "refused"})
_NOT_REFUSED = frozenset({"不拒绝", "未拒绝", "接受", "接受营销"})


def parse_do_not_call(value) -> int | None:
    """parse_bool, and a refusal (拒绝) as yes: a do-not-call column often says who refused."""
    return _with_refusal(value, 1)


def parse_consent(value) -> int | None:
    """parse_bool, and a refusal (拒绝) as no: a consent column may say who refused."""
    if value.__class__ is str and value.strip() == "无":   # "none": no consent, not an empty cell
        return 0
    return _with_refusal(value, 0)


def _with_refusal(value, refused: int) -> int | None:
    s = "" if isinstance(value, bool) else text(value).lower()
    if s in _REFUSED:
        return refused
    if s in _NOT_REFUSED:
        return 1 - refused
    return parse_bool(value)


_TAG_SEPARATORS = ("，", "、", ";", "；", "|", "/")


def parse_tags(value) -> str:
    """Tags as one comma list, in their order, without blanks or repeats."""
    s = text(value)
    if not s:
        return ""
    for sep in _TAG_SEPARATORS:
        s = s.replace(sep, ",")
    return ",".join(dict.fromkeys(t.strip() for t in s.split(",") if t.strip()))


def id_number_reader(today: date) -> Callable:
    """from_id_number for an import on `today`, refusing (ValueError) a number whose birthday cannot be
    one, as a birthday cell is refused: after today (but for past_date's day of grace), before 1900, or
    1900-01-01, which systems write for "no date". Such a number is mistyped or made up, so neither its
    birthday nor its gender digit can be trusted."""
    latest, said = past_date(today).latest, today.isoformat()

    def read(value) -> tuple[str | None, str | None]:
        birthday, gender = from_id_number(value)
        if birthday is None:
            return None, None
        if birthday > latest:
            why = _("the ID number gives the birthday {birthday}, which is after today ({today}); check the number")
        elif birthday < "1900":
            why = _("the ID number gives the birthday {birthday}, which is before 1900; check the number")
        elif date.fromisoformat(birthday) in PLACEHOLDER_DATES:
            why = _("the ID number gives the birthday {birthday}, the date systems write for no date; check the number")
        else:
            return birthday, gender
        raise ValueError(why.format(birthday=birthday, today=said))

    return read


def from_id_number(value) -> tuple[str | None, str | None]:
    """Birthday and gender read from an 18-digit resident ID number (the number itself is not kept);
    id_number_reader checks the birthday against the import's day."""
    s = text(value).upper()
    if len(s) != 18 or not s[:17].isdigit():
        return None, None
    try:
        birthday = date(int(s[6:10]), int(s[10:12]), int(s[12:14])).isoformat()
    except ValueError:
        return None, None
    if isinstance(value, float):   # a number cell: Excel kept 15 digits, so the gender digit is lost
        return birthday, None
    return birthday, ("M" if int(s[16]) % 2 else "F")
