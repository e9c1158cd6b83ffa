"""Canonical slot values from whatever the user typed, with the NLU's own rules.

A slot filled from free text («شماره‌ام ۰۹۱۲ ۳۴۵ ۶۷۸۹ هست») goes through the same
normalizer and code patterns as the NLU extractors, so both paths give the same value.
"""

from __future__ import annotations

import re
from typing import Optional

from nlu.codes import find_codes, is_valid_national_code
from nlu.persian_text import fold


def _code_of(text: object, entity: str) -> Optional[str]:
    if not isinstance(text, str):
        return None
    normalized = fold(text)
    for match in find_codes(normalized):
        if match.entity == entity:
            return match.value
    return None


def mobile_value(text: object) -> Optional[str]:
    """Return ``09xxxxxxxxx`` for a mobile in ``text``, or None."""
    return _code_of(text, "mobile")


def ticket_code_value(text: object) -> Optional[str]:
    """Return ``TK-NNNNNN`` for a ticket code in ``text``; a bare number counts too."""
    return _code_of(text, "ticket_code") or _bare_code(text, "TK")


def booking_code_value(text: object) -> Optional[str]:
    """Return ``BK-NNNNNN`` for a booking code in ``text``; a bare number counts too."""
    return _code_of(text, "booking_code") or _bare_code(text, "BK")


def tracking_code_value(text: object) -> Optional[str]:
    """Return the eight-digit tracking code in ``text``, or None."""
    return _code_of(text, "tracking_code")


def national_code_digits(text: object) -> Optional[str]:
    """Return the ten digits of a national code in ``text``, valid or not, or None."""
    if not isinstance(text, str):
        return None
    digits = re.sub(r"[\s-]", "", fold(text))
    found = re.search(r"(?<!\d)\d{10}(?!\d)", digits)
    return found.group() if found else None


def national_code_value(text: object) -> Optional[str]:
    """Return the national code in ``text`` only if its check digit is valid."""
    digits = national_code_digits(text)
    return digits if digits and is_valid_national_code(digits) else None


def _bare_code(text: object, prefix: str) -> Optional[str]:
    """Read «۴۲۱۷» typed alone, in answer to a question for the code."""
    if not isinstance(text, str):
        return None
    found = re.fullmatch(r"\s*(\d{1,6})\s*", fold(text))
    return f"{prefix}-{int(found.group(1)):06d}" if found else None
