"""Rasa extractor for follow-up references: ``ordinal`` and ``course_attribute``."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from nlu.aligned_text import AlignedText
from nlu.references import find_references
from nlu.rule_extractor import RuleBasedEntityExtractor, RuleMatch


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PersianReferenceExtractor(RuleBasedEntityExtractor):
    """Extract ``ordinal`` («دومی» is 2, «آخری» is -1) and ``course_attribute``
    (``fee``, ``start``, ``mode``, ``duration``, ``place`` or ``capacity``)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config (the component has no options)."""
        return {}

    def find(self, aligned: AlignedText) -> List[RuleMatch]:
        """Find references in the normalized text."""
        return [
            RuleMatch(reference.entity, reference.start, reference.end, reference.value)
            for reference in find_references(aligned.text)
        ]
