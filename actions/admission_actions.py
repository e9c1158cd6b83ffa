"""Actions of the admission_status form: tracking code and national code."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ActionStopped, reset_form_slots
from actions.input_failures import CountingFormValidation
from actions.lookups import guarded_lookup
from actions.slot_values import national_code_value, tracking_code_value
from servicedesk.persian_format import jalali_date
from servicedesk.services import admissions


class ValidateAdmissionStatusForm(CountingFormValidation):
    """Validate the eight-digit tracking code and the national code's check digit."""

    def name(self) -> Text:
        return "validate_admission_status_form"

    def validate_tracking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept eight digits in any digit script."""
        code = tracking_code_value(value)
        if code is None:
            dispatcher.utter_message(response="utter_invalid_tracking_code")
        return {"tracking_code": code}

    def validate_national_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept ten digits whose check digit is valid."""
        code = national_code_value(value)
        if code is None:
            dispatcher.utter_message(response="utter_invalid_national_code")
        return {"national_code": code}


class ActionAdmissionStatus(Action):
    """Report the admission status to the applicant who knows both codes."""

    def name(self) -> Text:
        return "action_admission_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        tracking_code = tracker.get_slot("tracking_code")
        national_code = tracker.get_slot("national_code")

        def find(session) -> Optional[Dict[str, Any]]:  # type: ignore[no-untyped-def]
            application = admissions.find_application(session, tracking_code, national_code)
            if application is None:
                return None
            return {
                "response": f"utter_admission_{application.status}",
                "course_title": application.course.title,
                "course_start": jalali_date(application.course.starts_on),
                "note": application.note or "",
            }

        try:
            reply = guarded_lookup(dispatcher, tracker, "admission", tracking_code, find)
        except ActionStopped:
            return reset_form_slots("admission_status_form")

        if reply is None:
            dispatcher.utter_message(response="utter_application_not_found")
        else:
            dispatcher.utter_message(**reply)
        return reset_form_slots("admission_status_form")
