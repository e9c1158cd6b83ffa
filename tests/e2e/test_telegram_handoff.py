"""A Telegram chat handed to staff and back, against a fake Bot API and the real Rasa."""

import asyncio

import pytest

from bot.callback_data import CallbackDataMap
from bot.handoff.desk import HandoffDesk
from bot.handoff.live_events import LiveEvents
from bot.rasa_client import RasaClient
from bot.relay import ConversationRelay
from bot.settings import GatewaySettings
from bot.telegram_channel import MESSAGES, TelegramChannel
from servicedesk.db import session_scope
from servicedesk.services import handoffs, staff
from tests.bot.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e


def test_telegram_chat_goes_to_staff_and_back(assistant, monkeypatch):
    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", assistant.database_url)
    chat, other_chat = 7301, 7302
    with session_scope() as session:
        agent = staff.create_staff(session, "telegram-agent", "مریم رضایی", "agent", "long-test-password")
        agent_id = agent.id

    async def scenario():
        api = FakeBotApi()
        base_url = await api.start()
        settings = GatewaySettings(
            rasa_url=assistant.rasa_url,
            telegram_token="123:TEST",
            telegram_base_url=base_url,
            telegram_channel_name="telegram",
            telegram_mode="polling",
            telegram_base_file_url=base_url.replace("/bot", "/file/bot"),
            action_health_url=f"{assistant.action_url}/health",
        )
        rasa = RasaClient(assistant.rasa_url)
        relay = ConversationRelay(rasa, MESSAGES["assistant_unavailable"], 1.0, settings.action_health_url)
        desk = HandoffDesk(rasa, LiveEvents(), relay.deliver)
        relay.desk = desk
        application = TelegramChannel(settings, rasa, CallbackDataMap(), relay=relay).build_application()
        async with application:
            await application.start()
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                api.push_text(chat, "میخوام با اپراتور صحبت کنم")
                await api.wait_for_text_containing(chat, "نوبت شما در صف")
                api.push_text(chat, "کسی هست؟")
                api.push_text(chat, "/cancel")
                api.push_text(other_chat, "سلام")
                await api.wait_for_text_containing(other_chat, "چطور می‌توانم")
                await asyncio.sleep(2)
                silent = list(api.sent_texts(chat))

                with session_scope() as session:
                    handoff_id = handoffs.open_handoff_for(session, f"telegram:{chat}").id
                    handoffs.claim(session, handoff_id, agent_id)
                await desk.staff_reply(handoff_id, f"telegram:{chat}", "مریم رضایی", agent_id, "سلام، در خدمتم.")
                await api.wait_for_text_containing(chat, "در خدمتم")
                await desk.close(handoff_id, "agent")
                await api.wait_for_text_containing(chat, "دوباره من در خدمتتان هستم")
            finally:
                await application.updater.stop()
                await application.stop()
        await relay.close()
        await rasa.close()
        await api.stop()
        return api, silent

    api, silent = asyncio.run(scenario())
    texts = api.sent_texts(chat)
    assert len(silent) == 1
    assert "نوبت شما در صف" in silent[0]
    assert "👤 مریم رضایی:\nسلام، در خدمتم." in texts
    assert not any("در خدمتم" in text for text in api.sent_texts(other_chat))
    user_events = [event["text"] for event in assistant.tracker(f"telegram:{chat}")["events"] if event["event"] == "user"]
    # The fake Bot API sends /cancel as plain text; either way it reaches staff, not Rasa.
    assert user_events[1:3] == ["کسی هست؟", "/cancel"]
