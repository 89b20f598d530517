"""A follow-up time as a manager types it: parse_when reads a day (today, 明天, friday, 下周二, +3d, 三天后, next-month,
下个工作日, 2026-11-25, 11月25日, 25号...) and an optional time of day (10:00, 3pm, 下午3点, 10点半, 全天) into a day and
a slot, refusing one that is past; check_slot and check_not_past are the checks booking and moving a follow-up share
with it.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date, datetime, timedelta

from workbench.errors import WorkbenchError
from workbench.holidays import next_working_day
from workbench.i18n import N_, gettext as _

_SLOT = re.compile(r"([01]\d|2[0-3]):[0-5]\d")   # fullmatch: "$" would let a trailing newline through
# The slot parse_when gives for 全天 / all day: the day with no time of day, so a moved follow-up drops the time it had
# instead of keeping it; the checks read it as no time and followups.schedule and reschedule store it as none.
ALL_DAY = ""
_ALL_DAY_WORDS = ("全天", "all day", "all-day")
# The words parse_when reads as a number of days ahead, in English and in Chinese.
_DAYS_AHEAD = {"today": 0, "tomorrow": 1, "next-week": 7, "next week": 7, "今天": 0, "明天": 1, "后天": 2, "大后天": 3,
               "下周": 7, "下下周": 14}
_NEXT_MONTH = ("next-month", "next month", "下个月", "下月")
# The first working day after today as the statutory calendar has it (holidays.next_working_day): past a weekend, and
# past a holiday's days off to its make-up Saturday or Sunday, or the day after the holiday.
_NEXT_WORKING_DAY = ("next-workday", "next workday", "next working day", "下个工作日", "下一个工作日")
# A day of a month named by how far ahead it is: 本月25号 (this month's), 下个月3号, 下下个月10日; longest first.
_MONTH_OF = {"下下个月": 2, "下下月": 2, "下个月": 1, "下月": 1, "这个月": 0, "本月": 0}
# A count as typed: digits, or Chinese number words up to 九十九 (三, 两, 十, 二十五); _count checks the words.
_COUNT = r"\d{1,3}|[零一二两三四五六七八九十]{1,3}"
# Weekdays: 周五 / 星期五 / 礼拜五 or friday is the coming one (today on a Friday), 本周五 / 这周五 this calendar
# week's (Monday to Sunday), 下周五 / 下星期五 next week's, 下下周五 the week after's; 日 and 天 are Sunday.
_WEEKDAYS = {d: i for i, d in enumerate("一二三四五六日")} | {"天": 6}
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Each English weekday as typed, whole or cut short (mon, tue, tues, thu, thurs...), to its index.
_EN_DAY_OF = {name: i for i, day in enumerate(_EN_WEEKDAYS)
              for name in {day, day[:3], *(("tues",) if i == 1 else ()), *(("weds",) if i == 2 else ()),
                           *(("thur", "thurs") if i == 3 else ())}}
# 'next friday' is next calendar week's, as 下周五; 'this friday' this week's, as 本周五.
_EN_WEEK_OF = {"next": 1, "this": 0}
_WEEK_OF = {"下周": 1, "下个星期": 1, "下星期": 1, "下个礼拜": 1, "下礼拜": 1,
            "下下周": 2, "下下个星期": 2, "下下星期": 2, "下下个礼拜": 2, "下下礼拜": 2,
            "本周": 0, "这周": 0, "这个星期": 0, "这星期": 0, "本星期": 0}
# The day a follow-up time starts with (a weekday, a word, +3d, 三天后, 两周后, 两个月后, 半个月后, a date); the rest is a
# time of day. The weekdays come first: 下周二 is Tuesday, not 下周 and a time. The dates: 2026-11-25, 2026/11/25,
# 2026年11月25日, 2027-1-5 and 2027/1/5 (a one-digit month or day; 2027-1-5T10:00 with its time, as the ISO form), and
# without a year 11月25日 (or 号), 11-25 and 11/25 (the nearest one, see _coming_date) or 25号 / 25日 (the coming 25th).
# A T before the time goes with the ISO form alone: 2027/1/5T10:00 and 1-5T10:00 are no form.
_DAY = re.compile(
    rf"(?:(?P<week>{'|'.join(_WEEK_OF)})|周|星期|礼拜)(?P<weekday>[一二三四五六日天])"
    rf"|(?:(?P<en_week>next|this)\s+)?(?P<en_weekday>{'|'.join(sorted(_EN_DAY_OF, key=len, reverse=True))})(?![a-z])"
    rf"|(?P<which_month>{'|'.join(_MONTH_OF)})(?P<month_day>{_COUNT})\s*[日号]"
    rf"|(?P<word>{'|'.join(map(re.escape, [*_DAYS_AHEAD, *_NEXT_MONTH, *_NEXT_WORKING_DAY]))})"
    rf"|\+(?P<plus>\d{{1,3}})d"
    rf"|(?P<count>{_COUNT}|半)\s*(?P<unit>天|周|个星期|星期|个月)(?:以|之)?后"
    rf"|(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})(?!\d)(?P<t>t)?"
    rf"|(?:(?P<year>\d{{4}})\s*年\s*)?(?P<month>{_COUNT})\s*月\s*(?P<day>{_COUNT})\s*[日号]"
    rf"|(?P<of_month>{_COUNT})\s*[日号]"
    rf"|(?:(?P<slash_year>\d{{4}})(?P<year_sep>[-/]))?(?P<num_month>\d{{1,2}})(?P<sep>[-/])(?P<num_day>\d{{1,2}})(?![\d/t-])")
# A time of day as a Chinese manager types it: 10点, 10点半, 十点一刻, 10点05分, 10点整, 下午3点, 下午3:30.
_CN_TIME = re.compile(
    rf"(?P<part>上午|早上|中午|下午|晚上)?\s*(?P<hour>{_COUNT})"
    rf"(?:\s*[点时]\s*(?:(?P<whole>整)|(?P<half>半)|(?P<quarter>[一三])刻|(?P<minute>{_COUNT})\s*(?P<fen>分)?)?"
    rf"|:(?P<colon>\d\d))")
# A time of day on the English 12-hour clock: 10am, 3pm, 3:30pm, 10 am, 3 p.m. (12am is 00:00, 12pm noon).
_EN_TIME = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d\d))?\s*(?P<half_day>[ap])\.?m\.?")
# The hours each part of the day may name, as (first, last, hours to add for the 24-hour clock): 下午3点 is 15:00;
# 1点 to 8点 alone may be morning or evening, 晚上12点 and 上午12点 either midnight or noon, so neither is read.
_PART_HOURS = {None: ((0, 0, 0), (9, 23, 0)), "上午": ((1, 11, 0),), "早上": ((1, 11, 0),),
               "中午": ((11, 12, 0), (1, 2, 12)), "下午": ((1, 11, 12), (12, 23, 0)), "晚上": ((5, 11, 12), (13, 23, 0))}
_CN_DIGITS = {d: i for i, d in enumerate("零一二三四五六七八九")}


def check_slot(slot: str | None) -> str | None:
    if slot and not _SLOT.fullmatch(slot):   # None and ALL_DAY are no time of day
        raise WorkbenchError(_("A time slot must be HH:MM, not {slot!r}.").format(slot=slot))
    return slot


def check_not_past(due_on: date, slot: str | None, now: datetime, *, kept: bool = False) -> None:
    """kept: the slot is the one a moved follow-up keeps; a past one then asks for a new time with the day."""
    if due_on < now.date() or (due_on == now.date() and slot and slot < now.strftime("%H:%M")):
        if kept and due_on == now.date():
            raise WorkbenchError(_("The follow-up keeps its time, {slot}, which is past today ({day}); give a new time"
                                   " as well, or 'all day' for the day alone.").format(slot=slot, day=due_on.isoformat()))
        raise WorkbenchError(_("The follow-up time {when} is in the past.").format(when=day_and_slot(due_on, slot)))


def day_and_slot(day: date, slot: str | None) -> str:
    """A follow-up's day and time of day as the sentences name them: '2026-11-24 10:00', the day alone for no time of
    day (None, ALL_DAY)."""
    return f"{day.isoformat()} {slot}" if slot else day.isoformat()


def parse_when(text: str, now: datetime) -> tuple[date, str | None]:
    """A follow-up time from 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM', 'today', 'tomorrow', '+Nd', 'next-week', 'next-month',
    a weekday ('friday', 'fri', 'next monday', 'this sunday', 周五, 本周五, 下周二, 下下周五; see _WEEK_OF),
    or the Chinese 今天, 明天, 后天, 大后天 (3 days), 'N天后', 'N周后', 'N个月后', 半个月后 (15 days), 下周, 下下周 (14 days),
    下个月 (下月), N in digits or words (三天后, 两周后, 二十天后, 两个月后);
    'next-workday' ('next working day', 下个工作日, 下一个工作日): the first working day after today, as the statutory
    calendar has it (holidays.next_working_day: a holiday's days off skipped, its make-up Saturday or Sunday worked);
    a date: 2026/11/25, 2026-1-5, 2026年11月25日, or without the year 11月25日 (11月25号, 十一月二十五日), 11-25 or
    11/25, which is the nearest one (the coming one within half a year, else the one just gone, refused as past; see
    _coming_date), or a day of the month alone, 25号 (25日), the
    coming 25th (this month's unless it has gone, then the next month's that has one);
    any of them may be followed by a time of day: 'tomorrow 10:00', 'tomorrow 3pm' (3:30pm, 10 am; 12am is 00:00 and
    12pm noon), '明天 10:00', '明天10点', '明天10点半', '明天下午3点', or by 'all day' / 全天 ('tomorrow all day', '明天 全天'),
    which gives the slot ALL_DAY: no time of day, where a day alone keeps a moved follow-up's time (see followups.reschedule);
    a time of day alone ('10:00', '3pm', '下午3点', '全天') is today's.

    next-week is seven days ahead, next-month and N个月后 the same day one or N months on (the month's last day if
    shorter); a time in the past is refused, and so is 1点 to 8点 without 上午 or 下午 (morning or
    evening?). Full-width digits and colons, as a Chinese input method types them, are read as the ASCII ones.
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()
    lowered = raw.lower()
    match = _DAY.match(lowered)
    # A time of day alone (下午3点, 10:00, 全天) is today's, read and refused as after a day (3点: 上午 or 下午?).
    alone = match is None and bool(lowered in _ALL_DAY_WORDS or _CN_TIME.fullmatch(lowered) or _EN_TIME.fullmatch(lowered))
    rest, apart = (lowered[match.end():], bool(match["t"])) if match else (
        (lowered, True) if alone else ("", False))
    try:
        due = now.date() if alone else _day_of(match, lowered, now.date())
        slot = _time_of(rest.strip(), typed_apart=apart or rest[:1].isspace()) if rest or apart else None
    except NoSuchDay as gone:
        typed = lowered[:match.end()].removesuffix("t").strip() if match else raw   # the day, not its time
        days = monthrange(gone.year, gone.month)[1]
        month = _(MONTH_NAMES[gone.month - 1])
        if gone.month == 2:   # the year decides: February 2027 has 28 days, February 2028 29
            raise WorkbenchError(_("There is no {text}: {month} {year} has {days} days.").format(
                text=typed, month=month, year=gone.year, days=days)) from None
        raise WorkbenchError(_("There is no {text}: {month} has {days} days.").format(
            text=typed, month=month, days=days)) from None
    except ValueError:
        raise WorkbenchError(_("Cannot read the follow-up time {text!r}; try tomorrow 3pm, friday 10:00, next monday,"
                               " +3d, next-month, {date} or {date} 10:00.").format(text=text, **examples(now))) from None
    check_not_past(due, slot, now)
    return due, slot


def examples(now: datetime) -> dict[str, object]:
    """The date the hints give as an example, a week on so that typing it is never refused as past: its month, day
    and ISO date, for the {month}, {day} and {date} of a hint."""
    day = now.date() + timedelta(days=7)
    return {"month": day.month, "day": day.day, "date": day.isoformat()}


MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
               N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


class NoSuchDay(ValueError):
    """A day the month does not have (2月30日, 2月29日 in a year without one, 下个月31号 in a 30-day month)."""

    def __init__(self, year: int, month: int):
        super().__init__(f"{year}-{month:02d}")
        self.year, self.month = year, month


def _date(year: int, month: int, day: int) -> date:
    """The date; NoSuchDay for a day 29 to 31 its month lacks, ValueError for any other impossible one (13月, 32日)."""
    if 1 <= month <= 12 and 29 <= day <= 31 and day > monthrange(year, month)[1]:
        raise NoSuchDay(year, month)
    return date(year, month, day)


def _day_of(match: re.Match | None, lowered: str, today: date) -> date:
    """The day _DAY matched at the start of the text; ValueError if none did or there is no such date."""
    if match is None:
        return date.fromisoformat(lowered)   # the other forms date.fromisoformat reads (20261121), as before
    if match["weekday"] or match["en_weekday"]:
        weekday = _WEEKDAYS[match["weekday"]] if match["weekday"] else _EN_DAY_OF[match["en_weekday"]]
        week = _WEEK_OF[match["week"]] if match["week"] else _EN_WEEK_OF[match["en_week"]] if match["en_week"] else None
        if week is None:   # the coming one
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week)
        return monday + timedelta(days=weekday)   # this week's may be past: check_not_past says so
    if match["word"] == "下周" and lowered[match.end():match.end() + 1] == "末":   # 下周末, a weekend, is no one day
        raise WorkbenchError(_("{text} is two days; name one of them, such as 下周六 or 下周日.").format(text=lowered[:match.end() + 1]))
    if match["word"] in _DAYS_AHEAD:
        return today + timedelta(days=_DAYS_AHEAD[match["word"]])
    if match["word"] in _NEXT_WORKING_DAY:
        return next_working_day(today)
    if match["word"]:   # next month
        return _months_ahead(today, 1)
    if match["plus"]:
        return today + timedelta(days=int(match["plus"]))
    if match["count"] == "半":   # 半个月后 is 15 days, as it is meant; 半天后 or 半周后 is no one day
        if match["unit"] != "个月":
            raise ValueError(lowered)
        return today + timedelta(days=15)
    if match["count"]:
        count = _count(match["count"])
        if count is None:
            raise ValueError(match["count"])
        if match["unit"] == "个月":
            return _months_ahead(today, count)
        return today + timedelta(days=count * (1 if match["unit"] == "天" else 7))
    if match["of_month"]:
        return _coming_day_of_month(today, _number(match["of_month"]))
    if match["which_month"]:   # ValueError for a day that month does not have (下个月31号 in a 30-day month)
        first = _months_ahead(today.replace(day=1), _MONTH_OF[match["which_month"]])
        return _date(first.year, first.month, _number(match["month_day"]))
    if match["month"] or match["num_month"]:
        if match["year_sep"] and match["year_sep"] != match["sep"]:   # 2026/11-25: a slip, no form
            raise ValueError(lowered)
        month, day = (_number(match["month"]), _number(match["day"])) if match["month"] else (
            int(match["num_month"]), int(match["num_day"]))
        year = match["year"] or match["slash_year"]
        return _date(int(year), month, day) if year else _coming_date(today, month, day)
    return _date(*map(int, match["iso"].split("-")))


def _number(text: str) -> int:
    """A month or day in digits or Chinese number words (十一月二十五号); ValueError if it is neither."""
    number = _count(text)
    if number is None:
        raise ValueError(text)
    return number


# How far a date typed without its year may be from today, ahead or gone: the nearer one of the two is meant.
_HALF_A_YEAR = timedelta(days=183)
# A day gone this recently is a slip for a past day, never one about a year on (12月31日 on 2 January).
_JUST_GONE = timedelta(days=61)


def _coming_date(today: date, month: int, day: int) -> date:
    """A date typed without its year (11月25日, 11/25): the coming one within half a year (1月5日 on 20 November is next
    January's); else one gone within the last two months, a slip for a day already past whichever year it fell in,
    which check_not_past refuses as past (10月5日 on 20 November, 12月31日 on 2 January); else this year's still to
    come, however far (12月20日 on 1 March); else the one gone (6月1日 on 20 November: past, not next June's); else
    the coming one (2月29日 in the August before a leap year: none has gone).
    NoSuchDay for a day its month never has (2月30日), or 2月29日 when neither the coming February nor one gone within
    half a year has one; ValueError for a month or day no month has (13月, 32日)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError((month, day))
    coming_year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    coming, gone = (date(year, month, day) if day <= monthrange(year, month)[1] else None   # none: 2月29日 then
                    for year in (coming_year, coming_year - 1))
    if coming and coming - today <= _HALF_A_YEAR:
        return coming
    if gone and today - gone <= _JUST_GONE:
        return gone
    if coming and coming.year == today.year:
        return coming
    if gone and (coming or today - gone <= _HALF_A_YEAR):   # a 2月29日 long gone: the coming February lacks it
        return gone
    if coming:
        return coming
    raise NoSuchDay(coming_year, month)


def _coming_day_of_month(today: date, day: int) -> date:
    """The coming day `day` of a month (25号): this month's if it has not gone, else the next month that has one
    (31号 on 20 November is 31 December). ValueError for a day no month has (0号, 32号)."""
    if not 1 <= day <= 31:
        raise ValueError(day)
    for months in range(12):
        first = _months_ahead(today.replace(day=1), months)
        if day <= monthrange(first.year, first.month)[1] and (found := first.replace(day=day)) >= today:
            return found
    raise ValueError(day)   # unreachable: December and January have 31 days


def _months_ahead(today: date, months: int) -> date:
    """The same day `months` months on, or that month's last day when it is shorter (Jan 31 + 1 is Feb 28 or 29)."""
    year, month = divmod(today.month - 1 + months, 12)
    year, month = today.year + year, month + 1
    return date(year, month, min(today.day, monthrange(year, month)[1]))


def _count(text: str) -> int | None:
    """A count in digits or Chinese number words from 零 to 九十九 (两 alone is 2, 零五 is 5); None if it is neither."""
    if text.isdigit():
        return int(text)
    if text == "两":
        return 2
    if len(text) == 2 and text[0] == "零":
        return _CN_DIGITS.get(text[1]) or None
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _ten, units = text.partition("十")
    if tens not in ("", *"二三四五六七八九") or units not in ("", *"一二三四五六七八九"):
        return None
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)


def _time_of(text: str, typed_apart: bool) -> str:
    """The slot ("HH:MM") of the time of day typed after a day. ValueError when the text is no time at all and not
    typed apart from the day (下周三: a weekday), so the whole is unreadable; WorkbenchError for a time it cannot take."""
    text = text.removeprefix("at ")   # 'monday at 3pm'
    if text in _ALL_DAY_WORDS:
        return ALL_DAY
    if not text:   # 2026-11-21T
        raise ValueError(text)
    if re.fullmatch(r"\d:\d\d(?::00)?", text):   # 9:30, as it is often typed, is 09:30
        text = "0" + text
    if en := _EN_TIME.fullmatch(text):
        hour, minute = int(en["hour"]), int(en["minute"] or 0)
        if not 1 <= hour <= 12 or minute > 59:   # 13pm, 0am
            raise _unreadable_time(text)
        return f"{hour % 12 + (12 if en['half_day'] == 'p' else 0):02d}:{minute:02d}"   # 12am is 00:00, 12pm noon
    cn = _CN_TIME.fullmatch(text)
    if ":" in text and (cn is None or not cn["part"]):   # the 24-hour HH:MM, read as after a date
        return check_slot(text[:5] if len(text) > 5 and text[5:] == ":00" else text)
    if cn is None and not (typed_apart or text[:1].isdigit() or text.startswith(tuple(filter(None, _PART_HOURS)))):
        raise ValueError(text)
    hour, minute = (_count(cn["hour"]), _minute_of(cn)) if cn else (None, None)
    if hour is not None and minute is not None:
        if cn["part"] is None and 1 <= hour <= 8:   # 3点 is 03:00 to some and 15:00 to others
            raise WorkbenchError(_("{time!r} could be {morning} or {evening}; put 上午 or 下午 before it, or type the"
                                   " time as HH:MM.").format(time=text, morning=f"{hour:02d}:00", evening=f"{hour + 12:02d}:00"))
        for first, last, add in _PART_HOURS[cn["part"]]:
            if first <= hour <= last:
                return f"{hour + add:02d}:{minute:02d}"
    raise _unreadable_time(text)


def _unreadable_time(text: str) -> WorkbenchError:
    return WorkbenchError(_("Cannot read the time of day {time!r}; use HH:MM such as 10:00, or in Chinese 10点, 10点半"
                            " or 下午3点.").format(time=text))


def _minute_of(cn: re.Match) -> int | None:
    """The minutes of a _CN_TIME match; None past 59, or for 10点5 (5 or 50?) unless written 10点05 or 10点5分."""
    if cn["colon"]:
        return int(cn["colon"]) if int(cn["colon"]) < 60 else None
    if cn["half"] or cn["quarter"]:
        return 30 if cn["half"] else 15 if cn["quarter"] == "一" else 45
    if not cn["minute"]:
        return 0
    minute = _count(cn["minute"])
    if minute is None or minute > 59 or (minute < 10 and not cn["fen"] and cn["minute"][0] not in "0零"):
        return None
    return minute
