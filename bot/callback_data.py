"""Short callback data for Telegram buttons, mapped on the server to Rasa payloads.

Telegram allows 64 bytes of callback data, and a Rasa payload with a Persian value may not
fit. Each button gets a random token instead, and the gateway keeps the token's payload in
memory, grouped by the keyboard it belongs to. The first tap on a keyboard claims it: a
second tap on any of its buttons is reported as already used. After a restart the map is
empty, so an old button's token is unknown and the user gets a message that it expired.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Dict, Optional

TELEGRAM_CALLBACK_LIMIT = 64


@dataclass(frozen=True)
class ButtonChoice:
    """The Rasa payload, title and keyboard behind a button token."""

    payload: str
    title: str
    keyboard_id: str


@dataclass(frozen=True)
class Claim:
    """The outcome of a tap: ``fresh`` (act on it), ``used`` or ``expired``."""

    status: str
    choice: Optional[ButtonChoice] = None


class CallbackDataMap:
    """Map short button tokens to Rasa payloads, forgetting the oldest beyond ``capacity``."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._choices: "OrderedDict[str, ButtonChoice]" = OrderedDict()
        self._claimed_keyboards: Dict[str, str] = {}
        self._lock = threading.Lock()

    @staticmethod
    def new_keyboard_id() -> str:
        """Return an id for the buttons of one message."""
        return secrets.token_urlsafe(6)

    def token_for(self, keyboard_id: str, payload: str, title: str) -> str:
        """Store a button and return its callback data (well under 64 bytes)."""
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._choices[token] = ButtonChoice(payload, title, keyboard_id)
            while len(self._choices) > self.capacity:
                _, forgotten = self._choices.popitem(last=False)
                self._claimed_keyboards.pop(forgotten.keyboard_id, None)
        return token

    def claim(self, token: str) -> Claim:
        """Claim the keyboard of ``token``; only the first tap on a keyboard is fresh."""
        with self._lock:
            choice = self._choices.get(token)
            if choice is None:
                return Claim("expired")
            if choice.keyboard_id in self._claimed_keyboards:
                return Claim("used", choice)
            self._claimed_keyboards[choice.keyboard_id] = token
            return Claim("fresh", choice)
