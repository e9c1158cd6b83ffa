"""Service-desk tickets: opening them once, and finding them for their owner."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk.models import Ticket, TicketCategory, TicketStatusChange, utc_now
from servicedesk.privacy import masked
from servicedesk.services.codes import new_code
from servicedesk.services.users import get_or_create_user

logger = logging.getLogger(__name__)

STATUSES = ("open", "in_progress", "waiting_for_user", "resolved", "closed")


@dataclass(frozen=True)
class OpenedTicket:
    """The result of opening a ticket; ``created`` is False for a repeated request."""

    ticket: Ticket
    created: bool


def list_categories(session: Session) -> List[TicketCategory]:
    """Return the ticket categories in a stable order."""
    return list(session.execute(select(TicketCategory).order_by(TicketCategory.id)).scalars())


def open_ticket(
    session: Session,
    sender_id: str,
    category_id: str,
    description: str,
    mobile: str,
    request_key: str,
) -> OpenedTicket:
    """Open a ticket, or return the one already opened for ``request_key``.

    The unique ``request_key`` makes a repeated confirmation or a retried HTTP request
    return the first ticket instead of creating a second one.
    """
    existing = _ticket_for_request(session, request_key)
    if existing is not None:
        return OpenedTicket(existing, created=False)

    user = get_or_create_user(session, sender_id, mobile=mobile)
    ticket = Ticket(
        code=new_code(session, Ticket.code, "TK"),
        user=user,
        category_id=category_id,
        description=description.strip(),
        mobile=mobile,
        status="open",
        request_key=request_key,
    )
    ticket.history.append(TicketStatusChange(status="open"))
    try:
        with session.begin_nested():
            session.add(ticket)
    except IntegrityError:
        existing = _ticket_for_request(session, request_key)
        if existing is None:
            raise
        return OpenedTicket(existing, created=False)

    from servicedesk.services.attachments import link_pending

    attached = link_pending(session, sender_id, ticket)
    logger.info(
        "Opened ticket %s for sender %s, mobile %s, with %d attachments",
        ticket.code,
        sender_id,
        masked(mobile),
        attached,
    )
    return OpenedTicket(ticket, created=True)


def find_ticket_for_owner(session: Session, code: str, mobile: str) -> Optional[Ticket]:
    """Return the ticket with ``code`` if ``mobile`` is the one it was opened with."""
    query = select(Ticket).where(Ticket.code == code.upper(), Ticket.mobile == mobile)
    return session.execute(query).scalar_one_or_none()


def change_status(session: Session, ticket: Ticket, status: str, note: Optional[str] = None) -> None:
    """Move ``ticket`` to ``status`` and record the step in its history."""
    if status not in STATUSES:
        raise ValueError(f"Unknown ticket status {status!r}; expected one of {STATUSES}")
    ticket.status = status
    ticket.updated_at = utc_now()
    ticket.history.append(TicketStatusChange(status=status, note=note))


def last_note(ticket: Ticket) -> Optional[str]:
    """Return the newest note staff left in the ticket's history."""
    notes = [change.note for change in ticket.history if change.note]
    return notes[-1] if notes else None


def _ticket_for_request(session: Session, request_key: str) -> Optional[Ticket]:
    query = select(Ticket).where(Ticket.request_key == request_key)
    return session.execute(query).scalar_one_or_none()
