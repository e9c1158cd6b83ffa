"""SQLAlchemy models of the app database.

Times are stored in UTC (naive ``DateTime`` columns holding UTC), and converted to Iran
time only where a person reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utc_now() -> dt.datetime:
    """Return the current UTC time as a naive datetime, the form stored in the database."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def stored_utc(moment: Optional[dt.datetime]) -> dt.datetime:
    """Convert ``moment`` to the naive UTC form stored in the database. None means now.

    An aware datetime is converted from its own zone; a naive one is taken as UTC already.
    """
    if moment is None:
        return utc_now()
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


class User(Base):
    """A person as one channel identifies them, for example ``telegram`` and a chat id."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_users_channel_external_id"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    external_id = Column(String(128), nullable=False)
    name = Column(String(128))
    mobile = Column(String(11))
    created_at = Column(DateTime, nullable=False, default=utc_now)


class Province(Base):
    """One of Iran's provinces, with the other names people use for it."""

    __tablename__ = "provinces"

    id = Column(String(32), primary_key=True)
    name = Column(String(64), nullable=False)
    aliases = Column(JSON, nullable=False, default=list)


class TicketCategory(Base):
    """A service-desk ticket category offered as a button."""

    __tablename__ = "ticket_categories"

    id = Column(String(32), primary_key=True)
    name = Column(String(128), nullable=False)
    aliases = Column(JSON, nullable=False, default=list)


class Ticket(Base):
    """A service-desk ticket; ``request_key`` makes a retried submission a no-op."""

    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False, unique=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    category_id = Column(String(32), ForeignKey("ticket_categories.id"), nullable=False)
    description = Column(Text, nullable=False)
    mobile = Column(String(11), nullable=False)
    status = Column(String(32), nullable=False, default="open")
    request_key = Column(String(128), unique=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    updated_at = Column(DateTime, nullable=False, default=utc_now)

    user = relationship(User)
    category = relationship(TicketCategory)
    history = relationship(
        "TicketStatusChange", order_by="TicketStatusChange.changed_at", back_populates="ticket"
    )


class TicketStatusChange(Base):
    """One step in a ticket's status history, with an optional note for the user."""

    __tablename__ = "ticket_status_changes"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, index=True)
    status = Column(String(32), nullable=False)
    note = Column(Text)
    changed_at = Column(DateTime, nullable=False, default=utc_now)

    ticket = relationship(Ticket, back_populates="history")


class TicketAttachment(Base):
    """A photo or document a user sent for a ticket; ``ticket_id`` is empty until the
    ticket being opened is confirmed."""

    __tablename__ = "ticket_attachments"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), index=True)
    sender_id = Column(String(160), nullable=False, index=True)
    file_name = Column(String(255), nullable=False)
    content_type = Column(String(100), nullable=False)
    size_bytes = Column(Integer, nullable=False)
    storage_name = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)


consultant_topics = Table(
    "consultant_topics",
    Base.metadata,
    Column("consultant_id", Integer, ForeignKey("consultants.id"), primary_key=True),
    Column("topic_id", String(32), ForeignKey("clinic_topics.id"), primary_key=True),
)


class ClinicTopic(Base):
    """A consulting topic of the business clinic."""

    __tablename__ = "clinic_topics"

    id = Column(String(32), primary_key=True)
    name = Column(String(128), nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    description = Column(Text)


class Consultant(Base):
    """A business-clinic consultant and the topics they advise on."""

    __tablename__ = "consultants"

    id = Column(Integer, primary_key=True)
    name = Column(String(128), nullable=False, unique=True)
    topics = relationship(ClinicTopic, secondary=consultant_topics)


class ClinicSlot(Base):
    """A consulting session a consultant offers at a given time."""

    __tablename__ = "clinic_slots"
    __table_args__ = (UniqueConstraint("consultant_id", "starts_at", name="uq_clinic_slots_consultant_start"),)

    id = Column(Integer, primary_key=True)
    consultant_id = Column(Integer, ForeignKey("consultants.id"), nullable=False)
    starts_at = Column(DateTime, nullable=False, index=True)
    duration_minutes = Column(Integer, nullable=False, default=45)
    online = Column(Boolean, nullable=False, default=False)

    consultant = relationship(Consultant)


class Booking(Base):
    """A booked clinic session. The database allows one active booking per ClinicSlot."""

    __tablename__ = "bookings"
    __table_args__ = (
        Index(
            "uq_bookings_active_clinic_slot",
            "clinic_slot_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False, unique=True)
    clinic_slot_id = Column(Integer, ForeignKey("clinic_slots.id"), nullable=False)
    topic_id = Column(String(32), ForeignKey("clinic_topics.id"), nullable=False)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    mobile = Column(String(11), nullable=False)
    status = Column(String(16), nullable=False, default="active")
    request_key = Column(String(128), unique=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    cancelled_at = Column(DateTime)

    clinic_slot = relationship(ClinicSlot)
    topic = relationship(ClinicTopic)
    user = relationship(User)


class Course(Base):
    """A training course for entrepreneurs."""

    __tablename__ = "courses"

    id = Column(String(16), primary_key=True)
    title = Column(String(256), nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    topic_id = Column(String(32), ForeignKey("clinic_topics.id"))
    province_id = Column(String(32), ForeignKey("provinces.id"), nullable=False)
    mode = Column(String(16), nullable=False)
    starts_on = Column(Date, nullable=False)
    duration_hours = Column(Integer, nullable=False)
    fee_rials = Column(Integer, nullable=False, default=0)
    capacity = Column(Integer, nullable=False)
    description = Column(Text)

    province = relationship(Province)
    topic = relationship(ClinicTopic)


class Application(Base):
    """An application to a course; the applicant checks it with both codes."""

    __tablename__ = "applications"

    id = Column(Integer, primary_key=True)
    tracking_code = Column(String(8), nullable=False, unique=True)
    national_code = Column(String(10), nullable=False, index=True)
    applicant_name = Column(String(128), nullable=False)
    course_id = Column(String(16), ForeignKey("courses.id"), nullable=False)
    status = Column(String(16), nullable=False)
    note = Column(Text)
    updated_at = Column(DateTime, nullable=False, default=utc_now)

    course = relationship(Course)


class LookupFailure(Base):
    """A failed status lookup, kept to slow down guessing of codes."""

    __tablename__ = "lookup_failures"

    id = Column(Integer, primary_key=True)
    subject = Column(String(160), nullable=False, index=True)
    failed_at = Column(DateTime, nullable=False, default=utc_now, index=True)


class StaffMember(Base):
    """A support-staff account of the console: an agent, or a supervisor who can view
    and reassign every handoff."""

    __tablename__ = "staff_members"

    id = Column(Integer, primary_key=True)
    username = Column(String(40), nullable=False, unique=True)
    display_name = Column(String(128), nullable=False)
    role = Column(String(16), nullable=False)
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)


class StaffSession(Base):
    """A signed-in console session. Only the sha256 of the cookie token is stored."""

    __tablename__ = "staff_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    staff_id = Column(Integer, ForeignKey("staff_members.id"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    expires_at = Column(DateTime, nullable=False)

    staff = relationship(StaffMember)


class Handoff(Base):
    """A conversation handed from the bot to support staff.

    The database allows one handoff that is not closed per ``sender_id``, so two processes
    opening a handoff for one conversation at once end up with the same row.
    """

    __tablename__ = "handoffs"
    __table_args__ = (
        Index(
            "uq_handoffs_open_sender_id",
            "sender_id",
            unique=True,
            sqlite_where=text("status <> 'closed'"),
            postgresql_where=text("status <> 'closed'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(160), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    reason = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False, default="queued", index=True)
    queued_at = Column(DateTime, nullable=False, default=utc_now)
    assigned_at = Column(DateTime)
    first_reply_at = Column(DateTime)
    last_activity_at = Column(DateTime, nullable=False, default=utc_now)
    closed_at = Column(DateTime)
    close_reason = Column(String(16))
    agent_id = Column(Integer, ForeignKey("staff_members.id"), index=True)

    agent = relationship(StaffMember)


class HandoffNote(Base):
    """An internal note staff leave on a handoff; users never see it."""

    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id"), nullable=False, index=True)
    staff_id = Column(Integer, ForeignKey("staff_members.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)

    staff = relationship(StaffMember)


class CsatRating(Base):
    """The user's satisfaction score (1 to 5) for a handoff, at most one per handoff."""

    __tablename__ = "csat_ratings"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="ck_csat_ratings_score"),)

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id"), nullable=False, unique=True)
    sender_id = Column(String(160), nullable=False, index=True)
    staff_id = Column(Integer, ForeignKey("staff_members.id"), index=True)
    score = Column(Integer, nullable=False)
    comment = Column(Text)
    created_at = Column(DateTime, nullable=False, default=utc_now)
