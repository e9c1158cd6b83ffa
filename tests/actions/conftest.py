"""Trackers and dispatchers for calling actions directly, as the action server does."""

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    sender_id: str = "rest:test-user",
) -> Tracker:
    """Build a tracker as Rasa sends it to the action server."""
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    """Return the names of the domain responses the action sent."""
    return [message.get("response") for message in dispatcher.messages]


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the actions at a PostgreSQL port where nothing listens."""
    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:9/unreachable")
