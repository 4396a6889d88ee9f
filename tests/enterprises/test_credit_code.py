import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import credit_code_check_char, validate_credit_code

# Real, published codes (their check characters come from GB 32100-2015, not from our function).
REAL_CODES = ["914403001922038216", "91110000100010249W", "91440300708461136T", "91110108551385082Q"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_accepts_real_codes(code):
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440300708461136X", "校验"),
        ("9143010018376443", "18"),
        ("91430100183764433FF", "18"),
        ("914301001837644I3F", "I"),
        ("91AB0100183764433F", "3"),
        ("", "18"),
    ],
)
def test_it_rejects_bad_codes_with_a_chinese_reason(code, message):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert message in " ".join(error.value.messages)
