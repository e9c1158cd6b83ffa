"""Send user turns to Rasa's REST channel and read conversations over its HTTP API."""

from __future__ import annotations

import itertools
import logging
from typing import Any, Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """The Rasa server could not be reached or returned an error for the turn."""


class RasaClient:
    """A client of one or more Rasa servers sharing a tracker store and a lock store.

    Turns are spread over the servers in turn; any of them can process any conversation,
    since the tracker store and the lock store are shared.

    Args:
        base_url: a Rasa server such as ``http://127.0.0.1:5005``, or several separated
            by commas.
        timeout_seconds: how long one request may take before it counts as failed.
    """

    def __init__(self, base_url: str, timeout_seconds: float = 30.0) -> None:
        self.base_url = base_url
        self._http = httpx.AsyncClient(timeout=timeout_seconds)

    @property
    def base_url(self) -> str:
        """The first Rasa server; setting it replaces every server with the new ones."""
        return self._base_urls[0]

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_urls = [url.strip().rstrip("/") for url in value.split(",") if url.strip()]
        if not self._base_urls:
            raise ValueError("at least one Rasa URL is needed")
        self._next_server = itertools.cycle(self._base_urls)

    async def send(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """Send one user message and return Rasa's replies (text, buttons, image).

        ``metadata`` is stored on the user event in the tracker (for example the title of
        a tapped button, so that a transcript shows what the user saw).
        """
        body: Dict[str, Any] = {"sender": sender_id, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = await self._request("POST", "/webhooks/rest/webhook", json=body)
        return response.json()

    async def tracker(self, sender_id: str) -> Dict[str, Any]:
        """Return the whole tracker of a conversation (events, slots, paused, active loop)."""
        response = await self._request("GET", f"/conversations/{sender_id}/tracker")
        return response.json()

    async def conversation_state(self, sender_id: str) -> Dict[str, Any]:
        """Return the active form, the slots and whether the conversation is paused."""
        tracker = await self.tracker(sender_id)
        return {
            "active_loop": (tracker.get("active_loop") or {}).get("name"),
            "slots": tracker.get("slots") or {},
            "paused": bool(tracker.get("paused")),
        }

    async def append_events(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        """Append events (a staff reply, pause, resume) to a conversation's tracker."""
        await self._request("POST", f"/conversations/{sender_id}/tracker/events", json=events)

    async def trigger_intent(self, sender_id: str, intent: str) -> List[Dict[str, Any]]:
        """Run the bot as if the user had sent ``intent``; return the bot's messages."""
        response = await self._request("POST", f"/conversations/{sender_id}/trigger_intent", json={"name": intent})
        return response.json().get("messages") or []

    async def is_up(self) -> bool:
        """Tell whether every Rasa server responds on its status endpoint."""
        for base_url in self._base_urls:
            try:
                response = await self._http.get(f"{base_url}/status")
                response.raise_for_status()
            except httpx.HTTPError:
                return False
        return True

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        base_url = next(self._next_server)
        try:
            response = await self._http.request(method, f"{base_url}{path}", **kwargs)
            response.raise_for_status()
        except httpx.HTTPError as error:
            logger.warning("Rasa request %s %s failed: %s", method, path, error)
            raise RasaUnavailable(str(error)) from error
        return response

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()
