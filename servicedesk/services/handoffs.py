"""Handoffs: conversations the bot passes to support staff, from queue to close.

A handoff is ``queued`` until an agent claims it, ``assigned`` while staff reply, and
``closed`` by an agent or after silence. Every change of status is one conditional UPDATE,
so two processes acting at once (two agents claiming, a close racing a claim) cannot both
succeed, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import List, Optional

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from servicedesk.config import load_settings
from servicedesk.models import CsatRating, Handoff, HandoffNote, StaffMember, stored_utc, utc_now
from servicedesk.services.users import split_sender_id

logger = logging.getLogger(__name__)

REASONS = ("request", "low_confidence", "failed_input", "angry")
STATUSES = ("queued", "assigned", "closed")
CLOSE_REASONS = ("agent", "silence")
NOTE_MAX_LENGTH = 2000
CSAT_SCORES = range(1, 6)


def open_handoff(
    session: Session, sender_id: str, reason: str, now: Optional[dt.datetime] = None
) -> Handoff:
    """Queue the conversation for staff, or return its handoff that is not closed yet.

    The partial unique index on ``handoffs.sender_id`` decides when two processes open a
    handoff for one conversation at once: the loser returns the winner's handoff.
    """
    if reason not in REASONS:
        raise ValueError(f"Unknown handoff reason {reason!r}: expected one of {REASONS}")
    existing = open_handoff_for(session, sender_id)
    if existing is not None:
        return existing

    now = stored_utc(now)
    channel, _ = split_sender_id(sender_id)
    handoff = Handoff(
        sender_id=sender_id,
        channel=channel,
        reason=reason,
        status="queued",
        queued_at=now,
        last_activity_at=now,
    )
    try:
        with session.begin_nested():
            session.add(handoff)
    except IntegrityError:
        existing = open_handoff_for(session, sender_id)
        if existing is None:
            raise
        return existing

    logger.info("Queued handoff %s for sender %s, reason %s", handoff.id, sender_id, reason)
    return handoff


def open_handoff_for(session: Session, sender_id: str) -> Optional[Handoff]:
    """Return the conversation's handoff that is queued or assigned, or None."""
    query = (
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status != "closed")
        .options(joinedload(Handoff.agent))
    )
    return session.execute(query).scalar_one_or_none()


def queue_position(session: Session, handoff: Handoff) -> int:
    """Return the handoff's 1-based place in the queue, oldest first, or 0 unless it is
    queued now. The status is read from the database, not from ``handoff``."""
    current = session.execute(
        select(Handoff.status, Handoff.queued_at).where(Handoff.id == handoff.id)
    ).one_or_none()
    if current is None or current.status != "queued":
        return 0

    ahead_or_same = or_(
        Handoff.queued_at < current.queued_at,
        and_(Handoff.queued_at == current.queued_at, Handoff.id <= handoff.id),
    )
    query = select(func.count(Handoff.id)).where(Handoff.status == "queued", ahead_or_same)
    return session.execute(query).scalar_one()


def expected_wait_minutes(session: Session, handoff: Handoff) -> int:
    """Estimate the minutes until staff reach the handoff, as its queue position times
    ``SERVICEDESK_HANDOFF_MINUTES_PER_CONVERSATION``. The estimate is 0 unless it is queued."""
    return queue_position(session, handoff) * load_settings().handoff_minutes_per_conversation


def visible_handoffs(session: Session, staff: StaffMember) -> List[Handoff]:
    """Return the handoffs that are not closed and that ``staff`` may see, oldest first.

    An agent gets the queue and the handoffs assigned to them, and a supervisor gets them
    all. An inactive member gets none.
    """
    if not staff.active:
        return []
    query = (
        select(Handoff)
        .where(Handoff.status != "closed")
        .options(joinedload(Handoff.agent))
        .order_by(Handoff.queued_at, Handoff.id)
    )
    if staff.role != "supervisor":
        query = query.where(or_(Handoff.status == "queued", Handoff.agent_id == staff.id))
    return list(session.execute(query).scalars())


def claim(
    session: Session, handoff_id: int, staff_id: int, now: Optional[dt.datetime] = None
) -> bool:
    """Assign a queued handoff to ``staff_id``. Returns False when it is no longer queued.

    Of several agents claiming one handoff at once, exactly one gets True.
    """
    claimed = _update_handoff(
        session,
        handoff_id,
        Handoff.status == "queued",
        status="assigned",
        agent_id=staff_id,
        assigned_at=stored_utc(now),
    )
    if claimed:
        logger.info("Staff member %s claimed handoff %s", staff_id, handoff_id)
    return claimed


def reassign(
    session: Session, handoff_id: int, staff_id: int, now: Optional[dt.datetime] = None
) -> bool:
    """Assign a queued or assigned handoff to ``staff_id``, a supervisor's move.

    Returns False when the handoff is closed or missing, or the staff member is unknown or
    inactive.
    """
    target = session.get(StaffMember, staff_id)
    if target is None or not target.active:
        return False

    reassigned = _update_handoff(
        session,
        handoff_id,
        Handoff.status != "closed",
        status="assigned",
        agent_id=staff_id,
        assigned_at=stored_utc(now),
    )
    if reassigned:
        logger.info("Reassigned handoff %s to staff member %s", handoff_id, staff_id)
    return reassigned


def record_activity(
    session: Session, handoff_id: int, from_staff: bool, now: Optional[dt.datetime] = None
) -> None:
    """Note a user or staff message on a handoff that is not closed.

    The first staff message also sets ``first_reply_at``. A closed or unknown handoff is
    left unchanged.
    """
    now = stored_utc(now)
    _update_handoff(session, handoff_id, Handoff.status != "closed", last_activity_at=now)
    if from_staff:
        _update_handoff(
            session,
            handoff_id,
            and_(Handoff.status != "closed", Handoff.first_reply_at.is_(None)),
            first_reply_at=now,
        )


def close_handoff(
    session: Session, handoff_id: int, close_reason: str, now: Optional[dt.datetime] = None
) -> Optional[Handoff]:
    """Close the handoff and return it, or None when it was closed already or is unknown.

    ``close_reason`` is ``agent`` (staff ended it) or ``silence`` (no message for too long).
    """
    if close_reason not in CLOSE_REASONS:
        raise ValueError(
            f"Unknown close reason {close_reason!r}: expected one of {CLOSE_REASONS}"
        )
    closed = _update_handoff(
        session,
        handoff_id,
        Handoff.status != "closed",
        status="closed",
        closed_at=stored_utc(now),
        close_reason=close_reason,
    )
    if not closed:
        return None
    logger.info("Closed handoff %s, reason %s", handoff_id, close_reason)
    return _reload(session, handoff_id)


def silent_handoffs(
    session: Session, idle: dt.timedelta, now: Optional[dt.datetime] = None
) -> List[Handoff]:
    """Return the handoffs that are not closed and saw no message for longer than
    ``idle``, the longest silent first."""
    cutoff = stored_utc(now) - idle
    query = (
        select(Handoff)
        .where(Handoff.status != "closed", Handoff.last_activity_at < cutoff)
        .options(joinedload(Handoff.agent))
        .order_by(Handoff.last_activity_at, Handoff.id)
    )
    return list(session.execute(query).scalars())


def add_note(session: Session, handoff_id: int, staff_id: int, text: str) -> HandoffNote:
    """Add an internal staff note to a handoff. Raises ValueError for an empty note or one
    longer than ``NOTE_MAX_LENGTH`` characters."""
    text = text.strip()
    if not text:
        raise ValueError("Note is empty: write some text")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValueError(
            f"Note is too long ({len(text)} characters): shorten it to at most {NOTE_MAX_LENGTH}"
        )
    note = HandoffNote(handoff_id=handoff_id, staff_id=staff_id, text=text, created_at=utc_now())
    session.add(note)
    session.flush()
    return note


def notes_of(session: Session, handoff_id: int) -> List[HandoffNote]:
    """Return the handoff's notes with their authors, oldest first."""
    query = (
        select(HandoffNote)
        .where(HandoffNote.handoff_id == handoff_id)
        .options(joinedload(HandoffNote.staff))
        .order_by(HandoffNote.created_at, HandoffNote.id)
    )
    return list(session.execute(query).scalars())


def latest_closed_handoff(session: Session, sender_id: str) -> Optional[Handoff]:
    """Return the conversation's most recently closed handoff, or None."""
    query = (
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status == "closed")
        .options(joinedload(Handoff.agent))
        .order_by(Handoff.closed_at.desc(), Handoff.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def record_csat(
    session: Session, handoff_id: int, score: int, comment: Optional[str] = None
) -> CsatRating:
    """Store the user's satisfaction score for a handoff, once.

    A repeated call keeps the first score and only replaces the comment, when one is given.
    Raises ValueError for a score outside 1 to 5 or an unknown handoff.
    """
    if isinstance(score, bool) or not isinstance(score, int) or score not in CSAT_SCORES:
        raise ValueError(f"Invalid CSAT score {score!r}: expected a whole number from 1 to 5")
    if comment is not None:
        comment = comment.strip() or None

    existing = _rating_of(session, handoff_id)
    if existing is not None:
        return _with_comment(existing, comment)

    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise ValueError(f"Handoff {handoff_id} not found, so its CSAT score cannot be recorded")
    rating = CsatRating(
        handoff_id=handoff_id,
        sender_id=handoff.sender_id,
        staff_id=handoff.agent_id,
        score=score,
        comment=comment,
        created_at=utc_now(),
    )
    try:
        with session.begin_nested():
            session.add(rating)
    except IntegrityError:
        # The same rating arrived twice at once, say from a double tap on the score button.
        existing = _rating_of(session, handoff_id)
        if existing is None:
            raise
        return _with_comment(existing, comment)

    logger.info("Recorded CSAT score %s for handoff %s", score, handoff_id)
    return rating


def _update_handoff(
    session: Session, handoff_id: int, condition: ColumnElement, **values: object
) -> bool:
    """Run one conditional UPDATE of a handoff. Returns True when it changed the row.

    A copy of the handoff already loaded in ``session`` is reloaded afterwards, so it shows
    the row as stored rather than what this call tried to write.
    """
    statement = (
        update(Handoff)
        .where(Handoff.id == handoff_id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    changed = session.execute(statement).rowcount == 1

    if session.identity_map.get(session.identity_key(Handoff, handoff_id)) is not None:
        _reload(session, handoff_id)
    return changed


def _reload(session: Session, handoff_id: int) -> Optional[Handoff]:
    """Return the handoff as stored now, with its agent loaded, so that it stays readable
    after the session closes."""
    query = (
        select(Handoff)
        .where(Handoff.id == handoff_id)
        .options(joinedload(Handoff.agent))
        .execution_options(populate_existing=True)
    )
    return session.execute(query).scalar_one_or_none()


def _rating_of(session: Session, handoff_id: int) -> Optional[CsatRating]:
    query = select(CsatRating).where(CsatRating.handoff_id == handoff_id)
    return session.execute(query).scalar_one_or_none()


def _with_comment(rating: CsatRating, comment: Optional[str]) -> CsatRating:
    if comment is not None:
        rating.comment = comment
    return rating
