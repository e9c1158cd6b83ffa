"""The clinic calendar: free ClinicSlots, one booking per ClinicSlot whatever the race."""

import threading

import pytest

from servicedesk.db import session_scope
from servicedesk.services import clinic


def first_free_clinic_slot(url, topic_id="export"):
    with session_scope(url) as session:
        return clinic.free_clinic_slots(session, topic_id, limit=1)[0].id


def book(url, clinic_slot_id, request_key, mobile="09123456789"):
    with session_scope(url) as session:
        return clinic.book(session, f"rest:{request_key}", clinic_slot_id, "export", mobile, request_key).booking.code


def test_booked_clinic_slot_is_no_longer_free(seeded_database):
    clinic_slot_id = first_free_clinic_slot(seeded_database)
    book(seeded_database, clinic_slot_id, "first")
    with session_scope(seeded_database) as session:
        assert not clinic.clinic_slot_is_free(session, clinic_slot_id, "export")
        free_ids = [clinic_slot.id for clinic_slot in clinic.free_clinic_slots(session, "export", limit=20)]
    assert clinic_slot_id not in free_ids


def test_second_booking_of_a_clinic_slot_is_rejected(seeded_database):
    clinic_slot_id = first_free_clinic_slot(seeded_database)
    book(seeded_database, clinic_slot_id, "first")
    with pytest.raises(clinic.ClinicSlotTaken):
        book(seeded_database, clinic_slot_id, "second")


def test_racing_bookings_leave_exactly_one(seeded_database):
    clinic_slot_id = first_free_clinic_slot(seeded_database)
    start = threading.Barrier(6)
    outcomes = []

    def attempt(index):
        start.wait()
        try:
            outcomes.append(book(seeded_database, clinic_slot_id, f"racer-{index}"))
        except clinic.ClinicSlotTaken:
            outcomes.append("taken")

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 6
    assert len([outcome for outcome in outcomes if outcome != "taken"]) == 1


def test_repeated_request_returns_the_same_booking(seeded_database):
    clinic_slot_id = first_free_clinic_slot(seeded_database)
    assert book(seeded_database, clinic_slot_id, "same") == book(seeded_database, clinic_slot_id, "same")


def test_cancelling_frees_the_clinic_slot(seeded_database):
    clinic_slot_id = first_free_clinic_slot(seeded_database)
    code = book(seeded_database, clinic_slot_id, "first")
    with session_scope(seeded_database) as session:
        booking = clinic.find_booking_for_owner(session, code, "09123456789")
        assert clinic.cancel_booking(session, booking)
        assert not clinic.cancel_booking(session, booking)
    book(seeded_database, clinic_slot_id, "after-cancel", mobile="09350000000")


def test_booking_lookup_needs_the_owners_mobile(seeded_database):
    code = book(seeded_database, first_free_clinic_slot(seeded_database), "first")
    with session_scope(seeded_database) as session:
        assert clinic.find_booking_for_owner(session, code, "09350000000") is None
        assert clinic.find_booking_for_owner(session, code.lower(), "09123456789") is not None
