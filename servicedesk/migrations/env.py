"""Alembic environment: migrates the database named by the service-desk settings."""

from alembic import context

from servicedesk.db import get_engine
from servicedesk.models import Base

config = context.config


def run_migrations_online() -> None:
    """Run the migrations over a live connection."""
    engine = get_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
