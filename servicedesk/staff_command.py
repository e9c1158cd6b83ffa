"""The ``staff`` command: add support-staff accounts, set passwords, deactivate, list.

There is no default account. Passwords are asked twice on the terminal, or read as one
line from standard input with ``--password-stdin``, and never taken as command-line
arguments, which other users could read in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import List, Optional

from sqlalchemy.exc import OperationalError, ProgrammingError

from servicedesk.db import session_scope
from servicedesk.models import StaffMember
from servicedesk.services import staff


def add_staff_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``staff add|password|deactivate|list`` under ``commands``."""
    parser = commands.add_parser("staff", help="manage support-staff accounts of the console")
    actions = parser.add_subparsers(dest="staff_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", parents=[common], help="add an active staff member")
    add.add_argument("username", help="3 to 40 lower-case letters, digits, '.', '_' or '-'")
    add.add_argument("--name", required=True, help="the name users see, in Persian")
    add.add_argument("--role", required=True, choices=staff.ROLES, help="agent or supervisor")
    _add_password_stdin(add)

    password = actions.add_parser("password", parents=[common], help="set a new password")
    password.add_argument("username")
    _add_password_stdin(password)

    deactivate = actions.add_parser(
        "deactivate", parents=[common], help="stop a member from signing in"
    )
    deactivate.add_argument("username")

    actions.add_parser("list", parents=[common], help="list staff members")


def run_staff_command(arguments: argparse.Namespace) -> int:
    """Carry out a parsed ``staff`` command and return the exit status."""
    try:
        return _run(arguments)
    except staff.StaffError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as error:
        print(
            f"Error: the database request failed: {error.orig}. If the staff tables are "
            "missing, run `python -m servicedesk migrate` first.",
            file=sys.stderr,
        )
        return 1


def _run(arguments: argparse.Namespace) -> int:
    url: Optional[str] = arguments.database_url
    action = arguments.staff_command

    if action == "list":
        with session_scope(url) as session:
            members = staff.list_staff(session)
        _print_members(members)
        return 0

    if action == "deactivate":
        with session_scope(url) as session:
            staff.deactivate(session, arguments.username)
        print(f"Deactivated {arguments.username}")
        return 0

    new_password = _read_password(arguments.password_stdin)
    with session_scope(url) as session:
        if action == "add":
            member = staff.create_staff(
                session, arguments.username, arguments.name, arguments.role, new_password
            )
            print(f"Added {member.username} as {member.role}")
        else:
            staff.set_password(session, arguments.username, new_password)
            print(f"Changed the password of {arguments.username} and ended their sessions")
    return 0


def _add_password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from standard input instead of asking twice",
    )


def _read_password(from_stdin: bool) -> str:
    """Read the new password. Raises StaffError when the two entries differ."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")

    try:
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password again: ")
    except EOFError:
        raise staff.StaffError("Missing password: type it twice when asked, or pass it on standard input with --password-stdin") from None
    if first != second:
        raise staff.StaffError("Passwords do not match: run the command again")
    return first


def _print_members(members: List[StaffMember]) -> None:
    if not members:
        print("No staff members. Add one with `python -m servicedesk staff add`.")
        return
    # The Persian name comes last so that right-to-left text cannot shift the columns.
    print(f"{'USERNAME':<40}  {'ROLE':<10}  {'ACTIVE':<6}  NAME")
    for member in members:
        active = "yes" if member.active else "no"
        print(f"{member.username:<40}  {member.role:<10}  {active:<6}  {member.display_name}")
