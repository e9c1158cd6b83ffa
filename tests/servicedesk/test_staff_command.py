"""The ``python -m servicedesk staff`` command, run as operators run it."""

import os
import subprocess
import sys

import pytest

from servicedesk.config import REPOSITORY_ROOT
from servicedesk.db import session_scope
from servicedesk.services import staff

PASSWORD = "tea-at-four-2024"


@pytest.fixture
def database(tmp_path):
    """A temporary SQLite database, migrated through the command line."""
    url = f"sqlite:///{tmp_path / 'servicedesk.db'}"
    result = servicedesk(url, "migrate")
    assert result.returncode == 0, result.stderr
    return url


def servicedesk(url, *arguments, stdin=""):
    """Run ``python -m servicedesk`` with ``stdin`` and without a controlling terminal,
    so that getpass reads standard input as well."""
    environment = dict(os.environ, SERVICEDESK_DATABASE_URL=url)
    return subprocess.run(
        [sys.executable, "-m", "servicedesk", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPOSITORY_ROOT,
        env=environment,
        start_new_session=True,
        timeout=120,
    )


def add(url, username="sara.ahmadi", role="agent", password=PASSWORD):
    return servicedesk(
        url, "staff", "add", username, "--name", "سارا احمدی", "--role", role, "--password-stdin",
        stdin=password + "\n",
    )


def test_add_creates_an_active_member(database):
    result = add(database, role="supervisor")
    assert result.returncode == 0, result.stderr
    assert "Added sara.ahmadi as supervisor" in result.stdout
    with session_scope(database) as session:
        member = staff.authenticate(session, "sara.ahmadi", PASSWORD)
        assert member.display_name == "سارا احمدی"
        assert member.role == "supervisor"


def test_list_shows_name_role_and_state(database):
    add(database)
    add(database, username="ali.karimi")
    servicedesk(database, "staff", "deactivate", "ali.karimi")

    result = servicedesk(database, "staff", "list")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["USERNAME", "ROLE", "ACTIVE", "NAME"]
    assert lines[1].split() == ["ali.karimi", "agent", "no", "سارا", "احمدی"]
    assert lines[2].split() == ["sara.ahmadi", "agent", "yes", "سارا", "احمدی"]


def test_list_without_members_says_how_to_add(database):
    result = servicedesk(database, "staff", "list")
    assert result.returncode == 0
    assert "No staff members" in result.stdout


@pytest.mark.parametrize(
    "username, password, message",
    [
        ("sara.ahmadi", "short", "too short"),
        ("sara.ahmadi", "12345678901", "only digits"),
        ("Sara", PASSWORD, "Invalid username"),
    ],
)
def test_add_with_bad_input_fails(database, username, password, message):
    result = add(database, username=username, password=password)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_add_of_taken_username_fails(database):
    add(database)
    result = add(database)
    assert result.returncode == 1
    assert "already taken" in result.stderr


def test_add_with_unknown_role_fails(database):
    result = servicedesk(
        database, "staff", "add", "sara", "--name", "سارا", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.returncode != 0
    assert "invalid choice: 'admin'" in result.stderr


def test_add_asks_for_the_password_twice(database):
    result = servicedesk(
        database, "staff", "add", "sara", "--name", "سارا", "--role", "agent",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.returncode == 0, result.stderr
    with session_scope(database) as session:
        assert staff.authenticate(session, "sara", PASSWORD) is not None


def test_add_with_different_passwords_fails(database):
    result = servicedesk(
        database, "staff", "add", "sara", "--name", "سارا", "--role", "agent",
        stdin=f"{PASSWORD}\nanother-password\n",
    )
    assert result.returncode == 1
    assert "Passwords do not match" in result.stderr
    with session_scope(database) as session:
        assert staff.list_staff(session) == []


def test_password_replaces_the_old_one(database):
    add(database)
    result = servicedesk(database, "staff", "password", "sara.ahmadi", "--password-stdin", stdin="new-secret-phrase\n")
    assert result.returncode == 0, result.stderr
    with session_scope(database) as session:
        assert staff.authenticate(session, "sara.ahmadi", PASSWORD) is None
        assert staff.authenticate(session, "sara.ahmadi", "new-secret-phrase") is not None


def test_password_asked_twice_without_flag(database):
    add(database)
    result = servicedesk(database, "staff", "password", "sara.ahmadi", stdin="new-secret-phrase\nnew-secret-phrase\n")
    assert result.returncode == 0, result.stderr
    with session_scope(database) as session:
        assert staff.authenticate(session, "sara.ahmadi", "new-secret-phrase") is not None


def test_password_of_unknown_member_fails(database):
    result = servicedesk(database, "staff", "password", "nobody", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 1
    assert "not found" in result.stderr


def test_weak_new_password_fails(database):
    add(database)
    result = servicedesk(database, "staff", "password", "sara.ahmadi", "--password-stdin", stdin="sara.ahmadi\n")
    assert result.returncode == 1
    assert "equals the username" in result.stderr


def test_deactivate_stops_sign_in(database):
    add(database)
    result = servicedesk(database, "staff", "deactivate", "sara.ahmadi")
    assert result.returncode == 0, result.stderr
    assert "Deactivated sara.ahmadi" in result.stdout
    with session_scope(database) as session:
        assert staff.authenticate(session, "sara.ahmadi", PASSWORD) is None


def test_deactivate_of_unknown_member_fails(database):
    result = servicedesk(database, "staff", "deactivate", "nobody")
    assert result.returncode == 1
    assert "not found" in result.stderr


def test_staff_command_before_migrate_fails(tmp_path):
    result = servicedesk(f"sqlite:///{tmp_path / 'empty.db'}", "staff", "list")
    assert result.returncode == 1
    assert "python -m servicedesk migrate" in result.stderr


def test_password_never_reaches_the_output(database):
    result = add(database)
    other = servicedesk(database, "staff", "list")
    for output in (result.stdout, result.stderr, other.stdout, other.stderr):
        assert PASSWORD not in output


def test_add_without_any_input_explains_the_way_out(tmp_path):
    url = f"sqlite:///{tmp_path / 'staff.db'}"
    environment = {**os.environ, "SERVICEDESK_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "servicedesk", "migrate"], env=environment, check=True, capture_output=True)

    result = subprocess.run(
        [sys.executable, "-m", "servicedesk", "staff", "add", "nima", "--name", "نیما", "--role", "agent"],
        env=environment, stdin=subprocess.DEVNULL, capture_output=True, text=True,
    )

    assert result.returncode == 1
    assert "--password-stdin" in result.stderr
    assert "Traceback" not in result.stderr
