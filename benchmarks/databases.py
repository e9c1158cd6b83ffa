"""Scratch databases for a benchmark run: an SQLite file or a PostgreSQL database.

PostgreSQL databases are created as ``bench_<purpose>_<random>`` through the admin URL in
``BENCH_POSTGRES_URL`` (default ``postgresql+psycopg2://postgres@127.0.0.1:5432/postgres``)
and dropped when the run ends, also after an error.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Iterator

import sqlalchemy

POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
DATABASE_KINDS = ("sqlite", "postgresql")


def postgres_problem() -> str:
    """Return why PostgreSQL cannot be used, or an empty string when it can."""
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            return ""
    except sqlalchemy.exc.OperationalError as error:
        return f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error.orig}"
    finally:
        admin.dispose()


@contextlib.contextmanager
def scratch_database(kind: str, folder: Path, purpose: str) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database of ``kind``, removed afterwards."""
    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bench_{purpose}_{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for leftover in folder.glob(f"{path.name}*"):
                leftover.unlink()
        return

    if kind != "postgresql":
        raise ValueError(f"Unknown database kind {kind!r}; use one of {', '.join(DATABASE_KINDS)}")

    name = f"bench_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from servicedesk.db import get_engine

        get_engine(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}").dispose()
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
