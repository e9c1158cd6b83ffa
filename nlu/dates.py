"""Find Persian date expressions in normalized text and resolve them to ISO dates.

Understood forms, in any digit script once normalized: «۱۵ آذر», «۱۵ آذر ۱۴۰۵»,
«اول بهمن», «بیست و یکم آذر», «۱۴۰۵/۰۹/۱۵», «1406-3-14», «امروز», «فردا», «پس‌فردا», a
weekday («شنبه»), a weekday of next week («شنبه آینده», «یکشنبه هفته بعد») and «هفته بعد»
alone (the Saturday that starts next week). Relative forms resolve against today's date in
Asia/Tehran, which the caller passes in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

import jdatetime

MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]
# Python's weekday(): Monday is 0. The Iranian week starts on Saturday (شنبه).
WEEKDAYS = {
    "شنبه": 5,
    "یکشنبه": 6,
    "دوشنبه": 0,
    "سه‌شنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "جمعه": 4,
}
WEEKDAY_SPELLINGS = {
    "یک‌شنبه": "یکشنبه",
    "یک شنبه": "یکشنبه",
    "سه شنبه": "سه‌شنبه",
    "سشنبه": "سه‌شنبه",
    "پنج‌شنبه": "پنجشنبه",
    "پنج شنبه": "پنجشنبه",
}
RELATIVE_DAYS = {"امروز": 0, "فردا": 1, "پس‌فردا": 2, "پسفردا": 2, "پس فردا": 2}

_UNITS = ["یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم"]
_TEENS = ["دهم", "یازدهم", "دوازدهم", "سیزدهم", "چهاردهم", "پانزدهم", "شانزدهم", "هفدهم", "هجدهم", "نوزدهم"]
# Ordinal day words for «اول بهمن», «بیست و یکم آذر»: 1 to 31.
DAY_WORDS = {"اول": 1, **{word: index + 1 for index, word in enumerate(_UNITS)}}
DAY_WORDS.update({word: index + 10 for index, word in enumerate(_TEENS)})
DAY_WORDS.update({"بیستم": 20, "سی‌ام": 30, "سیام": 30, "سی ام": 30})
DAY_WORDS.update({f"بیست و {word}": 20 + index + 1 for index, word in enumerate(_UNITS)})
DAY_WORDS["سی و یکم"] = 31

_BOUNDARY_BEFORE = r"(?<![\w\u200c])"
_BOUNDARY_AFTER = r"(?![\w\u200c])"
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(
    sorted(list(WEEKDAYS) + list(WEEKDAY_SPELLINGS), key=len, reverse=True)
)
_RELATIVE = "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))
_NEXT_WEEK = r"(?:\s*(?:\u200c?ی|\u200cی)?\s*(?P<next>هفته\s*(?:ی\s*)?(?:بعد|آینده|دیگه|دیگر)|آینده|بعد|بعدی|دیگه|دیگر))?"

NUMERIC_DATE = re.compile(
    _BOUNDARY_BEFORE
    + r"(?P<year>1[34]\d\d|20\d\d)\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<day>\d{1,2})"
    + r"(?![\d/])"
)
DAY_MONTH_DATE = re.compile(
    _BOUNDARY_BEFORE
    + rf"(?P<day>\d{{1,2}})(?:\s*(?:ام|م|\u200cام))?\s*(?P<month>{_MONTH})(?:\s*ماه)?"
    + r"(?:\s*(?:سال\s*)?(?P<year>1[34]\d\d))?"
    + _BOUNDARY_AFTER
)
DAY_WORD_MONTH_DATE = re.compile(
    _BOUNDARY_BEFORE
    + "(?P<day>" + "|".join(sorted(DAY_WORDS, key=len, reverse=True)) + ")"
    + rf"\s*(?P<month>{_MONTH})(?:\s*ماه)?(?:\s*(?:سال\s*)?(?P<year>1[34]\d\d))?"
    + _BOUNDARY_AFTER
)
NEXT_WEEK_DATE = re.compile(
    _BOUNDARY_BEFORE + r"هفته\s*(?:ی\s*)?(?:بعد|آینده|دیگه|دیگر)" + _BOUNDARY_AFTER
)
RELATIVE_DATE = re.compile(_BOUNDARY_BEFORE + rf"(?P<relative>{_RELATIVE})" + _BOUNDARY_AFTER)
WEEKDAY_DATE = re.compile(
    _BOUNDARY_BEFORE + rf"(?P<weekday>{_WEEKDAY})" + _NEXT_WEEK + _BOUNDARY_AFTER
)


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in normalized text and the day it names."""

    start: int
    end: int
    value: dt.date


def find_dates(text: str, today: dt.date) -> List[DateMatch]:
    """Find date expressions in ``text``; relative ones resolve against ``today``."""
    found: List[DateMatch] = []
    for match in _candidates(text, today):
        if not any(match.start < other.end and other.start < match.end for other in found):
            found.append(match)
    return sorted(found, key=lambda match: match.start)


def parse_date(text: str, today: dt.date) -> Optional[dt.date]:
    """Return the first date named in ``text``, or None."""
    matches = find_dates(text, today)
    return matches[0].value if matches else None


def _candidates(text: str, today: dt.date) -> Iterable[DateMatch]:
    for match in NUMERIC_DATE.finditer(text):
        value = _calendar_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if value is not None:
            yield DateMatch(match.start(), match.end(), value)

    for match in DAY_MONTH_DATE.finditer(text):
        value = _day_of_month(int(match["day"]), MONTHS.index(match["month"]) + 1, match["year"], today)
        if value is not None:
            yield DateMatch(match.start(), match.end(), value)

    for match in DAY_WORD_MONTH_DATE.finditer(text):
        value = _day_of_month(DAY_WORDS[match["day"]], MONTHS.index(match["month"]) + 1, match["year"], today)
        if value is not None:
            yield DateMatch(match.start(), match.end(), value)

    for match in RELATIVE_DATE.finditer(text):
        days = RELATIVE_DAYS[match["relative"]]
        yield DateMatch(match.start(), match.end(), today + dt.timedelta(days=days))

    for match in WEEKDAY_DATE.finditer(text):
        name = WEEKDAY_SPELLINGS.get(match["weekday"], match["weekday"])
        value = _weekday_date(WEEKDAYS[name], match["next"] is not None, today)
        yield DateMatch(match.start(), match.end(), value)

    for match in NEXT_WEEK_DATE.finditer(text):
        # «هفته بعد» alone means from the first day of next week, a Saturday.
        yield DateMatch(match.start(), match.end(), _iranian_week_start(today) + dt.timedelta(days=7))


def _calendar_date(year: int, month: int, day: int) -> Optional[dt.date]:
    """Read ``year/month/day`` as Jalali when the year is 13xx or 14xx, else Gregorian."""
    try:
        if year < 1600:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_of_month(day: int, month: int, year: Optional[str], today: dt.date) -> Optional[dt.date]:
    """Resolve «۱۵ آذر»: with no year, the next such day from today on."""
    if year is not None:
        return _calendar_date(int(year), month, day)

    jalali_today = jdatetime.date.fromgregorian(date=today)
    for candidate_year in (jalali_today.year, jalali_today.year + 1):
        value = _calendar_date(candidate_year, month, day)
        if value is not None and value >= today:
            return value
    return None


def _weekday_date(weekday: int, next_week: bool, today: dt.date) -> dt.date:
    """Resolve a weekday to the next such day after today.

    With «هفته بعد» or «آینده» the day falls in the next Iranian week (Saturday to Friday)
    when the plain reading would still be in this week.
    """
    days_ahead = (weekday - today.weekday()) % 7 or 7
    value = today + dt.timedelta(days=days_ahead)
    if next_week and _iranian_week_start(value) == _iranian_week_start(today):
        value += dt.timedelta(days=7)
    return value


def _iranian_week_start(day: dt.date) -> dt.date:
    days_since_saturday = (day.weekday() - 5) % 7
    return day - dt.timedelta(days=days_since_saturday)
