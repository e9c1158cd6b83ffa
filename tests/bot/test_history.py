"""The chat history a reloaded widget shows, built from a Rasa tracker."""

from bot.web.history import bot_messages, transcript

TRACKER = {
    "events": [
        {"event": "user", "text": "سلام", "timestamp": 1.0},
        {
            "event": "bot",
            "text": "چطور می‌توانم کمکتان کنم؟",
            "data": {"buttons": [{"title": "ثبت تیکت", "payload": "/open_ticket"}]},
            "timestamp": 2.0,
        },
        {"event": "user", "text": "/open_ticket", "timestamp": 3.0},
        {"event": "user", "text": "/ticket_status", "metadata": {"display_text": "پیگیری تیکت"}, "timestamp": 4.0},
        {"event": "bot", "text": "سلام، کارشناس هستم.", "metadata": {"staff_name": "سارا"}, "timestamp": 5.0},
        {"event": "user", "text": "EXTERNAL: handoff_closed", "timestamp": 6.0},
        {"event": "action", "name": "action_listen"},
    ]
}


def test_tapped_buttons_show_their_titles():
    users = [message["text"] for message in transcript(TRACKER) if message["from"] == "user"]
    assert users == ["سلام", "ثبت تیکت", "پیگیری تیکت"]


def test_staff_replies_carry_the_name():
    staff = [message for message in transcript(TRACKER) if message.get("staff_name")]
    assert [message["text"] for message in staff] == ["سلام، کارشناس هستم."]


def test_buttons_become_quick_replies():
    message = bot_messages({"text": "موضوع؟", "buttons": [{"title": "وام", "payload": "/inform"}]})[0]
    assert message["quick_replies"] == [{"content_type": "text", "title": "وام", "payload": "/inform"}]


def test_share_contact_hint_is_left_out():
    assert bot_messages({"custom": {"request_contact": True}}) == []
