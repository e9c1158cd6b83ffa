"""Office hours: days, hours and holidays, compared in Tehran time whatever zone is given."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from servicedesk import working_hours
from servicedesk.config import REPOSITORY_ROOT

TEHRAN = ZoneInfo("Asia/Tehran")
UTC = dt.timezone.utc
SETTINGS = (
    "SERVICEDESK_WORKING_DAYS",
    "SERVICEDESK_WORKING_HOURS",
    "SERVICEDESK_HOLIDAYS_FILE",
    "SERVICEDESK_TIMEZONE",
)


def tehran(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


@pytest.fixture
def hours(monkeypatch):
    """The default office hours with the shipped holidays file."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return working_hours.load_working_hours()


def test_defaults_are_saturday_to_thursday_eight_to_four(hours):
    assert hours.days == {5, 6, 0, 1, 2, 3}
    assert hours.opens == dt.time(8, 0)
    assert hours.closes == dt.time(16, 0)
    assert hours.timezone.key == "Asia/Tehran"


def test_thursday_1559_is_open(hours):
    assert hours.is_open(tehran(2026, 4, 9, 15, 59))


def test_thursday_1600_is_closed(hours):
    assert not hours.is_open(tehran(2026, 4, 9, 16, 0))


def test_opening_minute_is_open(hours):
    assert not hours.is_open(tehran(2026, 4, 11, 7, 59))
    assert hours.is_open(tehran(2026, 4, 11, 8, 0))


def test_friday_is_closed(hours):
    assert not hours.is_open(tehran(2026, 4, 10, 10, 0))


def test_holiday_is_closed(hours):
    # 12 Farvardin 1405, Islamic Republic Day, is a Wednesday.
    assert not hours.is_open(tehran(2026, 4, 1, 10, 0))
    assert hours.is_open(tehran(2026, 4, 8, 10, 0))


def test_utc_evening_is_next_day_in_tehran(hours):
    # Wednesday 20:45 UTC is Thursday 00:15 in Tehran: closed, and open at 08:00 Thursday.
    now = dt.datetime(2026, 4, 8, 20, 45, tzinfo=UTC)
    assert not hours.is_open(now)
    assert hours.next_opening(now) == tehran(2026, 4, 9, 8, 0)


def test_utc_friday_evening_is_saturday_in_tehran(hours):
    now = dt.datetime(2026, 4, 10, 21, 0, tzinfo=UTC)
    assert hours.next_opening(now) == tehran(2026, 4, 11, 8, 0)


def test_utc_morning_is_compared_in_tehran(hours):
    # Saturday 05:00 UTC is 08:30 in Tehran.
    assert hours.is_open(dt.datetime(2026, 4, 11, 5, 0, tzinfo=UTC))
    # Thursday 12:45 UTC is 16:15 in Tehran.
    assert not hours.is_open(dt.datetime(2026, 4, 9, 12, 45, tzinfo=UTC))


def test_naive_datetime_is_rejected(hours):
    with pytest.raises(ValueError, match="timezone-aware"):
        hours.is_open(dt.datetime(2026, 4, 9, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        hours.next_opening(dt.datetime(2026, 4, 9, 10, 0))


def test_next_opening_while_open_is_now(hours):
    now = dt.datetime(2026, 4, 11, 6, 0, tzinfo=UTC)
    opening = hours.next_opening(now)
    assert opening == now
    assert opening.tzinfo == TEHRAN
    assert opening.hour == 9


def test_next_opening_before_opening_is_same_day(hours):
    assert hours.next_opening(tehran(2026, 4, 11, 6, 30)) == tehran(2026, 4, 11, 8, 0)


def test_next_opening_from_wednesday_evening_is_thursday(hours):
    opening = hours.next_opening(tehran(2026, 4, 8, 18, 0))
    assert opening == tehran(2026, 4, 9, 8, 0)
    assert opening.tzinfo == TEHRAN


def test_next_opening_from_thursday_evening_is_saturday(hours):
    assert hours.next_opening(tehran(2026, 4, 9, 16, 0)) == tehran(2026, 4, 11, 8, 0)
    assert hours.next_opening(tehran(2026, 4, 9, 23, 59)) == tehran(2026, 4, 11, 8, 0)


def test_next_opening_from_friday_is_saturday(hours):
    assert hours.next_opening(tehran(2026, 4, 10, 10, 0)) == tehran(2026, 4, 11, 8, 0)


def test_next_opening_skips_holidays(hours):
    # Tuesday 11 Farvardin 1405. Wednesday 12 and Thursday 13 Farvardin are holidays and
    # Friday is off, so staff are back on Saturday.
    assert hours.next_opening(tehran(2026, 3, 31, 17, 0)) == tehran(2026, 4, 4, 8, 0)


def test_next_opening_from_nowruz_eve_1406(hours):
    # From Thursday 27 Esfand 1405: 28 Esfand is a Friday, 29 Esfand (oil nationalization)
    # and 1 to 4 Farvardin 1406 (Nowruz) are holidays, so staff are back on 5 Farvardin.
    back = tehran(2027, 3, 25, 8, 0)
    assert hours.next_opening(tehran(2027, 3, 18, 17, 0)) == back
    assert hours.next_opening(tehran(2027, 3, 20, 10, 0)) == back
    assert not hours.is_open(tehran(2027, 3, 22, 10, 0))


def test_next_opening_from_nowruz_eve_1405(hours):
    # From Thursday 28 Esfand 1404, past Friday and Nowruz 1405 (Saturday to Tuesday).
    assert hours.next_opening(tehran(2026, 3, 19, 16, 30)) == tehran(2026, 3, 25, 8, 0)


def test_next_opening_without_working_days_raises():
    hours = working_hours.WorkingHours(
        days=frozenset({4}),
        opens=dt.time(8),
        closes=dt.time(16),
        holidays=frozenset(dt.date(2026, 1, 2) + dt.timedelta(weeks=week) for week in range(60)),
        timezone=TEHRAN,
    )
    with pytest.raises(ValueError, match="No working day"):
        hours.next_opening(tehran(2026, 1, 1, 10, 0))


def test_shipped_holidays_list_fixed_dates():
    holidays = working_hours.load_holidays(REPOSITORY_ROOT / "servicedesk" / "holidays.yml")
    assert holidays[dt.date(2026, 3, 21)] == "نوروز"
    assert holidays[dt.date(2027, 3, 24)] == "نوروز"
    assert holidays[dt.date(2027, 2, 11)] == "پیروزی انقلاب اسلامی"
    assert holidays[dt.date(2028, 3, 19)] == "ملی شدن صنعت نفت"
    assert len(holidays) == 20


def test_settings_are_read_from_the_environment(monkeypatch, tmp_path):
    holidays_file = tmp_path / "holidays.yml"
    holidays_file.write_text('"1405-02-10": روز آزمایشی\n', encoding="utf-8")
    monkeypatch.setenv("SERVICEDESK_WORKING_DAYS", " Sun, mon ,TUE")
    monkeypatch.setenv("SERVICEDESK_WORKING_HOURS", "9:30 - 17:15")
    monkeypatch.setenv("SERVICEDESK_HOLIDAYS_FILE", str(holidays_file))
    monkeypatch.setenv("SERVICEDESK_TIMEZONE", "UTC")

    hours = working_hours.load_working_hours()

    assert hours.days == {6, 0, 1}
    assert hours.opens == dt.time(9, 30)
    assert hours.closes == dt.time(17, 15)
    assert hours.holidays == {dt.date(2026, 4, 30)}
    assert hours.timezone.key == "UTC"


def test_relative_holidays_file_is_found_from_any_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SERVICEDESK_HOLIDAYS_FILE", "servicedesk/holidays.yml")
    assert dt.date(2026, 3, 21) in working_hours.load_working_hours().holidays


def test_unquoted_jalali_date_is_read_as_jalali(tmp_path):
    holidays_file = tmp_path / "holidays.yml"
    holidays_file.write_text("1405-01-01: نوروز\n", encoding="utf-8")
    assert working_hours.load_holidays(holidays_file) == {dt.date(2026, 3, 21): "نوروز"}


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("SERVICEDESK_WORKING_DAYS", "sat,friday", "SERVICEDESK_WORKING_DAYS"),
        ("SERVICEDESK_WORKING_DAYS", " , ", "SERVICEDESK_WORKING_DAYS"),
        ("SERVICEDESK_WORKING_HOURS", "8-16", "SERVICEDESK_WORKING_HOURS"),
        ("SERVICEDESK_WORKING_HOURS", "16:00-08:00", "SERVICEDESK_WORKING_HOURS"),
        ("SERVICEDESK_WORKING_HOURS", "08:00-08:00", "SERVICEDESK_WORKING_HOURS"),
        ("SERVICEDESK_WORKING_HOURS", "08:00-24:00", "SERVICEDESK_WORKING_HOURS"),
        ("SERVICEDESK_WORKING_HOURS", "08:75-16:00", "SERVICEDESK_WORKING_HOURS"),
        ("SERVICEDESK_HOLIDAYS_FILE", "no/such/holidays.yml", "Failed to read the holidays file"),
        ("SERVICEDESK_TIMEZONE", "Asia/Nowhere", "SERVICEDESK_TIMEZONE"),
    ],
)
def test_invalid_setting_is_named_in_the_error(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=message):
        working_hours.load_working_hours()


@pytest.mark.parametrize(
    "content, message",
    [
        ('"1405-13-01": نام\n', "Invalid date '1405-13-01'"),
        ('"1405-12-30": نام\n', "Invalid date '1405-12-30'"),
        ('"01-01": نام\n', "Invalid date '01-01'"),
        ("- 1405-01-01\n", "expected a mapping"),
        ('"1405-01-01": [\n', "Invalid YAML"),
    ],
)
def test_invalid_holidays_file_is_rejected(tmp_path, content, message):
    holidays_file = tmp_path / "holidays.yml"
    holidays_file.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        working_hours.load_holidays(holidays_file)
