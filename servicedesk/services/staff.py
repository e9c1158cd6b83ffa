"""Support-staff accounts of the console: passwords, sign-in and console sessions.

Passwords are hashed with scrypt. A console session is identified by a random cookie
token of which only the sha256 is stored, so a copy of the database cannot sign anyone in.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import logging
import re
import secrets
from typing import List, Optional, Tuple

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from servicedesk.models import StaffMember, StaffSession, stored_utc

logger = logging.getLogger(__name__)

ROLES = ("agent", "supervisor")
USERNAME_PATTERN = re.compile(r"^[a-z0-9._-]{3,40}$")
DISPLAY_NAME_MAX_LENGTH = 128
PASSWORD_MIN_LENGTH = 10

# scrypt cost: n=2**14, r=8 needs 16 MiB of memory per hash.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_SALT_BYTES = 16
SCRYPT_KEY_BYTES = 32
# verify_password rejects stored parameters above these, so a tampered hash string cannot
# make a sign-in allocate more than 64 MiB or run for long.
SCRYPT_MAX_MEMORY_BYTES = 64 * 1024 * 1024
SCRYPT_MAX_P = 16

class StaffError(ValueError):
    """A staff account request that cannot be carried out. Its message says what to change."""


def hash_password(password: str) -> str:
    """Hash ``password`` with scrypt and a random salt.

    The result reads ``scrypt$<n>$<r>$<p>$<salt, base64>$<key, base64>``, so hashes made
    with other parameters keep working when the defaults change.
    """
    salt = secrets.token_bytes(SCRYPT_SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_KEY_BYTES)
    return "$".join(
        ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)]
    )


def verify_password(password: str, stored: str) -> bool:
    """Tell whether ``password`` matches the ``stored`` hash. A malformed hash matches nothing."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    if n < 2 or r < 1 or not 1 <= p <= SCRYPT_MAX_P or 128 * n * r > SCRYPT_MAX_MEMORY_BYTES:
        return False
    if not expected:
        return False

    try:
        key = _scrypt(password, salt, n, r, p, len(expected))
    except ValueError:
        # hashlib rejects an n that is not a power of two.
        return False
    return hmac.compare_digest(key, expected)


def create_staff(
    session: Session, username: str, display_name: str, role: str, password: str
) -> StaffMember:
    """Add an active staff member. Raises StaffError for invalid input or a taken username."""
    username = username.strip()
    display_name = display_name.strip()
    _check_username(username)
    _check_display_name(display_name)
    _check_role(role)
    check_password(password, username)
    if _find(session, username) is not None:
        raise _taken(username)

    member = StaffMember(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    try:
        with session.begin_nested():
            session.add(member)
    except IntegrityError as error:
        # Another process added the same username between the check and the insert.
        raise _taken(username) from error

    logger.info("Added staff member %s (id %s) as %s", username, member.id, role)
    return member


def check_password(password: str, username: str) -> None:
    """Raise StaffError unless ``password`` is acceptable for ``username``."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise StaffError(
            f"Password too short: use at least {PASSWORD_MIN_LENGTH} characters"
        )
    if password.isdigit():
        raise StaffError("Password invalid: it contains only digits, so add letters or symbols")
    if password.strip().lower() == username.strip().lower():
        raise StaffError("Password invalid: it equals the username, so choose another one")


def set_password(session: Session, username: str, password: str) -> None:
    """Replace the member's password and end all their console sessions."""
    member = _existing(session, username)
    check_password(password, member.username)
    member.password_hash = hash_password(password)
    _end_sessions_of(session, member)
    logger.info("Changed the password of staff member %s (id %s)", member.username, member.id)


def deactivate(session: Session, username: str) -> None:
    """Stop the member from signing in and end their console sessions.

    The account and its history stay. Handoffs assigned to the member stay assigned until a
    supervisor reassigns them.
    """
    member = _existing(session, username)
    member.active = False
    _end_sessions_of(session, member)
    logger.info("Deactivated staff member %s (id %s)", member.username, member.id)


def list_staff(session: Session) -> List[StaffMember]:
    """Return every staff member, active or not, by username."""
    return list(session.execute(select(StaffMember).order_by(StaffMember.username)).scalars())


def staff_by_id(session: Session, staff_id: int) -> Optional[StaffMember]:
    """Return the staff member with ``staff_id``, active or not, or None."""
    return session.get(StaffMember, staff_id)


def authenticate(session: Session, username: str, password: str) -> Optional[StaffMember]:
    """Return the active member whose username and password match, else None.

    An unknown username costs the same scrypt run as a known one, so response times do not
    reveal which usernames exist.
    """
    member = _find(session, username)
    stored = member.password_hash if member is not None else _unknown_user_hash()
    matches = verify_password(password, stored)
    if member is None:
        # The username is not logged: people sometimes type their password into that field.
        logger.info("Rejected a console sign-in with an unknown username")
        return None
    if not matches or not member.active:
        logger.info(
            "Rejected a console sign-in of staff member %s (id %s): %s",
            member.username,
            member.id,
            "inactive" if not member.active else "wrong password",
        )
        return None
    return member


def start_session(
    session: Session,
    staff: StaffMember,
    lifetime: dt.timedelta = dt.timedelta(hours=12),
    now: Optional[dt.datetime] = None,
) -> Tuple[str, str]:
    """Open a console session for ``staff`` and return its cookie token and CSRF token.

    Only the token's sha256 is stored. Expired sessions of the member are removed here.
    """
    now = stored_utc(now)
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    session.execute(
        delete(StaffSession).where(
            StaffSession.staff_id == staff.id, StaffSession.expires_at <= now
        )
    )
    session.add(
        StaffSession(
            token_hash=_token_hash(token),
            staff_id=staff.id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    logger.info("Started a console session for staff member %s (id %s)", staff.username, staff.id)
    return token, csrf_token


def staff_for_token(
    session: Session, token: str, now: Optional[dt.datetime] = None
) -> Optional[Tuple[StaffMember, StaffSession]]:
    """Return the member and session behind a cookie token, or None when the token is
    unknown or expired or the member is inactive."""
    query = (
        select(StaffSession)
        .where(StaffSession.token_hash == _token_hash(token))
        .options(joinedload(StaffSession.staff))
    )
    staff_session = session.execute(query).scalar_one_or_none()
    if staff_session is None:
        return None
    if staff_session.expires_at <= stored_utc(now) or not staff_session.staff.active:
        return None
    return staff_session.staff, staff_session


def end_session(session: Session, token: str) -> None:
    """End the console session of ``token``. An unknown token is ignored."""
    session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))


def _check_username(username: str) -> None:
    if not USERNAME_PATTERN.match(username):
        raise StaffError(
            f"Invalid username {username!r}: use 3 to 40 lower-case letters, digits, "
            "dots, underscores or dashes"
        )


def _check_display_name(display_name: str) -> None:
    if not display_name:
        raise StaffError("Display name missing: give the name users will see")
    if len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        raise StaffError(
            f"Display name too long: use at most {DISPLAY_NAME_MAX_LENGTH} characters"
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError(f"Invalid role {role!r}: use one of {', '.join(ROLES)}")


def _taken(username: str) -> StaffError:
    return StaffError(f"Username {username!r} is already taken: choose another one")


def _find(session: Session, username: str) -> Optional[StaffMember]:
    """Return the member with ``username``, compared in lower case as usernames are stored."""
    query = select(StaffMember).where(StaffMember.username == username.strip().lower())
    return session.execute(query).scalar_one_or_none()


def _existing(session: Session, username: str) -> StaffMember:
    member = _find(session, username)
    if member is None:
        raise StaffError(
            f"Staff member {username!r} not found: see `python -m servicedesk staff list`"
        )
    return member


def _end_sessions_of(session: Session, member: StaffMember) -> None:
    session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL caps scrypt at 32 MiB unless maxmem is given (hashlib documentation), so
    # maxmem is computed from the parameters to let stored hashes use up to 64 MiB.
    maxmem = 128 * r * (n + p + 2) + 1024 * 1024
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=maxmem
    )


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


@functools.lru_cache(maxsize=1)
def _unknown_user_hash() -> str:
    """Return the hash of a random password, checked on sign-ins with an unknown username
    so that they cost one scrypt run like the others."""
    return hash_password(secrets.token_urlsafe(32))
