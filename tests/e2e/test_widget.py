"""The web chat widget in a real chromium, against the gateway, Rasa and the action server."""

import json

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from servicedesk.models import Booking
from tests.e2e.browser import browser, save_screenshot  # noqa: F401  (fixture)
from tests.e2e.widget_page import USER_BUBBLES, WidgetPage

pytestmark = pytest.mark.e2e
HTML_AND_SCRIPT = '<img src=x onerror="window.injected=1"><script>window.injected=2</script><b>سلام</b>'


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fa-IR")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    yield tab
    context.close()


def user_events(assistant, session_id):
    tracker = assistant.tracker(f"web:{session_id}")
    return [event for event in tracker["events"] if event["event"] == "user"]


def test_chat_in_persian_and_book_a_clinic_session(page, gateway, assistant):
    widget = WidgetPage(page, gateway.url).open()

    widget.say_and_wait("سلام، وقت مشاورهٔ صادرات میخوام", "وقت‌های آزاد")
    slot_title = widget.tap_first_of_last_group()
    widget.wait_for_bot_text("شماره تلفن همراه")
    summary = widget.say_and_wait("۰۹۱۲ ۵۵۵ ۴۴۳۳", "رزرو شود")
    widget.tap("بله، رزرو کن")
    done = widget.wait_for_bot_text("BK-")

    assert "صادرات" in summary
    assert "۰۹۱۲۵۵۵۴۴۳۳" in summary
    assert slot_title in widget.user_texts()
    assert page.locator(".quick-replies button[aria-pressed=true]", has_text=slot_title).count() == 1
    code = "BK-" + done.split("BK-")[1][:6]
    with Session(create_engine(assistant.database_url)) as session:
        booking = session.scalars(select(Booking).where(Booking.code == code)).one()
        assert booking.mobile == "09125554433"


def test_reload_shows_the_history_and_keeps_the_session(page, gateway):
    widget = WidgetPage(page, gateway.url).open()
    widget.say_and_wait("سلام", "چطور می‌توانم")
    widget.tap("پیگیری تیکت")
    question = widget.wait_for_bot_text("کد")
    session_id = widget.session_id()

    page.reload()
    widget.wait_online()
    page.locator(USER_BUBBLES, has_text="پیگیری تیکت").wait_for()

    assert widget.session_id() == session_id
    assert widget.user_texts() == ["سلام", "پیگیری تیکت"]
    assert widget.bot_texts()[-1] == question
    widget.say_and_wait("TK-004217", "شماره تلفن همراه")


def test_dropped_connection_resends_once(page, gateway, assistant):
    sent_frames = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent_frames.append((socket, payload))))
    widget = WidgetPage(page, gateway.url).open()
    widget.say_and_wait("میخوام یه تیکت ثبت کنم", "کدام موضوع")
    session_id = widget.session_id()

    gateway.stop()
    page.locator(".offline").wait_for(state="visible")
    before = widget.bot_count()
    widget.say("وام")
    page.locator(".pending").wait_for()
    gateway.start()
    widget.wait_for_bot_text("توضیح دهید", after=before)

    last_socket = sent_frames[-1][0]
    events = [json.loads(payload[2:]) for socket, payload in sent_frames if socket is last_socket and payload.startswith("42")]
    assert events[0] == ["session_request", {"session_id": session_id}]
    assert events[1][0] == "user_uttered"
    assert events[1][1]["message"] == "وام"
    assert page.locator(".pending").count() == 0
    assert page.locator(".offline").is_hidden()

    after = widget.bot_count()
    widget.say_and_wait("ادامه بدیم", "ادامه می‌دهیم")
    widget.wait_for_bot_text("توضیح دهید", after=after)
    assert [event["text"] for event in user_events(assistant, session_id)].count("وام") == 1


def test_html_and_script_are_shown_as_text(page, gateway):
    widget = WidgetPage(page, gateway.url).open()
    widget.say_and_wait("ثبت تیکت", "کدام موضوع")
    widget.say_and_wait("وام", "توضیح دهید")
    widget.say_and_wait(HTML_AND_SCRIPT, "شماره تلفن همراه")
    summary = widget.say_and_wait("09125550011", "ثبت شود")

    assert HTML_AND_SCRIPT in summary
    assert HTML_AND_SCRIPT in widget.user_texts()
    page.reload()
    widget.wait_online()
    page.locator(USER_BUBBLES, has_text="onerror").wait_for()
    assert HTML_AND_SCRIPT in widget.user_texts()
    assert page.locator(".messages img, .messages script, .messages b").count() == 0
    assert page.evaluate("window.injected") is None


def test_code_in_persian_text_rtl(page, gateway):
    typed = "کد پیگیری: TK-004217 (تا ۴۸ ساعت)."
    widget = WidgetPage(page, gateway.url).open()
    widget.say(typed)
    bubble = page.locator(USER_BUBBLES, has_text="TK-004217").last
    bubble.wait_for()

    layout = bubble.evaluate(
        """bubble => {
            const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
            const lefts = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let index = 0; index < node.length; index++) {
                    if (!node.data[index].trim()) continue;
                    const range = document.createRange();
                    range.setStart(node, index);
                    range.setEnd(node, index + 1);
                    lefts.push([node.data[index], range.getBoundingClientRect().left]);
                }
            }
            const code = bubble.querySelector('.code');
            return {
                direction: getComputedStyle(bubble).direction,
                lefts: lefts,
                codeText: code.textContent,
                codeBoxes: code.getClientRects().length,
            };
        }"""
    )
    stop_left = [left for character, left in layout["lefts"] if character == "."][-1]
    others = [left for character, left in layout["lefts"] if character != "."]
    assert layout["direction"] == "rtl"
    assert stop_left < min(others)
    assert layout["codeText"] == "TK-004217"
    assert layout["codeBoxes"] == 1

    bubble.evaluate(
        """bubble => {
            const range = document.createRange();
            range.selectNodeContents(bubble);
            const selection = bubble.getRootNode().getSelection ? bubble.getRootNode().getSelection() : getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == typed


def test_unread_badge_and_keyboard(page, gateway):
    widget = WidgetPage(page, gateway.url).open()
    widget.say("سلام")
    page.keyboard.press("Escape")
    badge = page.locator(".badge")
    badge.wait_for(state="visible")

    assert page.locator(".panel").is_hidden()
    assert badge.text_content() in ("۱", "۲")
    assert "پیام تازه" in page.locator("button.launcher").get_attribute("aria-label")
    page.keyboard.press("Enter")
    assert page.locator(".panel").is_visible()
    assert badge.is_hidden()
    assert page.locator("[role=log]").count() == 1


@pytest.mark.parametrize(
    "name, viewport, mobile",
    [("widget-desktop.png", {"width": 1280, "height": 800}, False), ("widget-phone.png", {"width": 390, "height": 844}, True)],
)
def test_screenshots_on_desktop_and_phone(browser, gateway, name, viewport, mobile):  # noqa: F811
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="fa-IR")
    page = context.new_page()
    try:
        widget = WidgetPage(page, gateway.url).open()
        widget.say_and_wait("سلام", "چطور می‌توانم")
        widget.say_and_wait("وضعیت تیکت TK-004217 چی شد؟", "شماره تلفن همراه")
        widget.say_and_wait("۰۹۱۲ ۳۴۵ ۶۷۸۹", "TK-004217")
        page.wait_for_timeout(300)
        path = save_screenshot(page, name)
        panel = page.locator(".panel").bounding_box()
    finally:
        context.close()

    assert path.stat().st_size > 10_000
    if mobile:
        assert panel["width"] == viewport["width"]
        assert panel["height"] == viewport["height"]
    else:
        assert panel["width"] < viewport["width"] / 2
