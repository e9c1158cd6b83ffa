"""Rewrites of held-out utterances into the ways people really type Persian.

Each rewrite is deterministic: the ones that choose words or letters draw them from a
random generator seeded with the rewrite's name, a seed and the utterance's index. They
are written here from the Unicode tables, independently of the normalizer in ``nlu/``,
so that the benchmark does not test the normalizer against itself.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ZWNJ = "\u200c"
KASHIDA = "\u0640"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
# Letters that never join the letter after them, so a kashida cannot follow them.
NON_JOINING = set("اآأإدذرزژوؤة")
PERSIAN_LETTERS = re.compile(r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
# Letters people stretch when they type with feeling: «سلاااام», «خیلیییی», «مرسیییی».
STRETCHED_LETTERS = set("اویه")
SPOKEN_FORMS_FILE = Path(__file__).with_name("spoken_forms.tsv")

Rewrite = Callable[[str, random.Random], str]


def arabic_letters(text: str, _: random.Random) -> str:
    """Type Persian ی and ک as Arabic ي and ك, as an Arabic keyboard layout does."""
    return text.replace("ی", "ي").replace("ک", "ك")


def arabic_indic_digits(text: str, _: random.Random) -> str:
    """Type every digit, Persian or Latin, as an Arabic-Indic digit (٠١٢…)."""
    return text.translate(str.maketrans(PERSIAN_DIGITS + LATIN_DIGITS, ARABIC_INDIC_DIGITS * 2))


def latin_digits(text: str, _: random.Random) -> str:
    """Type every digit, Persian or Arabic-Indic, as a Latin digit."""
    return text.translate(str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2))


def half_spaces_dropped(text: str, _: random.Random) -> str:
    """Drop every half-space: «می‌خواهم» becomes «میخواهم»."""
    return text.replace(ZWNJ, "")


def half_spaces_as_spaces(text: str, _: random.Random) -> str:
    """Type every half-space as a space: «می‌خواهم» becomes «می خواهم»."""
    return text.replace(ZWNJ, " ")


def kashida(text: str, random_generator: random.Random) -> str:
    """Stretch about one Persian word in three with one to three kashidas (ـ).

    A kashida goes only between two letters that join, where it is visible.
    """
    words = text.split(" ")
    for index, word in enumerate(words):
        places = [
            position
            for position in range(1, len(word))
            if PERSIAN_LETTERS.match(word[position - 1])
            and PERSIAN_LETTERS.match(word[position])
            and word[position - 1] not in NON_JOINING
        ]
        if places and random_generator.random() < 1 / 3:
            position = random_generator.choice(places)
            words[index] = word[:position] + KASHIDA * random_generator.randint(1, 3) + word[position:]
    return " ".join(words)


def repeated_letters(text: str, random_generator: random.Random) -> str:
    """Repeat a long vowel or a final letter of one or two words two to four extra times."""
    words = text.split(" ")
    candidates = [index for index, word in enumerate(words) if len(word) >= 3 and PERSIAN_LETTERS.match(word[-1])]
    if not candidates:
        return text

    chosen = random_generator.sample(candidates, k=min(len(candidates), random_generator.randint(1, 2)))
    for index in chosen:
        word = words[index]
        vowels = [position for position, letter in enumerate(word) if letter in STRETCHED_LETTERS and position > 0]
        position = random_generator.choice(vowels) if vowels else len(word) - 1
        repeats = random_generator.randint(2, 4)
        words[index] = word[: position + 1] + word[position] * repeats + word[position + 1 :]
    return " ".join(words)


def spoken_forms(text: str, _: random.Random) -> str:
    """Rewrite formal words into spoken ones (می‌خواهم → میخوام) and «است» into a suffix."""
    for pattern, spoken in _spoken_form_patterns():
        text = pattern.sub(spoken, text)
    return _spoken_copula(text)


def _spoken_copula(text: str) -> str:
    """Attach «است» to the word before it: «خوب است» → «خوبه», «کجا است» → «کجاست».

    After a number or a Latin word «است» stays as it is.
    """

    def attach(match: re.Match) -> str:
        word = match.group(1)
        if not PERSIAN_LETTERS.match(word[-1]):
            return match.group(0)
        if word[-1] in "اوآ":
            return word + "ست"
        if word[-1] == "ه":
            return word + ZWNJ + "ست"
        return word + "ه"

    return re.sub(r"(\w+)[ \u200c]است(?![\w\u200c])", attach, text)


def _spoken_form_patterns() -> List[Tuple[re.Pattern, str]]:
    if not _PATTERNS:
        for line in SPOKEN_FORMS_FILE.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            formal, spoken = line.split("\t")
            flexible = re.escape(formal).replace(ZWNJ, "[\u200c ]?")
            _PATTERNS.append((re.compile(rf"(?<![\w\u200c]){flexible}(?![\w\u200c])"), spoken))
    return _PATTERNS


_PATTERNS: List[Tuple[re.Pattern, str]] = []

REWRITES: Dict[str, Rewrite] = {
    "arabic_letters": arabic_letters,
    "arabic_indic_digits": arabic_indic_digits,
    "latin_digits": latin_digits,
    "half_spaces_dropped": half_spaces_dropped,
    "half_spaces_as_spaces": half_spaces_as_spaces,
    "kashida": kashida,
    "repeated_letters": repeated_letters,
    "spoken_forms": spoken_forms,
}


def rewrite_all(texts: List[str], name: str, seed: int) -> List[str]:
    """Apply the rewrite ``name`` to each text, seeded by ``seed`` and the text's index."""
    rewrite = REWRITES[name]
    return [rewrite(text, random.Random(f"{name}:{seed}:{index}")) for index, text in enumerate(texts)]
