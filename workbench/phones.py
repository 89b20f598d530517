"""Phone numbers: how they show (masked, or as dialled) and how an imported cell is normalised."""

from __future__ import annotations

import re
from typing import NamedTuple


class Dialled(NamedTuple):
    """What a manager dials: the number in E.164 (None: no callable number), then the extension
    to ask the switchboard for, if any."""

    number: str | None
    ext: str | None = None


def mask_phone(phone: str | None) -> str:
    """The number with its middle hidden and what tells a manager its kind kept: 138****5678 for a mainland
    mobile, 021****7976 for a landline (its area code, with the trunk 0 dialled before it), 400***1234 for a
    service number, +852****4567 abroad; one star a hidden digit. Anything else: all but the last four hidden."""
    if not phone:
        return ""
    if phone.startswith("+86"):
        digits = phone[3:]
        if len(digits) == 11 and digits.startswith("1"):
            return f"{digits[:3]}****{digits[-4:]}"
        if digits.startswith(("400", "800")) and len(digits) == 10:   # 400 / 800 numbers are dialled without a trunk 0
            return _masked(digits, 3)
        # Beijing (10) and the 2x cities have two-digit area codes; every other mainland area code has three.
        return _masked("0" + digits, 3 if digits.startswith(("10", "2")) else 4)
    if phone.startswith("+"):
        return _masked(phone, 1 + _country_code_length(phone[1:]))
    return _masked(phone, 0)


def _masked(number: str, shown: int) -> str:
    """The first `shown` characters and the last four digits of number, the digits between as stars."""
    hidden = len(number) - shown - 4
    if hidden <= 0:
        return "*" * len(number)
    return number[:shown] + "*" * hidden + number[-4:]


def _country_code_length(digits: str) -> int:
    """How many of an international number's leading digits are its country code (0: not known)."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return next((n for n in (1, 2, 3) if digits[:n].isdigit() and int(digits[:n]) in COUNTRY_CODE_TO_REGION_CODE), 0)


def for_dialling(e164: str | None) -> str:
    """A number as a manager dials it from a desk phone: a mainland one in its national form
    (138 1234 5678, 021 6600 0090), any other in the international form (+852 9123 4567)."""
    if not e164:
        return ""
    if e164.startswith("+861") and plain_mobile(e164[3:]):
        return f"{e164[3:6]} {e164[6:10]} {e164[10:]}"
    import phonenumbers

    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    form = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 86 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, form)


# --- Normalisation for import --------------------------------------------------------------------


class PhoneResult(NamedTuple):
    """A phone cell as imported: E.164 when callable, and why not when not."""

    e164: str | None
    valid: int           # 1: callable
    kind: str | None     # mobile / landline / other
    problem: str | None  # why the customer cannot be called, in words
    ext: str | None = None   # the extension to ask for once the main number (e164) answers, digits only


NO_PHONE = PhoneResult(None, 0, None, "no phone number")
# Full-width digits and plus (what Chinese input methods type) to ASCII; separators removed.
_CLEAN = str.maketrans(
    {**{0xFF10 + d: str(d) for d in range(10)}, 0xFF0B: "+", " ": None, "-": None, "\u3000": None,
     "(": None, ")": None, "（": None, "）": None, ".": None, "\t": None}
)
_FULL_WIDTH_DIGITS = str.maketrans({0xFF10 + d: str(d) for d in range(10)} | {0xFF03: "#", 0xFF1A: ":", 0xFF0D: "-"})
# Between two numbers in one cell; a line break is Excel's Alt+Enter. A space is one only where the cell is
# no number whole (021 6234 5678 is one): see _spaced.
_SEPARATORS = ("/", ";", "；", ",", "，", "、", "|", "\n", "\r")
# A note in brackets beside a number: 13800138000(本人), （微信同号）, and an extension bracketed: （转123）.
_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")
_BRACKETED_EXTENSION = re.compile(r"\s*(?:转|轉|分机|分機|ext\.?|extension|x|#)\s*[:：]?\s*[0-9０-９]{1,6}\s*$",
                                  re.IGNORECASE)
_MOST_WORDS = 12   # the most space-separated pieces of a cell tried as numbers (see _spaced)
# phonenumbers' number types and possibility reasons, by name (it is imported only when needed).
_KINDS = {"MOBILE": "mobile", "FIXED_LINE": "landline", "FIXED_LINE_OR_MOBILE": "other"}
_POSSIBLE_REASONS = {
    "TOO_SHORT": "too few digits for a phone number",
    "TOO_LONG": "too many digits for a phone number",
    "INVALID_COUNTRY_CODE": "unknown country code",
    "INVALID_LENGTH": "wrong number of digits for a phone number",
}


# "010-12345678转123", "…分机123", "… ext. 123", "…x123", "…#123": a marker, then the extension's digits.
_MARKED_EXTENSION = re.compile(r"^(.*?[0-9)])[\s\-—_,:]*(?:转|轉|分机|分機|ext\.?|extension|x|#)[\s:]*([0-9]{1,6})\s*$",
                               re.IGNORECASE)
# "010-12345678-123": a third dashed group after an area code and a local number.
_DASHED_EXTENSION = re.compile(r"^(.*[0-9].*-.*[0-9])\s*-\s*([0-9]{1,6})$")


# The digits after the leading 1 of the mainland mobile ranges phonenumbers holds valid whatever the
# eight digits that follow (its metadata for CN, less 161 and 174, where it depends on them); such a
# number takes the fast path. Any other eleven digits starting with 1 are asked of phonenumbers, so
# an unallocated range (140, 154, 179, ...) is never called. tests/test_phones.py checks every range.
MOBILE_RANGES = r"(?:3[0-9]|4[57]|5[0-35-9]|6[25-7]|7[0-35-8]|8[0-9]|9[0-35-9])"
MOBILE_PATTERN = rf"^1{MOBILE_RANGES}[0-9]{{8}}$"
MOBILE_RANGE_DIGITS = frozenset(f"{n:02d}" for n in range(100) if re.fullmatch(MOBILE_RANGES, f"{n:02d}"))


def plain_mobile(digits: str) -> bool:
    """Whether a cell is exactly a mainland mobile of the fast path (eleven ASCII digits)."""
    return len(digits) == 11 and digits.isdigit() and digits.isascii() and digits[0] == "1" \
        and digits[1:3] in MOBILE_RANGE_DIGITS


def _mobile(digits: str) -> PhoneResult | None:
    """The fast path: a plain mainland mobile needs no phonenumbers."""
    return PhoneResult("+86" + digits, 1, "mobile", None) if plain_mobile(digits) else None


def normalise_phone(raw: str | None, *, spaces: bool = True) -> PhoneResult:
    """Normalise one phone cell (default region CN); plain mainland mobiles skip phonenumbers. A cell holding
    several numbers (split by / ; , 、 |, a line break, or, with spaces, by spaces) gives the one to call (see
    phone_cell_numbers)."""
    if raw is None:
        return NO_PHONE
    text = raw.strip()
    if text.endswith(".0") and text[:-2].isdigit() and text[:-2].isascii():
        text = text[:-2]   # digits a float export wrote as 13800138000.0
    fast = _mobile(text)
    if fast is not None:
        return fast
    if not text:
        return NO_PHONE
    cleaned = text.translate(_CLEAN)
    if cleaned.startswith("+86"):
        cleaned = cleaned[3:]
    elif cleaned.startswith("0086"):
        cleaned = cleaned[4:]
    elif cleaned.startswith("86") and len(cleaned) == 13:
        cleaned = cleaned[2:]
    fast = _mobile(cleaned)
    if fast is not None:
        return fast
    if ("(" in text or "（" in text or "[" in text or "【" in text) and (plain := _without_notes(text)) != text:
        return normalise_phone(plain, spaces=spaces)
    for sep in _SEPARATORS:
        if sep in text:
            # Several numbers in one cell: a callable mobile, else the first callable number, is called.
            return _preferred([result for _part, result in _separated(text, sep)])
    # Every marker is non-ASCII or holds an x or a #: most landlines skip the pattern.
    marked = _MARKED_EXTENSION.match(text.translate(_FULL_WIDTH_DIGITS)) \
        if "#" in text or "x" in text or "X" in text or not text.isascii() else None
    if marked is not None:
        # The number before the marker is the one judged: its problem, if any, is the customer's.
        main = normalise_phone(marked[1], spaces=False)
        if main.valid or not spaces:
            return main._replace(ext=marked[2]) if main.valid and main.ext is None else main
    else:
        result = _parse_other(text, cleaned)
        if result.valid:
            return result
        main = _dashed_extension(text) or result
        if main.valid or not spaces:
            return main
    spaced = _spaced(text)
    return _preferred([result for _part, result in spaced]) if spaced and any(r.valid for _p, r in spaced) else main


def phone_cell_numbers(raw: str | None) -> tuple[str | None, str | None]:
    """A phone cell as (the text of the number to call, the text of the alternate): a cell holding several
    numbers is read as two phone columns are (rows._either_phone): the first callable mobile, else the first
    callable number, is called, and the first other callable number is the alternate; a note in brackets is
    no part of either (13800138000(本人)). A cell of one number, or of none callable, is (the cell, None)."""
    if raw is None:
        return None, None
    text = raw.strip()
    if plain_mobile(text):
        return text, None
    parts = _numbers(_without_notes(text))
    if parts is None:
        return raw, None
    called = _preferred([result for _part, result in parts])
    if not called.valid:
        return raw, None
    chosen = next(i for i, (_part, result) in enumerate(parts) if result is called)
    other = next((part for i, (part, result) in enumerate(parts) if i != chosen and result.valid), None)
    return (parts[chosen][0], other) if other is not None else (raw, None)


def _preferred(results: list[PhoneResult]) -> PhoneResult:
    """Of a cell's numbers, the one to call: the first callable mobile, else the first callable number (a manager
    calls the mobile, as between two phone columns), else the first, whose problem is the customer's."""
    return next((r for r in results if r.valid and r.kind == "mobile"), None) \
        or next((r for r in results if r.valid), None) or (results[0] if results else NO_PHONE)


def _without_notes(text: str) -> str:
    """The cell with each note in brackets that holds no digit left out (13800138000(本人)), and the brackets
    of an extension dropped, so it reads as one written without them (021-62345678（转123）)."""
    def plain(found: re.Match) -> str:
        inside = found[1]
        if not any(ch.isdigit() for ch in inside):
            return " "
        return " " + inside if _BRACKETED_EXTENSION.fullmatch(" " + inside) else found[0]
    return _BRACKETED.sub(plain, text).strip()


def _separated(text: str, sep: str) -> list[tuple[str, PhoneResult]]:
    """(part, its reading) for each non-empty part of text split at sep."""
    return [(part.strip(), normalise_phone(part)) for part in text.split(sep) if part.strip()]


def _numbers(text: str) -> list[tuple[str, PhoneResult]] | None:
    """(text, reading) of each number a cell holds, when it holds more than one; None for one or none."""
    if not text or normalise_phone(text, spaces=False).valid and not any(sep in text for sep in _SEPARATORS):
        return None
    sep = next((sep for sep in _SEPARATORS if sep in text), None)
    if sep is not None:
        parts = [(part, result) for piece, _result in _separated(text, sep)
                 for part, result in (_numbers(piece) or [(piece, normalise_phone(piece, spaces=False))])]
    else:
        parts = _spaced(text) or []
    return parts if len(parts) > 1 else None


def _spaced(text: str) -> list[tuple[str, PhoneResult]] | None:
    """A cell that is no number whole, read as numbers separated by spaces (13800138000 021-62345678,
    13800138000 本人): from each piece on, the most pieces that read as one callable number (so 021 6234 5678
    stays one), else the piece alone. None for a cell of one piece, or of too many to try, and for one where a
    piece with a digit in it reads as no callable number: 138 0013 8000 1 is one number mistyped, not 13800138000
    and a note, and calling the first eleven digits would ring someone else."""
    pieces = text.split()
    if not 1 < len(pieces) <= _MOST_WORDS:
        return None
    parts, at = [], 0
    while at < len(pieces):
        for end in range(len(pieces) - (at == 0), at, -1):   # the whole cell is read already
            part = " ".join(pieces[at:end])
            result = normalise_phone(part, spaces=False)
            if result.valid or end == at + 1:
                if not result.valid and any(ch.isdigit() for ch in part):
                    return None
                parts.append((part, result))
                at = end
                break
    return parts


def _dashed_extension(text: str) -> PhoneResult | None:
    """'010-12345678-123' as a landline and its extension, or None. Only where the digits together
    are no callable number (021-6234-5678 is one number, not 021-6234 extension 5678), and only
    after a landline: after a mobile a trailing group is more likely a slip than an extension."""
    dashed = _DASHED_EXTENSION.match(text.translate(_FULL_WIDTH_DIGITS))
    if dashed is None:
        return None
    main = normalise_phone(dashed[1])
    return main._replace(ext=dashed[2]) if main.valid and main.kind == "landline" and main.ext is None else None


def _dialled_in_china(candidate: str):
    """'02162345678' (trunk 0, area code, number) as the number phonenumbers.parse(.., 'CN') gives
    when that number is valid, without parse's 20 µs: it strips the trunk 0 whenever what remains is
    a possible number, and a valid one is. None for other shapes; the caller parses those, and
    anything this gives that turns out invalid."""
    if 10 <= len(candidate) <= 12 and candidate[0] == "0" and candidate[1] != "0" and candidate.isdigit() \
            and candidate.isascii():
        from phonenumbers import PhoneNumber

        return PhoneNumber(country_code=86, national_number=int(candidate[1:]))
    return None


def _parse_other(text: str, cleaned: str) -> PhoneResult:
    if "e+" in text.lower() and cleaned.replace("E", "").replace("e", "").replace("+", "").isdigit():
        return PhoneResult(None, 0, None, "written as a spreadsheet number in scientific notation; digits were lost")
    if not any(ch.isdigit() for ch in cleaned):
        return PhoneResult(None, 0, None, "no digits in the phone number")
    import phonenumbers
    from phonenumbers import PhoneNumberType, ValidationResult

    candidate = text.translate(_CLEAN)
    # number_type is UNKNOWN exactly when is_valid_number is false (both match the same metadata), so
    # one call answers both: the pattern matching is most of the cost of a landline.
    number = _dialled_in_china(candidate)
    number_type = phonenumbers.number_type(number) if number is not None else PhoneNumberType.UNKNOWN
    if number_type == PhoneNumberType.UNKNOWN:
        try:
            number = phonenumbers.parse(candidate, "CN")
        except phonenumbers.NumberParseException:
            return PhoneResult(None, 0, None, "not a phone number")
        number_type = phonenumbers.number_type(number)
    if number_type != PhoneNumberType.UNKNOWN:
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        # phonenumbers reads extension forms the markers above do not ("extn 12", "～12"): kept, not dropped.
        return PhoneResult(e164, 1, _KINDS.get(_name(PhoneNumberType, number_type), "other"), None,
                           number.extension or None)
    digits = cleaned.lstrip("+")
    reason = _name(ValidationResult, phonenumbers.is_possible_number_with_reason(number))
    if reason in _POSSIBLE_REASONS:
        return PhoneResult(None, 0, None, _POSSIBLE_REASONS[reason])
    if len(digits) < 7:
        return PhoneResult(None, 0, None, "too few digits for a phone number")
    if number.country_code == 86 and len(digits) in (7, 8) and not digits.startswith("0"):
        return PhoneResult(None, 0, None, "a local landline number without its area code")
    if number.country_code == 86 and len(digits) == 11 and digits.startswith("1"):
        return PhoneResult(None, 0, None, "not a valid mainland mobile number")
    return PhoneResult(None, 0, None, "not a valid phone number")


def _name(constants: type, value: int) -> str | None:
    """The name of one of phonenumbers' integer constants."""
    return next((k for k, v in vars(constants).items() if v == value and k.isupper()), None)
