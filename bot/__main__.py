"""Run the gateway: the web widget always, and Telegram (or Bale) when a token is set.

    python -m bot
"""

from __future__ import annotations

import asyncio
import logging
import sys

from aiohttp import web
from telegram import Update

from bot.callback_data import CallbackDataMap
from bot.messages import MESSAGES
from bot.rasa_client import RasaClient
from bot.relay import ConversationRelay
from bot.settings import GatewaySettings, load_gateway_settings
from bot.telegram_channel import TelegramChannel
from bot.web.app import build_web_app
from bot.web.widget_channel import WidgetChannel

logger = logging.getLogger("bot")


async def serve(settings: GatewaySettings) -> None:
    """Serve every configured channel until cancelled."""
    rasa = RasaClient(settings.rasa_url)
    relay = ConversationRelay(rasa, MESSAGES["assistant_unavailable"], action_health_url=settings.action_health_url)
    widget = WidgetChannel(relay, rasa, MESSAGES)
    runner = web.AppRunner(build_web_app(widget))
    await runner.setup()
    await web.TCPSite(runner, settings.gateway_host, settings.gateway_port).start()
    logger.info("Web widget at http://%s:%d/", settings.gateway_host, settings.gateway_port)

    application = None
    if settings.telegram_token:
        channel = TelegramChannel(settings, rasa, CallbackDataMap(), relay=relay)
        application = channel.build_application()
        await application.initialize()
        await channel.publish_commands(application)
        await application.start()
        logger.info("Starting the %s channel in %s mode", settings.telegram_channel_name, settings.telegram_mode)
        if settings.telegram_mode == "polling":
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        else:
            await application.updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
    else:
        logger.info("TELEGRAM_BOT_TOKEN is not set, so the Telegram channel is not started")

    try:
        await asyncio.Event().wait()
    finally:
        if application is not None:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
        await runner.cleanup()
        await relay.close()
        await rasa.close()


def main() -> None:
    """Read the settings and serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = load_gateway_settings()
    except ValueError as error:
        sys.exit(f"Invalid gateway settings: {error}")
    try:
        asyncio.run(serve(settings))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
