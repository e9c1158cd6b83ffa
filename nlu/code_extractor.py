"""Rasa extractor for mobile numbers, national codes and service codes."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from nlu.aligned_text import AlignedText
from nlu.codes import find_codes
from nlu.rule_extractor import RuleBasedEntityExtractor, RuleMatch


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PersianCodeExtractor(RuleBasedEntityExtractor):
    """Extract ``mobile``, ``national_code``, ``ticket_code``, ``booking_code`` and
    ``tracking_code`` with canonical values, whatever digit script the user typed."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config."""
        return {
            # Entity names to report; the others are found but dropped.
            "entities": [
                "mobile",
                "national_code",
                "ticket_code",
                "booking_code",
                "tracking_code",
            ],
        }

    def find(self, aligned: AlignedText) -> List[RuleMatch]:
        """Find codes in the normalized text."""
        wanted = set(self._config["entities"])
        return [
            RuleMatch(match.entity, match.start, match.end, match.value)
            for match in find_codes(aligned.text)
            if match.entity in wanted
        ]
