"""Actions of the open_ticket and ticket_status forms."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.catalogue_choice import choose_from_catalogue
from actions.common import (
    ActionStopped,
    DatabaseUnavailable,
    latest_entity_values,
    request_key,
    reset_form_slots,
    slot_before_latest_message,
    with_database,
)
from actions.input_failures import CountingFormValidation
from actions.lookups import guarded_lookup
from actions.slot_values import mobile_value, ticket_code_value
from servicedesk.persian_format import jalali_datetime, persian_digits
from servicedesk.services import tickets

MINIMUM_DESCRIPTION_LENGTH = 10


class ValidateOpenTicketForm(CountingFormValidation):
    """Validate the category, description, mobile and confirmation of a new ticket."""

    def name(self) -> Text:
        return "validate_open_ticket_form"

    def validate_ticket_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept a category id from a button or words that name a category.

        A category word inside the description («ثبت‌نام در سامانه آموزش …») does not
        replace the category the user already chose. The confirmation step is where the
        user changes it.
        """
        chosen = slot_before_latest_message(tracker, "ticket_category")
        if chosen and tracker.get_slot("requested_slot") not in (None, "ticket_category"):
            return {"ticket_category": chosen}

        try:
            categories = with_database(dispatcher, tracker, tickets.list_categories)
        except DatabaseUnavailable:
            return {"ticket_category": None}

        category_id = choose_from_catalogue(value, "ticket_category", categories)
        if category_id is None:
            dispatcher.utter_message(response="utter_invalid_ticket_category")
        return {"ticket_category": category_id}

    def validate_ticket_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept a description long enough for staff to act on."""
        description = str(value or "").strip()
        if len(description) < MINIMUM_DESCRIPTION_LENGTH:
            dispatcher.utter_message(
                response="utter_invalid_ticket_description",
                minimum=persian_digits(MINIMUM_DESCRIPTION_LENGTH),
            )
            return {"ticket_description": None}
        return {"ticket_description": description}

    def validate_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept an Iranian mobile number in any layout and digit script."""
        return validated_mobile(value, dispatcher)

    def validate_ticket_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """On «نه», collect category and description again; a new mobile replaces the old.

        «نه، شماره‌ام ۰۹۳۵۱۱۱۲۲۳۳ است» only corrects the mobile and asks again.
        """
        if value is True:
            return {"ticket_confirmed": True}
        if latest_entity_values(tracker, "mobile"):
            return {"ticket_confirmed": None}

        dispatcher.utter_message(response="utter_ticket_correction")
        return {"ticket_confirmed": None, "ticket_category": None, "ticket_description": None}


class ActionAskTicketCategory(Action):
    """Ask for the ticket category with one button per category in the database."""

    def name(self) -> Text:
        return "action_ask_ticket_category"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            categories = with_database(dispatcher, tracker, tickets.list_categories)
        except DatabaseUnavailable:
            return []

        buttons = [
            {"title": category.name, "payload": f'/inform{{"ticket_category":"{category.id}"}}'}
            for category in categories
        ]
        dispatcher.utter_message(response="utter_ask_ticket_category", buttons=buttons)
        return []


class ActionAskTicketConfirmed(Action):
    """Show what will be filed and ask for confirmation."""

    def name(self) -> Text:
        return "action_ask_ticket_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        category_id = tracker.get_slot("ticket_category")
        try:
            categories = with_database(dispatcher, tracker, tickets.list_categories)
        except DatabaseUnavailable:
            return []

        names = {category.id: category.name for category in categories}
        dispatcher.utter_message(
            response="utter_ask_ticket_confirmed",
            category_name=names.get(category_id, category_id),
            description=tracker.get_slot("ticket_description"),
            mobile=persian_digits(tracker.get_slot("mobile")),
        )
        return []


class ActionSubmitTicket(Action):
    """Open the confirmed ticket once and tell the user its code."""

    def name(self) -> Text:
        return "action_submit_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if tracker.get_slot("ticket_confirmed") is not True:
            return reset_form_slots("open_ticket_form")

        def open_it(session) -> tickets.OpenedTicket:  # type: ignore[no-untyped-def]
            return tickets.open_ticket(
                session,
                sender_id=tracker.sender_id,
                category_id=tracker.get_slot("ticket_category"),
                description=tracker.get_slot("ticket_description"),
                mobile=tracker.get_slot("mobile"),
                request_key=request_key(tracker, "open_ticket_form"),
            )

        try:
            opened = with_database(dispatcher, tracker, open_it)
        except DatabaseUnavailable:
            # Keep every slot the user filled and request confirmation again when they retry.
            return [SlotSet("ticket_confirmed", None), FollowupAction("open_ticket_form")]

        response = "utter_ticket_opened" if opened.created else "utter_ticket_already_opened"
        dispatcher.utter_message(
            response=response,
            ticket_code=opened.ticket.code,
            mobile=persian_digits(opened.ticket.mobile),
        )
        return reset_form_slots("open_ticket_form") + [SlotSet("ticket_code", opened.ticket.code)]


class ValidateTicketStatusForm(CountingFormValidation):
    """Validate the ticket code and the mobile it was opened with."""

    def name(self) -> Text:
        return "validate_ticket_status_form"

    def validate_ticket_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept TK-004217, tk004217 or the bare number."""
        code = ticket_code_value(value)
        if code is None:
            dispatcher.utter_message(response="utter_invalid_ticket_code")
        return {"ticket_code": code}

    def validate_mobile(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Accept an Iranian mobile number in any layout and digit script."""
        return validated_mobile(value, dispatcher)


class ActionTicketStatus(Action):
    """Report a ticket's status to its owner, slowing down repeated failures."""

    def name(self) -> Text:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        code = tracker.get_slot("ticket_code")
        mobile = tracker.get_slot("mobile")

        def find(session) -> Optional[Dict[str, Any]]:  # type: ignore[no-untyped-def]
            ticket = tickets.find_ticket_for_owner(session, code, mobile)
            if ticket is None:
                return None
            return {
                "response": f"utter_ticket_status_{ticket.status}",
                "ticket_code": ticket.code,
                "category_name": ticket.category.name,
                "updated_at": jalali_datetime(ticket.updated_at),
                "note": tickets.last_note(ticket) or "",
            }

        try:
            reply = guarded_lookup(dispatcher, tracker, "ticket", code, find)
        except ActionStopped:
            return reset_form_slots("ticket_status_form")

        if reply is None:
            # Keep the code: a corrected mobile sent next retries the same lookup.
            dispatcher.utter_message(response="utter_ticket_not_found")
            return [SlotSet("mobile", None)]
        dispatcher.utter_message(**reply)
        return reset_form_slots("ticket_status_form")


def validated_mobile(value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """Return the canonical mobile (also kept as ``known_mobile`` for later forms), or
    clear the slot and explain the expected form."""
    mobile = mobile_value(value)
    if mobile is None:
        dispatcher.utter_message(response="utter_invalid_mobile")
        return {"mobile": None}
    return {"mobile": mobile, "known_mobile": mobile}
