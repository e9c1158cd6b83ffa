"""Escalation, handing back and satisfaction scores, against a real database."""

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from actions.handoff_actions import (
    ActionAfterHandoff,
    ActionRecordCsat,
    ActionRequestHuman,
    ActionSaveCsatComment,
)
from actions.routing_actions import ActionRouteInform
from servicedesk.db import session_scope
from servicedesk.models import CsatRating, Handoff
from servicedesk.services import handoffs, staff, tickets
from tests.actions.conftest import make_tracker, responses

DOMAIN = {
    "responses": {
        name: [{"text": f"text of {name}"}]
        for name in ("utter_ask_csat", "utter_offer_human_low_confidence", "utter_offer_human_angry", "utter_offer_human_failed_input")
    },
    "forms": {"ticket_status_form": {"required_slots": ["ticket_code", "mobile"]}},
    "slots": {"ticket_code": {"type": "text", "mappings": [{"type": "from_entity", "entity": "ticket_code"}]}},
}
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, DOMAIN))


@pytest.fixture
def always_open(monkeypatch):
    monkeypatch.setenv("SERVICEDESK_WORKING_DAYS", ",".join(WEEKDAY_NAMES))
    monkeypatch.setenv("SERVICEDESK_WORKING_HOURS", "00:00-23:59")


def test_request_inside_hours_queues_and_pauses(seeded_database, always_open, dispatcher):
    events = run(ActionRequestHuman(), dispatcher, make_tracker(sender_id="web:queue-test"))

    assert responses(dispatcher) == ["utter_handoff_queued"]
    assert dispatcher.messages[0]["position"] == "۱"
    assert {"event": "pause", "timestamp": None} in events
    with session_scope() as session:
        handoff = handoffs.open_handoff_for(session, "web:queue-test")
        assert handoff.status == "queued"
        assert handoff.reason == "request"


def test_repeated_request_keeps_one_place(seeded_database, always_open, dispatcher):
    tracker = make_tracker(sender_id="web:twice", slots={"escalation_reason": "angry"})
    run(ActionRequestHuman(), dispatcher, tracker)
    run(ActionRequestHuman(), dispatcher, tracker)

    with session_scope() as session:
        rows = session.scalars(select(Handoff).where(Handoff.sender_id == "web:twice")).all()
        assert len(rows) == 1
        assert rows[0].reason == "angry"
    assert [message["position"] for message in dispatcher.messages] == ["۱", "۱"]


def test_request_outside_hours_offers_a_ticket(seeded_database, monkeypatch, dispatcher):
    tehran_today = dt.datetime.now(ZoneInfo("Asia/Tehran")).date()
    open_day = tehran_today + dt.timedelta(days=3)
    monkeypatch.setenv("SERVICEDESK_WORKING_DAYS", WEEKDAY_NAMES[open_day.weekday()])
    monkeypatch.setenv("SERVICEDESK_WORKING_HOURS", "08:00-16:00")

    events = run(ActionRequestHuman(), dispatcher, make_tracker(sender_id="web:after-hours"))

    assert responses(dispatcher) == ["utter_staff_closed"]
    assert dispatcher.messages[0]["opening"].endswith("ساعت ۰۸:۰۰")
    assert not any(event.get("event") == "pause" for event in events)
    with session_scope() as session:
        assert handoffs.open_handoff_for(session, "web:after-hours") is None


def test_second_misunderstood_turn_offers_a_person(dispatcher):
    fallback = {"event": "user", "text": "qwpoe", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    tracker = make_tracker(intent="nlu_fallback", events=[fallback, {"event": "bot"}, fallback])

    run(ActionRouteInform(), dispatcher, tracker)

    assert dispatcher.messages[0]["text"] == "text of utter_offer_human_low_confidence"
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert payloads == ['/request_human{"escalation_reason":"low_confidence"}', "/continue_form"]


def test_first_misunderstood_turn_asks_again(dispatcher):
    fallback = {"event": "user", "text": "qwpoe", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    run(ActionRouteInform(), dispatcher, make_tracker(intent="nlu_fallback", events=[fallback]))
    assert responses(dispatcher) == ["utter_default"]


def closed_handoff(sender_id, close_reason, with_ticket=False):
    with session_scope() as session:
        agent = staff.create_staff(session, f"agent{abs(hash(sender_id)) % 10000}", "سارا کریمی", "agent", "long-enough-pass")
        handoff = handoffs.open_handoff(session, sender_id, "request")
        handoffs.claim(session, handoff.id, agent.id)
        if with_ticket:
            tickets.open_ticket(session, sender_id, "loan", "پیگیری وام", "09121234567", request_key=f"handoff:{handoff.id}")
        handoffs.close_handoff(session, handoff.id, close_reason)
        return handoff.id, agent.id


def test_hand_back_names_the_ticket_staff_opened(seeded_database, dispatcher):
    closed_handoff("web:handed-back", "agent", with_ticket=True)

    events = run(ActionAfterHandoff(), dispatcher, make_tracker(sender_id="web:handed-back"))

    assert responses(dispatcher) == ["utter_handoff_ended", "utter_handoff_ticket", None]
    assert dispatcher.messages[1]["ticket_code"].startswith("TK-")
    assert [button["title"] for button in dispatcher.messages[2]["buttons"]] == ["۵ (عالی)", "۴", "۳", "۲", "۱ (ضعیف)"]
    assert events[0]["name"] == "ticket_code"


def test_hand_back_after_silence_asks_nothing(seeded_database, dispatcher):
    closed_handoff("web:went-quiet", "silence")
    run(ActionAfterHandoff(), dispatcher, make_tracker(sender_id="web:went-quiet"))
    assert responses(dispatcher) == ["utter_handoff_ended_silence"]


def test_score_and_comment_are_stored_once(seeded_database, dispatcher):
    handoff_id, agent_id = closed_handoff("web:rated", "agent")
    tracker = make_tracker(sender_id="web:rated", slots={"csat_score": "4", "csat_comment": "پاسخ سریع و دقیق بود"})

    run(ActionRecordCsat(), dispatcher, tracker)
    run(ActionRecordCsat(), dispatcher, tracker)
    run(ActionSaveCsatComment(), dispatcher, tracker)

    with session_scope() as session:
        ratings = session.scalars(select(CsatRating).where(CsatRating.handoff_id == handoff_id)).all()
        assert len(ratings) == 1
        assert ratings[0].score == 4
        assert ratings[0].staff_id == agent_id
        assert ratings[0].comment == "پاسخ سریع و دقیق بود"
    assert responses(dispatcher)[-1] == "utter_csat_thanks"


def test_score_out_of_range_is_asked_again(seeded_database, dispatcher):
    closed_handoff("web:bad-score", "agent")
    run(ActionRecordCsat(), dispatcher, make_tracker(sender_id="web:bad-score", slots={"csat_score": "9"}))
    assert dispatcher.messages[0]["text"] == "text of utter_ask_csat"


def rejected_ticket_code_turn(failures_so_far):
    """A tracker where the user just typed an invalid ticket code in the status form."""
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "کدش یادم نیست", "parse_data": {"intent": {"name": "inform"}}},
        {"event": "slot", "name": "ticket_code", "value": "یادم نیست"},
    ]
    slots = {"requested_slot": "ticket_code", "ticket_code": "یادم نیست", "invalid_inputs": failures_so_far}
    return make_tracker(slots=slots, events=events, active_loop="ticket_status_form")


@pytest.mark.parametrize("failures_so_far, offered, count_after", [(0, False, 1.0), (1, False, 2.0), (2, True, 0.0)])
def test_third_rejected_answer_offers_a_person(dispatcher, failures_so_far, offered, count_after):
    from actions.ticket_actions import ValidateTicketStatusForm

    events = run(ValidateTicketStatusForm(), dispatcher, rejected_ticket_code_turn(failures_so_far))

    offers = [message for message in dispatcher.messages if message.get("text") == "text of utter_offer_human_failed_input"]
    assert bool(offers) == offered
    assert {"event": "slot", "timestamp": None, "name": "invalid_inputs", "value": count_after} in events


def test_no_with_a_mobile_retries_the_lookup(dispatcher):
    tracker = make_tracker(
        slots={"ticket_code": "TK-004217"},
        intent="deny",
        entities=[{"entity": "mobile", "value": "09123456789"}],
    )
    events = run(ActionRouteInform(), dispatcher, tracker)
    assert events == [{"event": "followup", "timestamp": None, "name": "ticket_status_form"}]


def test_plain_no_outside_a_form_is_acknowledged(dispatcher):
    run(ActionRouteInform(), dispatcher, make_tracker(intent="deny"))
    assert responses(dispatcher) == ["utter_ok"]
