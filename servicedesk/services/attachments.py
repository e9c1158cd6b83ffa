"""Files users attach to tickets: checked, stored on disk, linked to their ticket.

A file sent while a ticket is being opened waits, unlinked, until the ticket is confirmed
(``link_pending``); a file sent with or right after a ticket's code is linked at once.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.config import Settings, load_settings
from servicedesk.models import Ticket, TicketAttachment
from servicedesk.services.users import split_sender_id

logger = logging.getLogger(__name__)

ALLOWED_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


class AttachmentRejected(ValueError):
    """The file is too large or of a type not accepted; ``reason`` is ``size`` or ``type``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class StoredAttachment:
    """A stored file and the ticket it joined, if any yet."""

    attachment_id: int
    ticket_code: Optional[str]


def check_attachment(size_bytes: int, content_type: str, settings: Optional[Settings] = None) -> None:
    """Raise ``AttachmentRejected`` for a file that must not be stored."""
    settings = settings or load_settings()
    if size_bytes > settings.attachment_max_bytes:
        raise AttachmentRejected("size", f"{size_bytes} bytes is over the limit of {settings.attachment_max_bytes}")
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected("type", f"content type {content_type!r} is not accepted")


def store_attachment(
    session: Session,
    sender_id: str,
    data: bytes,
    file_name: str,
    content_type: str,
    ticket_code: Optional[str] = None,
) -> StoredAttachment:
    """Check and store a file; link it to ``ticket_code`` when that ticket is the sender's."""
    settings = load_settings()
    check_attachment(len(data), content_type, settings)

    ticket = _own_ticket(session, sender_id, ticket_code) if ticket_code else None
    storage_name = secrets.token_hex(16)
    settings.attachments_dir.mkdir(parents=True, exist_ok=True)
    (settings.attachments_dir / storage_name).write_bytes(data)

    attachment = TicketAttachment(
        ticket_id=ticket.id if ticket else None,
        sender_id=sender_id,
        file_name=file_name[:255],
        content_type=content_type,
        size_bytes=len(data),
        storage_name=storage_name,
    )
    session.add(attachment)
    session.flush()
    logger.info("Stored attachment %s for %s (ticket %s)", attachment.id, sender_id, ticket.code if ticket else "pending")
    return StoredAttachment(attachment.id, ticket.code if ticket else None)


def link_pending(session: Session, sender_id: str, ticket: Ticket) -> int:
    """Link the sender's unlinked attachments to the ticket just opened; return how many."""
    pending = session.execute(
        select(TicketAttachment).where(TicketAttachment.sender_id == sender_id, TicketAttachment.ticket_id.is_(None))
    ).scalars()
    count = 0
    for attachment in pending:
        attachment.ticket_id = ticket.id
        count += 1
    return count


def attachments_of(session: Session, ticket_code: str) -> List[TicketAttachment]:
    """Return the files attached to a ticket, oldest first, for staff."""
    query = (
        select(TicketAttachment)
        .join(Ticket, TicketAttachment.ticket_id == Ticket.id)
        .where(Ticket.code == ticket_code)
        .order_by(TicketAttachment.created_at, TicketAttachment.id)
    )
    return list(session.execute(query).scalars())


def _own_ticket(session: Session, sender_id: str, ticket_code: str) -> Optional[Ticket]:
    channel, external_id = split_sender_id(sender_id)
    ticket = session.execute(select(Ticket).where(Ticket.code == ticket_code.upper())).scalar_one_or_none()
    if ticket is None or (ticket.user.channel, ticket.user.external_id) != (channel, external_id):
        return None
    return ticket
