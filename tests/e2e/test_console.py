"""The staff console and the widget in chromium, with the real gateway, Rasa and actions."""

import pytest

from tests.e2e.browser import browser, save_screenshot  # noqa: F401  (fixture)
from tests.e2e.handoff_clients import PASSWORD, add_staff
from tests.e2e.widget_page import BOT_BUBBLES, WidgetPage

pytestmark = pytest.mark.e2e
HTML_AND_SCRIPT = '<img src=x onerror="window.injected=1"><script>window.injected=2</script><b>سلام</b>'


@pytest.fixture
def pages(browser):  # noqa: F811
    """A user's tab with the widget and a staff member's tab with the console."""
    user_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fa-IR")
    staff_context = browser.new_context(viewport={"width": 1400, "height": 850}, locale="fa-IR")
    yield user_context.new_page(), staff_context.new_page()
    user_context.close()
    staff_context.close()


def sign_in(console, gateway_url, username):
    console.goto(gateway_url + "/console")
    console.fill("input[name=username]", username)
    console.fill("input[name=password]", PASSWORD)
    console.click("#sign-in-form button[type=submit]")
    console.locator("#who").wait_for()


def test_agent_takes_over_and_hands_back(pages, gateway, assistant):
    user_page, console = pages
    username = add_staff(assistant.database_url, "سارا کریمی")
    widget = WidgetPage(user_page, gateway.url).open()
    widget.say_and_wait("میخوام با اپراتور صحبت کنم", "نوبت شما در صف")
    widget.say(HTML_AND_SCRIPT)

    sign_in(console, gateway.url, username)
    console.locator("#queue button").last.click()
    console.locator("#transcript li", has_text="onerror").wait_for()
    console.click("#claim")
    console.locator("#conversation-title", has_text="سارا کریمی").wait_for()
    console.fill("#reply-form textarea", "سلام، من سارا هستم. پیام شما رسید.")
    console.click("#reply-form button[type=submit]")
    reply = widget.wait_for_bot_text("پیام شما رسید")
    console.locator("#transcript li.staff").wait_for()
    save_screenshot(console, "console.png")

    assert user_page.locator(".message.staff .author", has_text="سارا کریمی").count() == 1
    assert console.locator("#transcript li", has_text="onerror").last.locator("p").text_content() == HTML_AND_SCRIPT
    assert console.locator("#transcript img, #transcript script, #transcript b").count() == 0
    assert console.evaluate("window.injected") is None
    assert "سارا هستم" in reply

    before = widget.bot_count()
    console.click("#close")
    widget.wait_for_bot_text("دوباره من در خدمتتان هستم", after=before)
    widget.say_and_wait("سلام", "چطور می‌توانم کمکتان کنم")
    console.locator("#conversation-title", has_text="بسته").wait_for()


def test_reply_reaches_a_reloaded_page_and_stays(pages, gateway, assistant):
    """The widget's session outlives its connections: a reply finds the current one.

    The gap between the reload and the reply is seconds here, not minutes: nothing in the
    gateway ages with time except the silence limit (30 minutes by default).
    """
    user_page, console = pages
    username = add_staff(assistant.database_url, "رضا احمدی")
    widget = WidgetPage(user_page, gateway.url).open()
    widget.say_and_wait("یه آدم واقعی میخوام", "نوبت شما در صف")
    user_page.reload()
    widget.wait_online()

    sign_in(console, gateway.url, username)
    console.locator("#queue button").last.click()
    console.click("#claim")
    console.locator("#conversation-title", has_text="رضا احمدی").wait_for()
    console.fill("#reply-form textarea", "پرونده‌ی شما را بررسی کردم.")
    console.click("#reply-form button[type=submit]")
    widget.wait_for_bot_text("پرونده‌ی شما را بررسی کردم")

    user_page.reload()
    widget.wait_online()
    user_page.locator(BOT_BUBBLES, has_text="پرونده‌ی شما را بررسی کردم").wait_for()
    assert user_page.locator(".message.staff .author", has_text="رضا احمدی").count() == 1
