"""Settings of the gateway, read once from environment variables.

- ``RASA_URL``: base URL of the Rasa server (``http://127.0.0.1:5005``); several URLs
  separated by commas spread turns over Rasa processes that share their stores.
- ``ACTION_HEALTH_URL``: the action server's health URL, by default derived from
  ``ACTION_ENDPOINT_URL``; a silent Rasa turn while it is down counts as a failed turn.
- ``GATEWAY_HOST``, ``GATEWAY_PORT``: where the web widget, the staff console and the
  socket.io endpoint are served (``127.0.0.1``, 8080).
- ``HANDOFF_SILENCE_MINUTES``: a handed-off conversation with no message from the user or
  the agent for this long is closed and handed back to the bot (30).
- ``STAFF_TELEGRAM_CHAT_ID``: a Telegram group the bot posts each new escalation to
  (needs ``TELEGRAM_BOT_TOKEN``; the bot must be a member of the group).
- ``CONSOLE_SECURE_COOKIES``: ``1`` marks the console's session cookie Secure, for a
  gateway served over HTTPS.
- ``TELEGRAM_BOT_TOKEN``: the bot's token from BotFather (or Bale's bot father); without
  it the Telegram channel does not start.
- ``TELEGRAM_API_BASE_URL``: Bot API base URL ending before the token
  (``https://api.telegram.org/bot``); Bale's Telegram-style API or a test server also work.
- ``TELEGRAM_API_BASE_FILE_URL``: base URL for downloading files users send
  (``https://api.telegram.org/file/bot``).
- ``TELEGRAM_CHANNEL_NAME``: the channel part of sender ids (``telegram``; ``bale`` for Bale).
- ``TELEGRAM_MODE``: ``polling`` (default) or ``webhook``.
- ``TELEGRAM_WEBHOOK_URL``: public HTTPS URL the Bot API posts updates to (webhook mode).
- ``TELEGRAM_WEBHOOK_SECRET``: secret the Bot API sends in the
  ``X-Telegram-Bot-Api-Secret-Token`` header; requests without it are rejected (webhook mode).
- ``TELEGRAM_WEBHOOK_LISTEN``, ``TELEGRAM_WEBHOOK_PORT``: where the webhook server listens
  (``127.0.0.1``, 8443), usually behind a TLS-terminating reverse proxy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class GatewaySettings:
    """Gateway settings; see the module docstring for the variables behind them."""

    rasa_url: str
    telegram_token: Optional[str]
    telegram_base_url: str
    telegram_channel_name: str
    telegram_mode: str
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: Optional[str] = None
    webhook_secret: Optional[str] = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    action_health_url: Optional[str] = None
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    handoff_silence_minutes: float = 30.0
    staff_telegram_chat_id: Optional[str] = None
    secure_cookies: bool = False


def load_gateway_settings() -> GatewaySettings:
    """Read the gateway settings from the environment."""
    mode = os.environ.get("TELEGRAM_MODE", "polling")
    if mode not in ("polling", "webhook"):
        raise ValueError(f"TELEGRAM_MODE must be polling or webhook, not {mode!r}")
    settings = GatewaySettings(
        rasa_url=os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        telegram_token=os.environ.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_base_url=os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
        telegram_channel_name=os.environ.get("TELEGRAM_CHANNEL_NAME", "telegram"),
        telegram_mode=mode,
        telegram_base_file_url=os.environ.get("TELEGRAM_API_BASE_FILE_URL", "https://api.telegram.org/file/bot"),
        webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
        webhook_listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
        webhook_port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        action_health_url=_action_health_url(),
        gateway_host=os.environ.get("GATEWAY_HOST", "127.0.0.1"),
        gateway_port=int(os.environ.get("GATEWAY_PORT", "8080")),
        handoff_silence_minutes=float(os.environ.get("HANDOFF_SILENCE_MINUTES", "30")),
        staff_telegram_chat_id=os.environ.get("STAFF_TELEGRAM_CHAT_ID") or None,
        secure_cookies=os.environ.get("CONSOLE_SECURE_COOKIES") == "1",
    )
    if mode == "webhook" and not (settings.webhook_url and settings.webhook_secret):
        raise ValueError("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
    return settings


def _action_health_url() -> str:
    """Return the action server's health URL, from ACTION_HEALTH_URL or ACTION_ENDPOINT_URL."""
    if os.environ.get("ACTION_HEALTH_URL"):
        return os.environ["ACTION_HEALTH_URL"]
    webhook = os.environ.get("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    return webhook.rsplit("/", 1)[0] + "/health"
