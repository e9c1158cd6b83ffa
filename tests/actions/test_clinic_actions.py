"""Clinic booking actions against a real database."""

import asyncio
import datetime as dt

from actions.clinic_actions import ActionAskClinicSlotId, ActionSubmitBooking, ValidateBookClinicForm
from servicedesk.db import session_scope
from servicedesk.persian_format import local_time
from servicedesk.services import clinic
from tests.actions.conftest import make_tracker, responses


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def free_clinic_slot(url):
    with session_scope(url) as session:
        return clinic.free_clinic_slots(session, "export", limit=1)[0]


def test_offer_lists_free_clinic_slots_as_buttons(seeded_database, dispatcher):
    run(ActionAskClinicSlotId(), dispatcher, make_tracker({"clinic_topic": "export"}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_clinic_slot_id"
    assert 1 <= len(message["buttons"]) <= 5
    assert message["buttons"][0]["payload"].startswith('/inform{"clinic_slot_id":')


def test_typed_day_and_time_pick_the_clinic_slot(seeded_database, dispatcher):
    wanted = free_clinic_slot(seeded_database)
    starts = local_time(wanted.starts_at)
    tracker = make_tracker(
        {"clinic_topic": "export", "requested_slot": "clinic_slot_id"},
        entities=[
            {"entity": "date", "value": starts.date().isoformat()},
            {"entity": "time", "value": starts.strftime("%H:%M")},
        ],
    )
    result = asyncio.run(ValidateBookClinicForm().extract_clinic_slot_id(dispatcher, tracker, {}))
    with session_scope(seeded_database) as session:
        chosen = clinic.get_clinic_slot(session, int(result["clinic_slot_id"]))
    assert local_time(chosen.starts_at) == starts


def test_booked_clinic_slot_is_refused(seeded_database, dispatcher):
    taken = free_clinic_slot(seeded_database)
    with session_scope(seeded_database) as session:
        clinic.book(session, "rest:other", taken.id, "export", "09350000000", "other-key")

    tracker = make_tracker({"clinic_topic": "export"})
    result = ValidateBookClinicForm().validate_clinic_slot_id(str(taken.id), dispatcher, tracker, {})
    assert result == {"clinic_slot_id": None}
    assert responses(dispatcher) == ["utter_clinic_slot_unavailable"]


def test_confirmed_booking_gets_a_code(seeded_database, dispatcher):
    wanted = free_clinic_slot(seeded_database)
    tracker = make_tracker(
        {"clinic_topic": "export", "clinic_slot_id": str(wanted.id), "mobile": "09123456789", "booking_confirmed": True},
        events=[{"event": "active_loop", "name": "book_clinic_form", "timestamp": 1.0}],
    )
    events = run(ActionSubmitBooking(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_booking_done"]
    booking_code = dispatcher.messages[0]["booking_code"]
    assert {"event": "slot", "name": "booking_code", "value": booking_code, "timestamp": None} in events


def test_clinic_slot_taken_meanwhile_offers_others(seeded_database, dispatcher):
    wanted = free_clinic_slot(seeded_database)
    with session_scope(seeded_database) as session:
        clinic.book(session, "rest:quicker", wanted.id, "export", "09350000000", "quicker")

    tracker = make_tracker(
        {"clinic_topic": "export", "clinic_slot_id": str(wanted.id), "mobile": "09123456789", "booking_confirmed": True},
        events=[{"event": "active_loop", "name": "book_clinic_form", "timestamp": 2.0}],
    )
    events = run(ActionSubmitBooking(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_clinic_slot_taken"]
    assert {"event": "followup", "name": "book_clinic_form", "timestamp": None} in events


def test_day_without_free_clinic_slots_says_so(seeded_database, dispatcher):
    friday = dt.date.today() + dt.timedelta(days=(4 - dt.date.today().weekday()) % 7 or 7)
    tracker = make_tracker({"clinic_topic": "export", "clinic_day": friday.isoformat()})
    run(ActionAskClinicSlotId(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_no_free_clinic_slots_on_day"]
