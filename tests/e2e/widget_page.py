"""The chat widget as a user sees it in chromium: open it, type, tap, read."""

from __future__ import annotations

from typing import List

BOT_BUBBLES = ".message.bot .bubble"
USER_BUBBLES = ".message.user .bubble"
REPLY_SECONDS = 30


class WidgetPage:
    """One browser tab on the gateway's demo page, with the widget open."""

    def __init__(self, page, gateway_url: str) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.url = gateway_url + "/"

    def open(self) -> "WidgetPage":
        """Load the page, open the chat window and wait until it is online."""
        self.page.goto(self.url)
        if self.page.locator(".panel").is_hidden():
            self.page.locator("button.launcher").click()
        self.wait_online()
        return self

    def wait_online(self) -> None:
        self.page.locator(".status", has_text="آنلاین").wait_for(timeout=REPLY_SECONDS * 1000)

    def say(self, text: str) -> None:
        """Type a message and press Enter, as a user would."""
        box = self.page.locator("textarea")
        box.fill(text)
        box.press("Enter")

    def say_and_wait(self, text: str, reply_fragment: str) -> str:
        """Send a message and return the first bot bubble after it containing the fragment."""
        before = self.bot_count()
        self.say(text)
        return self.wait_for_bot_text(reply_fragment, after=before)

    def wait_for_bot_text(self, fragment: str, after: int = 0) -> str:
        """Wait for a bot bubble (beyond the first ``after``) containing ``fragment``."""
        bubbles = self.page.locator(BOT_BUBBLES)
        self.page.wait_for_function(
            """([after, fragment]) => {
                const host = document.querySelector('#servicedesk-widget');
                const bubbles = [...host.shadowRoot.querySelectorAll('.message.bot .bubble')].slice(after);
                return bubbles.some(bubble => bubble.textContent.includes(fragment));
            }""",
            arg=[after, fragment],
            timeout=REPLY_SECONDS * 1000,
        )
        texts = bubbles.all_text_contents()[after:]
        return next(text for text in texts if fragment in text)

    def tap(self, title_fragment: str) -> None:
        """Tap the latest quick-reply button whose title contains the fragment."""
        self.page.locator(".quick-replies button:enabled", has_text=title_fragment).last.click()

    def tap_first_of_last_group(self) -> str:
        """Tap the first quick reply of the latest message with buttons; return its title."""
        button = self.page.locator(".quick-replies").last.locator("button").first
        title = button.text_content() or ""
        button.click()
        return title

    def bot_count(self) -> int:
        return self.page.locator(BOT_BUBBLES).count()

    def bot_texts(self) -> List[str]:
        return self.page.locator(BOT_BUBBLES).all_text_contents()

    def user_texts(self) -> List[str]:
        return self.page.locator(USER_BUBBLES).all_text_contents()

    def session_id(self) -> str:
        return self.page.evaluate(
            """() => {
                const key = Object.keys(localStorage).find(name => name.startsWith('servicedesk-widget:'));
                return JSON.parse(localStorage.getItem(key)).sessionId;
            }"""
        )
