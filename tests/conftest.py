"""Shared fixtures: real databases (SQLite always, PostgreSQL where it runs).

PostgreSQL tests skip with a message when no server is reachable, unless
``REQUIRE_SERVICES=1`` (set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
import sqlalchemy

from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


def services_required() -> bool:
    """Tell whether missing PostgreSQL or Redis must fail the run instead of skipping."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _skip_or_fail(message: str) -> None:
    if services_required():
        pytest.fail(f"{message} (REQUIRE_SERVICES=1 makes this mandatory)")
    pytest.skip(message)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """Create a fresh PostgreSQL database for one test and drop it afterwards."""
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except sqlalchemy.exc.OperationalError as error:
        admin.dispose()
        _skip_or_fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error.orig}")

    name = f"servicedesk_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url

    from servicedesk.db import get_engine

    get_engine(url).dispose()
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """An empty database URL: SQLite in a temporary folder, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'servicedesk.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def seeded_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated and seeded database, also made the configured one for the test."""
    upgrade(database_url)
    seed_database(database_url)
    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def seeded_sqlite(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    """A migrated and seeded SQLite database only, for tests that need no PostgreSQL run."""
    url = f"sqlite:///{tmp_path / 'servicedesk.db'}"
    upgrade(url)
    seed_database(url)
    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", url)
    return url
