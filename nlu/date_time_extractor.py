"""Rasa extractor for Persian dates and clock times, resolved in Iran's time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text
from zoneinfo import ZoneInfo

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from nlu.aligned_text import AlignedText
from nlu.clock_times import find_times
from nlu.dates import find_dates
from nlu.rule_extractor import RuleBasedEntityExtractor, RuleMatch


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PersianDateTimeExtractor(RuleBasedEntityExtractor):
    """Extract ``date`` as an ISO date and ``time`` as ``HH:MM``.

    Relative dates («فردا», «شنبه آینده») resolve against today's date in the configured
    time zone at the moment the message is parsed, not when the model was trained.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config."""
        return {
            # IANA time zone that "today" is taken in.
            "timezone": "Asia/Tehran",
        }

    def find(self, aligned: AlignedText) -> List[RuleMatch]:
        """Find dates and times in the normalized text."""
        today = dt.datetime.now(ZoneInfo(self._config["timezone"])).date()
        matches = [
            RuleMatch("date", match.start, match.end, match.value.isoformat())
            for match in find_dates(aligned.text, today)
        ]
        matches += [
            RuleMatch("time", match.start, match.end, match.value)
            for match in find_times(aligned.text)
        ]
        return matches
