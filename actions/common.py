"""Helpers shared by the actions: database access, idempotency keys and form slots."""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from servicedesk.db import session_scope

logger = logging.getLogger(__name__)
Result = TypeVar("Result")

FORM_SLOTS = {
    "open_ticket_form": ["ticket_category", "ticket_description", "ticket_confirmed"],
    "ticket_status_form": ["ticket_code"],
    "book_clinic_form": ["clinic_topic", "clinic_day", "clinic_time", "clinic_slot_id", "booking_confirmed"],
    "cancel_booking_form": ["booking_code", "cancel_confirmed"],
    "admission_status_form": ["tracking_code", "national_code"],
}


class ActionStopped(Exception):
    """The action cannot go on, and the user already got a Persian message saying why."""


class DatabaseUnavailable(ActionStopped):
    """The app database could not be reached; the user got an apology and no input was lost."""


def with_database(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    work: Callable[[Session], Result],
) -> Result:
    """Run ``work`` in one transaction; on a database error, apologise in Persian.

    Raises ``DatabaseUnavailable`` after the apology so that the caller keeps every slot
    the user filled and can ask again later.
    """
    try:
        with session_scope() as session:
            return work(session)
    except SQLAlchemyError as error:
        logger.error("Database error in conversation %s: %s", tracker.sender_id, error)
        dispatcher.utter_message(response="utter_db_unavailable")
        raise DatabaseUnavailable() from error


def request_key(tracker: Tracker, form_name: str) -> str:
    """Return a key naming this run of ``form_name`` in this conversation.

    It is built from the time the form was activated, so a repeated confirmation or a
    retried request within one run maps to the same key, and the next run to a new one.
    """
    activated_at: Optional[float] = None
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == form_name:
            activated_at = event.get("timestamp")
            break
    return f"{tracker.sender_id}:{form_name}:{activated_at}"


def reset_form_slots(form_name: str) -> List[Dict[str, Any]]:
    """Return SlotSet events that clear what ``form_name`` collected.

    The mobile is cleared too, so the next form offers it again through ``known_mobile``
    instead of reusing it silently.
    """
    from rasa_sdk.events import SlotSet

    return [SlotSet(slot, None) for slot in FORM_SLOTS.get(form_name, []) + ["mobile"]]


def latest_entity_values(tracker: Tracker, entity: str) -> List[Any]:
    """Return every value of ``entity`` in the latest user message."""
    return [
        found.get("value")
        for found in tracker.latest_message.get("entities", [])
        if found.get("entity") == entity
    ]


def slot_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """Return the value ``slot`` had before the latest user message, or None."""
    seen_latest_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_message = True
        elif seen_latest_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None
