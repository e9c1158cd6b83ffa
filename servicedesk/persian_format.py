"""Render numbers, dates and times the way Persian readers expect them.

Persian digits, the Jalali calendar and Iran time: «شنبه ۱۵ آذر ۱۴۰۵، ساعت ۱۰:۳۰».
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime

from servicedesk.config import load_settings

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]
# Indexed by Python's weekday(): Monday is 0.
WEEKDAYS = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]


def persian_digits(value: object) -> str:
    """Write ``value`` with Persian digits: ``TK-004217`` stays readable as «TK-۰۰۴۲۱۷»."""
    return str(value).translate(PERSIAN_DIGITS)


def local_time(utc_value: dt.datetime) -> dt.datetime:
    """Convert a naive UTC datetime from the database to the configured local time."""
    zone = ZoneInfo(load_settings().timezone)
    return utc_value.replace(tzinfo=dt.timezone.utc).astimezone(zone)


def jalali_date(value: dt.date) -> str:
    """Return «۱۵ آذر ۱۴۰۵» for a Gregorian date."""
    jalali = jdatetime.date.fromgregorian(date=value)
    return persian_digits(f"{jalali.day} {MONTHS[jalali.month - 1]} {jalali.year}")


def weekday_and_date(value: dt.date) -> str:
    """Return «شنبه ۱۵ آذر ۱۴۰۵»."""
    return f"{WEEKDAYS[value.weekday()]} {jalali_date(value)}"


def clock(value: dt.datetime) -> str:
    """Return «۱۰:۳۰» for a time of day."""
    return persian_digits(f"{value.hour:02d}:{value.minute:02d}")


def jalali_datetime(utc_value: dt.datetime) -> str:
    """Return «شنبه ۱۵ آذر ۱۴۰۵، ساعت ۱۰:۳۰» in local time for a UTC datetime."""
    local = local_time(utc_value)
    return f"{weekday_and_date(local.date())}، ساعت {clock(local)}"


def rials(amount: int) -> str:
    """Return «۴۵٬۰۰۰٬۰۰۰ ریال», or «رایگان» for zero."""
    if amount == 0:
        return "رایگان"
    grouped = f"{amount:,}".replace(",", "٬")
    return f"{persian_digits(grouped)} ریال"

