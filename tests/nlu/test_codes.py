"""Mobile numbers, national codes and service codes with canonical values."""

import pytest

from nlu.codes import canonical_mobile, find_codes, is_valid_national_code
from nlu.persian_text import fold


def codes_in(typed):
    text = fold(typed)
    return [(match.entity, match.value) for match in find_codes(text)]


@pytest.mark.parametrize(
    "typed",
    ["۰۹۱۲ ۳۴۵ ۶۷۸۹", "09123456789", "+98 912 345 6789", "00989123456789", "9123456789", "۰۹۱۲٣٤٥۶۷۸۹", "0912-345-6789"],
)
def test_mobile_layouts_give_one_canonical_value(typed):
    assert codes_in(f"شماره من {typed} است") == [("mobile", "09123456789")]


def test_canonical_mobile_rejects_a_landline():
    assert canonical_mobile("02112345678") is None


@pytest.mark.parametrize("typed", ["۵۲۶۰۱۸۱۵۹۱", "526-018159-1", "٥٢٦٠١٨١٥٩١", "5260181591"])
def test_valid_national_code_in_any_script(typed):
    assert codes_in(f"کد ملی {typed}") == [("national_code", "5260181591")]


def test_national_code_bad_check_digit_ignored():
    assert codes_in("کد ملی 5260181592") == []


def test_repeated_digit_national_code_is_invalid():
    assert not is_valid_national_code("1111111111")


@pytest.mark.parametrize("typed", ["TK-004217", "tk004217", "Tk 4217", "تیکت ۴۲۱۷", "تیکت شماره 4217"])
def test_ticket_code_variants(typed):
    assert codes_in(typed) == [("ticket_code", "TK-004217")]


@pytest.mark.parametrize("typed", ["BK-000318", "bk318", "رزرو ۳۱۸", "نوبت شماره ۳۱۸"])
def test_booking_code_variants(typed):
    assert codes_in(typed) == [("booking_code", "BK-000318")]


def test_booking_word_before_date_not_code():
    assert codes_in("نوبت ۱۵ آذر") == []


def test_tracking_code_from_arabic_keyboard():
    assert codes_in("كد رهگيري من ۴۰۵۱۲۳۴۸ است") == [("tracking_code", "40512348")]


def test_span_of_persian_ticket_code_is_the_number():
    text = fold("تیکت ۴۲۱۷ چی شد")
    match = find_codes(text)[0]
    assert text[match.start : match.end] == "4217"
