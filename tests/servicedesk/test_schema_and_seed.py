"""Migrations match the models, and seeding is complete and repeatable."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from servicedesk.db import get_engine, session_scope
from servicedesk.models import Application, Base, ClinicSlot, Course, Province
from servicedesk.seed import seed_database
from servicedesk.services import admissions


def test_migrations_match_models(seeded_database):
    with get_engine(seeded_database).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_seed_fills_catalogue_and_calendar(seeded_database):
    with session_scope(seeded_database) as session:
        assert session.execute(select(func.count(Province.id))).scalar_one() == 31
        assert session.execute(select(func.count(Course.id))).scalar_one() == 12
        assert session.execute(select(func.count(ClinicSlot.id))).scalar_one() > 100
        statuses = set(session.execute(select(Application.status)).scalars())
    assert statuses == set(admissions.STATUSES)


def test_seeding_twice_adds_nothing(seeded_database):
    with session_scope(seeded_database) as session:
        before = session.execute(select(func.count(ClinicSlot.id))).scalar_one()

    seed_database(seeded_database)

    with session_scope(seeded_database) as session:
        assert session.execute(select(func.count(ClinicSlot.id))).scalar_one() == before
