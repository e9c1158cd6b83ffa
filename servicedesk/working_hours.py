"""Office hours of the support staff: working days, opening hours and public holidays.

The bot uses them to tell a user whether a person can take over now, and if not, when.
Every comparison happens in the office time zone (``SERVICEDESK_TIMEZONE``), whatever
zone the caller's datetime is in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime
import yaml

from servicedesk.config import Settings, load_settings

# Python's weekday(): Monday is 0, Friday is 4.
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
HOURS_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
JALALI_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A search for the next opening gives up after this many days, which only a configuration
# with every working day a holiday can reach.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class WorkingHours:
    """When staff are in: ``opens`` is included and ``closes`` excluded, on ``days``
    (Python weekday numbers) except ``holidays`` (Gregorian dates), in ``timezone``."""

    days: FrozenSet[int]
    opens: dt.time
    closes: dt.time
    holidays: FrozenSet[dt.date]
    timezone: ZoneInfo

    def is_open(self, now: dt.datetime) -> bool:
        """Tell whether staff are in at ``now``, a timezone-aware datetime."""
        local = self._local(now)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def is_working_day(self, day: dt.date) -> bool:
        """Tell whether ``day``, a date in the office time zone, has office hours at all."""
        return day.weekday() in self.days and day not in self.holidays

    def next_opening(self, now: dt.datetime) -> dt.datetime:
        """Return the next moment staff are in, in the office time zone. While the office is
        open, that is ``now`` itself, converted to the office time zone.

        Raises ValueError when no working day comes within ``MAX_DAYS_AHEAD`` days.
        """
        local = self._local(now)
        if self.is_open(local):
            return local

        day = local.date()
        if not (self.is_working_day(day) and local.time() < self.opens):
            day += dt.timedelta(days=1)
        for _ in range(MAX_DAYS_AHEAD):
            if self.is_working_day(day):
                return dt.datetime.combine(day, self.opens, tzinfo=self.timezone)
            day += dt.timedelta(days=1)
        raise ValueError(
            f"No working day within {MAX_DAYS_AHEAD} days of {local.date()}: check "
            "SERVICEDESK_WORKING_DAYS and the holidays file"
        )

    def _local(self, now: dt.datetime) -> dt.datetime:
        if now.tzinfo is None:
            raise ValueError(
                f"Expected a timezone-aware datetime, got the naive {now.isoformat()}: "
                "attach its zone, as in datetime.now(timezone.utc)"
            )
        return now.astimezone(self.timezone)


def load_working_hours(settings: Optional[Settings] = None) -> WorkingHours:
    """Build the office hours from the settings and the holidays file.

    Raises ValueError that names the setting when one is invalid.
    """
    settings = settings or load_settings()
    opens, closes = parse_hours(settings.working_hours)
    return WorkingHours(
        days=parse_days(settings.working_days),
        opens=opens,
        closes=closes,
        holidays=frozenset(load_holidays(settings.holidays_file)),
        timezone=_zone(settings.timezone),
    )


def parse_days(value: str) -> FrozenSet[int]:
    """Parse ``sat,sun,mon`` into Python weekday numbers."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in WEEKDAY_NUMBERS]
    if unknown or not names:
        raise ValueError(
            f"Invalid SERVICEDESK_WORKING_DAYS {value!r}: expected comma-separated day "
            f"abbreviations from {', '.join(WEEKDAY_NUMBERS)}, for example sat,sun,mon,tue,wed,thu"
        )
    return frozenset(WEEKDAY_NUMBERS[name] for name in names)


def parse_hours(value: str) -> Tuple[dt.time, dt.time]:
    """Parse ``08:00-16:00`` into the opening and closing times."""
    match = HOURS_PATTERN.match(value)
    invalid = (
        f"Invalid SERVICEDESK_WORKING_HOURS {value!r}: expected opening and closing times "
        "on a 24-hour clock, opening first, for example 08:00-16:00"
    )
    if match is None:
        raise ValueError(invalid)
    try:
        opens = dt.time(int(match.group(1)), int(match.group(2)))
        closes = dt.time(int(match.group(3)), int(match.group(4)))
    except ValueError as error:
        raise ValueError(invalid) from error
    if opens >= closes:
        raise ValueError(invalid)
    return opens, closes


def load_holidays(path: Path) -> Dict[dt.date, str]:
    """Read the holidays file into a mapping of Gregorian dates to Persian holiday names.

    The file maps quoted Jalali dates (``"1405-01-01"``) to names.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(
            f"Failed to read the holidays file {path} ({error.strerror}): "
            "set SERVICEDESK_HOLIDAYS_FILE to a readable YAML file"
        ) from error

    # BaseLoader keeps every value a string, so an unquoted 1405-01-01 is not read as a
    # Gregorian date.
    try:
        entries = yaml.load(text, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"Invalid YAML in the holidays file {path}: {error}") from error
    if not isinstance(entries, dict):
        raise ValueError(
            f"Invalid holidays file {path}: expected a mapping of Jalali dates to names, "
            'such as "1405-01-01": نوروز'
        )
    return {_gregorian(key, path): str(name).strip() for key, name in entries.items()}


def _gregorian(jalali: str, path: Path) -> dt.date:
    match = JALALI_DATE_PATTERN.match(str(jalali).strip())
    invalid = (
        f"Invalid date {jalali!r} in the holidays file {path}: expected a Jalali date "
        "as year-month-day, such as 1405-01-01"
    )
    if match is None:
        raise ValueError(invalid)
    year, month, day = (int(part) for part in match.groups())
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError as error:
        raise ValueError(invalid) from error


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"Invalid SERVICEDESK_TIMEZONE {name!r}: expected an IANA time zone such as Asia/Tehran"
        ) from error
