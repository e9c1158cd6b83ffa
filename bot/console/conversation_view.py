"""The console's view of one handed-off conversation, gathered from Rasa and the database."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from sqlalchemy import select

from bot.web.history import transcript
from servicedesk.db import session_scope
from servicedesk.models import Booking, Handoff, Ticket, User
from servicedesk.persian_format import jalali_datetime
from servicedesk.services import handoffs, staff as staff_service
from servicedesk.services.users import split_sender_id

# Slots that only steer the dialogue; staff gain nothing from seeing them.
HIDDEN_SLOTS = {"requested_slot", "invalid_inputs", "escalation_reason", "listed_courses", "session_started_metadata"}


def handoff_summary(session, handoff: Handoff) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
    """Return one queue row: who waits, since when, for what reason, with whom."""
    agent = staff_service.staff_by_id(session, handoff.agent_id) if handoff.agent_id else None
    return {
        "id": handoff.id,
        "sender_id": handoff.sender_id,
        "channel": handoff.channel,
        "reason": handoff.reason,
        "status": handoff.status,
        "queued_at": _epoch(handoff.queued_at),
        "assigned_at": _epoch(handoff.assigned_at),
        "last_activity_at": _epoch(handoff.last_activity_at),
        "agent": {"id": agent.id, "display_name": agent.display_name} if agent else None,
    }


def conversation_records(handoff_id: int) -> Optional[Dict[str, Any]]:
    """Return the handoff, the user's tickets and bookings and the staff notes."""
    with session_scope() as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            return None
        channel, external_id = split_sender_id(handoff.sender_id)
        user = session.scalars(select(User).where(User.channel == channel, User.external_id == external_id)).first()
        tickets: List[Ticket] = []
        bookings: List[Booking] = []
        if user is not None:
            tickets = list(session.scalars(select(Ticket).where(Ticket.user_id == user.id).order_by(Ticket.id.desc())))
            bookings = list(session.scalars(select(Booking).where(Booking.user_id == user.id).order_by(Booking.id.desc())))
        notes = handoffs.notes_of(session, handoff_id)
        authors = {note.staff_id: staff_service.staff_by_id(session, note.staff_id) for note in notes}
        return {
            "handoff": handoff_summary(session, handoff),
            "tickets": [
                {"code": ticket.code, "category": ticket.category_id, "status": ticket.status, "created": jalali_datetime(ticket.created_at)}
                for ticket in tickets
            ],
            "bookings": [
                {"code": booking.code, "status": booking.status, "when": jalali_datetime(booking.clinic_slot.starts_at)}
                for booking in bookings
            ],
            "notes": [
                {"text": note.text, "author": authors[note.staff_id].display_name if authors[note.staff_id] else "", "timestamp": _epoch(note.created_at)}
                for note in notes
            ],
        }


def tracker_view(tracker: Dict[str, Any]) -> Dict[str, Any]:
    """Return the transcript (user, bot and staff messages) and the filled slots."""
    messages = transcript(tracker)
    for message in messages:
        if message.get("staff_name"):
            message["from"] = "staff"
    slots = {
        name: value
        for name, value in (tracker.get("slots") or {}).items()
        if value not in (None, [], "") and name not in HIDDEN_SLOTS
    }
    return {"transcript": messages, "slots": slots}


def _epoch(value: Optional[dt.datetime]) -> Optional[float]:
    """Return seconds since the epoch of a database time (naive times are UTC)."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).timestamp()
