"""Rasa extractor for catalogue entities read from the app database.

``province``, ``clinic_topic``, ``course`` and ``ticket_category`` take the database id of
the item the user named. The catalogue is read from the database, not from the model,
and re-read every ``refresh_seconds``, so adding a course or an alias needs neither code
nor retraining.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from nlu.aligned_text import AlignedText
from nlu.catalogue_matcher import CatalogueMatcher
from nlu.rule_extractor import RuleBasedEntityExtractor, RuleMatch

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class CatalogueEntityExtractor(RuleBasedEntityExtractor):
    """Extract catalogue entities with spaCy's PhraseMatcher over hazm lemmas."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config."""
        return {
            # SQLAlchemy URL of the catalogue; None reads SERVICEDESK_DATABASE_URL.
            "database_url": None,
            # Seconds after which the catalogue is read from the database again.
            "refresh_seconds": 60,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self._matcher: Optional[CatalogueMatcher] = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def find(self, aligned: AlignedText) -> List[RuleMatch]:
        """Find catalogue names; spans map from the typed text back to normalized text."""
        matcher = self.matcher()
        if matcher is None:
            return []

        matches = []
        for match in matcher.find(aligned.original):
            start, end = _normalized_span(aligned, match.start, match.end)
            matches.append(RuleMatch(match.entity, start, end, match.id))
        return matches

    def matcher(self) -> Optional[CatalogueMatcher]:
        """Return the matcher, reading the catalogue again when it is older than allowed."""
        with self._lock:
            if time.monotonic() - self._loaded_at >= self._config["refresh_seconds"]:
                self._reload()
            return self._matcher

    def _reload(self) -> None:
        from servicedesk.db import session_scope
        from servicedesk.services.catalogue import catalogue_entries

        try:
            with session_scope(self._config["database_url"]) as session:
                entries = catalogue_entries(session)
        except Exception as error:  # noqa: BLE001 - any database failure keeps the old catalogue
            logger.warning("Catalogue reload failed, keeping the previous one: %s", error)
            self._loaded_at = time.monotonic()
            return

        triples = [(entry.entity, entry.id, entry.names) for entry in entries]
        self._matcher = CatalogueMatcher(triples)
        self._loaded_at = time.monotonic()
        logger.info("Loaded %d catalogue entries for entity matching", len(entries))


def _normalized_span(aligned: AlignedText, start: int, end: int) -> tuple:
    """Find the normalized span whose characters came from ``original[start:end]``."""
    inside = [index for index, origin in enumerate(aligned.origins) if start <= origin < end]
    if not inside:
        return 0, 0
    return inside[0], inside[-1] + 1
