"""Counting rejected form inputs, to offer a person when a step keeps failing."""

from __future__ import annotations

from abc import abstractmethod
from typing import List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.handoff_actions import offer_human

# Rejected inputs in a row, within one form, after which a person is offered.
FAILURES_BEFORE_OFFER = 3


class CountingFormValidation(FormValidationAction):
    """Form validation that counts rejected inputs for the requested slot.

    A validator rejects an input by returning None for the slot. After
    ``FAILURES_BEFORE_OFFER`` rejections in a row the user is offered a person and the
    count starts again; an accepted answer resets it.
    """

    @abstractmethod
    def name(self) -> Text:
        """Return the form's validation action name (abstract, so the SDK skips this class)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        values = [event.get("value") for event in events if event.get("event") == "slot" and event.get("name") == requested]
        if requested is None or not values:
            return events

        failures = int(tracker.get_slot("invalid_inputs") or 0)
        failures = failures + 1 if values[-1] is None else 0
        if failures >= FAILURES_BEFORE_OFFER:
            offer_human(dispatcher, domain, "failed_input")
            failures = 0
        return events + [SlotSet("invalid_inputs", float(failures))]
