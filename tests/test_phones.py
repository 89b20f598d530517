from workbench.phones import mask_phone


def test_mask_mainland_mobile():
    assert mask_phone("+8613812345678") == "138****5678"


def test_mask_landline_and_empty():
    assert mask_phone("+862185551234") == "******1234"
    assert mask_phone(None) == ""
    assert mask_phone("123") == "***"


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
