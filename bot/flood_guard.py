"""Slow down a chat that sends messages faster than a person types."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Deque, DefaultDict


class FloodGuard:
    """Count each chat's messages in a sliding window.

    Args:
        max_messages: messages allowed within ``window_seconds`` before slowing down.
        window_seconds: length of the window.
        delay_seconds: how long each further message waits before it is processed.
    """

    def __init__(self, max_messages: int = 8, window_seconds: float = 10.0, delay_seconds: float = 2.0) -> None:
        self.max_messages = max_messages
        self.window_seconds = window_seconds
        self.delay_seconds = delay_seconds
        self._arrivals: DefaultDict[int, Deque[float]] = defaultdict(deque)
        self._warned_at: dict = {}

    def delay_for(self, chat_id: int) -> float:
        """Record a message of ``chat_id`` and return how long to hold it, 0 if not at all."""
        now = time.monotonic()
        arrivals = self._arrivals[chat_id]
        arrivals.append(now)
        while arrivals and now - arrivals[0] > self.window_seconds:
            arrivals.popleft()
        return self.delay_seconds if len(arrivals) > self.max_messages else 0.0

    def should_warn(self, chat_id: int) -> bool:
        """Tell whether to send the slow-down notice: at most once per window and chat."""
        now = time.monotonic()
        if now - self._warned_at.get(chat_id, -self.window_seconds - 1) > self.window_seconds:
            self._warned_at[chat_id] = now
            return True
        return False
