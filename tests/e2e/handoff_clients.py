"""A web-chat user (socket.io) and a staff member (console API) for handoff tests."""

from __future__ import annotations

import time
import uuid
from typing import Any, Dict, List, Optional

import httpx
import socketio
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from servicedesk.services import staff as staff_service

REPLY_SECONDS = 30
PASSWORD = "long-test-password"


class ChatUser:
    """A widget user: one socket.io connection (long polling) in one session."""

    def __init__(self, gateway_url: str, session_id: Optional[str] = None) -> None:
        self.session_id = session_id or uuid.uuid4().hex
        self.sender_id = f"web:{self.session_id}"
        self.received: List[Dict[str, Any]] = []
        self.client = socketio.Client()
        self.client.on("bot_uttered", self.received.append)
        self.client.connect(gateway_url, transports=["polling"])
        self.client.emit("session_request", {"session_id": self.session_id})

    def say(self, text: str, display_text: Optional[str] = None, wait_for: Optional[str] = None) -> List[Dict[str, Any]]:
        """Send a message; with ``wait_for``, return the replies once one contains it."""
        before = len(self.received)
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id, "display_text": display_text})
        if wait_for is None:
            return []
        return self.wait_for(wait_for, after=before)

    def wait_for(self, fragment: str, after: int = 0) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + REPLY_SECONDS
        while time.monotonic() < deadline:
            replies = self.received[after:]
            if any(fragment in (reply.get("text") or "") for reply in replies):
                return replies
            time.sleep(0.2)
        raise AssertionError(f"no reply containing {fragment!r}; got {self.received[after:]}")

    def close(self) -> None:
        self.client.disconnect()


class StaffMember:
    """A staff member signed in to the console over its JSON API."""

    def __init__(self, gateway_url: str, username: str) -> None:
        self.http = httpx.Client(base_url=gateway_url, timeout=30)
        response = self.http.post(
            "/console/api/sign-in",
            json={"username": username, "password": PASSWORD},
            headers={"X-Requested-With": "servicedesk-console"},
        )
        response.raise_for_status()
        self.csrf_token = response.json()["csrf_token"]
        self.id = response.json()["staff"]["id"]

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def post(self, path: str, body: Optional[Dict[str, Any]] = None) -> httpx.Response:
        return self.http.post(path, json=body or {}, headers={"X-CSRF-Token": self.csrf_token})

    def handoff_of(self, sender_id: str) -> Dict[str, Any]:
        rows = self.get("/console/api/queue").json()["handoffs"]
        return next(row for row in rows if row["sender_id"] == sender_id)

    def close(self) -> None:
        self.http.close()


def add_staff(database_url: str, display_name: str, role: str = "agent") -> str:
    """Create a staff account with the test password; return its username."""
    username = f"{role}-{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url)
    with Session(engine) as session, session.begin():
        staff_service.create_staff(session, username, display_name, role, PASSWORD)
    engine.dispose()
    return username
