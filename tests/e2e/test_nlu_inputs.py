"""The trained pipeline on inputs typed the ways Iranians type them."""

import pytest

pytestmark = pytest.mark.e2e


def entity_values(parsed):
    return [(entity["entity"], entity["value"]) for entity in parsed["entities"]]


def test_plural_spellings_give_same_result(assistant):
    results = [assistant.parse(f"وضعیت {spelling}مو میخوام") for spelling in ("تیکت ها", "تیکتها", "تیکت‌ها")]
    assert len({result["intent"]["name"] for result in results}) == 1
    assert results[0]["intent"]["name"] == "ticket_status"


def test_topic_span_points_into_typed_text(assistant):
    typed = "سلاااام، وقت مشاورهٔ صــــادرات میخوام"
    parsed = assistant.parse(typed)
    [topic] = [entity for entity in parsed["entities"] if entity["entity"] == "clinic_topic"]
    assert typed[topic["start"] : topic["end"]] == "صــــادرات"
    assert parsed["intent"]["name"] == "book_clinic"


def test_arabic_and_persian_keyboards_agree(assistant):
    arabic = assistant.parse("كد رهگيري من ۴۰۵۱۲۳۴۸ است")
    persian = assistant.parse("کد رهگیری من ۴۰۵۱۲۳۴۸ است")
    assert arabic["intent"]["name"] == persian["intent"]["name"]
    assert entity_values(arabic) == entity_values(persian) == [("tracking_code", "40512348")]


def test_mobile_in_two_digit_scripts(assistant):
    assert ("mobile", "09123456789") in entity_values(assistant.parse("۰۹۱۲٣٤٥۶۷۸۹"))


def test_course_with_half_spaces_and_suffix(assistant):
    for typed in ("دوره‌های بازاریابی‌دیجیتال", "دورهٔ بازاریابی دیجیتالم"):
        assert ("course", "C101") in entity_values(assistant.parse(typed))


def test_four_spellings_of_one_date(assistant):
    values = {
        tuple(value for entity, value in entity_values(assistant.parse(f"نوبت برای {typed}")) if entity == "date")
        for typed in ("۱۴ خرداد ۱۴۰۶", "١٤٠٦/٠٣/١٤", "1406/3/14", "۱۴۰۶-۰۳-۱۴")
    }
    assert values == {("2027-06-04",)}


def test_codes_and_email_survive_normalization(assistant):
    parsed = assistant.parse("کد TK-004217 و ایمیل sara.k2@example.com")
    assert ("ticket_code", "TK-004217") in entity_values(parsed)
    assert parsed["text"] == "کد TK-004217 و ایمیل sara.k2@example.com"
