"""The chat widget's channel: socket.io with the events of Rasa's socketio channel.

Events, so that widgets written for Rasa's own channel connect as they are:

- client ``session_request`` ``{"session_id": id or null}``; the server replies
  ``session_confirm`` with the id (a new one when none or an invalid one was sent) and
  puts the connection in that session's room;
- client ``user_uttered`` ``{"message": text, "session_id": id}``;
- server ``bot_uttered`` ``{"text": …}``, ``{"text": …, "quick_replies": [{"content_type":
  "text", "title": …, "payload": …}]}`` or ``{"attachment": {"type": "image", "payload":
  {"src": url}}}``, sent to every connection of the session.

Extensions that other widgets may ignore: ``user_uttered`` may carry ``message_id`` (the
server replies ``message_received`` ``{"message_id": …}`` and drops a repeat of that id)
and ``display_text`` (what the user saw, such as a button's title); after
``session_confirm`` the server sends ``session_history`` ``{"messages": [...]}`` from Rasa's
tracker (``available`` is false when Rasa could not be read); ``bot_typing`` ``{"typing": true|false}`` brackets each turn; every
``bot_uttered`` carries ``timestamp`` (seconds since the epoch).

The Rasa sender id of a session is ``web:<session id>``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections import OrderedDict, defaultdict
from typing import Any, Dict, List, Optional

import socketio
from aiohttp import web

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.relay import ChannelEndpoint, ConversationRelay
from bot.web.history import bot_messages, transcript

logger = logging.getLogger(__name__)
CHANNEL = "web"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_MESSAGE_CHARS = 2000
# Message ids remembered per session, to drop a message the widget sends again.
REMEMBERED_IDS = 500


class WidgetChannel:
    """Socket.io server of the widget, forwarding turns to Rasa through the relay.

    Args:
        relay: the gateway's relay to Rasa.
        rasa: client of the Rasa servers, to read a session's history.
        messages: the gateway's own Persian texts.
        allowed_origins: origins of pages allowed to embed the widget (``*`` for any).
    """

    def __init__(
        self,
        relay: ConversationRelay,
        rasa: RasaClient,
        messages: Dict[str, str],
        allowed_origins: Any = "*",
    ) -> None:
        self.relay = relay
        self.rasa = rasa
        self.messages = messages
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=allowed_origins, logger=False)
        self._seen_ids: "OrderedDict[str, OrderedDict[str, None]]" = OrderedDict()
        self._locks: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        relay.register(CHANNEL, ChannelEndpoint(self.deliver, self.notify, self.deliver))
        self.sio.on("session_request", self.on_session_request)
        self.sio.on("user_uttered", self.on_user_uttered)

    def attach(self, app: web.Application) -> None:
        """Serve socket.io under ``/socket.io/`` of the gateway's web application."""
        self.sio.attach(app, socketio_path="socket.io")

    async def on_session_request(self, sid: str, data: Optional[Dict[str, Any]]) -> None:
        """Confirm (or create) the session, join its room and send its history."""
        requested = (data or {}).get("session_id") if isinstance(data, dict) else None
        session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) else uuid.uuid4().hex
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, to=sid)

        try:
            history = {"available": True, "messages": transcript(await self.rasa.tracker(sender_id(session_id)))}
        except RasaUnavailable:
            history = {"available": False, "messages": []}
        await self.sio.emit("session_history", history, to=sid)

    async def on_user_uttered(self, sid: str, data: Any) -> None:
        """Forward one user message to Rasa, once, in order within its session."""
        if not isinstance(data, dict):
            return
        session_id, text = data.get("session_id"), data.get("message")
        if not (isinstance(session_id, str) and SESSION_ID.match(session_id) and isinstance(text, str)):
            logger.info("Dropped a widget message without a valid session id or text")
            return
        message_id = data.get("message_id") if isinstance(data.get("message_id"), str) else None

        # The lock is taken before anything awaits, so turns keep the order they came in.
        async with self._locks[session_id]:
            repeated = bool(message_id) and self._already_seen(session_id, message_id[:64])
            if message_id:
                await self.sio.emit("message_received", {"message_id": message_id}, to=sid)
            if repeated:
                return
            await self.sio.enter_room(sid, session_id)
            text = text.strip()
            if not text:
                return
            if len(text) > MAX_MESSAGE_CHARS:
                await self.notify(sender_id(session_id), self.messages["message_too_long"])
                return
            await self._turn(session_id, text, data.get("display_text"))

    async def _turn(self, session_id: str, text: str, display_text: Any) -> None:
        metadata = {"channel": CHANNEL}
        if isinstance(display_text, str) and display_text.strip():
            metadata["display_text"] = display_text.strip()[:200]
        await self.sio.emit("bot_typing", {"typing": True}, room=session_id)
        try:
            replies = await self.relay.turn(sender_id(session_id), text, metadata)
            if replies is not None:
                await self.deliver(sender_id(session_id), replies)
        finally:
            await self.sio.emit("bot_typing", {"typing": False}, room=session_id)

    def _already_seen(self, session_id: str, message_id: str) -> bool:
        seen = self._seen_ids.setdefault(session_id, OrderedDict())
        self._seen_ids.move_to_end(session_id)
        if message_id in seen:
            return True
        seen[message_id] = None
        while len(seen) > REMEMBERED_IDS:
            seen.popitem(last=False)
        while len(self._seen_ids) > 10_000:
            self._seen_ids.popitem(last=False)
        return False

    async def deliver(self, sender: str, replies: List[Dict[str, Any]], staff_name: Optional[str] = None) -> None:
        """Send replies to every open connection of the session, as ``bot_uttered``."""
        room = session_of(sender)
        for reply in replies:
            for message in bot_messages(reply):
                message["timestamp"] = time.time()
                if staff_name:
                    message["staff_name"] = staff_name
                await self.sio.emit("bot_uttered", message, room=room)

    async def notify(self, sender: str, text: str) -> None:
        """Send one of the gateway's own texts to the session."""
        await self.sio.emit("bot_uttered", {"text": text, "timestamp": time.time()}, room=session_of(sender))


def sender_id(session_id: str) -> str:
    """Return the Rasa sender id of a widget session."""
    return f"{CHANNEL}:{session_id}"


def session_of(sender: str) -> str:
    """Return the widget session id of a Rasa sender id."""
    return sender.split(":", 1)[1]
