"""Find mobile numbers, national codes and service codes in normalized text.

Input is text after ``PersianTextNormalizer`` (ASCII digits, Persian letters). Every match
carries the canonical value of the NLU contract: ``09123456789`` for a mobile,
``TK-004217`` for a ticket, ``BK-000318`` for a booking, eight ASCII digits for an
admission tracking code and ten for a national code with a valid check digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

MONTH_NAMES = (
    "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
)
NUMBER_LABEL = r"(?:\s*(?:شماره|به\u200c?\s?شماره|کد|با\s*کد))?\s*:?\s*"

# «+98 912 345 6789», «0098912...», «0912-345-6789», «9123456789».
MOBILE = re.compile(r"(?<![\d+])(?:(\+98|0098|98)[\s-]*|0)?(9\d{2})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
NATIONAL_CODE = re.compile(r"(?<![\d-])\d(?:[\s-]?\d){9}(?![\d-])")
TRACKING_CODE = re.compile(r"(?<![\d/:.-])\d{8}(?![\d/:.-])")
TICKET_LATIN = re.compile(r"(?<![A-Za-z])[Tt][Kk][\s-]?(\d{1,6})(?!\d)")
BOOKING_LATIN = re.compile(r"(?<![A-Za-z])[Bb][Kk][\s-]?(\d{1,6})(?!\d)")
NOT_A_DATE_OR_TIME = rf"(?![\d/:]|\s*(?:{MONTH_NAMES}|صبح|عصر|شب|ظهر|بعد))"
TICKET_PERSIAN = re.compile(
    rf"(?:تیکت|درخواست)(?:\u200cم|\u200cام)?{NUMBER_LABEL}(\d{{1,6}}){NOT_A_DATE_OR_TIME}"
)
BOOKING_PERSIAN = re.compile(
    rf"(?:رزرو|نوبت)(?:\u200cم|م)?{NUMBER_LABEL}(\d{{1,6}}){NOT_A_DATE_OR_TIME}"
)
NATIONAL_CODE_CONTEXT = re.compile(r"ملی|national|melli", re.IGNORECASE)


@dataclass(frozen=True)
class CodeMatch:
    """One code found in normalized text: entity name, span and canonical value."""

    entity: str
    start: int
    end: int
    value: str

    def overlaps(self, other: CodeMatch) -> bool:
        """Tell whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


def is_valid_national_code(digits: str) -> bool:
    """Check the ten-digit Iranian national code's check digit (mod 11)."""
    if not re.fullmatch(r"\d{10}", digits) or len(set(digits)) == 1:
        return False

    weighted_sum = sum(int(digits[i]) * (10 - i) for i in range(9))
    remainder = weighted_sum % 11
    expected = remainder if remainder < 2 else 11 - remainder
    return int(digits[9]) == expected


def canonical_mobile(text: str) -> Optional[str]:
    """Return ``09xxxxxxxxx`` for a mobile number in any accepted layout, else None."""
    match = MOBILE.fullmatch(text.strip())
    if match is None:
        return None
    return "0" + "".join(match.groups()[1:])


def find_codes(text: str) -> List[CodeMatch]:
    """Find every code in ``text``, keeping the first of two overlapping matches.

    Priority: ticket and booking codes, then mobiles, national codes, tracking codes. A
    bare ten-digit number that starts with 9 is a mobile, unless the text speaks of a
    national code («کد ملی») and the check digit is valid.
    """
    speaks_of_national_code = NATIONAL_CODE_CONTEXT.search(text) is not None
    candidates: List[CodeMatch] = []
    candidates += _service_codes(text)

    national_codes = list(_national_codes(text))
    if speaks_of_national_code:
        candidates += national_codes
    candidates += _mobiles(text)
    if not speaks_of_national_code:
        candidates += national_codes
    candidates += _tracking_codes(text)

    kept: List[CodeMatch] = []
    for candidate in candidates:
        if not any(candidate.overlaps(existing) for existing in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda match: match.start)


def _service_codes(text: str) -> Iterable[CodeMatch]:
    for pattern, entity, prefix in (
        (TICKET_LATIN, "ticket_code", "TK"),
        (TICKET_PERSIAN, "ticket_code", "TK"),
        (BOOKING_LATIN, "booking_code", "BK"),
        (BOOKING_PERSIAN, "booking_code", "BK"),
    ):
        for match in pattern.finditer(text):
            number = int(match.group(1))
            if pattern in (TICKET_PERSIAN, BOOKING_PERSIAN):
                start, end = match.span(1)
            else:
                start, end = match.span()
            yield CodeMatch(entity, start, end, f"{prefix}-{number:06d}")


def _mobiles(text: str) -> Iterable[CodeMatch]:
    for match in MOBILE.finditer(text):
        value = "0" + "".join(match.groups()[1:])
        yield CodeMatch("mobile", match.start(), match.end(), value)


def _national_codes(text: str) -> Iterable[CodeMatch]:
    for match in NATIONAL_CODE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if is_valid_national_code(digits):
            yield CodeMatch("national_code", match.start(), match.end(), digits)


def _tracking_codes(text: str) -> Iterable[CodeMatch]:
    for match in TRACKING_CODE.finditer(text):
        yield CodeMatch("tracking_code", match.start(), match.end(), match.group())
