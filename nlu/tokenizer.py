"""Rasa tokenizer for Persian built on hazm, with offsets into the text the user typed."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from nlu.hazm_words import shared_words
from nlu.normalizer import aligned_text_of


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
        self.hazm_words = shared_words(config["formalize_informal_words"], config["keep_emoji"])

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
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.lemma)
            for word in self.hazm_words.words(aligned)
        ]
        if not tokens:
            tokens = [Token(aligned.original, 0, len(aligned.original))]
        return self._apply_token_pattern(tokens)
