"""Users as channels know them."""

from __future__ import annotations

from typing import Optional, Tuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk.models import User

DEFAULT_CHANNEL = "rest"


def split_sender_id(sender_id: str) -> Tuple[str, str]:
    """Split a Rasa sender id such as ``telegram:12345`` into channel and external id.

    A sender id without a channel prefix (the REST channel, ``rasa shell``) belongs to the
    ``rest`` channel.
    """
    channel, separator, external_id = sender_id.partition(":")
    if not separator or not channel or not external_id:
        return DEFAULT_CHANNEL, sender_id
    return channel, external_id


def get_or_create_user(session: Session, sender_id: str, mobile: Optional[str] = None) -> User:
    """Return the user behind ``sender_id``, creating them on first contact."""
    channel, external_id = split_sender_id(sender_id)
    query = select(User).where(User.channel == channel, User.external_id == external_id)
    user = session.execute(query).scalar_one_or_none()
    if user is None:
        user = User(channel=channel, external_id=external_id, mobile=mobile)
        try:
            with session.begin_nested():
                session.add(user)
        except IntegrityError:
            # Another request created the same user between our select and insert.
            user = session.execute(query).scalar_one()

    if mobile:
        user.mobile = mobile
    return user
