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
