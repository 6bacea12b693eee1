from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill


def test_phone_masked_like_design():
    assert mask_phone("13812345678") == "138****5678"


def test_short_and_empty_phones():
    assert mask_phone("") == ""
    assert mask_phone("12345") == "***45"


def test_name_keeps_family_name_only():
    assert mask_name("王小明") == "王**"
    assert mask_name("李") == "李*"
    assert mask_name("") == ""


def test_waybill_keeps_prefix_and_tail():
    masked = mask_waybill("CC123456789012")
    assert masked.startswith("CC") and masked.endswith("9012")
    assert "345678" not in masked
