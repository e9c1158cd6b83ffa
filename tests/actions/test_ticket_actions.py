"""Ticket actions against a real database."""

import asyncio

from sqlalchemy import func, select

from actions.ticket_actions import ActionSubmitTicket, ActionTicketStatus, ValidateOpenTicketForm
from servicedesk.db import session_scope
from servicedesk.models import Ticket
from tests.actions.conftest import make_tracker, responses

FILLED_FORM = {
    "ticket_category": "loan",
    "ticket_description": "وام سرمایه در گردش هنوز پرداخت نشده است",
    "mobile": "09123456789",
    "ticket_confirmed": True,
}
FORM_RUN = [{"event": "active_loop", "name": "open_ticket_form", "timestamp": 1733300000.5}]


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def test_confirmed_ticket_is_stored_once(seeded_database, dispatcher):
    tracker = make_tracker(FILLED_FORM, events=FORM_RUN)
    run(ActionSubmitTicket(), dispatcher, tracker)
    run(ActionSubmitTicket(), dispatcher, tracker)

    assert responses(dispatcher) == ["utter_ticket_opened", "utter_ticket_already_opened"]
    with session_scope(seeded_database) as session:
        count = session.execute(
            select(func.count(Ticket.id)).where(Ticket.description == FILLED_FORM["ticket_description"])
        ).scalar_one()
    assert count == 1


def test_submitted_ticket_clears_the_form(seeded_database, dispatcher):
    events = run(ActionSubmitTicket(), dispatcher, make_tracker(FILLED_FORM, events=FORM_RUN))
    cleared = {event["name"] for event in events if event["event"] == "slot" and event["value"] is None}
    assert {"ticket_category", "ticket_description", "ticket_confirmed"} <= cleared


def test_database_failure_apologises_and_keeps_answers(unreachable_database, dispatcher):
    events = run(ActionSubmitTicket(), dispatcher, make_tracker(FILLED_FORM, events=FORM_RUN))

    assert responses(dispatcher) == ["utter_db_unavailable"]
    assert {"event": "followup", "name": "open_ticket_form", "timestamp": None} in events
    cleared = {event["name"] for event in events if event["event"] == "slot" and event["value"] is None}
    assert cleared == {"ticket_confirmed"}


def test_mobile_in_persian_digits_is_canonical(dispatcher):
    result = ValidateOpenTicketForm().validate_mobile("۰۹۱۲ ۳۴۵ ۶۷۸۹", dispatcher, make_tracker(), {})
    assert result == {"mobile": "09123456789", "known_mobile": "09123456789"}


def test_invalid_mobile_is_explained(dispatcher):
    result = ValidateOpenTicketForm().validate_mobile("۱۲۳۴", dispatcher, make_tracker(), {})
    assert result == {"mobile": None}
    assert responses(dispatcher) == ["utter_invalid_mobile"]


def test_typed_category_words_match_a_category(seeded_database, dispatcher):
    result = ValidateOpenTicketForm().validate_ticket_category("مشکل وامم", dispatcher, make_tracker(), {})
    assert result == {"ticket_category": "loan"}


def test_short_description_is_refused(dispatcher):
    result = ValidateOpenTicketForm().validate_ticket_description("وام", dispatcher, make_tracker(), {})
    assert result == {"ticket_description": None}
    assert responses(dispatcher) == ["utter_invalid_ticket_description"]


def test_deny_with_new_mobile_asks_again(dispatcher):
    tracker = make_tracker(
        FILLED_FORM,
        text="نه شماره‌ام ۰۹۳۵۱۱۱۲۲۳۳ است",
        intent="deny",
        entities=[{"entity": "mobile", "value": "09351112233"}],
    )
    result = ValidateOpenTicketForm().validate_ticket_confirmed(False, dispatcher, tracker, {})
    assert result == {"ticket_confirmed": None}


def test_status_reply_names_the_status(seeded_database, dispatcher):
    tracker = make_tracker({"ticket_code": "TK-004217", "mobile": "09123456789"})
    run(ActionTicketStatus(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_ticket_status_in_progress"]
    assert "بانک" in dispatcher.messages[0]["note"]


def test_repeated_wrong_mobile_is_slowed_down(seeded_database, dispatcher):
    tracker = make_tracker({"ticket_code": "TK-004217", "mobile": "09350000000"})
    for _ in range(4):
        run(ActionTicketStatus(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_ticket_not_found"] * 3 + ["utter_lookup_slowed_down"]


def test_slowdown_applies_to_right_mobile_too(seeded_database, dispatcher):
    wrong = make_tracker({"ticket_code": "TK-004217", "mobile": "09350000000"})
    for _ in range(3):
        run(ActionTicketStatus(), dispatcher, wrong)
    run(ActionTicketStatus(), dispatcher, make_tracker({"ticket_code": "TK-004217", "mobile": "09123456789"}))
    assert responses(dispatcher)[-1] == "utter_lookup_slowed_down"
