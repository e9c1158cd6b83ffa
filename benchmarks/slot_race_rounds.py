"""The steps of one ClinicSlot race: prepare the calendar, attempt, settle, reopen."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any, Dict, List, Tuple

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from servicedesk.db import session_scope
from servicedesk.migrate import upgrade
from servicedesk.models import Booking
from servicedesk.seed import seed_database
from servicedesk.services.clinic import ClinicSlotTaken, book, cancel_booking, free_clinic_slots, list_topics

FILLER_MOBILE = "09129999999"


def keep_one_free_clinic_slot(database_url: str) -> Tuple[str, int]:
    """Migrate and seed, then book every free ClinicSlot of the first topic but the last.

    Returns the topic and the ClinicSlot left free.
    """
    upgrade(database_url)
    seed_database(database_url)

    with session_scope(database_url) as session:
        topic_id = list_topics(session)[0].id
        free = free_clinic_slots(session, topic_id, limit=100_000)
        if not free:
            raise RuntimeError(f"The seeded calendar has no free ClinicSlot for topic {topic_id}")
        for clinic_slot in free[:-1]:
            key = f"bench-filler-{clinic_slot.id}"
            book(session, "bench-filler", clinic_slot.id, topic_id, FILLER_MOBILE, request_key=key)
        return topic_id, free[-1].id


def attempt_booking(database_url: str, topic_id: str, sender_id: str, mobile: str) -> Dict[str, Any]:
    """Book the first free ClinicSlot offered for the topic, as the booking form does.

    The outcome is ``booked``, ``taken`` (``ClinicSlotTaken``), ``none_free`` (the offer
    list was already empty) or ``error`` (any other database error, with its first line).
    """
    started = time.perf_counter()
    detail = ""
    try:
        with session_scope(database_url) as session:
            offered = free_clinic_slots(session, topic_id, limit=1)
            if offered:
                book(session, sender_id, offered[0].id, topic_id, mobile, request_key=sender_id)
        outcome = "booked" if offered else "none_free"
    except ClinicSlotTaken:
        outcome = "taken"
    except SQLAlchemyError as error:
        outcome = "error"
        detail = str(error).splitlines()[0]
    return {"outcome": outcome, "seconds": time.perf_counter() - started, "detail": detail}


def settle(database_url: str, clinic_slot_id: int, attempts: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Count the outcomes of one round and the active bookings the database holds."""
    outcomes = Counter(attempt["outcome"] for attempt in attempts)
    with session_scope(database_url) as session:
        query = select(func.count(Booking.id)).where(Booking.clinic_slot_id == clinic_slot_id, Booking.status == "active")
        active = session.execute(query).scalar_one()

    errors = sorted({attempt["detail"] for attempt in attempts if attempt["outcome"] == "error"})
    return {
        "booked": outcomes["booked"],
        "taken": outcomes["taken"],
        "none_free": outcomes["none_free"],
        "errors": outcomes["error"],
        "error_messages": errors[:3],
        "active_bookings": active,
        "passed": outcomes["booked"] == 1 and active == 1,
    }


def reopen(database_url: str, clinic_slot_id: int) -> None:
    """Cancel the active booking of the ClinicSlot, so the next round races for it again."""
    with session_scope(database_url) as session:
        query = select(Booking).where(Booking.clinic_slot_id == clinic_slot_id, Booking.status == "active")
        for booking in session.execute(query).scalars():
            cancel_booking(session, booking)
