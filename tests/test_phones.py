import pytest

from workbench.phones import for_dialling, mask_phone


def test_mask_mainland_mobile():
    assert mask_phone("+8613812345678") == "138****5678"


@pytest.mark.parametrize("e164, masked", [
    ("+862185551234", "021****1234"), ("+861062345678", "010****5678"), ("+8675588888888", "0755****8888"),
    ("+8687165123456", "0871****3456"), ("+865718765432", "0571***5432"), ("+864008001234", "400***1234"),
    ("+85291234567", "+852****4567"), ("+14155550123", "+1******0123"),
    (None, ""), ("123", "***"), ("+86", "*"),
])
def test_a_mask_keeps_what_tells_a_landline_from_a_mobile(e164, masked):
    """A landline keeps its area code (with the trunk 0, as dialled), a number abroad its country code; one star a
    hidden digit, the last four shown."""
    assert mask_phone(e164) == masked


@pytest.mark.parametrize("e164, dialled", [
    ("+8613812345678", "138 1234 5678"), ("+862166000090", "021 6600 0090"), ("+8675588888888", "0755 8888 8888"),
    ("+864008001234", "400 800 1234"), ("+85291234567", "+852 9123 4567"), ("+14155550123", "+1 415-555-0123"),
    (None, ""), ("+86", "+86"),
])
def test_numbers_show_as_dialled_from_a_desk_phone(e164, dialled):
    """Mainland numbers in their national form (a desk phone cannot dial +86), others international."""
    assert for_dialling(e164) == dialled


def test_number_type_answers_validity_exactly_as_is_valid_number():
    """normalise_phone asks phonenumbers for the number's type only; UNKNOWN must mean invalid, always."""
    import random

    import phonenumbers
    from phonenumbers import PhoneNumberType

    rng = random.Random(11)
    checked = 0
    for _ in range(4000):
        form = rng.randrange(5)
        text = [lambda: f"0{rng.randrange(10, 999)}-{rng.randrange(10**6, 10**8)}",
                lambda: f"+{rng.randrange(1, 999)}{rng.randrange(10**6, 10**11)}",
                lambda: str(rng.randrange(10**5, 10**12)),
                lambda: f"400{rng.randrange(10**6, 10**8)}",
                lambda: f"1{rng.randrange(10**8, 10**11)}"][form]()
        try:
            number = phonenumbers.parse(text, "CN")
        except phonenumbers.NumberParseException:
            continue
        checked += 1
        assert (phonenumbers.number_type(number) != PhoneNumberType.UNKNOWN) == phonenumbers.is_valid_number(number), text
    assert checked > 3500


def test_numbers_dialled_with_the_trunk_zero_skip_parse_with_the_same_answers(monkeypatch):
    """A valid '0 + area code + number' is built without phonenumbers.parse; the result must be what
    parse gives, for valid and invalid numbers of that shape alike (40,000 numbers over all lengths)."""
    import random

    from workbench import phones

    rng = random.Random(20261123)
    cells = []
    for _ in range(40_000):
        digits = "0" + str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(rng.randrange(8, 11)))
        cells.append(rng.choice([digits, f"{digits[:3]}-{digits[3:]}", f"{digits[:4]} {digits[4:]}", f"({digits[:4]}){digits[4:]}"]))
    fast = [phones.normalise_phone(cell) for cell in cells]
    monkeypatch.setattr(phones, "_dialled_in_china", lambda candidate: None)
    assert [phones.normalise_phone(cell) for cell in cells] == fast
    assert 0.1 < sum(r.valid for r in fast) / len(fast) < 0.9   # both answers well represented


def test_the_mobile_fast_path_takes_only_ranges_phonenumbers_holds_valid():
    """Every range 1XY: the fast path takes it only if phonenumbers holds all its numbers valid, and
    takes every range that is (but 161 and 174, valid for some numbers only); 400 numbers each."""
    import random
    import re

    import phonenumbers

    from workbench import phones

    rng = random.Random(7)
    taken, all_valid = set(), set()
    for prefix in range(100, 200):
        numbers = [f"{prefix}{rng.randrange(10**8):08d}" for _ in range(400)]
        fast = {phones.plain_mobile(n) for n in numbers}
        assert fast == {bool(re.match(phones.MOBILE_PATTERN, numbers[0]))}   # the same answer two ways
        valid = {_valid(n) for n in numbers}
        if fast == {True}:
            taken.add(prefix)
            assert valid == {True}, prefix
        if valid == {True}:
            all_valid.add(prefix)
    assert taken == all_valid and len(taken) > 40
    for number in ("17912345678", "14012345678", "16012345678"):   # unallocated: never callable
        assert phones.normalise_phone(number).valid == 0, number


def _valid(number: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
    except phonenumbers.NumberParseException:
        return False
