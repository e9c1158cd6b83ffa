"""Route a bare value sent outside any form to the form or listing it belongs to.

A «no» with a value routes the same way: «ببخشید اشتباه زدم، 09123456789» after a failed
ticket lookup retries it with the corrected mobile.

«کد رهگیری من ۴۰۵۱۲۳۴۸ است» alone is an ``inform``; the tracking code shows the user wants
their admission status, so the admission form starts with the code already filled.
"""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity_values
from actions.handoff_actions import offer_human

# The first entity found in the message decides, in this order.
ROUTES = [
    ("tracking_code", "admission_status_form"),
    ("national_code", "admission_status_form"),
    ("ticket_code", "ticket_status_form"),
    ("booking_code", "cancel_booking_form"),
    ("clinic_topic", "book_clinic_form"),
    ("course", "action_list_courses"),
    ("province", "action_list_courses"),
    ("ticket_category", "open_ticket_form"),
]


def route_for(tracker: Tracker) -> Optional[str]:
    """Return the form or action the latest message's entities point to, or None.

    A mobile alone retries a ticket lookup whose code is still kept, after the first
    try failed with another mobile.
    """
    for entity, action_name in ROUTES:
        if latest_entity_values(tracker, entity):
            return action_name
    if latest_entity_values(tracker, "mobile") and tracker.get_slot("ticket_code"):
        return "ticket_status_form"
    return None


class ActionRouteInform(Action):
    """Start the form a bare value belongs to, or say what the assistant can do."""

    def name(self) -> Text:
        return "action_route_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        action_name = route_for(tracker)
        if action_name is not None:
            return [FollowupAction(action_name)]

        latest_intent = tracker.latest_message.get("intent", {}).get("name")
        if latest_intent == "deny":
            dispatcher.utter_message(response="utter_ok")
        elif _misunderstood_twice(tracker):
            offer_human(dispatcher, domain, "low_confidence")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


def _misunderstood_twice(tracker: Tracker) -> bool:
    """Tell whether this message and the user's one before it were both not understood."""
    intents = [
        (event.get("parse_data") or {}).get("intent", {}).get("name")
        for event in reversed(tracker.events)
        if event.get("event") == "user"
    ]
    return intents[:2] == ["nlu_fallback", "nlu_fallback"]
