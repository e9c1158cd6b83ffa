"""Match a catalogue choice typed as free text (a ticket category, a clinic topic)."""

from __future__ import annotations

from typing import Iterable, Optional

from nlu.catalogue_matcher import CatalogueMatcher


def choose_from_catalogue(text: object, entity: str, rows: Iterable) -> Optional[str]:  # type: ignore[type-arg]
    """Return the id of the row that ``text`` names, or None.

    ``text`` may already be an id (a button payload) or words the user typed; ``rows``
    have ``id``, ``name`` and ``aliases``.
    """
    rows = list(rows)
    if not isinstance(text, str):
        return None
    if any(row.id == text for row in rows):
        return text

    entries = [(entity, row.id, [row.name, *(row.aliases or [])]) for row in rows]
    matches = CatalogueMatcher(entries).find(text)
    return matches[0].id if matches else None
