"""Seed the app database with a realistic Persian sample.

``seed_database`` is idempotent: it upserts the catalogue from ``catalogue.yml``, adds
ClinicSlots only for days that have none, and adds the sample applications and tickets
only once. Running it again on every start keeps the clinic calendar filled ahead.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, Dict, Optional
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicedesk.config import load_settings
from servicedesk.db import session_scope
from servicedesk.models import (
    ClinicSlot,
    ClinicTopic,
    Consultant,
    Course,
    Province,
    TicketCategory,
)
from servicedesk.seed.samples import add_sample_applications, add_sample_tickets

logger = logging.getLogger(__name__)
CATALOGUE_FILE = Path(__file__).parent / "catalogue.yml"

CALENDAR_DAYS = 28
# Local start times offered by each consultant on a working day; one consultant in two
# also offers the afternoon hours.
MORNING_HOURS = [(9, 0), (10, 0), (11, 0)]
AFTERNOON_HOURS = [(14, 0), (15, 30)]
# Python's weekday(): Thursday is 3 and Friday is 4, the Iranian weekend.
DAYS_OFF = {3, 4}


def seed_database(database_url: Optional[str] = None, today: Optional[dt.date] = None) -> None:
    """Fill an empty database with the sample catalogue, calendar and records."""
    catalogue = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    zone = ZoneInfo(load_settings().timezone)
    today = today or dt.datetime.now(zone).date()

    with session_scope(database_url) as session:
        _upsert_catalogue(session, catalogue, today)
    with session_scope(database_url) as session:
        added = _fill_clinic_calendar(session, today, zone)
        logger.info("Added %d ClinicSlots for the next %d days", added, CALENDAR_DAYS)
    with session_scope(database_url) as session:
        add_sample_applications(session)
        add_sample_tickets(session)


def _upsert_catalogue(session: Session, catalogue: Dict[str, Any], today: dt.date) -> None:
    for entry in catalogue["provinces"]:
        session.merge(Province(id=entry["id"], name=entry["name"], aliases=entry["aliases"]))

    for entry in catalogue["ticket_categories"]:
        session.merge(TicketCategory(id=entry["id"], name=entry["name"], aliases=entry["aliases"]))

    topics = {}
    for entry in catalogue["clinic_topics"]:
        topics[entry["id"]] = session.merge(
            ClinicTopic(
                id=entry["id"],
                name=entry["name"],
                aliases=entry["aliases"],
                description=entry.get("description"),
            )
        )

    for entry in catalogue["consultants"]:
        consultant = session.execute(
            select(Consultant).where(Consultant.name == entry["name"])
        ).scalar_one_or_none()
        if consultant is None:
            consultant = Consultant(name=entry["name"])
            session.add(consultant)
        consultant.topics = [topics[topic_id] for topic_id in entry["topics"]]

    for entry in catalogue["courses"]:
        existing = session.get(Course, entry["id"])
        starts_on = existing.starts_on if existing else today + dt.timedelta(days=entry["start_in_days"])
        session.merge(
            Course(
                id=entry["id"],
                title=entry["title"],
                aliases=entry.get("aliases", []),
                topic_id=entry.get("topic"),
                province_id=entry["province"],
                mode=entry["mode"],
                starts_on=starts_on,
                duration_hours=entry["duration_hours"],
                fee_rials=entry["fee_rials"],
                capacity=entry["capacity"],
                description=entry.get("description"),
            )
        )


def _fill_clinic_calendar(session: Session, today: dt.date, zone: ZoneInfo) -> int:
    consultants = list(session.execute(select(Consultant).order_by(Consultant.id)).scalars())
    added = 0
    for offset in range(1, CALENDAR_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        if day.weekday() in DAYS_OFF or _has_clinic_slots(session, day, zone):
            continue

        for index, consultant in enumerate(consultants):
            hours = MORNING_HOURS + (AFTERNOON_HOURS if index % 2 == 0 else [])
            for hour, minute in hours:
                local_start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
                session.add(
                    ClinicSlot(
                        consultant=consultant,
                        starts_at=local_start.astimezone(dt.timezone.utc).replace(tzinfo=None),
                        duration_minutes=45,
                        online=(index + offset) % 3 == 0,
                    )
                )
                added += 1
    return added


def _has_clinic_slots(session: Session, day: dt.date, zone: ZoneInfo) -> bool:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.timezone.utc)
    end = start + dt.timedelta(days=1)
    count = session.execute(
        select(func.count(ClinicSlot.id)).where(
            ClinicSlot.starts_at >= start.replace(tzinfo=None),
            ClinicSlot.starts_at < end.replace(tzinfo=None),
        )
    ).scalar_one()
    return count > 0
