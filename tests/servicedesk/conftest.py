"""Fixtures of the service-desk tests that need a schema but no sample data."""

from __future__ import annotations

import pytest

from servicedesk.migrate import upgrade


@pytest.fixture
def migrated_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated, empty database (SQLite, then PostgreSQL), also made the configured one."""
    upgrade(database_url)
    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", database_url)
    return database_url
