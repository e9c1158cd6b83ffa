"""Admission, course, knowledge-base and routing actions against real data."""

import asyncio

from actions.admission_actions import ActionAdmissionStatus, ValidateAdmissionStatusForm
from actions.course_actions import ActionListCourses
from actions.knowledge_actions import ActionAnswerQuestion
from actions.routing_actions import ActionRouteInform
from tests.actions.conftest import make_tracker, responses


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def test_accepted_application_is_reported(seeded_database, dispatcher):
    run(ActionAdmissionStatus(), dispatcher, make_tracker({"tracking_code": "40512348", "national_code": "5260181591"}))
    assert responses(dispatcher) == ["utter_admission_accepted"]
    assert dispatcher.messages[0]["course_title"] == "بازاریابی دیجیتال"


def test_wrong_national_code_finds_nothing(seeded_database, dispatcher):
    run(ActionAdmissionStatus(), dispatcher, make_tracker({"tracking_code": "40512348", "national_code": "0830166130"}))
    assert responses(dispatcher) == ["utter_application_not_found"]


def test_national_code_with_bad_check_digit_is_refused(dispatcher):
    result = ValidateAdmissionStatusForm().validate_national_code("۵۲۶۰۱۸۱۵۹۲", dispatcher, make_tracker(), {})
    assert result == {"national_code": None}
    assert responses(dispatcher) == ["utter_invalid_national_code"]


def test_courses_by_province(seeded_database, dispatcher):
    tracker = make_tracker(entities=[{"entity": "province", "value": "tehran"}])
    run(ActionListCourses(), dispatcher, tracker)
    titles = [message["title"] for message in dispatcher.messages if message["response"] == "utter_course_item"]
    assert set(titles) == {"بازاریابی دیجیتال", "نوشتن طرح کسب‌وکار", "هوش مصنوعی در کسب‌وکار"}


def test_question_is_answered_with_its_article(dispatcher):
    run(ActionAnswerQuestion(), dispatcher, make_tracker(text="وام سرمایه در گردش چطوری میدن؟"))
    [message] = dispatcher.messages
    assert message["response"] == "utter_knowledge_answer"
    assert message["title"] == "تسهیلات سرمایه در گردش"


def test_close_call_offers_two_articles(dispatcher):
    run(ActionAnswerQuestion(), dispatcher, make_tracker(text="چطوری زمین تو شهرک صنعتی بگیرم؟"))
    [message] = dispatcher.messages
    assert message["response"] == "utter_knowledge_choose"
    assert len(message["buttons"]) == 2


def test_unrelated_question_gets_dont_know(dispatcher):
    run(ActionAnswerQuestion(), dispatcher, make_tracker(text="بهترین رستوران شهر کجاست؟"))
    assert responses(dispatcher) == ["utter_knowledge_unknown"]


def test_chosen_article_button_answers_that_article(dispatcher):
    tracker = make_tracker(text="/ask_question", entities=[{"entity": "article_id", "value": "export-support"}])
    run(ActionAnswerQuestion(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_knowledge_answer"]


def test_bare_tracking_code_starts_admission_form(dispatcher):
    tracker = make_tracker(text="۴۰۵۱۲۳۴۸", entities=[{"entity": "tracking_code", "value": "40512348"}])
    events = run(ActionRouteInform(), dispatcher, tracker)
    assert events == [{"event": "followup", "name": "admission_status_form", "timestamp": None}]


def test_second_listed_course_fee(seeded_database, dispatcher):
    from actions.course_detail_actions import ActionCourseDetail

    tracker = make_tracker(
        {"listed_courses": ["C105", "C101"]},
        text="دومی چقدر هزینه داره؟",
        entities=[{"entity": "ordinal", "value": 2}, {"entity": "course_attribute", "value": "fee"}],
    )
    run(ActionCourseDetail(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_course_fee"]
    assert dispatcher.messages[0]["title"] == "بازاریابی دیجیتال"


def test_which_listed_courses_are_online(seeded_database, dispatcher):
    from actions.course_detail_actions import ActionCourseDetail

    tracker = make_tracker(
        {"listed_courses": ["C101", "C102", "C104"]},
        text="کدومشون آنلاینه؟",
        entities=[{"entity": "course_attribute", "value": "mode"}],
    )
    run(ActionCourseDetail(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_online_courses"]
    assert dispatcher.messages[0]["titles"] == "بازاریابی دیجیتال"


def test_ordinal_without_listing_asks_which_course(seeded_sqlite, dispatcher):
    from actions.course_detail_actions import ActionCourseDetail

    tracker = make_tracker(text="دومی چنده", entities=[{"entity": "ordinal", "value": 2}])
    run(ActionCourseDetail(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_course_reference_unknown"]


def test_consultants_of_a_topic(seeded_database, dispatcher):
    from actions.course_detail_actions import ActionClinicInfo

    run(ActionClinicInfo(), dispatcher, make_tracker(entities=[{"entity": "clinic_topic", "value": "export"}]))
    assert responses(dispatcher) == ["utter_clinic_consultants"]
    assert "احمدی" in dispatcher.messages[0]["consultants"]


def test_courses_starting_after_a_day(seeded_database, dispatcher):
    import datetime as dt

    later = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    run(ActionListCourses(), dispatcher, make_tracker(entities=[{"entity": "date", "value": later}]))
    listed = [message for message in dispatcher.messages if message["response"] == "utter_course_item"]
    everything = ActionListCourses()
    dispatcher_all = type(dispatcher)()
    run(everything, dispatcher_all, make_tracker())
    all_listed = [message for message in dispatcher_all.messages if message["response"] == "utter_course_item"]
    assert 0 < len(listed) < len(all_listed)


def test_which_listed_courses_are_in_person(seeded_database, dispatcher):
    from actions.course_detail_actions import ActionCourseDetail

    tracker = make_tracker(
        {"listed_courses": ["C101", "C104", "C111"]},
        text="کدومشون حضوریه؟",
        entities=[{"entity": "course_attribute", "value": "mode"}],
    )
    run(ActionCourseDetail(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_in_person_courses"]
    assert dispatcher.messages[0]["titles"] == "نوشتن طرح کسب‌وکار"
