"""The training-course catalogue."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from servicedesk.models import Course


def list_courses(
    session: Session,
    province_id: Optional[str] = None,
    topic_id: Optional[str] = None,
    course_id: Optional[str] = None,
    starting_after: Optional[dt.date] = None,
) -> List[Course]:
    """Return upcoming courses, filtered by any of province, topic or course id."""
    query = select(Course).options(joinedload(Course.province)).order_by(Course.starts_on, Course.id)
    if province_id:
        query = query.where(Course.province_id == province_id)
    if topic_id:
        query = query.where(Course.topic_id == topic_id)
    if course_id:
        query = query.where(Course.id == course_id)
    if starting_after:
        query = query.where(Course.starts_on >= starting_after)
    return list(session.execute(query).scalars().unique())
