"""Engine and sessions of the app database."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.config import load_settings


def get_engine(url: Optional[str] = None) -> Engine:
    """Return the process-wide engine for ``url`` (default: the configured database)."""
    return _engine(url or load_settings().database_url)


@functools.lru_cache(maxsize=None)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"timeout": 15})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def _configure_sqlite(connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Enforce foreign keys and let readers work while another process writes."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@functools.lru_cache(maxsize=None)
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


@contextlib.contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error."""
    session: Session = _session_factory(url or load_settings().database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
