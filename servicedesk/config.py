"""Settings of the service desk, read once from environment variables.

Every variable has a default that runs on a laptop with nothing installed: an SQLite file
under ``var/`` in the repository. Production points ``SERVICEDESK_DATABASE_URL`` at
PostgreSQL (``postgresql+psycopg2://user@host/db``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Service-desk settings; see ``load_settings`` for the variables behind them."""

    database_url: str
    timezone: str
    lookup_max_failures: int
    lookup_window_minutes: int
    lookup_base_delay_seconds: int
    knowledge_base_dir: Path
    knowledge_base_min_score: float
    knowledge_base_min_coverage: float
    knowledge_base_close_call_ratio: float
    attachments_dir: Path
    attachment_max_bytes: int
    handoff_minutes_per_conversation: int
    working_days: str
    working_hours: str
    holidays_file: Path


def load_settings() -> Settings:
    """Read the settings from the environment.

    - ``SERVICEDESK_DATABASE_URL``: SQLAlchemy URL of the app database
      (default: ``sqlite:///var/servicedesk.db`` in the repository).
    - ``SERVICEDESK_TIMEZONE``: IANA time zone for dates users read (``Asia/Tehran``).
    - ``SERVICEDESK_LOOKUP_MAX_FAILURES``: failed status lookups allowed before slowing
      down (3).
    - ``SERVICEDESK_LOOKUP_WINDOW_MINUTES``: how long a failed lookup counts (15).
    - ``SERVICEDESK_LOOKUP_BASE_DELAY_SECONDS``: wait after the first extra failure,
      doubled for each further one (30).
    - ``SERVICEDESK_KB_DIR``: folder of knowledge-base articles (``knowledge_base/articles``).
    - ``SERVICEDESK_KB_MIN_SCORE``: lowest BM25 score of an article used in a reply (5.0).
    - ``SERVICEDESK_KB_MIN_COVERAGE``: lowest share of the question's terms the article
      must contain (0.4).
    - ``SERVICEDESK_ATTACHMENTS_DIR``: folder for files users attach to tickets
      (``var/attachments``).
    - ``SERVICEDESK_ATTACHMENT_MAX_BYTES``: largest attachment accepted (10 MiB).
    - ``SERVICEDESK_KB_CLOSE_CALL_RATIO``: the runner-up article is offered beside the best
      when its score is at least this share of the best score (0.85).
    - ``SERVICEDESK_HANDOFF_MINUTES_PER_CONVERSATION``: minutes of staff time assumed per
      conversation ahead in the handoff queue, for the expected wait (5).
    - ``SERVICEDESK_WORKING_DAYS``: days staff are in, as English day abbreviations
      (``sat,sun,mon,tue,wed,thu``: Friday is off).
    - ``SERVICEDESK_WORKING_HOURS``: office hours in the office time zone, opening
      included and closing excluded (``08:00-16:00``).
    - ``SERVICEDESK_HOLIDAYS_FILE``: YAML file of public holidays as Jalali dates
      (``servicedesk/holidays.yml``); a relative path is resolved against the repository,
      not the working directory.
    """
    default_database = REPOSITORY_ROOT / "var" / "servicedesk.db"
    return Settings(
        database_url=os.environ.get("SERVICEDESK_DATABASE_URL", f"sqlite:///{default_database}"),
        timezone=os.environ.get("SERVICEDESK_TIMEZONE", "Asia/Tehran"),
        lookup_max_failures=int(os.environ.get("SERVICEDESK_LOOKUP_MAX_FAILURES", "3")),
        lookup_window_minutes=int(os.environ.get("SERVICEDESK_LOOKUP_WINDOW_MINUTES", "15")),
        lookup_base_delay_seconds=int(
            os.environ.get("SERVICEDESK_LOOKUP_BASE_DELAY_SECONDS", "30")
        ),
        knowledge_base_dir=Path(
            os.environ.get(
                "SERVICEDESK_KB_DIR", str(REPOSITORY_ROOT / "knowledge_base" / "articles")
            )
        ),
        knowledge_base_min_score=float(os.environ.get("SERVICEDESK_KB_MIN_SCORE", "5.0")),
        knowledge_base_min_coverage=float(os.environ.get("SERVICEDESK_KB_MIN_COVERAGE", "0.4")),
        knowledge_base_close_call_ratio=float(
            os.environ.get("SERVICEDESK_KB_CLOSE_CALL_RATIO", "0.85")
        ),
        attachments_dir=Path(
            os.environ.get("SERVICEDESK_ATTACHMENTS_DIR", str(REPOSITORY_ROOT / "var" / "attachments"))
        ),
        attachment_max_bytes=int(os.environ.get("SERVICEDESK_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))),
        handoff_minutes_per_conversation=int(
            os.environ.get("SERVICEDESK_HANDOFF_MINUTES_PER_CONVERSATION", "5")
        ),
        working_days=os.environ.get("SERVICEDESK_WORKING_DAYS", "sat,sun,mon,tue,wed,thu"),
        working_hours=os.environ.get("SERVICEDESK_WORKING_HOURS", "08:00-16:00"),
        holidays_file=REPOSITORY_ROOT
        / os.environ.get("SERVICEDESK_HOLIDAYS_FILE", "servicedesk/holidays.yml"),
    )
