"""Find clock times in normalized Persian text and return them as ``HH:MM``.

Understood forms: «۱۶:۳۰», «ساعت ۱۰», «ساعت ده صبح», «ده و نیم», «۴ بعدازظهر»,
«ساعت ۹ و ربع», «۱۰ و ۲۰ دقیقه». A bare hour from 1 to 7 with no part of day means the
afternoon, because consulting sessions and office hours run in the daytime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

HOUR_WORDS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6,
    "هفت": 7, "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12,
}
MINUTE_WORDS = {"نیم": 30, "ربع": 15, "سه ربع": 45}
AFTERNOON = {"بعدازظهر", "بعد از ظهر", "بعد‌ازظهر", "عصر", "شب"}
NOON = {"ظهر"}

_HOUR_WORD = "|".join(sorted(HOUR_WORDS, key=len, reverse=True))
_HOUR = rf"(?P<hour>\d{{1,2}}|{_HOUR_WORD})"
_MINUTES = r"(?:\s*و\s*(?P<minutes>سه ربع|نیم|ربع|\d{1,2}(?:\s*دقیقه)?))?"
_PART_OF_DAY = r"(?:\s*(?P<part>صبح|بعد\s*از\s*ظهر|بعدازظهر|بعد\u200cازظهر|ظهر|عصر|شب))?"
_BOUNDARY_BEFORE = r"(?<![\w\u200c:/])"
_BOUNDARY_AFTER = r"(?![\w\u200c:/])"

DIGITAL_TIME = re.compile(
    _BOUNDARY_BEFORE + r"(?:ساعت\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})" + _PART_OF_DAY + _BOUNDARY_AFTER
)
SPOKEN_TIME = re.compile(
    _BOUNDARY_BEFORE + r"(?P<label>ساعت\s*)?" + _HOUR + _MINUTES + _PART_OF_DAY + _BOUNDARY_AFTER
)


@dataclass(frozen=True)
class TimeMatch:
    """A clock time found in normalized text, as ``HH:MM``."""

    start: int
    end: int
    value: str


def find_times(text: str) -> List[TimeMatch]:
    """Find clock times in ``text``.

    A spoken hour needs a marker to count as a time: the word «ساعت», minutes («و نیم»)
    or a part of day («صبح»). A bare «ده» or «۱۰» is a number, not a time.
    """
    found: List[TimeMatch] = []
    for match in DIGITAL_TIME.finditer(text):
        value = _clock(int(match["hour"]), int(match["minute"]), match["part"])
        if value is not None:
            found.append(TimeMatch(match.start(), match.end(), value))

    for match in SPOKEN_TIME.finditer(text):
        if not (match["label"] or match["minutes"] or match["part"]):
            continue
        if any(match.start() < other.end and other.start < match.end() for other in found):
            continue
        value = _clock(_hour_number(match["hour"]), _minute_number(match["minutes"]), match["part"])
        if value is not None:
            found.append(TimeMatch(match.start(), match.end(), value))

    return sorted(found, key=lambda match: match.start)


def parse_time(text: str) -> Optional[str]:
    """Return the first clock time named in ``text`` as ``HH:MM``, or None."""
    matches = find_times(text)
    return matches[0].value if matches else None


def _hour_number(hour: str) -> int:
    return int(hour) if hour.isdigit() else HOUR_WORDS[hour]


def _minute_number(minutes: Optional[str]) -> int:
    if not minutes:
        return 0
    if minutes in MINUTE_WORDS:
        return MINUTE_WORDS[minutes]
    return int(re.sub(r"\D", "", minutes))


def _clock(hour: int, minute: int, part_of_day: Optional[str]) -> Optional[str]:
    part = re.sub(r"[\s\u200c]", "", part_of_day or "")
    if part in {re.sub(r"[\s\u200c]", "", word) for word in AFTERNOON} and hour < 12:
        hour += 12
    elif part in NOON and hour < 5:
        hour += 12
    elif not part and 1 <= hour <= 7:
        hour += 12

    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"
