"""Command line of the service-desk database: ``python -m servicedesk migrate|seed|setup``."""

from __future__ import annotations

import argparse
import logging

from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database


def main() -> None:
    """Run the database command named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m servicedesk", description=__doc__)
    parser.add_argument(
        "command",
        choices=["migrate", "seed", "setup"],
        help="migrate: apply Alembic migrations; seed: add sample data; setup: both",
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL; defaults to SERVICEDESK_DATABASE_URL or the SQLite file",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if arguments.command in ("migrate", "setup"):
        upgrade(arguments.database_url)
    if arguments.command in ("seed", "setup"):
        seed_database(arguments.database_url)


if __name__ == "__main__":
    main()
