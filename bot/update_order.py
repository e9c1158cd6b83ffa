"""Process updates of one chat in order while different chats proceed side by side."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Awaitable, DefaultDict, Optional

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Run up to ``max_concurrent_updates`` updates at once, one at a time per chat.

    python-telegram-bot starts processing updates in the order they arrive, and
    ``asyncio.Lock`` wakes its waiters first come, first served. So the updates of one chat
    reach Rasa in the order the user sent them. A slow or rate-limited chat holds up only
    its own updates.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: DefaultDict[Optional[int], asyncio.Lock] = defaultdict(asyncio.Lock)

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        """Wait for the chat's earlier updates, then process this one."""
        chat_id = None
        if isinstance(update, Update) and update.effective_chat is not None:
            chat_id = update.effective_chat.id
        async with self._locks[chat_id]:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
