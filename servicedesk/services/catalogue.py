"""Catalogue entries as the NLU sees them: every name a thing is called by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.models import ClinicTopic, Course, Province, TicketCategory


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue item: the entity it fills, its database id and its names."""

    entity: str
    id: str
    names: Tuple[str, ...]


def catalogue_entries(session: Session) -> List[CatalogueEntry]:
    """Return every province, clinic topic, course and ticket category with its names."""
    entries: List[CatalogueEntry] = []
    for model, entity, name_column in (
        (Province, "province", Province.name),
        (ClinicTopic, "clinic_topic", ClinicTopic.name),
        (Course, "course", Course.title),
        (TicketCategory, "ticket_category", TicketCategory.name),
    ):
        rows = session.execute(select(model.id, name_column, model.aliases).order_by(model.id))
        for row_id, name, aliases in rows:
            names = tuple(dict.fromkeys([name, *(aliases or [])]))
            entries.append(CatalogueEntry(entity, row_id, names))
    return entries
