"""Actions of the book_clinic form: topic, a free ClinicSlot, mobile, confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.catalogue_choice import choose_from_catalogue
from actions.common import (
    DatabaseUnavailable,
    latest_entity_values,
    request_key,
    reset_form_slots,
    with_database,
)
from actions.input_failures import CountingFormValidation
from actions.ticket_actions import validated_mobile
from servicedesk.models import ClinicSlot
from servicedesk.persian_format import jalali_datetime, local_time, persian_digits, weekday_and_date
from servicedesk.services import clinic

OFFERED_CLINIC_SLOTS = 5


def clinic_slot_text(clinic_slot: ClinicSlot) -> str:
    """Describe a ClinicSlot for a person: «شنبه ۱۵ آذر ۱۴۰۵، ساعت ۱۰:۰۰ (آنلاین)»."""
    text = jalali_datetime(clinic_slot.starts_at)
    return f"{text} (آنلاین)" if clinic_slot.online else text


class ValidateBookClinicForm(CountingFormValidation):
    """Validate the topic, the chosen ClinicSlot, the mobile and the confirmation."""

    def name(self) -> Text:
        return "validate_book_clinic_form"

    def domain_slots(self, domain: DomainDict) -> List[Text]:
        """Add ``clinic_day`` so a typed day is kept even though the form never asks for it.

        rasa-sdk returns SlotSet events only for the slots listed here. Without a returned
        event Rasa would reject the form's turn when the user names only a day.
        """
        return super().domain_slots(domain) + ["clinic_day"]

    def validate_clinic_day(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Keep the ISO day the date extractor resolved."""
        return {"clinic_day": value}

    def validate_clinic_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept a topic id from a button or words that name a clinic topic."""
        try:
            topics = with_database(dispatcher, tracker, clinic.list_topics)
        except DatabaseUnavailable:
            return {"clinic_topic": None}

        topic_id = choose_from_catalogue(value, "clinic_topic", topics)
        if topic_id is None:
            dispatcher.utter_message(response="utter_invalid_clinic_topic")
            return {"clinic_topic": None}

        # «فردا ساعت ۱۱ مشاوره مالیاتی» names the ClinicSlot along with the topic.
        day, wanted_time = tracker.get_slot("clinic_day"), tracker.get_slot("clinic_time")
        if day and wanted_time and not tracker.get_slot("clinic_slot_id"):
            clinic_slot_id = self._free_clinic_slot_at(dispatcher, tracker, topic_id, day, wanted_time)
            if clinic_slot_id is not None:
                return {"clinic_topic": topic_id, "clinic_slot_id": str(clinic_slot_id)}
        return {"clinic_topic": topic_id}

    @staticmethod
    def _free_clinic_slot_at(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        topic_id: str,
        day: Optional[str],
        wanted_time: str,
    ) -> Optional[int]:
        """Return the free ClinicSlot starting at ``wanted_time`` (local), on ``day`` if given."""

        def find(session) -> Optional[int]:  # type: ignore[no-untyped-def]
            on_date = dt.date.fromisoformat(day) if day else None
            for clinic_slot in clinic.free_clinic_slots(session, topic_id, on_date=on_date, limit=50):
                if local_time(clinic_slot.starts_at).strftime("%H:%M") == wanted_time:
                    return clinic_slot.id
            return None

        try:
            return with_database(dispatcher, tracker, find)
        except DatabaseUnavailable:
            return None

    async def extract_clinic_slot_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Pick a ClinicSlot from a typed day and time («شنبه ساعت ۱۰»).

        A day alone narrows the offered ClinicSlots to that day; a time on top of it
        picks the free ClinicSlot starting then.
        """
        if tracker.get_slot("requested_slot") != "clinic_slot_id":
            return {}

        days = latest_entity_values(tracker, "date")
        times = latest_entity_values(tracker, "time")
        if not days and not times:
            return {}

        day = days[0] if days else tracker.get_slot("clinic_day")
        topic_id = tracker.get_slot("clinic_topic")
        wanted_time = times[0] if times else None

        if wanted_time is None:
            return {"clinic_day": day}
        clinic_slot_id = self._free_clinic_slot_at(dispatcher, tracker, topic_id, day, wanted_time)

        if clinic_slot_id is None:
            dispatcher.utter_message(response="utter_clinic_slot_unavailable")
            return {"clinic_day": day}
        return {"clinic_day": day, "clinic_slot_id": str(clinic_slot_id)}

    def validate_clinic_slot_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept only a ClinicSlot that is still free for the chosen topic."""
        topic_id = tracker.get_slot("clinic_topic")
        if not str(value).isdigit():
            return {"clinic_slot_id": None}

        def is_free(session) -> bool:  # type: ignore[no-untyped-def]
            return clinic.clinic_slot_is_free(session, int(value), topic_id)

        try:
            free = with_database(dispatcher, tracker, is_free)
        except DatabaseUnavailable:
            return {"clinic_slot_id": None}

        if not free:
            dispatcher.utter_message(response="utter_clinic_slot_unavailable")
            return {"clinic_slot_id": None}
        return {"clinic_slot_id": str(value)}

    def validate_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept an Iranian mobile number in any layout and digit script."""
        return validated_mobile(value, dispatcher)

    def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """On «نه», offer the free ClinicSlots again."""
        if value is True:
            return {"booking_confirmed": True}
        return {"booking_confirmed": None, "clinic_slot_id": None, "clinic_day": None}


class ActionAskClinicTopic(Action):
    """Ask for the consulting topic with one button per clinic topic."""

    def name(self) -> Text:
        return "action_ask_clinic_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            topics = with_database(dispatcher, tracker, clinic.list_topics)
        except DatabaseUnavailable:
            return []

        buttons = [
            {"title": topic.name, "payload": f'/inform{{"clinic_topic":"{topic.id}"}}'}
            for topic in topics
        ]
        dispatcher.utter_message(response="utter_ask_clinic_topic", buttons=buttons)
        return []


class ActionAskClinicSlotId(Action):
    """Offer the next free ClinicSlots as buttons, on the day the user named if any."""

    def name(self) -> Text:
        return "action_ask_clinic_slot_id"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic_id = tracker.get_slot("clinic_topic")
        day = tracker.get_slot("clinic_day")

        def offer(session) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
            topic_name = {topic.id: topic.name for topic in clinic.list_topics(session)}.get(topic_id, "")
            on_day = []
            if day:
                on_day = clinic.free_clinic_slots(
                    session, topic_id, on_date=dt.date.fromisoformat(day), limit=OFFERED_CLINIC_SLOTS
                )
            upcoming = on_day or clinic.free_clinic_slots(session, topic_id, limit=OFFERED_CLINIC_SLOTS)
            buttons = [
                {
                    "title": f"{clinic_slot_text(clinic_slot)} — {clinic_slot.consultant.name}",
                    "payload": f'/inform{{"clinic_slot_id":"{clinic_slot.id}"}}',
                }
                for clinic_slot in upcoming
            ]
            return {"topic_name": topic_name, "on_day": bool(on_day), "buttons": buttons}

        try:
            offer_made = with_database(dispatcher, tracker, offer)
        except DatabaseUnavailable:
            return []

        topic_name = offer_made["topic_name"]
        if not offer_made["buttons"]:
            dispatcher.utter_message(response="utter_no_free_clinic_slots", topic_name=topic_name)
            return [ActiveLoop(None), SlotSet("requested_slot", None)] + reset_form_slots("book_clinic_form")

        day_text = weekday_and_date(dt.date.fromisoformat(day)) if day else ""
        if offer_made["on_day"]:
            response = "utter_ask_clinic_slot_id_on_day"
        elif day:
            response = "utter_no_free_clinic_slots_on_day"
        else:
            response = "utter_ask_clinic_slot_id"
        dispatcher.utter_message(
            response=response, topic_name=topic_name, day=day_text, buttons=offer_made["buttons"]
        )
        return []


class ActionAskBookingConfirmed(Action):
    """Show the chosen ClinicSlot and ask for confirmation."""

    def name(self) -> Text:
        return "action_ask_booking_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic_id = tracker.get_slot("clinic_topic")
        clinic_slot_id = int(tracker.get_slot("clinic_slot_id"))

        def describe(session) -> Dict[str, str]:  # type: ignore[no-untyped-def]
            clinic_slot = clinic.get_clinic_slot(session, clinic_slot_id)
            topic_name = {topic.id: topic.name for topic in clinic.list_topics(session)}.get(topic_id, "")
            return {
                "topic_name": topic_name,
                "clinic_slot_text": clinic_slot_text(clinic_slot),
                "consultant_name": clinic_slot.consultant.name,
            }

        try:
            details = with_database(dispatcher, tracker, describe)
        except DatabaseUnavailable:
            return []

        dispatcher.utter_message(
            response="utter_ask_booking_confirmed",
            mobile=persian_digits(tracker.get_slot("mobile")),
            **details,
        )
        return []


class ActionSubmitBooking(Action):
    """Book the confirmed ClinicSlot once, or offer others if it was just taken."""

    def name(self) -> Text:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if tracker.get_slot("booking_confirmed") is not True:
            return reset_form_slots("book_clinic_form")

        def book(session) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
            result = clinic.book(
                session,
                sender_id=tracker.sender_id,
                clinic_slot_id=int(tracker.get_slot("clinic_slot_id")),
                topic_id=tracker.get_slot("clinic_topic"),
                mobile=tracker.get_slot("mobile"),
                request_key=request_key(tracker, "book_clinic_form"),
            )
            clinic_slot = clinic.get_clinic_slot(session, result.booking.clinic_slot_id)
            return {
                "created": result.created,
                "booking_code": result.booking.code,
                "clinic_slot_text": clinic_slot_text(clinic_slot),
                "consultant_name": clinic_slot.consultant.name,
            }

        try:
            booked = with_database(dispatcher, tracker, book)
        except clinic.ClinicSlotTaken:
            dispatcher.utter_message(response="utter_clinic_slot_taken")
            return [
                SlotSet("booking_confirmed", None),
                SlotSet("clinic_slot_id", None),
                FollowupAction("book_clinic_form"),
            ]
        except DatabaseUnavailable:
            return [SlotSet("booking_confirmed", None), FollowupAction("book_clinic_form")]

        if booked.pop("created"):
            dispatcher.utter_message(response="utter_booking_done", **booked)
        else:
            dispatcher.utter_message(response="utter_booking_already_done", booking_code=booked["booking_code"])
        return reset_form_slots("book_clinic_form") + [SlotSet("booking_code", booked["booking_code"])]
