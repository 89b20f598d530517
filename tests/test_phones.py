from workbench.phones import mask_phone


def test_mask_mainland_mobile():
    assert mask_phone("+8613812345678") == "138****5678"


def test_mask_landline_and_empty():
    assert mask_phone("+862185551234") == "******1234"
    assert mask_phone(None) == ""
    assert mask_phone("123") == "***"
