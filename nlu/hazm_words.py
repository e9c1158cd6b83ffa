"""Persian words with hazm: word spans, formal spellings and lemmas, without Rasa.

Shared by the Rasa tokenizer, the catalogue matcher and the knowledge-base search, so
that all three see the same words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple

from nlu.aligned_text import AlignedText
from nlu.persian_text import (
    ZWNJ,
    contains_persian,
    default_normalizer,
    domain_words,
    strip_joined_affixes,
)

WORD_CHARACTER = re.compile(r"\w", re.UNICODE)
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")


@dataclass(frozen=True)
class Word:
    """A word of the user's text: normalized formal spelling, lemma and typed span."""

    text: str
    lemma: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _hazm_tools() -> Tuple[Any, Any, Any]:
    """Load hazm's word tokenizer, lemmatizer and informal normalizer once per process."""
    from hazm import InformalNormalizer, Lemmatizer, WordTokenizer

    lemmatizer = Lemmatizer()
    for word in domain_words():
        # hazm reads «تیکت» as «تیک» plus a suffix unless the word is in its lexicon.
        lemmatizer.words.setdefault(word, (0, "N"))
    return (
        WordTokenizer(join_verb_parts=False, separate_emoji=True),
        lemmatizer,
        InformalNormalizer(),
    )


class HazmWords:
    """Split normalized text into words and give each its formal spelling and lemma.

    Args:
        formalize_informal_words: replace informal spellings by hazm's formal form
            (``میخوام`` becomes ``می‌خواهم``).
        keep_emoji: keep emoji as words, since «😡» says something about the user's mood.
    """

    def __init__(self, formalize_informal_words: bool = True, keep_emoji: bool = True) -> None:
        self.formalize_informal_words = formalize_informal_words
        self.keep_emoji = keep_emoji
        self.word_tokenizer, self.lemmatizer, self.informal_normalizer = _hazm_tools()

    def words(self, aligned: AlignedText) -> List[Word]:
        """Return the words of ``aligned`` with spans into the typed text."""
        words = []
        for start, end in self.word_spans(aligned):
            original_start, original_end = aligned.original_span(start, end)
            formal = self.formal_spelling(aligned.text[start:end])
            words.append(Word(formal, self.lemma(formal), original_start, original_end))
        return words

    def words_of(self, text: str) -> List[Word]:
        """Normalize ``text`` and return its words."""
        return self.words(default_normalizer().normalize(text))

    def lemmas_of(self, text: str) -> List[str]:
        """Return the lemmas of ``text``, with half-space compounds split into parts."""
        lemmas = []
        for word in self.words_of(text):
            parts = strip_joined_affixes(word.text).split(ZWNJ)
            lemmas += [self.lemma(part) for part in parts if part] if len(parts) > 1 else [word.lemma]
        return lemmas

    def word_spans(self, aligned: AlignedText) -> Iterator[Tuple[int, int]]:
        """Yield ``(start, end)`` of each word in the normalized text.

        Protected spans (codes, e-mail addresses, URLs) are single words. hazm splits the
        rest, and its words are located again in the text to recover offsets.
        """
        position = 0
        text = aligned.text
        protected = aligned.protected or (False,) * len(text)
        while position < len(text):
            end = position
            while end < len(text) and protected[end] == protected[position]:
                end += 1

            if protected[position]:
                yield position, end
            else:
                yield from self._hazm_spans(text, position, end)
            position = end

    def _hazm_spans(self, text: str, start: int, end: int) -> Iterator[Tuple[int, int]]:
        cursor = start
        for word in self.word_tokenizer.tokenize(text[start:end]):
            found = text.find(word, cursor, end)
            if found < 0:
                continue
            cursor = found + len(word)
            if self._is_word(word):
                yield found, cursor

    def _is_word(self, word: str) -> bool:
        if WORD_CHARACTER.search(word.replace(ZWNJ, "")):
            return True
        return self.keep_emoji and EMOJI.search(word) is not None

    @functools.lru_cache(maxsize=20_000)
    def formal_spelling(self, word: str) -> str:
        """Return hazm's formal spelling of an informal word, or the word itself."""
        if not self.formalize_informal_words or not contains_persian(word):
            return word

        candidates = self.informal_normalizer.normalize(word)
        first = _first_candidate(candidates)
        if first and " " not in first:
            return first
        return word

    @functools.lru_cache(maxsize=20_000)
    def lemma(self, word: str) -> str:
        """Return hazm's lemma, stripping affixes joined with a half-space that hazm keeps."""
        if not contains_persian(word):
            return word.lower()

        lemma = self.lemmatizer.lemmatize(word)
        if lemma == word and ZWNJ in word:
            stem = strip_joined_affixes(word)
            lemma = self.lemmatizer.lemmatize(stem) or stem
        return lemma


@functools.lru_cache(maxsize=4)
def shared_words(formalize_informal_words: bool = True, keep_emoji: bool = True) -> HazmWords:
    """Return one ``HazmWords`` per option set for the whole process."""
    return HazmWords(formalize_informal_words, keep_emoji)


def _first_candidate(candidates: Any) -> Optional[str]:
    """Take the first spelling from hazm's nested ``[[[candidate, ...]]]`` answer."""
    try:
        return candidates[0][0][0]
    except (IndexError, TypeError):
        return None
