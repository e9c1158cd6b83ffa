"""Rasa component that normalizes Persian text before tokenization."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ACTION_TEXT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.aligned_text import AlignedText
from nlu.persian_text import PersianTextNormalizer, default_normalizer

NORMALIZED_TEXT = "persian_normalized_text"
NORMALIZED_ORIGINS = "persian_normalized_origins"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class PersianNormalizer(GraphComponent):
    """Store a normalized copy of each message's text beside the text the user typed.

    The message text itself is never changed, so replies, entity values and the tracker
    keep what the user wrote. Later components read the normalized copy through
    ``aligned_text_of``, which maps every normalized character back to the typed one.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config: every normalization step is on."""
        return {
            # Map Arabic letter forms (ي ك ة) to Persian (ی ک ه).
            "fold_letters": True,
            # Map Persian and Arabic-Indic digits to ASCII digits.
            "unify_digits": True,
            # Drop diacritics and kashida.
            "remove_marks": True,
            # Shorten runs of three or more equal letters to one.
            "collapse_repeats": True,
            # Join prefixes and suffixes to their word with a zero-width non-joiner.
            "repair_half_spaces": True,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.text_normalizer = PersianTextNormalizer(
            fold_letters=config["fold_letters"],
            unify_digits=config["unify_digits"],
            remove_marks=config["remove_marks"],
            collapse_repeats=config["collapse_repeats"],
            repair_half_spaces=config["repair_half_spaces"],
        )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PersianNormalizer:
        """Create the component (see parent class for full docstring)."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalize every training example."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Normalize the text of each message, keeping the typed text untouched."""
        for message in messages:
            text = message.get(TEXT) or message.get(ACTION_TEXT)
            if not isinstance(text, str):
                continue

            aligned = self.text_normalizer.normalize(text)
            message.set(NORMALIZED_TEXT, aligned.text)
            message.set(NORMALIZED_ORIGINS, list(aligned.origins))
        return messages


def aligned_text_of(message: Message, attribute: Text = TEXT) -> AlignedText:
    """Return the normalized text of ``message`` with its offsets into the typed text.

    Falls back to normalizing on the spot when ``PersianNormalizer`` did not run, so the
    tokenizer and extractors also work in a pipeline without it.
    """
    typed = message.get(attribute) or ""
    normalized = message.get(NORMALIZED_TEXT)
    origins = message.get(NORMALIZED_ORIGINS)
    if attribute in (TEXT, ACTION_TEXT) and normalized is not None and origins is not None:
        unprotected = AlignedText(typed, normalized, tuple(origins), (False,) * len(normalized))
        return PersianTextNormalizer.protect(unprotected)
    return default_normalizer().normalize(typed)
