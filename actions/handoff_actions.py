"""Handing a conversation to support staff, and taking it back when they close it.

Inside working hours the conversation joins the staff queue and Rasa is paused; the
gateway then carries the user's messages to the agent. Outside them the user hears when
staff are back and is offered a ticket.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.common import ActionStopped, with_database
from servicedesk.models import Ticket
from servicedesk.persian_format import clock, persian_digits, weekday_and_date
from servicedesk.services import handoffs
from servicedesk.working_hours import load_working_hours

logger = logging.getLogger(__name__)
REASONS = ("request", "low_confidence", "failed_input", "angry")
OFFERS = {
    "angry": "utter_offer_human_angry",
    "low_confidence": "utter_offer_human_low_confidence",
    "failed_input": "utter_offer_human_failed_input",
}


def offer_human(dispatcher: CollectingDispatcher, domain: DomainDict, reason: str) -> None:
    """Offer a person, with buttons to accept or to go on with the bot.

    Buttons whose payload carries an entity are built here: Rasa would read the braces
    of such a payload in a domain response as slot placeholders.
    """
    buttons = [
        {"title": "گفتگو با کارشناس", "payload": f'/request_human{{"escalation_reason":"{reason}"}}'},
        # Inside a form, a from_text slot could take «/deny» as its value, but never «/continue_form».
        {"title": "نه، ادامه می‌دهم", "payload": "/continue_form"},
    ]
    dispatcher.utter_message(text=response_text(domain, OFFERS[reason]), buttons=buttons)


def ask_for_score(dispatcher: CollectingDispatcher, domain: DomainDict) -> None:
    """Ask for a satisfaction score from 5 (best) to 1, as buttons."""
    labels = {5: "۵ (عالی)", 4: "۴", 3: "۳", 2: "۲", 1: "۱ (ضعیف)"}
    buttons = [{"title": label, "payload": f'/rate_conversation{{"csat_score":"{score}"}}'} for score, label in labels.items()]
    dispatcher.utter_message(text=response_text(domain, "utter_ask_csat"), buttons=buttons)


def response_text(domain: DomainDict, response: str) -> str:
    """Return the text of a domain response's first variation."""
    return domain["responses"][response][0]["text"]


class ActionRequestHuman(Action):
    """Queue the conversation for staff and pause the bot, or tell the user when staff are back."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        reason = tracker.get_slot("escalation_reason")
        reason = reason if reason in REASONS else "request"
        hours = load_working_hours()
        now = dt.datetime.now(dt.timezone.utc)

        if not hours.is_open(now):
            opening = hours.next_opening(now)
            dispatcher.utter_message(response="utter_staff_closed", opening=_opening_text(opening, now))
            return [SlotSet("escalation_reason", None)]

        def enqueue(session: Session) -> Dict[str, int]:
            handoff = handoffs.open_handoff(session, tracker.sender_id, reason)
            return {
                "position": handoffs.queue_position(session, handoff),
                "wait": handoffs.expected_wait_minutes(session, handoff),
            }

        try:
            place = with_database(dispatcher, tracker, enqueue)
        except ActionStopped:
            return [SlotSet("escalation_reason", None)]
        logger.info("Conversation %s joined the staff queue (%s)", tracker.sender_id, reason)
        dispatcher.utter_message(
            response="utter_handoff_queued",
            position=persian_digits(max(place["position"], 1)),
            wait=persian_digits(max(place["wait"], 1)),
        )
        return [SlotSet("escalation_reason", None), ConversationPaused()]


class ActionOfferHuman(Action):
    """Offer a person to a user who sounds upset."""

    def name(self) -> Text:
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        offer_human(dispatcher, domain, "angry")
        return []


class ActionAfterHandoff(Action):
    """Tell the user the bot is back, name what staff did, and ask for a score."""

    def name(self) -> Text:
        return "action_after_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        def outcome(session: Session) -> Optional[Dict[str, Any]]:
            handoff = handoffs.latest_closed_handoff(session, tracker.sender_id)
            if handoff is None:
                return None
            ticket = session.scalars(
                select(Ticket).where(Ticket.request_key == f"handoff:{handoff.id}")
            ).first()
            return {"close_reason": handoff.close_reason, "ticket_code": ticket.code if ticket else None}

        try:
            result = with_database(dispatcher, tracker, outcome)
        except ActionStopped:
            return []
        if result and result["close_reason"] == "silence":
            dispatcher.utter_message(response="utter_handoff_ended_silence")
            return []

        dispatcher.utter_message(response="utter_handoff_ended")
        events: List[EventType] = []
        if result and result["ticket_code"]:
            dispatcher.utter_message(response="utter_handoff_ticket", ticket_code=result["ticket_code"])
            events.append(SlotSet("ticket_code", result["ticket_code"]))
        if result:
            ask_for_score(dispatcher, domain)
        return events


class ActionRecordCsat(Action):
    """Store the satisfaction score of the latest handed-back conversation."""

    def name(self) -> Text:
        return "action_record_csat"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        score = _score(tracker.get_slot("csat_score"))
        if score is None:
            ask_for_score(dispatcher, domain)
            return []

        def record(session: Session) -> bool:
            handoff = handoffs.latest_closed_handoff(session, tracker.sender_id)
            if handoff is None:
                return False
            handoffs.record_csat(session, handoff.id, score)
            return True

        try:
            with_database(dispatcher, tracker, record)
        except ActionStopped:
            return []
        return [SlotSet("csat_comment", None)]


class ActionSaveCsatComment(Action):
    """Store the optional comment that follows a satisfaction score."""

    def name(self) -> Text:
        return "action_save_csat_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        score = _score(tracker.get_slot("csat_score"))
        comment = (tracker.get_slot("csat_comment") or "").strip()[:2000]

        def record(session: Session) -> None:
            handoff = handoffs.latest_closed_handoff(session, tracker.sender_id)
            if handoff is not None and score is not None and comment:
                handoffs.record_csat(session, handoff.id, score, comment)

        try:
            with_database(dispatcher, tracker, record)
        except ActionStopped:
            return []
        dispatcher.utter_message(response="utter_csat_thanks")
        return [SlotSet("csat_comment", None), SlotSet("csat_score", None)]


def _score(value: Any) -> Optional[int]:
    try:
        score = int(str(value))
    except ValueError:
        return None
    return score if 1 <= score <= 5 else None


def _opening_text(opening: dt.datetime, now: dt.datetime) -> str:
    """Return «امروز ساعت ۰۸:۰۰», «فردا ساعت ۰۸:۰۰» or «شنبه ۱۵ آذر ۱۴۰۵، ساعت ۰۸:۰۰»."""
    today = now.astimezone(opening.tzinfo).date()
    if opening.date() == today:
        return f"امروز ساعت {clock(opening)}"
    if opening.date() == today + dt.timedelta(days=1):
        return f"فردا ساعت {clock(opening)}"
    return f"{weekday_and_date(opening.date())}، ساعت {clock(opening)}"
