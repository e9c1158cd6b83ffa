"""The gateway's side of a handoff: route messages between users and staff, hand back.

While a conversation has an open handoff, the user's messages are appended to Rasa's
tracker as they are (Rasa stays paused and silent) and shown to staff live. Staff
replies go to the user's channel and into the tracker as bot events marked with the
agent's name, so the tracker stays the one transcript. Closing resumes Rasa and
triggers ``handoff_closed``, whose replies reach the user.

During a handoff, commands such as ``/restart`` are not commands: they reach the agent
as text like any other message, so nothing the user taps or types resets the
conversation behind the agent's back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

from bot.handoff.live_events import LiveEvents
from bot.rasa_client import RasaClient, RasaUnavailable
from servicedesk.db import session_scope
from servicedesk.services import handoffs

logger = logging.getLogger(__name__)
Deliver = Callable[[str, List[Dict[str, Any]], Optional[str]], Awaitable[None]]


class HandoffClosed(Exception):
    """The handoff is already closed, or does not exist."""


class HandoffDesk:
    """Routing of handed-off conversations, shared by every channel.

    Args:
        rasa: client of the Rasa servers (tracker events, trigger_intent).
        live: the console's live event stream.
        deliver: sends replies to the user of a sender id on its channel, with the
            agent's name for channels that show it.
    """

    def __init__(self, rasa: RasaClient, live: LiveEvents, deliver: Deliver) -> None:
        self.rasa = rasa
        self.live = live
        self.deliver = deliver
        self.notify_staff: Optional[Callable[[str], Awaitable[None]]] = None

    async def holds(self, sender_id: str) -> Optional[int]:
        """Return the id of the sender's open handoff, or None."""
        return await asyncio.to_thread(_open_handoff_id, sender_id)

    async def take_user_message(self, handoff_id: int, sender_id: str, text: str, metadata: Dict[str, Any]) -> None:
        """Record a user's message of a handed-off conversation and show it to staff."""
        event = {
            "event": "user",
            "text": text,
            # No intent: the bot did not read the message, so nothing may act on it.
            "parse_data": {"text": text, "intent": {}, "entities": []},
            "timestamp": time.time(),
            "input_channel": sender_id.split(":", 1)[0],
            "metadata": {**metadata, "during_handoff": True},
        }
        await self.rasa.append_events(sender_id, [event])
        await asyncio.to_thread(_record_activity, handoff_id, False)
        displayed_text = metadata.get("display_text") or text
        await self.live.publish("message", {"handoff_id": handoff_id, "from": "user", "text": displayed_text, "timestamp": event["timestamp"]})

    async def check_new_escalation(self, sender_id: str) -> None:
        """After a bot turn, announce a handoff that the turn opened."""
        handoff_id = await self.holds(sender_id)
        if handoff_id is None:
            return
        await self.live.publish("queue", {"handoff_id": handoff_id})
        if self.notify_staff is not None:
            try:
                await self.notify_staff(f"گفتگوی تازه در صف پشتیبانی (شماره {handoff_id}، کانال {sender_id.split(':', 1)[0]})")
            except Exception:  # a failed notification must not fail the user's turn
                logger.exception("Notifying the staff group of handoff %s failed", handoff_id)

    async def staff_reply(self, handoff_id: int, sender_id: str, staff_name: str, staff_id: int, text: str) -> None:
        """Deliver an agent's reply to the user and append it to the tracker."""
        timestamp = time.time()
        event = {
            "event": "bot",
            "text": text,
            "timestamp": timestamp,
            "metadata": {"staff_name": staff_name, "staff_id": staff_id},
        }
        await self.rasa.append_events(sender_id, [event])
        await asyncio.to_thread(_record_activity, handoff_id, True)
        await self.deliver(sender_id, [{"text": text}], staff_name)
        await self.live.publish("message", {"handoff_id": handoff_id, "from": "staff", "text": text, "staff_name": staff_name, "timestamp": timestamp})

    async def close(self, handoff_id: int, close_reason: str) -> None:
        """Close the handoff, resume Rasa and deliver the messages the bot sends on taking over."""
        sender_id = await asyncio.to_thread(_close, handoff_id, close_reason)
        if sender_id is None:
            raise HandoffClosed(f"handoff {handoff_id} is not open")
        await self.live.publish("queue", {"handoff_id": handoff_id})
        try:
            # The bot listens again, so that rules see ``handoff_closed`` as a fresh user turn.
            resumed = [{"event": "resume", "timestamp": time.time()}, {"event": "action", "name": "action_listen"}]
            await self.rasa.append_events(sender_id, resumed)
            replies = await self.rasa.trigger_intent(sender_id, "handoff_closed")
        except RasaUnavailable:
            logger.error("Handing back %s to Rasa failed; it resumes on the next message", sender_id)
            return
        await self.deliver(sender_id, replies, None)

    async def close_silent(self, idle_seconds: float) -> List[int]:
        """Close every handoff whose user and agent have been silent for too long."""
        silent = await asyncio.to_thread(_silent_handoff_ids, idle_seconds)
        closed = []
        for handoff_id in silent:
            try:
                await self.close(handoff_id, "silence")
                closed.append(handoff_id)
            except HandoffClosed:
                continue
        return closed


def _open_handoff_id(sender_id: str) -> Optional[int]:
    with session_scope() as session:
        handoff = handoffs.open_handoff_for(session, sender_id)
        return handoff.id if handoff else None


def _record_activity(handoff_id: int, from_staff: bool) -> None:
    with session_scope() as session:
        handoffs.record_activity(session, handoff_id, from_staff=from_staff)


def _close(handoff_id: int, close_reason: str) -> Optional[str]:
    with session_scope() as session:
        handoff = handoffs.close_handoff(session, handoff_id, close_reason)
        return handoff.sender_id if handoff else None


def _silent_handoff_ids(idle_seconds: float) -> List[int]:
    import datetime as dt

    with session_scope() as session:
        return [handoff.id for handoff in handoffs.silent_handoffs(session, dt.timedelta(seconds=idle_seconds))]
