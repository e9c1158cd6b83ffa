"""Staff accounts: password hashing, validation, sign-in and console sessions."""

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from servicedesk.db import session_scope
from servicedesk.models import StaffMember, StaffSession
from servicedesk.services import staff

PASSWORD = "tea-at-four-2024"
NOW = dt.datetime(2026, 4, 11, 6, 0)


def add_member(url, username="sara.ahmadi", role="agent", password=PASSWORD):
    with session_scope(url) as session:
        return staff.create_staff(session, username, "سارا احمدی", role, password).id


def test_hash_stores_scrypt_parameters():
    stored = staff.hash_password(PASSWORD)
    assert stored.startswith("scrypt$16384$8$1$")
    assert len(stored.split("$")) == 6
    assert PASSWORD not in stored


def test_hash_uses_a_new_salt_each_time():
    assert staff.hash_password(PASSWORD) != staff.hash_password(PASSWORD)


def test_verify_accepts_only_the_right_password():
    stored = staff.hash_password(PASSWORD)
    assert staff.verify_password(PASSWORD, stored)
    assert not staff.verify_password(PASSWORD + "x", stored)
    assert not staff.verify_password("", stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text",
        "bcrypt$12$abc",
        "scrypt$16384$8$1$not base64!$AAAA",
        "scrypt$16385$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
    ],
)
def test_verify_rejects_malformed_or_costly_hashes(stored):
    assert not staff.verify_password(PASSWORD, stored)


def test_no_staff_member_exists_after_setup(seeded_database):
    with session_scope(seeded_database) as session:
        assert staff.list_staff(session) == []


def test_created_member_is_active_with_hashed_password(migrated_database):
    staff_id = add_member(migrated_database, role="supervisor")
    with session_scope(migrated_database) as session:
        member = staff.staff_by_id(session, staff_id)
        assert member.username == "sara.ahmadi"
        assert member.display_name == "سارا احمدی"
        assert member.role == "supervisor"
        assert member.active
        assert member.created_at is not None
        assert staff.verify_password(PASSWORD, member.password_hash)


def test_staff_by_id_of_unknown_member_is_none(migrated_database):
    with session_scope(migrated_database) as session:
        assert staff.staff_by_id(session, 999) is None


@pytest.mark.parametrize(
    "username",
    ["ab", "a" * 41, "Sara", "sara ahmadi", "sara@desk", "سارا", ""],
)
def test_invalid_username_is_rejected(migrated_database, username):
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match="username"):
            staff.create_staff(session, username, "سارا", "agent", PASSWORD)


@pytest.mark.parametrize("username", ["abc", "a" * 40, "sara.ahmadi", "agent_7", "m-rezaei"])
def test_valid_usernames_are_accepted(migrated_database, username):
    with session_scope(migrated_database) as session:
        assert staff.create_staff(session, username, "سارا", "agent", PASSWORD).username == username


def test_unknown_role_is_rejected(migrated_database):
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match="role"):
            staff.create_staff(session, "sara", "سارا", "admin", PASSWORD)


@pytest.mark.parametrize("display_name", ["", "   "])
def test_empty_display_name_is_rejected(migrated_database, display_name):
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match="Display name"):
            staff.create_staff(session, "sara", display_name, "agent", PASSWORD)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short-pw1", "too short"),
        ("0912345678901", "only digits"),
        ("sara.ahmadi", "equals the username"),
    ],
)
def test_weak_password_is_rejected(migrated_database, password, problem):
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match=problem):
            staff.create_staff(session, "sara.ahmadi", "سارا", "agent", password)


def test_taken_username_is_rejected(migrated_database):
    add_member(migrated_database)
    with pytest.raises(staff.StaffError, match="already taken"):
        add_member(migrated_database)
    with session_scope(migrated_database) as session:
        assert len(staff.list_staff(session)) == 1


def test_staff_error_is_a_value_error():
    assert issubclass(staff.StaffError, ValueError)


def test_list_is_ordered_by_username(migrated_database):
    for username in ("zahra", "ali.k", "maryam"):
        add_member(migrated_database, username=username)
    with session_scope(migrated_database) as session:
        assert [member.username for member in staff.list_staff(session)] == ["ali.k", "maryam", "zahra"]


def test_authenticate_with_right_password(migrated_database):
    staff_id = add_member(migrated_database)
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, "sara.ahmadi", PASSWORD).id == staff_id


def test_authenticate_ignores_case_and_spaces_of_username(migrated_database):
    staff_id = add_member(migrated_database)
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, " Sara.Ahmadi ", PASSWORD).id == staff_id


def test_authenticate_rejects_wrong_password(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, "sara.ahmadi", "wrong-password-1") is None


def test_authenticate_rejects_unknown_username(migrated_database):
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, "nobody", PASSWORD) is None


def test_authenticate_rejects_inactive_member(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        staff.deactivate(session, "sara.ahmadi")
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, "sara.ahmadi", PASSWORD) is None


def test_unknown_username_costs_one_scrypt_run(migrated_database, monkeypatch):
    add_member(migrated_database)
    staff._unknown_user_hash()
    calls = []
    original_scrypt = hashlib.scrypt

    def counting_scrypt(*args, **kwargs):
        calls.append(1)
        return original_scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    with session_scope(migrated_database) as session:
        staff.authenticate(session, "nobody", PASSWORD)
        unknown_calls = len(calls)
        staff.authenticate(session, "sara.ahmadi", "wrong-password-1")
    assert unknown_calls == 1
    assert len(calls) == 2


def test_set_password_replaces_the_old_one(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        staff.set_password(session, "sara.ahmadi", "new-secret-phrase")
    with session_scope(migrated_database) as session:
        assert staff.authenticate(session, "sara.ahmadi", PASSWORD) is None
        assert staff.authenticate(session, "sara.ahmadi", "new-secret-phrase") is not None


def test_set_password_checks_the_new_password(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match="too short"):
            staff.set_password(session, "sara.ahmadi", "short")


def test_set_password_ends_existing_sessions(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.authenticate(session, "sara.ahmadi", PASSWORD)
        token, _ = staff.start_session(session, member)
    with session_scope(migrated_database) as session:
        staff.set_password(session, "sara.ahmadi", "new-secret-phrase")
    with session_scope(migrated_database) as session:
        assert staff.staff_for_token(session, token) is None


@pytest.mark.parametrize("change", [staff.deactivate, lambda s, u: staff.set_password(s, u, "new-secret-phrase")])
def test_changing_unknown_member_is_rejected(migrated_database, change):
    with session_scope(migrated_database) as session:
        with pytest.raises(staff.StaffError, match="not found"):
            change(session, "nobody")


def test_deactivated_member_stays_listed_as_inactive(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        staff.deactivate(session, "sara.ahmadi")
    with session_scope(migrated_database) as session:
        assert [(member.username, member.active) for member in staff.list_staff(session)] == [("sara.ahmadi", False)]


def test_session_tokens_are_random_and_only_hashed(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.authenticate(session, "sara.ahmadi", PASSWORD)
        token, csrf_token = staff.start_session(session, member)
        other_token, _ = staff.start_session(session, member)
    assert len(token) >= 43
    assert len(csrf_token) >= 43
    assert len({token, csrf_token, other_token}) == 3
    with session_scope(migrated_database) as session:
        stored = session.execute(select(StaffSession.token_hash)).scalars().all()
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in stored


def test_token_finds_member_and_csrf_token(migrated_database):
    staff_id = add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.staff_by_id(session, staff_id)
        token, csrf_token = staff.start_session(session, member, now=NOW)
    with session_scope(migrated_database) as session:
        found_member, staff_session = staff.staff_for_token(session, token, now=NOW + dt.timedelta(hours=1))
    assert found_member.id == staff_id
    assert staff_session.csrf_token == csrf_token
    assert staff_session.expires_at == NOW + dt.timedelta(hours=12)


def test_token_expires_after_its_lifetime(migrated_database):
    staff_id = add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.staff_by_id(session, staff_id)
        token, _ = staff.start_session(session, member, lifetime=dt.timedelta(minutes=30), now=NOW)
    with session_scope(migrated_database) as session:
        assert staff.staff_for_token(session, token, now=NOW + dt.timedelta(minutes=29)) is not None
        assert staff.staff_for_token(session, token, now=NOW + dt.timedelta(minutes=30)) is None


def test_token_times_accept_aware_datetimes(migrated_database):
    staff_id = add_member(migrated_database)
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    with session_scope(migrated_database) as session:
        member = staff.staff_by_id(session, staff_id)
        token, _ = staff.start_session(session, member, now=NOW.replace(tzinfo=dt.timezone.utc))
    with session_scope(migrated_database) as session:
        staff_session = staff.staff_for_token(session, token, now=NOW.replace(tzinfo=dt.timezone.utc))[1]
        assert staff_session.created_at == NOW
        late_in_tehran = (NOW + dt.timedelta(hours=12)).replace(tzinfo=dt.timezone.utc).astimezone(tehran)
        assert staff.staff_for_token(session, token, now=late_in_tehran) is None


def test_unknown_token_finds_nobody(migrated_database):
    with session_scope(migrated_database) as session:
        assert staff.staff_for_token(session, "not-a-token") is None


def test_token_of_deactivated_member_finds_nobody(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.authenticate(session, "sara.ahmadi", PASSWORD)
        token, _ = staff.start_session(session, member)
    with session_scope(migrated_database) as session:
        staff.deactivate(session, "sara.ahmadi")
    with session_scope(migrated_database) as session:
        assert staff.staff_for_token(session, token) is None


def test_ended_session_token_finds_nobody(migrated_database):
    add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.authenticate(session, "sara.ahmadi", PASSWORD)
        token, _ = staff.start_session(session, member)
        kept_token, _ = staff.start_session(session, member)
    with session_scope(migrated_database) as session:
        staff.end_session(session, token)
        staff.end_session(session, "unknown-token")
    with session_scope(migrated_database) as session:
        assert staff.staff_for_token(session, token) is None
        assert staff.staff_for_token(session, kept_token) is not None


def test_new_session_removes_expired_ones(migrated_database):
    staff_id = add_member(migrated_database)
    with session_scope(migrated_database) as session:
        member = staff.staff_by_id(session, staff_id)
        staff.start_session(session, member, lifetime=dt.timedelta(hours=1), now=NOW)
        staff.start_session(session, member, now=NOW + dt.timedelta(hours=2))
    with session_scope(migrated_database) as session:
        expiries = session.execute(select(StaffSession.expires_at)).scalars().all()
    assert expiries == [NOW + dt.timedelta(hours=14)]


def test_username_is_unique_in_the_database(migrated_database):
    add_member(migrated_database)
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        with session_scope(migrated_database) as session:
            session.add(
                StaffMember(
                    username="sara.ahmadi",
                    display_name="دیگری",
                    role="agent",
                    password_hash=staff.hash_password(PASSWORD),
                )
            )
