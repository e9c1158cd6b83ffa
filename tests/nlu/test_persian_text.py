"""Normalization steps of PersianTextNormalizer, alone and together."""

import pytest

from nlu.aligned_text import AlignedText
from nlu.persian_text import ZWNJ, PersianTextNormalizer, fold


@pytest.mark.parametrize("typed", ["تیکت ها", "تیکتها", "تیکت‌ها", "تيكت ها"])
def test_plural_suffix_spellings_normalize_alike(typed):
    assert fold(typed) == f"تیکت{ZWNJ}ها"


@pytest.mark.parametrize("code", ["TK-004217", "sara.k2@example.com", "https://www.example.com/aaa?x=1"])
def test_codes_emails_and_urls_stay_intact(code):
    assert fold(f"کد من {code} است") == f"کد من {code} است"


def test_arabic_letters_fold_to_persian():
    assert fold("كد رهگيري") == "کد رهگیری"


def test_mixed_digit_scripts_become_ascii():
    assert fold("۰۹۱۲٣٤٥۶۷۸۹") == "09123456789"


def test_kashida_and_diacritics_are_removed():
    assert fold("مشاورهٔ صــــادرات") == "مشاوره صادرات"


def test_repeated_letters_collapse_but_digits_do_not():
    assert fold("سلاااام 1000") == "سلام 1000"


def test_detached_prefix_joins_with_half_space():
    assert fold("می خوام نمی دونم") == f"می{ZWNJ}خوام نمی{ZWNJ}دونم"


def test_compound_is_written_the_standard_way():
    assert fold("کسب و کار") == fold("کسبوکار") == f"کسب{ZWNJ}وکار"


def test_word_in_lexicon_is_not_split():
    assert fold("تنها") == "تنها"


def test_offsets_point_into_typed_text():
    typed = "سلاااام، وقت مشاورهٔ صــــادرات میخوام"
    aligned = PersianTextNormalizer().normalize(typed)
    start = aligned.text.index("صادرات")
    assert aligned.original_slice(start, start + len("صادرات")) == "صــــادرات"


def test_each_step_can_be_turned_off():
    normalizer = PersianTextNormalizer(fold_letters=False, unify_digits=False)
    assert normalizer.fold("كد ۴۲") == "كد ۴۲"


def test_identity_text_maps_every_character_to_itself():
    aligned = AlignedText.identity("سلام")
    assert aligned.original_span(1, 3) == (1, 3)
