"""Apply Alembic migrations to the app database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config

from servicedesk.config import load_settings

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: Optional[str] = None) -> Config:
    """Build the Alembic configuration without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url or load_settings().database_url)
    return config


def upgrade(database_url: Optional[str] = None) -> None:
    """Bring the database schema to the newest revision."""
    config = alembic_config(database_url)
    logger.info("Migrating database to head")
    command.upgrade(config, "head")
