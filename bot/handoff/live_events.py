"""Live updates for open staff consoles, sent as server-sent events.

Each console keeps one stream open. An event only says what changed (``queue`` or
``message``, with the handoff id); consoles fetch what they show through the API, so
nothing is shown to a staff member that the API would not show them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, Set

# Events kept for a slow console before the oldest are dropped (it refetches anyway).
BACKLOG = 100


class LiveEvents:
    """Fan-out of events to every connected console in this gateway process."""

    def __init__(self) -> None:
        self._listeners: Set[asyncio.Queue] = set()

    def listen(self) -> asyncio.Queue:
        """Return a new queue that receives every event from now on."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=BACKLOG)
        self._listeners.add(queue)
        return queue

    def stop_listening(self, queue: asyncio.Queue) -> None:
        self._listeners.discard(queue)

    async def publish(self, kind: str, data: Dict[str, Any]) -> None:
        """Send an event to every listener, dropping the oldest event of a full queue."""
        message = f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        for queue in list(self._listeners):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(message)
