"""Whole Persian conversations over the REST channel, checked in the database."""

import pytest
from sqlalchemy import select

from servicedesk.db import session_scope
from servicedesk.models import Application, Booking, Ticket

pytestmark = pytest.mark.e2e


def tickets_of(database_url, description):
    with session_scope(database_url) as session:
        return list(session.execute(select(Ticket).where(Ticket.description == description)).scalars())


def test_ticket_conversation_stores_the_ticket(assistant):
    description = "درخواست وام سرمایه در گردش دادم ولی هنوز جوابی نگرفتم"
    assistant.say("e2e-ticket", "سلام")
    category_question = assistant.say("e2e-ticket", "میخوام یه تیکت ثبت کنم")
    assert any(button["payload"] == '/inform{"ticket_category":"loan"}' for button in category_question[0]["buttons"])

    assistant.say("e2e-ticket", '/inform{"ticket_category":"loan"}')
    assistant.say("e2e-ticket", description)
    confirmation = assistant.texts("e2e-ticket", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    assert "۰۹۱۲۳۴۵۶۷۸۹" in confirmation[0]

    done = assistant.texts("e2e-ticket", "بله")
    [ticket] = tickets_of(assistant.database_url, description)
    assert ticket.code in done[0]
    assert (ticket.category_id, ticket.mobile, ticket.status) == ("loan", "09123456789", "open")

    assistant.say("e2e-ticket", "بله")
    assert len(tickets_of(assistant.database_url, description)) == 1


def test_question_inside_form_then_form_continues(assistant):
    assistant.say("e2e-digression", "تیکت میخوام بزنم")
    assistant.say("e2e-digression", "وام")
    assistant.say("e2e-digression", "سامانه ثبت درخواست وام برای من باز نمی‌شود")
    replies = assistant.texts("e2e-digression", "شرکت دانش بنیان چه مزایایی داره؟")
    assert any("دانش‌بنیان" in reply for reply in replies)
    assert "شماره تلفن همراه" in replies[-1]


def test_stop_leaves_the_form_and_writes_nothing(assistant):
    description = "گواهی دوره آموزشی که گذراندم هنوز صادر نشده است"
    assistant.say("e2e-stop", "ثبت تیکت")
    assistant.say("e2e-stop", '/inform{"ticket_category":"other"}')
    assistant.say("e2e-stop", description)
    replies = assistant.texts("e2e-stop", "بیخیال")
    assert "لغو" in replies[0]
    assert tickets_of(assistant.database_url, description) == []


def test_clinic_booking_by_button(assistant):
    offer = assistant.say("e2e-clinic", "سلاااام، وقت مشاورهٔ صــــادرات میخوام")
    payload = offer[0]["buttons"][0]["payload"]
    assistant.say("e2e-clinic", payload)
    assistant.say("e2e-clinic", "09121112233")
    done = assistant.texts("e2e-clinic", "بله، رزرو کن")

    with session_scope(assistant.database_url) as session:
        booking = session.execute(select(Booking).where(Booking.mobile == "09121112233")).scalar_one()
    assert booking.code in done[0]
    assert booking.topic_id == "export"


def test_admission_status_from_arabic_keyboard(assistant):
    assistant.say("e2e-admission", "كد رهگيري من ۴۰۵۱۲۳۴۸ است")
    replies = assistant.texts("e2e-admission", "٥٢٦٠١٨١٥٩١")
    with session_scope(assistant.database_url) as session:
        application = session.execute(select(Application).where(Application.tracking_code == "40512348")).scalar_one()
        course_title = application.course.title
    assert course_title in replies[0]
    assert "پذیرفته" in replies[0]


def test_ticket_status_needs_the_owners_mobile(assistant):
    assistant.say("e2e-status", "وضعیت تیکت TK-004217 چی شد؟")
    replies = assistant.texts("e2e-status", "09350000000")
    assert "پیدا نکردم" in replies[0]


def test_gibberish_gets_a_polite_fallback(assistant):
    replies = assistant.texts("e2e-fallback", "qwpoe zmxn")
    assert replies[0].startswith("متأسفم")


def test_bot_question_inside_form_keeps_the_form(assistant):
    assistant.say("e2e-bot-in-form", "ثبت تیکت")
    replies = assistant.texts("e2e-bot-in-form", "ربات هستی؟")
    assert "ربات" in replies[0]
    assert "موضوع" in replies[-1]


def test_course_question_does_not_preset_ticket_category(assistant):
    assistant.say("e2e-stale-category", "دوره‌های آموزشی اصفهان رو بگو")
    replies = assistant.say("e2e-stale-category", "میخوام یه تیکت ثبت کنم")
    assert "موضوع" in replies[-1]["text"]
    assert len(replies[-1]["buttons"]) == 6


def test_typed_cancel_confirmation_cancels(assistant):
    offer = assistant.say("e2e-cancel", "وقت مشاوره مالیاتی میخوام")
    assistant.say("e2e-cancel", offer[0]["buttons"][0]["payload"])
    assistant.say("e2e-cancel", "09127776655")
    booked = assistant.texts("e2e-cancel", "بله")
    with session_scope(assistant.database_url) as session:
        code = session.execute(select(Booking.code).where(Booking.mobile == "09127776655")).scalar_one()
    assert code in booked[0]

    assistant.say("e2e-cancel", f"میخوام رزرو {code} رو لغو کنم")
    assistant.say("e2e-cancel", "09127776655")
    replies = assistant.texts("e2e-cancel", "بله، لغو کن")
    assert "لغو شد" in replies[0]
    with session_scope(assistant.database_url) as session:
        status = session.execute(select(Booking.status).where(Booking.code == code)).scalar_one()
    assert status == "cancelled"


def test_corrected_mobile_retries_the_ticket_lookup(assistant):
    assistant.say("e2e-retry-mobile", "وضعیت تیکت TK-004217 چی شد؟")
    assert "پیدا نکردم" in assistant.texts("e2e-retry-mobile", "09350000000")[0]
    replies = assistant.texts("e2e-retry-mobile", "ببخشید اشتباه زدم، 09123456789")
    assert "TK-004217" in replies[0]


def test_first_message_day_hour_picks_slot(assistant):
    replies = assistant.texts("e2e-day-hour", "شنبه ساعت ۱۱ میخوام با یه مشاور مالیاتی صحبت کنم")
    assert any("شماره تلفن همراه" in reply for reply in replies)


def test_next_form_offers_the_mobile_given_before(assistant):
    sender = "e2e-remembered-mobile"
    assistant.say(sender, "ثبت تیکت")
    assistant.say(sender, '/inform{"ticket_category":"training"}')
    assistant.say(sender, "گواهی پایان دوره حسابداری را هنوز دریافت نکرده‌ام")
    assistant.say(sender, "09124445566")
    assistant.say(sender, "بله")

    offer = assistant.say(sender, "وضعیت تیکت TK-004230 چی شد؟")
    [question] = [reply for reply in offer if reply.get("buttons")]
    assert "۰۹۱۲۴۴۴۵۵۶۶" in question["text"]
    assert question["buttons"][0]["payload"] == '/inform{"mobile":"09124445566"}'

    replies = assistant.texts(sender, question["buttons"][0]["payload"])
    assert "پیدا نکردم" in replies[0]
