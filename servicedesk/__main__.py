"""Command line of the service desk: ``python -m servicedesk migrate|seed|setup|staff``."""

from __future__ import annotations

import argparse
import logging
import sys

from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database
from servicedesk.staff_command import add_staff_parser, run_staff_command


def main() -> int:
    """Run the command named on the command line and return the exit status."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        help="SQLAlchemy URL; defaults to SERVICEDESK_DATABASE_URL or the SQLite file",
    )
    parser = argparse.ArgumentParser(prog="python -m servicedesk", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", parents=[common], help="apply Alembic migrations")
    commands.add_parser("seed", parents=[common], help="add sample data")
    commands.add_parser("setup", parents=[common], help="migrate, then seed")
    add_staff_parser(commands, common)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if arguments.command == "staff":
        return run_staff_command(arguments)
    if arguments.command in ("migrate", "setup"):
        upgrade(arguments.database_url)
    if arguments.command in ("seed", "setup"):
        seed_database(arguments.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
