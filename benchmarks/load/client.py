"""A simulated user: one socket.io connection that holds scripted conversations.

It speaks the events of Rasa's ``socketio`` channel, which the gateway's web widget keeps:
``session_request``/``session_confirm``, then ``user_uttered`` answered by ``bot_uttered``.
Each ``user_uttered`` is sent with a socket.io acknowledgement. Rasa's channel and the
gateway handle a message in one handler that emits every reply before it returns, and
python-socketio sends the acknowledgement when the handler returns, so the acknowledgement
marks the end of the turn: its replies have all arrived before it.

The client stays on long polling. python-engineio 4.15.1's WebSocket client needs
``aiohttp.ClientWSTimeout`` (aiohttp 3.10 or newer), while Rasa 3.6 pins aiohttp 3.9.5.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import aiohttp
import socketio


# Time given to the close packet before the HTTP session is closed under it.
CLOSE_PACKET_SECONDS = 0.2


@dataclass
class Turn:
    """One user message and what came back: latency to the end of the turn, in seconds."""

    conversation: str
    sent_at: float
    seconds: float = 0.0
    replies: List[Dict] = field(default_factory=list)
    outcome: str = "answered"  # answered, lost (no reply in time), error (connection failed)
    detail: str = ""


class SimulatedUser:
    """A socket.io client that sends one message at a time and waits for its turn to end."""

    def __init__(self, url: str, socketio_path: str, turn_timeout: float) -> None:
        self.url = url
        self.socketio_path = socketio_path
        self.turn_timeout = turn_timeout
        self.session_id = ""
        self.late_replies = 0
        self._http = aiohttp.ClientSession()
        self._client = socketio.AsyncClient(reconnection=False, http_session=self._http)
        self._replies: Optional[List[Dict]] = None
        self._confirmed: Optional[asyncio.Future] = None
        self._client.on("bot_uttered", self._on_bot_uttered)
        self._client.on("session_confirm", self._on_session_confirm)

    async def connect(self) -> None:
        """Open the connection (long polling, see the module's note)."""
        # NOTE: browsers reach the gateway over WebSocket, so each turn here pays the extra
        # HTTP requests of long polling on top of what a widget user waits.
        await self._client.connect(self.url, socketio_path=self.socketio_path, transports=["polling"], wait_timeout=self.turn_timeout)

    async def close(self) -> None:
        """Close the connection and its HTTP session without waiting for the open poll.

        python-engineio's disconnect waits for the pending long-poll request, which the
        server holds for up to its ping interval (25 s). Closing the HTTP session shortly
        after the close packet went out ends that request at once.
        """
        if self._client.connected:
            disconnecting = asyncio.create_task(self._client.disconnect())
            await asyncio.wait({disconnecting}, timeout=CLOSE_PACKET_SECONDS)
            await self._http.close()
            await asyncio.gather(disconnecting, return_exceptions=True)
        await self._http.close()

    async def start_session(self, session_id: str) -> None:
        """Ask for session ``session_id`` and wait for its confirmation."""
        self._confirmed = asyncio.get_running_loop().create_future()
        await self._client.emit("session_request", {"session_id": session_id})
        self.session_id = await asyncio.wait_for(self._confirmed, self.turn_timeout)

    async def turn(self, conversation: str, message: str) -> Turn:
        """Send ``message`` and wait until the turn ends or ``turn_timeout`` passes."""
        ended = asyncio.get_running_loop().create_future()

        def acknowledge(*_: object) -> None:
            if not ended.done():
                ended.set_result(None)

        self._replies = []
        turn = Turn(conversation, time.perf_counter())
        try:
            await self._client.emit("user_uttered", {"message": message, "session_id": self.session_id}, callback=acknowledge)
            await asyncio.wait_for(ended, self.turn_timeout)
        except asyncio.TimeoutError:
            turn.outcome, turn.detail = "lost", f"no end of turn within {self.turn_timeout} s"
        except socketio.exceptions.SocketIOError as error:
            turn.outcome, turn.detail = "error", f"{type(error).__name__}: {error}"

        turn.seconds = time.perf_counter() - turn.sent_at
        turn.replies, self._replies = self._replies, None
        if turn.outcome == "answered" and not turn.replies:
            turn.outcome, turn.detail = "lost", "the turn ended without a reply"
        return turn

    async def _on_bot_uttered(self, data: Dict) -> None:
        if self._replies is None:
            self.late_replies += 1
        else:
            self._replies.append(data)

    async def _on_session_confirm(self, session_id: str) -> None:
        if self._confirmed is not None and not self._confirmed.done():
            self._confirmed.set_result(session_id)
