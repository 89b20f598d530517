"""Phone numbers: masking for display (normalisation for import lives beside it)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mainland mobile; otherwise everything but the last four digits hidden."""
    if not phone:
        return ""
    digits = phone[3:] if phone.startswith("+86") else phone.lstrip("+")
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


# --- Normalisation for import --------------------------------------------------------------------

from typing import NamedTuple  # noqa: E402


class PhoneResult(NamedTuple):
    """A phone cell as imported: E.164 when callable, and why not when not."""

    e164: str | None
    valid: int           # 1: callable
    kind: str | None     # mobile / landline / other
    problem: str | None  # why the customer cannot be called, in words


NO_PHONE = PhoneResult(None, 0, None, "no phone number")
# Full-width digits and plus (what Chinese input methods type) to ASCII; separators removed.
_CLEAN = str.maketrans(
    {**{0xFF10 + d: str(d) for d in range(10)}, 0xFF0B: "+", " ": None, "-": None, "\u3000": None,
     "(": None, ")": None, "（": None, "）": None, ".": None, "\t": None}
)
_SEPARATORS = ("/", ";", "；", ",", "，", "、", "|")
# phonenumbers' number types and possibility reasons, by name (it is imported only when needed).
_KINDS = {"MOBILE": "mobile", "FIXED_LINE": "landline", "FIXED_LINE_OR_MOBILE": "other"}
_POSSIBLE_REASONS = {
    "TOO_SHORT": "too few digits for a phone number",
    "TOO_LONG": "too many digits for a phone number",
    "INVALID_COUNTRY_CODE": "unknown country code",
    "INVALID_LENGTH": "wrong number of digits for a phone number",
}


def _mobile(digits: str) -> PhoneResult | None:
    """The fast path: eleven ASCII digits 1[3-9]... is a mainland mobile."""
    if len(digits) == 11 and digits.isdigit() and digits.isascii() and digits[0] == "1" and digits[1] in "3456789":
        return PhoneResult("+86" + digits, 1, "mobile", None)
    return None


def normalise_phone(raw: str | None) -> PhoneResult:
    """Normalise one phone cell (default region CN); plain mainland mobiles skip phonenumbers."""
    if raw is None:
        return NO_PHONE
    text = raw.strip()
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
    for sep in _SEPARATORS:
        if sep in text:
            # Several numbers in one cell: the first callable one wins.
            results = [normalise_phone(part) for part in text.split(sep) if part.strip()]
            return next((r for r in results if r.valid), results[0] if results else NO_PHONE)
    return _parse_other(text, cleaned)


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
        return PhoneResult(e164, 1, _KINDS.get(_name(PhoneNumberType, number_type), "other"), None)
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
