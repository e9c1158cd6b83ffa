"""The business-clinic calendar: free ClinicSlots, bookings and cancellations."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import List, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from servicedesk.config import load_settings
from servicedesk.models import (
    Booking,
    ClinicSlot,
    ClinicTopic,
    Consultant,
    consultant_topics,
    utc_now,
)
from servicedesk.privacy import masked
from servicedesk.services.codes import new_code
from servicedesk.services.users import get_or_create_user

logger = logging.getLogger(__name__)


class ClinicSlotTaken(Exception):
    """The ClinicSlot was booked by someone else first."""


@dataclass(frozen=True)
class BookingResult:
    """The result of booking; ``created`` is False for a repeated request."""

    booking: Booking
    created: bool


def list_topics(session: Session) -> List[ClinicTopic]:
    """Return the clinic topics in a stable order."""
    return list(session.execute(select(ClinicTopic).order_by(ClinicTopic.id)).scalars())


def consultants_for(session: Session, topic_id: str) -> List[Consultant]:
    """Return the consultants who advise on ``topic_id``, by name."""
    query = (
        select(Consultant)
        .join(consultant_topics, consultant_topics.c.consultant_id == Consultant.id)
        .where(consultant_topics.c.topic_id == topic_id)
        .order_by(Consultant.name)
    )
    return list(session.execute(query).scalars())


def free_clinic_slots(
    session: Session,
    topic_id: str,
    on_date: Optional[dt.date] = None,
    limit: int = 5,
    now: Optional[dt.datetime] = None,
) -> List[ClinicSlot]:
    """Return the next free ClinicSlots for ``topic_id``, optionally on one local day."""
    query = _free_clinic_slots_query(topic_id, now or utc_now())
    if on_date is not None:
        day_start, day_end = _utc_bounds_of_local_day(on_date)
        query = query.where(ClinicSlot.starts_at >= day_start, ClinicSlot.starts_at < day_end)
    return list(session.execute(query.limit(limit)).scalars().unique())


def clinic_slot_is_free(session: Session, clinic_slot_id: int, topic_id: str) -> bool:
    """Tell whether the ClinicSlot exists, serves ``topic_id``, lies ahead and is unbooked."""
    query = _free_clinic_slots_query(topic_id, utc_now()).where(ClinicSlot.id == clinic_slot_id)
    return session.execute(query).first() is not None


def get_clinic_slot(session: Session, clinic_slot_id: int) -> Optional[ClinicSlot]:
    """Return the ClinicSlot with its consultant, or None."""
    query = (
        select(ClinicSlot)
        .where(ClinicSlot.id == clinic_slot_id)
        .options(joinedload(ClinicSlot.consultant))
    )
    return session.execute(query).scalar_one_or_none()


def _free_clinic_slots_query(topic_id: str, now: dt.datetime):  # type: ignore[no-untyped-def]
    return (
        select(ClinicSlot)
        .join(Consultant, ClinicSlot.consultant_id == Consultant.id)
        .join(consultant_topics, consultant_topics.c.consultant_id == Consultant.id)
        .outerjoin(
            Booking,
            and_(Booking.clinic_slot_id == ClinicSlot.id, Booking.status == "active"),
        )
        .where(consultant_topics.c.topic_id == topic_id)
        .where(Booking.id.is_(None))
        .where(ClinicSlot.starts_at > now)
        .options(joinedload(ClinicSlot.consultant))
        .order_by(ClinicSlot.starts_at, ClinicSlot.id)
    )


def book(
    session: Session,
    sender_id: str,
    clinic_slot_id: int,
    topic_id: str,
    mobile: str,
    request_key: str,
) -> BookingResult:
    """Book a ClinicSlot once.

    Raises ``ClinicSlotTaken`` when another active booking holds the ClinicSlot; the
    partial unique index on ``bookings.clinic_slot_id`` decides races between processes.
    """
    existing = _booking_for_request(session, request_key)
    if existing is not None:
        return BookingResult(existing, created=False)

    user = get_or_create_user(session, sender_id, mobile=mobile)
    booking = Booking(
        code=new_code(session, Booking.code, "BK"),
        clinic_slot_id=clinic_slot_id,
        topic_id=topic_id,
        user=user,
        mobile=mobile,
        status="active",
        request_key=request_key,
    )
    try:
        with session.begin_nested():
            session.add(booking)
    except IntegrityError as error:
        existing = _booking_for_request(session, request_key)
        if existing is not None:
            return BookingResult(existing, created=False)
        raise ClinicSlotTaken(f"ClinicSlot {clinic_slot_id} is already booked") from error

    logger.info(
        "Booked ClinicSlot %s as %s for sender %s, mobile %s",
        clinic_slot_id,
        booking.code,
        sender_id,
        masked(mobile),
    )
    return BookingResult(booking, created=True)


def find_booking_for_owner(session: Session, code: str, mobile: str) -> Optional[Booking]:
    """Return the booking with ``code`` if ``mobile`` is the one it was made with."""
    query = (
        select(Booking)
        .where(Booking.code == code.upper(), Booking.mobile == mobile)
        .options(joinedload(Booking.clinic_slot).joinedload(ClinicSlot.consultant))
    )
    return session.execute(query).scalar_one_or_none()


def cancel_booking(session: Session, booking: Booking) -> bool:
    """Cancel an active booking and free its ClinicSlot; False if it was not active."""
    if booking.status != "active":
        return False
    booking.status = "cancelled"
    booking.cancelled_at = utc_now()
    logger.info("Cancelled booking %s", booking.code)
    return True


def _booking_for_request(session: Session, request_key: str) -> Optional[Booking]:
    query = select(Booking).where(Booking.request_key == request_key)
    return session.execute(query).scalar_one_or_none()


def _utc_bounds_of_local_day(day: dt.date) -> tuple:
    zone = ZoneInfo(load_settings().timezone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    return (
        start.astimezone(dt.timezone.utc).replace(tzinfo=None),
        end.astimezone(dt.timezone.utc).replace(tzinfo=None),
    )
