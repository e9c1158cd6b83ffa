"""Turn a Rasa tracker into the messages a chat window shows again after a reload."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

Message = Dict[str, Any]
# Rasa records an intent triggered through its HTTP API as a user event with this prefix.
EXTERNAL_PREFIX = "EXTERNAL: "


def bot_messages(reply: Dict[str, Any]) -> List[Message]:
    """Turn one Rasa reply into ``bot_uttered`` payloads of Rasa's socketio channel.

    Text with buttons carries them as ``quick_replies``; an image is an ``attachment``.
    A reply meant for messengers only (Telegram's share-contact button) gives nothing.
    """
    messages: List[Message] = []
    if reply.get("image"):
        messages.append({"attachment": {"type": "image", "payload": {"src": reply["image"]}}})
    text = reply.get("text")
    buttons = reply.get("buttons") or []
    if text or buttons:
        message: Message = {"text": text or ""}
        if buttons:
            message["quick_replies"] = [
                {"content_type": "text", "title": button["title"], "payload": button["payload"]}
                for button in buttons
            ]
        messages.append(message)
    return messages


def transcript(tracker: Dict[str, Any]) -> List[Message]:
    """Return the user and bot messages of a tracker, oldest first, as the widget shows them.

    A tapped button shows its title, taken from the user event's metadata or, failing
    that, from the buttons of the bot message before it. Replies of staff are marked.
    """
    messages: List[Message] = []
    last_buttons: List[Dict[str, Any]] = []
    for event in tracker.get("events") or []:
        if event.get("event") == "user" and _typed_by_user(event):
            messages.append(
                {
                    "from": "user",
                    "text": _displayed_user_text(event, last_buttons),
                    "timestamp": event.get("timestamp"),
                }
            )
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            reply = {"text": event.get("text"), "buttons": data.get("buttons"), "image": data.get("image")}
            last_buttons = data.get("buttons") or []
            for message in bot_messages(reply):
                message["from"] = "bot"
                message["timestamp"] = event.get("timestamp")
                staff = (event.get("metadata") or {}).get("staff_name")
                if staff:
                    message["staff_name"] = staff
                messages.append(message)
    return messages


def _typed_by_user(event: Dict[str, Any]) -> bool:
    """Tell whether a user event contains a message, not an intent the gateway triggered."""
    text = (event.get("text") or "").strip()
    return bool(text) and not text.startswith(EXTERNAL_PREFIX)


def _displayed_user_text(event: Dict[str, Any], last_buttons: List[Dict[str, Any]]) -> str:
    text = event["text"]
    displayed: Optional[str] = (event.get("metadata") or {}).get("display_text")
    if displayed:
        return displayed
    for button in last_buttons:
        if button.get("payload") == text:
            return button.get("title") or text
    return text
