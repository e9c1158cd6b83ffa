"""Base class for the entity extractors that work by rules over normalized text."""

from __future__ import annotations

import abc
from typing import Any, Dict, List, NamedTuple, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.aligned_text import AlignedText
from nlu.normalizer import aligned_text_of


class RuleMatch(NamedTuple):
    """An entity found in the normalized text: its name, span there and canonical value."""

    entity: str
    start: int
    end: int
    value: Any


class RuleBasedEntityExtractor(GraphComponent, EntityExtractorMixin, abc.ABC):
    """Extract entities by rules and report them with offsets into the typed text.

    Subclasses implement ``find`` over the normalized text. This class maps each match
    back to the user's text, so ``message.text[start:end]`` is what the user typed, while
    ``value`` is the canonical value of the NLU contract.
    """

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleBasedEntityExtractor:
        """Create the component (see parent class for full docstring)."""
        return cls(config)

    @abc.abstractmethod
    def find(self, aligned: AlignedText) -> List[RuleMatch]:
        """Find entities in ``aligned.text``; spans index the normalized text."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data as annotated: the rules need no training."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Append the entities found in each message to its ``entities``."""
        for message in messages:
            if not isinstance(message.get(TEXT), str):
                continue

            aligned = aligned_text_of(message)
            entities = [self._entity(aligned, match) for match in self.find(aligned)]
            entities = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages

    @staticmethod
    def _entity(aligned: AlignedText, match: RuleMatch) -> Dict[Text, Any]:
        start, end = aligned.original_span(match.start, match.end)
        return {
            ENTITY_ATTRIBUTE_TYPE: match.entity,
            ENTITY_ATTRIBUTE_START: start,
            ENTITY_ATTRIBUTE_END: end,
            ENTITY_ATTRIBUTE_VALUE: match.value,
            ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
        }
