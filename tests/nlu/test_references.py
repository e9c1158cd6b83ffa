"""Follow-up references: ordinals and the course detail asked about."""

import pytest

from nlu.persian_text import fold
from nlu.references import find_references


def references_in(typed):
    return [(reference.entity, reference.value) for reference in find_references(fold(typed))]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("دومی چقدر هزینه داره؟", [("ordinal", 2), ("course_attribute", "fee")]),
        ("اولي كي شروع ميشه", [("ordinal", 1), ("course_attribute", "start")]),
        ("آخریش کجاست", [("ordinal", -1), ("course_attribute", "place")]),
        ("شماره ۳ چند ساعته", [("ordinal", 3), ("course_attribute", "duration")]),
        ("کدومشون آنلاینه؟", [("course_attribute", "mode")]),
    ],
)
def test_reference_and_detail(typed, expected):
    assert references_in(typed) == expected


def test_how_long_is_duration_not_fee():
    assert references_in("دومی چقدر طول میکشه") == [("ordinal", 2), ("course_attribute", "duration")]
