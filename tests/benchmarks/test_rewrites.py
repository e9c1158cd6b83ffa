"""Typing rewrites of the robustness benchmark."""

import pytest

from benchmarks.nlu.rewrites import KASHIDA, REWRITES, rewrite_all

TEXTS = [
    "می‌خواهم یک نوبت مشاوره برای صادرات بگیرم",
    "کد رهگیری من ۴۰۵۱۲۳۴۸ است",
    "وضعیت تیکت TK-004217 چیست؟",
    "این دوره خوب است",
]


@pytest.mark.parametrize("name", sorted(REWRITES))
def test_rewrite_is_deterministic(name):
    assert rewrite_all(TEXTS, name, seed=7) == rewrite_all(TEXTS, name, seed=7)


@pytest.mark.parametrize("name", sorted(REWRITES))
def test_rewrite_changes_some_text(name):
    rewritten = rewrite_all(TEXTS, name, seed=7)
    assert any(before != after for before, after in zip(TEXTS, rewritten))


def test_arabic_letters_replace_yeh_and_keheh():
    [text] = rewrite_all(["کد رهگیری"], "arabic_letters", seed=7)
    assert text == "كد رهگيري"


def test_digits_become_arabic_indic_or_latin():
    assert rewrite_all(["کد ۴۰۵ و 12"], "arabic_indic_digits", seed=7) == ["کد ٤٠٥ و ١٢"]
    assert rewrite_all(["کد ۴۰۵ و ١٢"], "latin_digits", seed=7) == ["کد 405 و 12"]


def test_half_spaces_are_dropped_or_spaced():
    assert rewrite_all(["می‌خواهم"], "half_spaces_dropped", seed=7) == ["میخواهم"]
    assert rewrite_all(["می‌خواهم"], "half_spaces_as_spaces", seed=7) == ["می خواهم"]


def test_kashida_only_stretches_letters():
    text = "سلام وضعیت تیکت من چیست و کی جواب می‌دهید"
    rewritten = rewrite_all([text] * 20, "kashida", seed=7)
    assert any(KASHIDA in line for line in rewritten)
    assert all(line.replace(KASHIDA, "") == text for line in rewritten)


def test_repeated_letters_keep_the_word_readable():
    [text] = rewrite_all(["سلام وقت مشاوره میخوام"], "repeated_letters", seed=7)
    assert len(text) > len("سلام وقت مشاوره میخوام")
    assert len(text.split(" ")) == 4


def test_spoken_forms_rewrite_formal_words():
    [text] = rewrite_all(["می‌خواهم یک وقت برای فردا بگیرم"], "spoken_forms", seed=7)
    assert text == "میخوام یه وقت واسه فردا بگیرم"


def test_spoken_forms_match_without_half_space():
    assert rewrite_all(["میخواهم", "می خواهم"], "spoken_forms", seed=7) == ["میخوام", "میخوام"]


def test_spoken_copula_attaches_to_the_word_before():
    texts = ["این دوره خوب است", "کلینیک کجا است", "این خسته است", "کد من ۴۰۵ است"]
    assert rewrite_all(texts, "spoken_forms", seed=7) == [
        "این دوره خوبه",
        "کلینیک کجاست",
        "این خسته\u200cست",
        "کد من ۴۰۵ است",
    ]


def test_spoken_forms_skip_longer_words():
    assert rewrite_all(["رایانه آنتن ندارد"], "spoken_forms", seed=7) == ["رایانه آنتن ندارد"]
