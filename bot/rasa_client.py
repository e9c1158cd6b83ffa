"""Send user turns to Rasa's REST channel and return the bot's replies."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """The Rasa server could not be reached or returned an error for the turn."""


class RasaClient:
    """A client of one Rasa server's REST channel.

    Args:
        base_url: the Rasa server, for example ``http://127.0.0.1:5005``.
        timeout_seconds: how long one turn may take before it counts as failed.
    """

    def __init__(self, base_url: str, timeout_seconds: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout_seconds)

    async def send(self, sender_id: str, text: str) -> List[Dict[str, Any]]:
        """Send one user message and return Rasa's replies (text, buttons, image)."""
        try:
            response = await self._http.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender_id, "message": text},
            )
            response.raise_for_status()
        except httpx.HTTPError as error:
            logger.warning("Rasa turn failed for %s: %s", sender_id, error)
            raise RasaUnavailable(str(error)) from error
        return response.json()

    async def conversation_state(self, sender_id: str) -> Dict[str, Any]:
        """Return the active form and the slots of a conversation from Rasa's tracker."""
        try:
            response = await self._http.get(f"{self.base_url}/conversations/{sender_id}/tracker")
            response.raise_for_status()
        except httpx.HTTPError as error:
            logger.warning("Reading the tracker of %s failed: %s", sender_id, error)
            raise RasaUnavailable(str(error)) from error
        tracker = response.json()
        return {
            "active_loop": (tracker.get("active_loop") or {}).get("name"),
            "slots": tracker.get("slots") or {},
        }

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()
