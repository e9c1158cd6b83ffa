"""Carry user turns from every channel to Rasa, keeping them while Rasa is unavailable.

A channel registers under the first part of its sender ids (``telegram`` for
``telegram:42``, ``web`` for ``web:3f2a…``). It gets each turn's replies from the relay and
delivers them itself. Turns kept while Rasa or the action server was down are delivered
later through the channel's ``deliver``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Deque, Dict, List, Optional, Tuple

import httpx

from bot.rasa_client import RasaClient, RasaUnavailable

if TYPE_CHECKING:
    from bot.handoff.desk import HandoffDesk

logger = logging.getLogger(__name__)
Replies = List[Dict[str, Any]]


@dataclass(frozen=True)
class ChannelEndpoint:
    """The functions that reach the users of one channel.

    Attributes:
        deliver: sends Rasa's replies to the user of a sender id.
        notify: sends one of the gateway's own texts to the user of a sender id.
        deliver_from_staff: sends an agent's reply with the agent's name, on channels
            that show it apart; others get the name before the text.
    """

    deliver: Callable[[str, Replies], Awaitable[None]]
    notify: Callable[[str, str], Awaitable[None]]
    deliver_from_staff: Optional[Callable[[str, Replies, str], Awaitable[None]]] = None


class ConversationRelay:
    """Turns of every channel, sent to Rasa in order per conversation.

    Args:
        rasa: client of the Rasa servers.
        unavailable_text: the notice a user gets once when their message is kept.
        retry_seconds: pause between attempts to reach Rasa again.
        action_health_url: the action server's health URL. When Rasa returns no reply
            to a turn while the conversation is not paused and this URL does not respond,
            the action server is down, so the turn is kept like one Rasa did not take.
    """

    def __init__(
        self,
        rasa: RasaClient,
        unavailable_text: str,
        retry_seconds: float = 5.0,
        action_health_url: Optional[str] = None,
    ) -> None:
        self.rasa = rasa
        self.unavailable_text = unavailable_text
        self.retry_seconds = retry_seconds
        self.action_health_url = action_health_url
        self._channels: Dict[str, ChannelEndpoint] = {}
        # Kept (text, metadata) pairs per conversation, oldest first.
        self._pending: "OrderedDict[str, Deque[Tuple[str, Optional[Dict[str, Any]]]]]" = OrderedDict()
        self._retry_task: Optional[asyncio.Task] = None
        self._health = httpx.AsyncClient(timeout=5.0)
        self.desk: Optional["HandoffDesk"] = None

    def register(self, channel_name: str, endpoint: ChannelEndpoint) -> None:
        """Let the relay deliver replies to sender ids that start with ``channel_name:``."""
        self._channels[channel_name] = endpoint

    def is_holding(self, sender_id: str) -> bool:
        """Tell whether messages of this conversation wait for Rasa to come back."""
        return sender_id in self._pending

    async def turn(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> Optional[Replies]:
        """Send one user message; return the replies, or None when the message was kept.

        A kept message waits behind the conversation's other kept messages; the user gets
        one notice, and the replies arrive through the channel when Rasa is back.
        """
        if sender_id in self._pending:
            self._pending[sender_id].append((text, metadata))
            return None
        try:
            return await self._send(sender_id, text, metadata)
        except RasaUnavailable:
            self._keep(sender_id, text, metadata)
            await self._endpoint(sender_id).notify(sender_id, self.unavailable_text)
            return None

    async def _send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]]) -> Replies:
        """Send a turn to Rasa, or to staff while the conversation is handed off.

        Raises ``RasaUnavailable`` when Rasa or the action server did not take it.
        """
        if self.desk is not None:
            handoff_id = await self.desk.holds(sender_id)
            if handoff_id is not None:
                await self.desk.take_user_message(handoff_id, sender_id, text, metadata or {})
                return []
        replies = await self.rasa.send(sender_id, text, metadata)
        if not replies and await self._actions_down(sender_id):
            raise RasaUnavailable("the action server is down")
        if self.desk is not None:
            await self.desk.check_new_escalation(sender_id)
        return replies

    async def deliver(self, sender_id: str, replies: Replies, staff_name: Optional[str] = None) -> None:
        """Send replies to the user of a sender id on its channel (an agent's, if named)."""
        endpoint = self._endpoint(sender_id)
        if staff_name is None:
            await endpoint.deliver(sender_id, replies)
        elif endpoint.deliver_from_staff is not None:
            await endpoint.deliver_from_staff(sender_id, replies, staff_name)
        else:
            named = [{**reply, "text": f"👤 {staff_name}:\n{reply.get('text') or ''}"} for reply in replies]
            await endpoint.deliver(sender_id, named)

    def _keep(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]]) -> None:
        self._pending[sender_id] = deque([(text, metadata)])
        if self._retry_task is None or self._retry_task.done():
            self._retry_task = asyncio.get_running_loop().create_task(self._retry_kept())

    async def _actions_down(self, sender_id: str) -> bool:
        """Tell whether an empty reply list came from a down action server, not a pause."""
        if self.action_health_url is None:
            return False
        if not await self._actions_up():
            state = await self.rasa.conversation_state(sender_id)
            return not state["paused"]
        return False

    async def _actions_up(self) -> bool:
        if self.action_health_url is None:
            return True
        try:
            response = await self._health.get(self.action_health_url)
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def _retry_kept(self) -> None:
        """Send kept messages, oldest first per conversation, until none is left."""
        while self._pending:
            await asyncio.sleep(self.retry_seconds)
            if not await self._actions_up():
                continue
            for sender_id in list(self._pending):
                queue = self._pending[sender_id]
                while queue:
                    try:
                        replies = await self._send(sender_id, *queue[0])
                    except RasaUnavailable:
                        break
                    queue.popleft()
                    logger.info("Sent a kept message of %s to Rasa", sender_id)
                    try:
                        await self._endpoint(sender_id).deliver(sender_id, replies)
                    except Exception:  # one channel's failure must not stop the others
                        logger.exception("Delivering the replies to a kept message of %s failed", sender_id)
                if not queue:
                    self._pending.pop(sender_id, None)

    def _endpoint(self, sender_id: str) -> ChannelEndpoint:
        channel_name = sender_id.split(":", 1)[0]
        return self._channels[channel_name]

    async def close(self) -> None:
        """Stop retrying and close the HTTP connections."""
        if self._retry_task is not None:
            self._retry_task.cancel()
        await self._health.aclose()
