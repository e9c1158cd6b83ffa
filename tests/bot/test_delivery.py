"""Delivering Rasa replies through python-telegram-bot to the fake Bot API server."""

import asyncio

from bot.callback_data import CallbackDataMap
from bot.message_splitting import TELEGRAM_LIMIT, utf16_length
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.telegram_channel import TelegramChannel
from tests.bot.fake_bot_api import FakeBotApi

ZWNJ = "\u200c"


async def deliver(replies):
    api = FakeBotApi()
    base_url = await api.start()
    settings = GatewaySettings("http://127.0.0.1:9", "123:TEST", base_url, "telegram", "polling")
    rasa = RasaClient(settings.rasa_url)
    channel = TelegramChannel(settings, rasa, CallbackDataMap())
    application = channel.build_application()
    async with application:
        await channel.deliver(8001, replies, application.bot)
    await rasa.close()
    await api.stop()
    return api


def test_long_reply_split_in_order():
    words = [f"نیم{ZWNJ}فاصله", "🙂", "کسب‌وکار", "👨\u200d👩\u200d👧", "میز", "خدمت"]
    text = " ".join(words[index % len(words)] for index in range(1200))[:5000].rsplit(" ", 1)[0]

    api = asyncio.run(deliver([{"text": text}]))
    pieces = api.sent_texts(8001)
    assert len(pieces) >= 2
    assert all(utf16_length(piece) <= TELEGRAM_LIMIT for piece in pieces)
    assert " ".join(pieces).split() == text.split()


def test_buttons_become_inline_keyboard():
    buttons = [{"title": "صادرات و تجارت خارجی", "payload": '/inform{"clinic_topic":"export"}'}] * 3
    api = asyncio.run(deliver([{"text": "کدام زمینه؟", "buttons": buttons}]))
    keyboard = api.last_keyboard(8001)
    assert [button["text"] for button in keyboard] == ["صادرات و تجارت خارجی"] * 3
    assert all(len(button["callback_data"].encode()) <= 64 for button in keyboard)
