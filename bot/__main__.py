"""Run the gateway's Telegram (or Bale) channel: ``python -m bot``."""

from __future__ import annotations

import logging
import sys

from telegram import Update

from bot.callback_data import CallbackDataMap
from bot.rasa_client import RasaClient
from bot.settings import load_gateway_settings
from bot.telegram_channel import TelegramChannel

logger = logging.getLogger("bot")


def main() -> None:
    """Start polling or the webhook server, as the settings say."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = load_gateway_settings()
    except ValueError as error:
        sys.exit(f"Invalid gateway settings: {error}")

    if not settings.telegram_token:
        print("TELEGRAM_BOT_TOKEN is not set, so the Telegram channel is not started.")
        return

    channel = TelegramChannel(settings, RasaClient(settings.rasa_url), CallbackDataMap())
    application = channel.build_application()
    logger.info("Starting the %s channel in %s mode", settings.telegram_channel_name, settings.telegram_mode)
    if settings.telegram_mode == "polling":
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    else:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )


if __name__ == "__main__":
    main()
