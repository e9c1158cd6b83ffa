"""The Rasa components on messages: normalizer, tokenizer and extractors."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu.catalogue_extractor import CatalogueEntityExtractor
from nlu.code_extractor import PersianCodeExtractor
from nlu.date_time_extractor import PersianDateTimeExtractor
from nlu.normalizer import NORMALIZED_TEXT, PersianNormalizer
from nlu.tokenizer import HazmTokenizer


def processed(typed, *components):
    message = Message.build(typed)
    for component in components:
        component.process([message])
    return message


@pytest.fixture(scope="module")
def normalizer():
    return PersianNormalizer(PersianNormalizer.get_default_config())


@pytest.fixture(scope="module")
def tokenizer():
    return HazmTokenizer(HazmTokenizer.get_default_config())


def test_normalizer_keeps_typed_text(normalizer):
    message = processed("كد ۴۲", normalizer)
    assert message.get("text") == "كد ۴۲"
    assert message.get(NORMALIZED_TEXT) == "کد 42"


def test_token_offsets_point_into_typed_text(normalizer, tokenizer):
    typed = "سلاااام، وقت مشاورهٔ صــــادرات میخوام"
    message = processed(typed, normalizer)
    tokens = tokenizer.tokenize(message, "text")
    assert [typed[token.start : token.end] for token in tokens] == [
        "سلاااام", "وقت", "مشاوره", "صــــادرات", "میخوام"
    ]


def test_informal_word_gets_formal_text_and_lemma(normalizer, tokenizer):
    tokens = tokenizer.tokenize(processed("میخوام", normalizer), "text")
    assert tokens[0].text == "می\u200cخواهم"
    assert tokens[0].lemma == "خواست#خواه"


def test_plural_spellings_give_same_tokens(normalizer, tokenizer):
    lemmas = [
        [token.lemma for token in tokenizer.tokenize(processed(typed, normalizer), "text")]
        for typed in ("تیکت ها", "تیکتها", "تیکت‌ها")
    ]
    assert lemmas[0] == lemmas[1] == lemmas[2] == ["تیکت"]


def test_code_stays_one_token(normalizer, tokenizer):
    tokens = tokenizer.tokenize(processed("کد TK-004217 است", normalizer), "text")
    assert "TK-004217" in [token.text for token in tokens]


def test_code_extractor_reports_typed_span_and_canonical_value(normalizer):
    typed = "شماره‌ام ۰۹۱۲ ۳۴۵ ۶۷۸۹ است"
    message = processed(typed, normalizer, PersianCodeExtractor(PersianCodeExtractor.get_default_config()))
    [entity] = message.get("entities")
    assert entity["entity"] == "mobile"
    assert entity["value"] == "09123456789"
    assert typed[entity["start"] : entity["end"]] == "۰۹۱۲ ۳۴۵ ۶۷۸۹"


def test_date_time_extractor_resolves_in_tehran(normalizer):
    extractor = PersianDateTimeExtractor(PersianDateTimeExtractor.get_default_config())
    message = processed("فردا ساعت ده و نیم", normalizer, extractor)
    entities = {entity["entity"]: entity for entity in message.get("entities")}
    assert entities["time"]["value"] == "10:30"
    assert len(entities["date"]["value"]) == len("2026-12-05")


@pytest.fixture
def catalogue_extractor(seeded_sqlite):
    return CatalogueEntityExtractor(CatalogueEntityExtractor.get_default_config())


def test_topic_span_points_into_text_with_kashida(normalizer, catalogue_extractor):
    typed = "سلاااام، وقت مشاورهٔ صــــادرات میخوام"
    message = processed(typed, normalizer, catalogue_extractor)
    [entity] = message.get("entities")
    assert (entity["entity"], entity["value"]) == ("clinic_topic", "export")
    assert typed[entity["start"] : entity["end"]] == "صــــادرات"


@pytest.mark.parametrize("typed", ["دوره‌های بازاریابی‌دیجیتال", "دورهٔ بازاریابی دیجیتالم", "دوره بازاریابي ديجيتال"])
def test_course_title_with_suffixes_and_half_spaces(normalizer, catalogue_extractor, typed):
    message = processed(typed, normalizer, catalogue_extractor)
    assert [(entity["entity"], entity["value"]) for entity in message.get("entities")] == [("course", "C101")]


def test_city_names_its_province(normalizer, catalogue_extractor):
    message = processed("دوره های شیراز", normalizer, catalogue_extractor)
    assert [(entity["entity"], entity["value"]) for entity in message.get("entities")] == [("province", "fars")]


def test_new_catalogue_alias_needs_no_code(seeded_sqlite, normalizer):
    import sqlalchemy

    from servicedesk.db import session_scope
    from servicedesk.models import ClinicTopic

    with session_scope(seeded_sqlite) as session:
        topic = session.get(ClinicTopic, "export")
        topic.aliases = [*topic.aliases, "ترخیص کالا"]
        sqlalchemy.orm.attributes.flag_modified(topic, "aliases")

    extractor = CatalogueEntityExtractor({**CatalogueEntityExtractor.get_default_config(), "refresh_seconds": 0})
    message = processed("مشاوره ترخیص کالا میخوام", normalizer, extractor)
    assert [(entity["entity"], entity["value"]) for entity in message.get("entities")] == [("clinic_topic", "export")]
