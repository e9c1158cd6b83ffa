"""Asking for the mobile: offer the number the user gave before, or ask for one."""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from servicedesk.db import session_scope
from servicedesk.models import User
from servicedesk.persian_format import persian_digits
from servicedesk.services.users import split_sender_id


def remembered_mobile(tracker: Tracker) -> Optional[str]:
    """Return the mobile this conversation or this user gave before, if any."""
    known = tracker.get_slot("known_mobile")
    if known:
        return known

    channel, external_id = split_sender_id(tracker.sender_id)
    try:
        with session_scope() as session:
            return session.execute(
                select(User.mobile).where(User.channel == channel, User.external_id == external_id)
            ).scalar_one_or_none()
    except SQLAlchemyError:
        # Without the database the user is simply asked for the number.
        return None


class ActionAskMobile(Action):
    """Offer the remembered mobile as a button, or ask for a mobile."""

    def name(self) -> Text:
        return "action_ask_mobile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        mobile = remembered_mobile(tracker)
        if mobile is None:
            dispatcher.utter_message(response="utter_ask_mobile")
            return []

        button = {"title": "بله، همین شماره", "payload": f'/inform{{"mobile":"{mobile}"}}'}
        dispatcher.utter_message(response="utter_ask_mobile_again", mobile=persian_digits(mobile), buttons=[button])
        return []
