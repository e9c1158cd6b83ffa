"""Admission lookups need both codes; repeated failures are slowed down."""

import dataclasses

from servicedesk.config import load_settings
from servicedesk.db import session_scope
from servicedesk.services import admissions, lookup_guard


def test_application_needs_both_codes(seeded_database):
    with session_scope(seeded_database) as session:
        found = admissions.find_application(session, "40512348", "5260181591")
        assert found.status == "accepted"
        assert found.course.title == "بازاریابی دیجیتال"
        assert admissions.find_application(session, "40512348", "0830166130") is None


def test_failures_within_allowance_need_no_wait(seeded_database):
    subjects = lookup_guard.subjects("ticket", "rest:1", "TK-000001")
    settings = load_settings()
    with session_scope(seeded_database) as session:
        for _ in range(settings.lookup_max_failures - 1):
            lookup_guard.record_failure(session, subjects)
    with session_scope(seeded_database) as session:
        assert lookup_guard.seconds_to_wait(session, subjects) == 0


def test_too_many_failures_impose_a_growing_wait(seeded_database):
    subjects = lookup_guard.subjects("ticket", "rest:1", "TK-000001")
    settings = dataclasses.replace(load_settings(), lookup_max_failures=2, lookup_base_delay_seconds=30)
    with session_scope(seeded_database) as session:
        for _ in range(2):
            lookup_guard.record_failure(session, subjects)
        first_wait = lookup_guard.seconds_to_wait(session, subjects, settings)
        lookup_guard.record_failure(session, subjects)
        second_wait = lookup_guard.seconds_to_wait(session, subjects, settings)
    assert 0 < first_wait <= 31
    assert second_wait > first_wait


def test_another_sender_guessing_the_same_code_also_waits(seeded_database):
    settings = dataclasses.replace(load_settings(), lookup_max_failures=1)
    with session_scope(seeded_database) as session:
        lookup_guard.record_failure(session, lookup_guard.subjects("ticket", "rest:1", "TK-000001"))
        lookup_guard.record_failure(session, lookup_guard.subjects("ticket", "rest:2", "TK-000001"))
        other_sender = lookup_guard.subjects("ticket", "rest:3", "TK-000001")
        assert lookup_guard.seconds_to_wait(session, other_sender, settings) > 0
