"""Persian text normalization as a sequence of named, separately testable steps.

The same steps run on user text, training data, catalogue names and database search
keys, so that «كد رهگيري» typed on an Arabic keyboard and «کد رهگیری» meet in the middle.
Each step maps an ``AlignedText`` to a new one and never touches protected spans (codes
such as ``TK-004217``, e-mail addresses and URLs).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from nlu.aligned_text import AlignedText, rebuild, replace_spans

TABLES = Path(__file__).parent / "tables"
ZWNJ = "\u200c"

# Latin codes, e-mail addresses and URLs keep their exact spelling: repeated-letter
# collapsing would turn "www" into "w" and letter folding has no business there.
PROTECTED_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[A-Za-z]{2,3}-?\d{2,}\b",
)
PERSIAN_LETTER = re.compile(r"[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u0622]")
LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")


def _load_table(name: str) -> Dict[str, object]:
    with open(TABLES / f"{name}.json", encoding="utf-8") as table_file:
        return json.load(table_file)


@functools.lru_cache(maxsize=1)
def _hazm_lexicon() -> FrozenSet[str]:
    """Words of hazm's lexicon, used to decide whether «تیکتها» hides a suffix."""
    from hazm.utils import words_list

    return frozenset(entry[0] for entry in words_list())


@functools.lru_cache(maxsize=1)
def domain_words() -> FrozenSet[str]:
    lines = (TABLES / "domain_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class PersianTextNormalizer:
    """Normalize Persian text step by step, keeping offsets into the typed text.

    Args:
        fold_letters: map Arabic letter forms (ي ك ة ...) to Persian ones.
        unify_digits: map Persian and Arabic-Indic digits to ASCII digits.
        remove_marks: drop diacritics and the kashida.
        collapse_repeats: shorten a run of three or more equal letters to one.
        repair_half_spaces: join prefixes and suffixes with a zero-width non-joiner.
        extra_words: words to treat as known when splitting an attached suffix, for
            example catalogue words that hazm's lexicon lacks.
    """

    def __init__(
        self,
        fold_letters: bool = True,
        unify_digits: bool = True,
        remove_marks: bool = True,
        collapse_repeats: bool = True,
        repair_half_spaces: bool = True,
        extra_words: Sequence[str] = (),
    ) -> None:
        self.steps = []
        if fold_letters or unify_digits:
            self.steps.append(self.map_characters)
        if remove_marks:
            self.steps.append(self.remove_marks)
        if collapse_repeats:
            self.steps.append(self.collapse_repeats)
        if repair_half_spaces:
            self.steps.append(self.join_compounds)
            self.steps.append(self.repair_half_spaces)

        self.character_map: Dict[str, str] = {}
        if fold_letters:
            self.character_map.update(_load_table("letters")["map"])
        if unify_digits:
            self.character_map.update(_load_table("digits")["map"])

        self.marks = frozenset(_load_table("marks")["remove"])
        affixes = _load_table("affixes")
        self.prefixes: List[str] = list(affixes["prefixes"])
        self.suffixes: List[str] = sorted(affixes["suffixes"], key=len, reverse=True)
        self.extra_words = frozenset(extra_words) | domain_words()

        self._compounds = [
            (
                re.compile(r"(?<![\w\u200c])" + r"[\s\u200c]*".join(entry["parts"]) + r"(?![\w\u200c])"),
                entry["written"],
            )
            for entry in _load_table("compounds")["compounds"]
        ]
        self._detached_prefix = re.compile(
            r"(?<![\w\u200c])(" + "|".join(self.prefixes) + r")( +)(?=[\u0600-\u06FF])"
        )
        self._detached_suffix = re.compile(
            r"(?<=[\u0600-\u06FF])( +)(" + "|".join(self.suffixes) + r")(?![\w\u200c])"
        )

    def normalize(self, text: str) -> AlignedText:
        """Run every enabled step over ``text``."""
        aligned = self.protect(AlignedText.identity(text))
        for step in self.steps:
            aligned = step(aligned)
        return aligned

    def fold(self, text: str) -> str:
        """Return the normalized string only: the key for catalogue and database search."""
        return self.normalize(text).text

    @staticmethod
    def protect(aligned: AlignedText) -> AlignedText:
        """Mark codes, e-mail addresses and URLs so that later steps skip them."""
        protected = list(aligned.protected)
        for match in PROTECTED_PATTERN.finditer(aligned.text):
            for position in range(match.start(), match.end()):
                protected[position] = True
        return AlignedText(aligned.original, aligned.text, aligned.origins, tuple(protected))

    def map_characters(self, aligned: AlignedText) -> AlignedText:
        """Fold Arabic letter forms and digit scripts: «كد ٤٠٥» becomes «کد 405»."""
        pieces = []
        for char, origin, protected in _characters(aligned):
            if not protected:
                char = self.character_map.get(char, char)
            pieces.append((char, origin, protected))
        return rebuild(aligned, pieces)

    def remove_marks(self, aligned: AlignedText) -> AlignedText:
        """Drop diacritics and kashida: «مشاورهٔ صــادرات» becomes «مشاوره صادرات»."""
        pieces = [
            piece
            for piece in _characters(aligned)
            if piece[2] or piece[0] not in self.marks
        ]
        return rebuild(aligned, pieces)

    @staticmethod
    def collapse_repeats(aligned: AlignedText) -> AlignedText:
        """Shorten stretched letters: «سلاااام» becomes «سلام», digits stay as typed."""
        keep = [True] * len(aligned.text)
        for match in LETTER_RUN.finditer(aligned.text):
            if any(aligned.protected[match.start() : match.end()]):
                continue
            for position in range(match.start() + 1, match.end()):
                keep[position] = False

        pieces = [piece for piece, kept in zip(_characters(aligned), keep) if kept]
        return rebuild(aligned, pieces)

    def join_compounds(self, aligned: AlignedText) -> AlignedText:
        """Write compounds with half-spaces: «کسب و کار» becomes «کسب‌وکار»."""
        replacements = []
        for pattern, joined in self._compounds:
            for match in pattern.finditer(aligned.text):
                if match.group() != joined and not any(aligned.protected[match.start() : match.end()]):
                    replacements.append((match.start(), match.end(), joined))
        return replace_spans(aligned, _without_overlaps(replacements)) if replacements else aligned

    def repair_half_spaces(self, aligned: AlignedText) -> AlignedText:
        """Join affixes with a ZWNJ: «تیکت ها» and «تیکتها» both become «تیکت‌ها»."""
        aligned = self._join_detached_affixes(aligned)
        return self._split_attached_suffixes(aligned)

    def _join_detached_affixes(self, aligned: AlignedText) -> AlignedText:
        replace: Dict[int, str] = {}
        drop: set = set()
        for pattern, group in ((self._detached_prefix, 2), (self._detached_suffix, 1)):
            for match in pattern.finditer(aligned.text):
                start, end = match.span(group)
                replace[start] = ZWNJ
                drop.update(range(start + 1, end))

        pieces = []
        for position, (char, origin, protected) in enumerate(_characters(aligned)):
            if position in drop:
                continue
            pieces.append((replace.get(position, char), origin, protected))
        return rebuild(aligned, pieces)

    def _split_attached_suffixes(self, aligned: AlignedText) -> AlignedText:
        inserts: Dict[int, int] = {}
        for match in re.finditer(r"[\u0600-\u06FF]+", aligned.text):
            split_at = self._suffix_boundary(match.group())
            if split_at is not None:
                inserts[match.start() + split_at] = aligned.origins[match.start() + split_at]

        if not inserts:
            return aligned

        pieces: List[Tuple[str, int, bool]] = []
        for position, piece in enumerate(_characters(aligned)):
            if position in inserts:
                pieces.append((ZWNJ, inserts[position], False))
            pieces.append(piece)
        return rebuild(aligned, pieces)

    def _suffix_boundary(self, word: str) -> Optional[int]:
        """Return where a suffix starts in ``word`` when it was typed without a ZWNJ."""
        lexicon = _hazm_lexicon()
        if word in lexicon or word in self.extra_words:
            return None

        for suffix in self.suffixes:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2:
                if stem in lexicon or stem in self.extra_words:
                    return len(stem)
        return None


def _without_overlaps(spans: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    kept: List[Tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _characters(aligned: AlignedText) -> List[Tuple[str, int, bool]]:
    return list(zip(aligned.text, aligned.origins, aligned.protected))


@functools.lru_cache(maxsize=1)
def default_normalizer() -> PersianTextNormalizer:
    """Return the normalizer with every step on, shared by NLU, catalogue and database search."""
    return PersianTextNormalizer()


def fold(text: str) -> str:
    """Normalize ``text`` with every step: the one folding used for search keys."""
    return default_normalizer().fold(text)


# Pronoun and verb endings written after a ZWNJ («دوره‌ام», «خانه‌اش»). They are stripped
# from joined words only, never split off a word typed without one.
JOINED_ENDINGS = frozenset(
    ["ام", "ات", "اش", "مان", "تان", "شان", "ای", "ی", "یم", "ید", "اند", "مون", "تون", "شون", "مو", "رو"]
)


def strip_joined_affixes(word: str) -> str:
    """Drop prefixes and suffixes joined with a ZWNJ: «دوره‌های» and «دوره‌ام» give «دوره»."""
    normalizer = default_normalizer()
    parts = word.split(ZWNJ)
    while len(parts) > 1 and parts[0] in normalizer.prefixes:
        parts = parts[1:]
    while len(parts) > 1 and (parts[-1] in normalizer.suffixes or parts[-1] in JOINED_ENDINGS):
        parts = parts[:-1]
    return ZWNJ.join(parts)


def contains_persian(text: str) -> bool:
    """Tell whether ``text`` has at least one Persian or Arabic letter."""
    return PERSIAN_LETTER.search(text) is not None
