"""Course applications and their admission status."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from servicedesk.models import Application

STATUSES = ("received", "under_review", "accepted", "waitlisted", "rejected")


def find_application(session: Session, tracking_code: str, national_code: str) -> Optional[Application]:
    """Return the application only when both the tracking code and national code match."""
    query = (
        select(Application)
        .where(
            Application.tracking_code == tracking_code,
            Application.national_code == national_code,
        )
        .options(joinedload(Application.course))
    )
    return session.execute(query).scalar_one_or_none()
