"""The list_courses action: upcoming courses by province, topic or title."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ActionStopped, latest_entity_values, with_database
from servicedesk.models import utc_now
from servicedesk.persian_format import jalali_date, persian_digits, rials
from servicedesk.services import clinic, courses

MODE_NAMES = {"online": "آنلاین", "in_person": "حضوری"}
LISTED_COURSES = 8


class ActionListCourses(Action):
    """List upcoming courses, filtered by what the latest message named."""

    def name(self) -> Text:
        return "action_list_courses"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        province_id = next(iter(latest_entity_values(tracker, "province")), None)
        topic_id = next(iter(latest_entity_values(tracker, "clinic_topic")), None)
        course_id = next(iter(latest_entity_values(tracker, "course")), None)
        named_day = next(iter(latest_entity_values(tracker, "date")), None)
        starting_after = dt.date.fromisoformat(named_day) if named_day else utc_now().date()

        def find(session) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
            found = courses.list_courses(
                session,
                province_id=province_id,
                topic_id=topic_id,
                course_id=course_id,
                starting_after=starting_after,
            )
            topic_names = {topic.id: topic.name for topic in clinic.list_topics(session)}
            filters = []
            if province_id and found:
                filters.append(f"استان {found[0].province.name}")
            if topic_id:
                filters.append(f"موضوع {topic_names.get(topic_id, '')}")
            if named_day:
                filters.append(f"شروع از {jalali_date(starting_after)} به بعد")
            items = [
                {
                    "number": persian_digits(number),
                    "title": course.title,
                    "province": course.province.name,
                    "mode": MODE_NAMES.get(course.mode, course.mode),
                    "start": jalali_date(course.starts_on),
                    "duration": persian_digits(course.duration_hours),
                    "fee": rials(course.fee_rials),
                }
                for number, course in enumerate(found[:LISTED_COURSES], start=1)
            ]
            return {
                "items": items,
                "ids": [course.id for course in found[:LISTED_COURSES]],
                "filter_text": (" در " + " و ".join(filters)) if filters else "",
            }

        try:
            listing = with_database(dispatcher, tracker, find)
        except ActionStopped:
            return []

        if not listing["items"]:
            dispatcher.utter_message(response="utter_no_courses", filter_text=listing["filter_text"])
            return []

        dispatcher.utter_message(response="utter_courses_found", filter_text=listing["filter_text"])
        for item in listing["items"]:
            dispatcher.utter_message(response="utter_course_item", **item)
        return [
            SlotSet("province", province_id),
            SlotSet("course", course_id),
            SlotSet("listed_courses", listing["ids"]),
        ]
