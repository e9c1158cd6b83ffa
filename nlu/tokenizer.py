"""Rasa tokenizer for Persian built on hazm, with offsets into the text the user typed."""

from __future__ import annotations

import functools
import re
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from nlu.aligned_text import AlignedText
from nlu.normalizer import aligned_text_of
from nlu.persian_text import ZWNJ, contains_persian, strip_joined_affixes

WORD_CHARACTER = re.compile(r"\w", re.UNICODE)
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")


@functools.lru_cache(maxsize=1)
def _hazm_tools() -> Tuple[Any, Any, Any]:
    """Load hazm's word tokenizer, lemmatizer and informal normalizer once per process."""
    from hazm import InformalNormalizer, Lemmatizer, WordTokenizer

    return (
        WordTokenizer(join_verb_parts=False, separate_emoji=True),
        Lemmatizer(),
        InformalNormalizer(),
    )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class HazmTokenizer(Tokenizer):
    """Split normalized Persian text into words with hazm.

    Each token's ``start`` and ``end`` point into the text the user typed, even where
    normalization removed kashida or inserted a half-space, so entity values sliced from
    the message are what the user wrote. ``text`` is the normalized word, mapped to its
    formal spelling where hazm knows one (``میخوام`` to ``می‌خواهم``), and ``lemma`` is
    hazm's lemma, which the count-vectors featurizer uses by default.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config."""
        return {
            # Split intent names on a symbol when featurizing them.
            "intent_tokenization_flag": False,
            # The symbol intent names are split on.
            "intent_split_symbol": "_",
            # Regular expression that further splits each token, None to keep tokens whole.
            "token_pattern": None,
            # Symbol that separates a prefix from an intent name, None for no prefix.
            "prefix_separator_symbol": None,
            # Replace informal spellings by their formal form (میدونم to می‌دانم).
            "formalize_informal_words": True,
            # Keep emoji as tokens, since «😡» says something about the user's mood.
            "keep_emoji": True,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.formalize_informal_words = config["formalize_informal_words"]
        self.keep_emoji = config["keep_emoji"]
        self.word_tokenizer, self.lemmatizer, self.informal_normalizer = _hazm_tools()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> HazmTokenizer:
        """Create the component (see parent class for full docstring)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenize ``attribute`` of ``message``; offsets point into the typed text."""
        aligned = aligned_text_of(message, attribute)
        tokens = []
        for start, end in self.word_spans(aligned):
            word = aligned.text[start:end]
            original_start, original_end = aligned.original_span(start, end)
            formal = self.formal_spelling(word)
            tokens.append(
                Token(formal, original_start, original_end, lemma=self.lemma(formal))
            )

        if not tokens:
            tokens = [Token(aligned.original, 0, len(aligned.original))]
        return self._apply_token_pattern(tokens)

    def word_spans(self, aligned: AlignedText) -> Iterator[Tuple[int, int]]:
        """Yield ``(start, end)`` of each word in the normalized text.

        Protected spans (codes, e-mail addresses, URLs) are single tokens. hazm splits
        the rest, and its words are located again in the text to recover offsets.
        """
        position = 0
        text = aligned.text
        while position < len(text):
            if aligned.protected and aligned.protected[position]:
                end = position
                while end < len(text) and aligned.protected[end]:
                    end += 1
                yield position, end
                position = end
                continue

            end = position
            while end < len(text) and not (aligned.protected and aligned.protected[end]):
                end += 1
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
    def lemma(self, word: str) -> Optional[str]:
        """Return hazm's lemma, stripping affixes joined with a half-space that hazm keeps."""
        if not contains_persian(word):
            return word.lower()

        lemma = self.lemmatizer.lemmatize(word)
        if lemma == word and ZWNJ in word:
            stem = strip_joined_affixes(word)
            lemma = self.lemmatizer.lemmatize(stem) or stem
        return lemma


def _first_candidate(candidates: Any) -> Optional[str]:
    """Take the first spelling from hazm's nested ``[[[candidate, ...]]]`` answer."""
    try:
        return candidates[0][0][0]
    except (IndexError, TypeError):
        return None
