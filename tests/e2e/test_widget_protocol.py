"""The gateway speaks Rasa's socketio protocol to a standard socket.io client."""

import asyncio

import pytest
import socketio

pytestmark = pytest.mark.e2e


class RasaStyleClient:
    """A standard socket.io client, as Rasa's own web widgets use it.

    It stays on long polling: python-engineio's WebSocket client needs a newer aiohttp
    than Rasa allows. The browser tests cover the WebSocket transport.
    """

    def __init__(self) -> None:
        self.client = socketio.AsyncClient()
        self.events = asyncio.Queue()
        self.received = []
        for name in ("session_confirm", "session_history", "bot_uttered", "message_received"):
            self.client.on(name, self._recorder(name))

    def _recorder(self, name):
        async def record(data):
            self.received.append((name, data))
            await self.events.put((name, data))

        return record

    async def next_event(self, name, timeout=30):
        """Wait for an event by name; events of other names before it are dropped."""
        while True:
            event, data = await asyncio.wait_for(self.events.get(), timeout)
            if event == name:
                return data


def test_rasa_style_client_chats_through_the_gateway(gateway, assistant):
    async def scenario():
        user = RasaStyleClient()
        await user.client.connect(gateway.url, transports=["polling"])
        await user.client.emit("session_request", {"session_id": None})
        session_id = await user.next_event("session_confirm")
        await user.client.emit("user_uttered", {"message": "سلام", "session_id": session_id})
        greeting = await user.next_event("bot_uttered")
        await user.client.disconnect()
        return session_id, greeting

    session_id, greeting = asyncio.run(scenario())
    assert len(session_id) == 32
    assert greeting["text"].startswith("سلام!")
    assert {"content_type": "text", "title": "ثبت تیکت", "payload": "/open_ticket"} in greeting["quick_replies"]


def test_repeated_message_id_is_answered_once(gateway, assistant):
    session_id = "repeat-check-0001"

    async def scenario():
        user = RasaStyleClient()
        await user.client.connect(gateway.url, transports=["polling"])
        await user.client.emit("session_request", {"session_id": session_id})
        await user.next_event("session_confirm")
        message = {"message": "ربات هستی؟", "session_id": session_id, "message_id": "m-1"}
        await user.client.emit("user_uttered", message)
        await user.client.emit("user_uttered", message)
        await user.next_event("bot_uttered")
        await asyncio.sleep(3)
        await user.client.disconnect()
        receipts = [data for name, data in user.received if name == "message_received"]
        answers = [data for name, data in user.received if name == "bot_uttered"]
        return receipts, answers

    receipts, answers = asyncio.run(scenario())
    events = assistant.tracker(f"web:{session_id}")["events"]
    assert receipts == [{"message_id": "m-1"}, {"message_id": "m-1"}]
    assert len(answers) == 1
    assert [event["text"] for event in events if event["event"] == "user"] == ["ربات هستی؟"]


def test_invalid_session_id_gets_a_new_one(gateway, assistant):
    async def scenario():
        user = RasaStyleClient()
        await user.client.connect(gateway.url, transports=["polling"])
        await user.client.emit("session_request", {"session_id": "../../tracker"})
        session_id = await user.next_event("session_confirm")
        await user.client.disconnect()
        return session_id

    assert asyncio.run(scenario()) != "../../tracker"
