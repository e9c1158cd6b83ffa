"""Find follow-up references in normalized Persian: «دومی», «اولین دوره», «آخری».

Also finds which detail of a course a question asks about: its fee, start date, mode
(online or in person), duration, place or capacity. Both feed follow-up questions such as
«دومی چقدر هزینه داره؟» after a list of courses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

ORDINALS = {
    "اول": 1, "اولی": 1, "اولین": 1, "یکمی": 1, "یکم": 1,
    "دوم": 2, "دومی": 2, "دومین": 2,
    "سوم": 3, "سومی": 3, "سومین": 3,
    "چهارم": 4, "چهارمی": 4, "چهارمین": 4,
    "پنجم": 5, "پنجمی": 5, "پنجمین": 5,
    "ششم": 6, "ششمی": 6, "ششمین": 6,
    "هفتم": 7, "هفتمی": 7, "هفتمین": 7,
    "هشتم": 8, "هشتمی": 8, "هشتمین": 8,
    "آخر": -1, "آخری": -1, "آخرین": -1,
}
# Words naming a course detail, in priority order: «چقدر طول میکشه» asks for the duration
# although «چقدر» alone asks for the fee.
ATTRIBUTE_WORDS = {
    "duration": r"چند\s*ساعت|مدت|طول\s*دوره|چقدر\s*طول",
    "start": r"کی\s*شروع|شروع|تاریخ|چه\s*روزی|کی\s*برگزار",
    "place": r"کجا|کدوم\s*شهر|کدام\s*شهر|کدوم\s*استان|کدام\s*استان|محل",
    "capacity": r"ظرفیت|چند\s*نفر|جا\s*داره",
    "mode": r"آنلاین|انلاین|مجازی|حضوری|online",
    "fee": r"هزینه|شهریه|قیمت|چقدر|چند\s*(?:تومن|تومان|ریال)|پولی|رایگان",
}

_BEFORE = r"(?<![\w\u200c])"
_AFTER = r"(?![\w\u200c])"
ORDINAL_PATTERN = re.compile(
    _BEFORE + "(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")(?:\u200c?ش|\u200c?ه)?" + _AFTER
    + r"|" + _BEFORE + r"(?:شماره|ردیف)\s*(\d)" + _AFTER
)
ATTRIBUTE_PATTERNS = [
    (name, re.compile(_BEFORE + f"(?:{words})", re.IGNORECASE)) for name, words in ATTRIBUTE_WORDS.items()
]


@dataclass(frozen=True)
class Reference:
    """A span of normalized text with the entity it fills and its value."""

    entity: str
    start: int
    end: int
    value: object


def find_references(text: str) -> List[Reference]:
    """Find ordinals («دومی» is 2, «آخری» is -1) and course details asked about."""
    found: List[Reference] = []
    for match in ORDINAL_PATTERN.finditer(text):
        value = ORDINALS[match.group(1)] if match.group(1) else int(match.group(2))
        found.append(Reference("ordinal", match.start(), match.end(), value))

    for name, pattern in ATTRIBUTE_PATTERNS:
        match = pattern.search(text)
        if match and not any(match.start() < other.end and other.start < match.end() for other in found):
            found.append(Reference("course_attribute", match.start(), match.end(), name))
    return sorted(found, key=lambda reference: reference.start)
