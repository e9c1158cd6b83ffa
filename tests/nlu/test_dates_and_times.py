"""Jalali and relative dates, spoken and digital clock times."""

import datetime as dt

import pytest

from nlu.clock_times import parse_time
from nlu.dates import parse_date
from nlu.persian_text import fold

# A Friday: 13 Azar 1405 in the Jalali calendar.
TODAY = dt.date(2026, 12, 4)


def date_of(typed):
    return parse_date(fold(typed), TODAY)


@pytest.mark.parametrize("typed", ["۱۴ خرداد ۱۴۰۶", "١٤٠٦/٠٣/١٤", "1406/3/14", "۱۴۰۶-۰۳-۱۴"])
def test_one_day_in_four_spellings(typed):
    assert date_of(typed) == dt.date(2027, 6, 4)


def test_day_month_without_year_is_upcoming():
    assert date_of("۱۵ آذر") == dt.date(2026, 12, 6)


def test_past_day_of_month_rolls_to_next_year():
    assert date_of("۱ آذر") == dt.date(2027, 11, 22)


@pytest.mark.parametrize(
    "typed, days_ahead", [("امروز", 0), ("فردا", 1), ("پس‌فردا", 2), ("پس فردا", 2), ("پسفردا", 2)]
)
def test_relative_days(typed, days_ahead):
    assert date_of(typed) == TODAY + dt.timedelta(days=days_ahead)


def test_weekday_is_the_next_such_day():
    assert date_of("شنبه") == dt.date(2026, 12, 5)


def test_weekday_with_hamza_and_next():
    assert date_of("شنبهٔ آینده") == dt.date(2026, 12, 5)


def test_weekday_of_next_week_skips_this_week():
    monday = dt.date(2026, 12, 7)
    assert parse_date(fold("چهارشنبه هفته بعد"), monday) == dt.date(2026, 12, 16)


def test_next_week_from_friday():
    assert date_of("چهارشنبه هفته بعد") == dt.date(2026, 12, 9)


def test_invalid_jalali_date_is_ignored():
    assert date_of("1405/13/40") is None


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ساعت ۱۰", "10:00"),
        ("ده و نیم", "10:30"),
        ("۴ بعدازظهر", "16:00"),
        ("۴ بعد از ظهر", "16:00"),
        ("۱۶:۳۰", "16:30"),
        ("ساعت ۹ صبح", "09:00"),
        ("ساعت ۹ و ربع", "09:15"),
        ("ساعت ۳", "15:00"),
        ("۱۲ ظهر", "12:00"),
    ],
)
def test_clock_times(typed, expected):
    assert parse_time(fold(typed)) == expected


def test_bare_number_is_not_a_time():
    assert parse_time(fold("ده تا سؤال دارم")) is None


@pytest.mark.parametrize("typed, expected", [("اول بهمن", dt.date(2027, 1, 21)), ("بیست و یکم آذر", dt.date(2026, 12, 12))])
def test_ordinal_day_words(typed, expected):
    assert date_of(typed) == expected


def test_next_week_alone_is_its_saturday():
    assert date_of("هفته بعد") == dt.date(2026, 12, 5)
