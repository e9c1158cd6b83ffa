"""Actions of the cancel_booking form: booking code, mobile, confirmation."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clinic_actions import clinic_slot_text
from actions.common import ActionStopped, reset_form_slots, with_database
from actions.input_failures import CountingFormValidation
from actions.lookups import guarded_lookup
from actions.slot_values import booking_code_value, mobile_value
from servicedesk.services import clinic


def _booking_details(session, code: str, mobile: str) -> Optional[Dict[str, Any]]:  # type: ignore[no-untyped-def]
    booking = clinic.find_booking_for_owner(session, code, mobile)
    if booking is None:
        return None
    return {
        "booking_code": booking.code,
        "active": booking.status == "active",
        "clinic_slot_text": clinic_slot_text(booking.clinic_slot),
    }


class ValidateCancelBookingForm(CountingFormValidation):
    """Check that the booking code and mobile belong to one active booking."""

    def name(self) -> Text:
        return "validate_cancel_booking_form"

    def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept BK-000318, bk000318 or the bare number, then check it if the mobile is known."""
        code = booking_code_value(value)
        if code is None:
            dispatcher.utter_message(response="utter_invalid_booking_code")
            return {"booking_code": None}
        return self._checked(code, tracker.get_slot("mobile"), dispatcher, tracker)

    def validate_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept a mobile, then check it against the booking code."""
        mobile = mobile_value(value)
        if mobile is None:
            dispatcher.utter_message(response="utter_invalid_mobile")
            return {"mobile": None}
        return {**self._checked(tracker.get_slot("booking_code"), mobile, dispatcher, tracker), "known_mobile": mobile}

    @staticmethod
    def _checked(
        code: Optional[str], mobile: Optional[str], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        if not code or not mobile:
            return {"booking_code": code, "mobile": mobile}

        try:
            details = guarded_lookup(
                dispatcher, tracker, "booking", code, lambda session: _booking_details(session, code, mobile)
            )
        except ActionStopped:
            return {"booking_code": None, "mobile": mobile}

        if details is None:
            dispatcher.utter_message(response="utter_booking_not_found")
            return {"booking_code": None, "mobile": mobile}
        if not details["active"]:
            dispatcher.utter_message(response="utter_booking_not_active", booking_code=code)
            return {"booking_code": None, "mobile": mobile}
        return {"booking_code": code, "mobile": mobile}

    def validate_cancel_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Keep «بله» or «نه» as given; the submit action acts on it."""
        return {"cancel_confirmed": bool(value)}


class ActionAskCancelConfirmed(Action):
    """Show the booking to be cancelled and ask for confirmation."""

    def name(self) -> Text:
        return "action_ask_cancel_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        code = tracker.get_slot("booking_code")
        mobile = tracker.get_slot("mobile")
        try:
            details = with_database(dispatcher, tracker, lambda session: _booking_details(session, code, mobile))
        except ActionStopped:
            return []

        if details is not None:
            dispatcher.utter_message(
                response="utter_ask_cancel_confirmed",
                booking_code=details["booking_code"],
                clinic_slot_text=details["clinic_slot_text"],
            )
        return []


class ActionSubmitCancellation(Action):
    """Cancel the confirmed booking, freeing its ClinicSlot."""

    def name(self) -> Text:
        return "action_submit_cancellation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        code = tracker.get_slot("booking_code")
        if tracker.get_slot("cancel_confirmed") is not True:
            dispatcher.utter_message(response="utter_booking_kept")
            return reset_form_slots("cancel_booking_form")

        def cancel(session) -> bool:  # type: ignore[no-untyped-def]
            booking = clinic.find_booking_for_owner(session, code, tracker.get_slot("mobile"))
            return booking is not None and clinic.cancel_booking(session, booking)

        try:
            cancelled = with_database(dispatcher, tracker, cancel)
        except ActionStopped:
            return []

        response = "utter_booking_cancelled" if cancelled else "utter_booking_not_active"
        dispatcher.utter_message(response=response, booking_code=code)
        return reset_form_slots("cancel_booking_form")
