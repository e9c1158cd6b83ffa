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
from bot.console.routes import StaffConsole
from bot.handoff.desk import HandoffDesk
from bot.handoff.live_events import LiveEvents
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
    live = LiveEvents()
    desk = HandoffDesk(rasa, live, relay.deliver)
    relay.desk = desk
    console = StaffConsole(desk, rasa, live, secure_cookie=settings.secure_cookies)
    runner = web.AppRunner(build_web_app(widget, console))
    await runner.setup()
    await web.TCPSite(runner, settings.gateway_host, settings.gateway_port).start()
    logger.info("Web widget at http://%s:%d/", settings.gateway_host, settings.gateway_port)
    logger.info("Staff console at http://%s:%d/console", settings.gateway_host, settings.gateway_port)
    silence_watch = asyncio.get_running_loop().create_task(close_silent_handoffs(desk, settings.handoff_silence_minutes))

    application = None
    if settings.telegram_token:
        channel = TelegramChannel(settings, rasa, CallbackDataMap(), relay=relay)
        application = channel.build_application()
        await application.initialize()
        await channel.publish_commands(application)
        await application.start()
        if settings.staff_telegram_chat_id:
            bot, group = application.bot, settings.staff_telegram_chat_id

            async def notify_staff(text: str) -> None:
                await bot.send_message(group, text)

            desk.notify_staff = notify_staff
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
        silence_watch.cancel()
        if application is not None:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
        await runner.cleanup()
        await relay.close()
        await rasa.close()


async def close_silent_handoffs(desk: HandoffDesk, idle_minutes: float) -> None:
    """Hand back conversations whose user and agent went silent, checking every minute."""
    while True:
        await asyncio.sleep(min(60.0, idle_minutes * 60 / 2))
        try:
            closed = await desk.close_silent(idle_minutes * 60)
        except Exception:  # the watch must outlive a database or Rasa outage
            logger.exception("Closing silent handoffs failed")
            continue
        if closed:
            logger.info("Closed silent handoffs %s", closed)


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
