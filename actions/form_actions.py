"""Leaving a form: clear what it collected and tell the user nothing was written."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import FORM_SLOTS, reset_form_slots


class ActionLeaveForm(Action):
    """Clear the slots of every form after the user said «لغو» and confirm it."""

    def name(self) -> Text:
        return "action_leave_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_form_stopped")
        events: List[EventType] = []
        for form_name in FORM_SLOTS:
            events += reset_form_slots(form_name)
        return events
