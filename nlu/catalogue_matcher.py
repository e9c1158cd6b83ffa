"""Match catalogue names in user text with spaCy's PhraseMatcher over hazm lemmas.

Both sides go through the same normalizer, hazm tokenizer and lemmatizer, and words joined
by a half-space are split, so «دوره‌های بازاریابی‌دیجیتال» and «دورهٔ بازاریابی دیجیتالم»
both contain the lemma sequence of «بازاریابی دیجیتال».
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from nlu.hazm_words import shared_words
from nlu.persian_text import ZWNJ, strip_joined_affixes

# A word of the text: its lemma and the span in the typed text it came from.
MatchUnit = Tuple[str, int, int]
Lemmatize = Callable[[str], List[MatchUnit]]


@dataclass(frozen=True)
class CatalogueMatch:
    """A catalogue name found in the text, with its span in the typed text."""

    entity: str
    id: str
    start: int
    end: int


class CatalogueMatcher:
    """Find catalogue names in text; the longest match wins where two overlap.

    Args:
        entries: ``(entity, id, names)`` triples, for example
            ``("course", "C101", ["بازاریابی دیجیتال", "digital marketing"])``.
        lemmatize: turns a text into match units ``(lemma, start, end)``; by default
            ``match_units``.
    """

    def __init__(
        self,
        entries: Iterable[Tuple[str, str, Sequence[str]]],
        lemmatize: Optional[Lemmatize] = None,
    ) -> None:
        self.lemmatize = lemmatize or match_units
        self.vocab = spacy.blank("fa").vocab
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.keys: Dict[int, Tuple[str, str]] = {}

        for entity, entry_id, names in entries:
            key = f"{entity}|{entry_id}"
            patterns = [self._doc(self.lemmatize(name)) for name in names]
            patterns = [pattern for pattern in patterns if len(pattern)]
            if patterns:
                self.matcher.add(key, patterns)
                self.keys[self.vocab.strings[key]] = (entity, entry_id)

    def find(self, text: str) -> List[CatalogueMatch]:
        """Return the catalogue names in ``text`` with spans into ``text``."""
        units = self.lemmatize(text)
        if not units:
            return []

        doc = self._doc(units)
        spans = [doc[start:end] for _, start, end in self.matcher(doc)]
        labels = {(start, end): match_id for match_id, start, end in self.matcher(doc)}
        found = []
        for span in filter_spans(spans):
            entity, entry_id = self.keys[labels[(span.start, span.end)]]
            start = units[span.start][1]
            end = units[span.end - 1][2]
            found.append(CatalogueMatch(entity, entry_id, start, end))
        return found

    def _doc(self, units: List[MatchUnit]) -> Doc:
        return Doc(self.vocab, words=[unit[0] for unit in units])


def match_units(text: str) -> List[MatchUnit]:
    """Turn ``text`` into match units: hazm lemmas with spans into ``text``."""
    hazm_words = shared_words()
    units: List[MatchUnit] = []
    for word in hazm_words.words_of(text):
        units += split_compound(hazm_words.lemma, word.text, word.start, word.end)
    return units


def split_compound(lemma_of: Callable[[str], str], word: str, start: int, end: int) -> List[MatchUnit]:
    """Split a word joined with half-spaces into match units that share its span."""
    stem = strip_joined_affixes(word)
    return [(lemma_of(part), start, end) for part in stem.split(ZWNJ) if part]
