"""Follow-up questions about listed courses and about the business clinic.

«دومی چقدر هزینه داره؟» after a list of courses refers to the second course listed; the
list is kept in the ``listed_courses`` slot by ``action_list_courses``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ActionStopped, latest_entity_values, with_database
from actions.course_actions import MODE_NAMES
from nlu.persian_text import fold
from servicedesk.models import Course, utc_now
from servicedesk.persian_format import jalali_date, persian_digits, rials
from servicedesk.services import clinic, courses

DETAIL_RESPONSES = {
    "fee": "utter_course_fee",
    "start": "utter_course_start",
    "mode": "utter_course_mode",
    "duration": "utter_course_duration",
    "place": "utter_course_place",
    "capacity": "utter_course_capacity",
}

# For «کدومشون آنلاینه؟» and «کدومشون حضوریه؟»: the reply with the titles, and without.
MODE_RESPONSES = {
    "online": ("utter_online_courses", "utter_no_online_courses"),
    "in_person": ("utter_in_person_courses", "utter_no_in_person_courses"),
}


def course_details(course: Course) -> Dict[str, str]:
    """Return every detail of a course as Persian text for a response."""
    return {
        "title": course.title,
        "fee": rials(course.fee_rials),
        "start": jalali_date(course.starts_on),
        "mode": MODE_NAMES.get(course.mode, course.mode),
        "duration": persian_digits(course.duration_hours),
        "province": course.province.name,
        "capacity": persian_digits(course.capacity),
    }


def referenced_course_id(tracker: Tracker) -> Optional[str]:
    """Return the course the latest message names or points to in the last listing."""
    named = latest_entity_values(tracker, "course")
    if named:
        return named[0]

    listed = tracker.get_slot("listed_courses") or []
    ordinals = latest_entity_values(tracker, "ordinal")
    if not ordinals or not listed:
        return None
    position = int(ordinals[0])
    index = position - 1 if position > 0 else len(listed) + position
    return listed[index] if 0 <= index < len(listed) else None


class ActionCourseDetail(Action):
    """Answer a question about one course's fee, start, mode, duration, place or capacity."""

    def name(self) -> Text:
        return "action_course_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        attribute = next(iter(latest_entity_values(tracker, "course_attribute")), None)
        wanted_mode = "in_person" if "حضوری" in fold(tracker.latest_message.get("text") or "") else "online"
        course_id = referenced_course_id(tracker)
        listed = tracker.get_slot("listed_courses") or []

        def find(session) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
            if course_id:
                found = courses.list_courses(session, course_id=course_id)
                return {"course": course_details(found[0]) if found else None}
            if attribute == "mode":
                candidates = courses.list_courses(session, starting_after=utc_now().date())
                if listed:
                    candidates = [course for course in candidates if course.id in listed]
                return {"mode": wanted_mode, "titles": [course.title for course in candidates if course.mode == wanted_mode]}
            return {"course": None}

        try:
            answer = with_database(dispatcher, tracker, find)
        except ActionStopped:
            return []

        if "mode" in answer:
            found, none_found = MODE_RESPONSES[answer["mode"]]
            if answer["titles"]:
                dispatcher.utter_message(response=found, titles="، ".join(answer["titles"]))
            else:
                dispatcher.utter_message(response=none_found)
            return []

        details = answer["course"]
        if details is None:
            dispatcher.utter_message(response="utter_course_reference_unknown")
            return []
        dispatcher.utter_message(response=DETAIL_RESPONSES.get(attribute, "utter_course_summary"), **details)
        return [SlotSet("course", course_id)]


class ActionClinicInfo(Action):
    """Tell which topics the business clinic advises on, and who the consultants are."""

    def name(self) -> Text:
        return "action_clinic_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic_id = next(iter(latest_entity_values(tracker, "clinic_topic")), None)

        def find(session) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
            topics = clinic.list_topics(session)
            names = {topic.id: topic.name for topic in topics}
            consultants = clinic.consultants_for(session, topic_id) if topic_id else []
            return {
                "topics": [topic.name for topic in topics],
                "topic_name": names.get(topic_id, ""),
                "consultants": [consultant.name for consultant in consultants],
            }

        try:
            info = with_database(dispatcher, tracker, find)
        except ActionStopped:
            return []

        if topic_id and info["consultants"]:
            dispatcher.utter_message(
                response="utter_clinic_consultants",
                topic_name=info["topic_name"],
                consultants="، ".join(info["consultants"]),
            )
        else:
            dispatcher.utter_message(response="utter_clinic_topics", topics="، ".join(info["topics"]))
        return []
