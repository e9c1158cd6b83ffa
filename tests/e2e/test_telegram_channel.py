"""The Telegram channel against a fake Bot API server, with the real Rasa and actions."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.callback_data import CallbackDataMap
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.telegram_channel import MESSAGES, TelegramChannel
from servicedesk.db import session_scope
from servicedesk.models import Ticket
from tests.bot.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def save_transcript(name, text):
    """Keep the chat as its user saw it under test-artifacts/, for reading after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(text + "\n", encoding="utf-8")


async def run_gateway(rasa_url, scenario, buttons=None, before_start=None, action_health_url=None):
    """Run the channel against a fresh fake Bot API while ``scenario(api)`` runs.

    The scenario reaches the channel as ``api.gateway``, to point it at another Rasa URL.
    """
    api = FakeBotApi()
    base_url = await api.start()
    if before_start is not None:
        before_start(api)
    settings = GatewaySettings(
        rasa_url=rasa_url,
        telegram_token="123:TEST",
        telegram_base_url=base_url,
        telegram_channel_name="telegram",
        telegram_mode="polling",
        telegram_base_file_url=base_url.replace("/bot", "/file/bot"),
        action_health_url=action_health_url,
    )
    rasa = RasaClient(rasa_url)
    channel = TelegramChannel(settings, rasa, buttons or CallbackDataMap(), retry_seconds=1.0)
    api.gateway = channel
    application = channel.build_application()
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            await scenario(api)
        finally:
            await application.updater.stop()
            await application.stop()
    await rasa.close()
    await api.stop()
    return api


def test_ticket_conversation_with_button_taps(assistant):
    chat = 7001
    description = "ثبت‌نام در سامانه آموزش برای من کار نمی‌کند و پیام خطا می‌دهد"

    async def scenario(api):
        api.push_text(chat, "میخوام یه تیکت ثبت کنم")
        await api.wait_for_text_containing(chat, "کدام موضوع")
        category = next(button for button in api.last_keyboard(chat) if button["text"] == "سامانه‌ها و خدمات الکترونیکی")
        api.push_button_tap(chat, category["callback_data"], category["message_id"])
        await api.wait_for_text_containing(chat, "توضیح دهید")
        api.push_text(chat, description)
        await api.wait_for_text_containing(chat, "شماره تلفن همراه")
        api.push_text(chat, "۰۹۱۲ ۳۴۵ ۶۷۸۹")
        await api.wait_for_text_containing(chat, "ثبت شود؟")
        confirm = api.last_keyboard(chat)[0]
        api.push_button_tap(chat, confirm["callback_data"], confirm["message_id"])
        api.push_button_tap(chat, confirm["callback_data"], confirm["message_id"])
        await api.wait_for_text_containing(chat, "کد پیگیری")
        await asyncio.sleep(1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    texts = api.sent_texts(chat)
    with session_scope(assistant.database_url) as session:
        tickets = list(session.execute(select(Ticket).where(Ticket.description == description)).scalars())
        channels = [ticket.user.channel for ticket in tickets]
        categories = [ticket.category_id for ticket in tickets]
    assert len(tickets) == 1
    # «سامانه آموزش» in the description must not replace the category the user tapped.
    assert categories == ["e_services"]
    assert tickets[0].code in texts[-1]
    assert channels == ["telegram"]
    answers = [call["params"].get("text") for call in api.calls if call["method"] == "answerCallbackQuery"]
    assert MESSAGES["button_used"] in answers
    save_transcript("telegram-ticket-conversation.txt", api.transcript(chat))


def test_every_button_fits_the_callback_limit(assistant):
    chat = 7002

    async def scenario(api):
        api.push_text(chat, "وقت مشاوره میخوام")
        await api.wait_for_texts(chat, 1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    buttons = api.last_keyboard(chat)
    assert len(buttons) >= 5
    assert all(len(button["callback_data"].encode()) <= 64 for button in buttons)


def test_button_from_before_a_restart_has_expired(assistant):
    chat = 7003

    async def scenario(api):
        api.push_button_tap(chat, "stale-token-from-before", message_id=1)
        await asyncio.sleep(2)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    answers = [call["params"].get("text") for call in api.calls if call["method"] == "answerCallbackQuery"]
    assert answers == [MESSAGES["button_expired"]]
    assert api.sent_texts(chat) == []


def test_repeated_update_is_handled_once(assistant):
    chat = 7004

    async def scenario(api):
        update_id = api.push_text(chat, "سلام")
        api.push_text(chat, "سلام", update_id=update_id)
        await api.wait_for_texts(chat, 1)
        await asyncio.sleep(2)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert len(api.sent_texts(chat)) == 1


def test_sticker_gets_a_polite_note(assistant):
    chat = 7005

    async def scenario(api):
        message = api._message(chat, text="")
        del message["text"]
        message["sticker"] = {
            "file_id": "sticker-1", "file_unique_id": "u1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular",
        }
        api.push({"message": message})
        await api.wait_for_texts(chat, 1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["unsupported_update"]]


def test_own_shared_contact_fills_the_mobile(assistant):
    chat = 7006

    async def scenario(api):
        # TK-004230 rather than TK-004217: other tests fail lookups of TK-004217 on purpose,
        # and the lookup guard then slows down every sender asking for that code.
        api.push_text(chat, "وضعیت تیکت TK-004230")
        await api.wait_for_text_containing(chat, "شماره تلفن همراه")
        message = api._message(chat, text="")
        del message["text"]
        message["contact"] = {"phone_number": "+989351112233", "first_name": "کاربر", "user_id": chat}
        api.push({"message": message})
        await api.wait_for_text_containing(chat, "TK-004230")

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    texts = api.sent_texts(chat)
    contact_offer = [call for call in api.calls if call["method"] == "sendMessage" and "request_contact" in str(call["params"].get("reply_markup"))]
    assert contact_offer
    assert "TK-004230" in texts[-1]
    assert "رسیدگی شد" in texts[-1]


def test_someone_elses_contact_is_refused(assistant):
    chat = 7007

    async def scenario(api):
        message = api._message(chat, text="")
        del message["text"]
        message["contact"] = {"phone_number": "+989351112233", "first_name": "دیگری", "user_id": 999}
        api.push({"message": message})
        await api.wait_for_texts(chat, 1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["contact_not_own"]]


def test_group_message_not_addressed_is_ignored(assistant):
    group = -7008

    async def scenario(api):
        message = api._message(group, text="سلام به همه")
        message["chat"] = {"id": group, "type": "group", "title": "گروه"}
        api.push({"message": message})
        await asyncio.sleep(3)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(group) == []


def test_edited_message_asks_for_a_new_one(assistant):
    chat = 7009

    async def scenario(api):
        api.push({"edited_message": {**api._message(chat, text="سلام"), "edit_date": 1}})
        await api.wait_for_texts(chat, 1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["edited_message"]]


def test_messages_while_rasa_is_down_are_answered_later(assistant):
    chat = 7010
    nothing_listens = "http://127.0.0.1:9"

    async def scenario(api):
        api.push_text(chat, "سلام")
        await api.wait_for_text_containing(chat, "محفوظ")
        api.push_text(chat, "راهنما")
        await asyncio.sleep(2)
        api.gateway.rasa.base_url = assistant.rasa_url
        await api.wait_for_text_containing(chat, "این کارها را می‌توانم انجام بدهم")

    api = asyncio.run(run_gateway(nothing_listens, scenario))
    texts = api.sent_texts(chat)
    assert texts[0] == MESSAGES["assistant_unavailable"]
    assert texts[1].startswith("سلام!")
    assert "این کارها را می‌توانم انجام بدهم" in texts[-1]


def test_three_quick_messages_answered_in_order(assistant):
    chat = 7011

    async def scenario(api):
        for text in ("سلام", "ربات هستی؟", "خداحافظ"):
            api.push_text(chat, text)
            await asyncio.sleep(0.1)
        await api.wait_for_text_containing(chat, "خدانگهدار")

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    texts = api.sent_texts(chat)
    assert texts[0].startswith("سلام!")
    assert "ربات" in texts[1]
    assert texts[2].startswith("خدانگهدار")


def test_flood_limit_delays_but_keeps_every_reply(assistant):
    chat = 7012

    async def scenario(api):
        api.flood(replies=2, retry_after=1)
        for text in ("سلام", "راهنما"):
            api.push_text(chat, text)
        await api.wait_for_text_containing(chat, "این کارها را می‌توانم انجام بدهم")

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    rejected = [call for call in api.calls if call["method"].endswith("(rejected: flood)")]
    texts = api.sent_texts(chat)
    assert len(rejected) == 2
    assert texts[0].startswith("سلام!")
    assert "این کارها را می‌توانم انجام بدهم" in texts[1]


def test_rate_limited_start_up_retries(assistant):
    chat = 7013

    async def scenario(api):
        api.push_text(chat, "سلام")
        await api.wait_for_text_containing(chat, "سلام!")

    api = asyncio.run(
        run_gateway(assistant.rasa_url, scenario, before_start=lambda api: api.flood(1, 1, methods=("getMe",)))
    )
    assert [call["method"] for call in api.calls[:2]] == ["getMe (rejected: flood)", "getMe"]


def test_flooding_chat_is_slowed_and_others_are_not(assistant):
    flooding, calm = 7014, 7015

    async def scenario(api):
        for number in range(12):
            api.push_text(flooding, "سلام" if number % 2 == 0 else "ممنون")
        api.push_text(calm, "ربات هستی؟")
        await api.wait_for_text_containing(calm, "ربات")
        calm_done = len(api.sent_texts(flooding))
        await api.wait_for_texts(flooding, 13, timeout=120)
        api.calm_answered_while_flooding = calm_done < 13

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    texts = api.sent_texts(flooding)
    replies = [text for text in texts if text != MESSAGES["slow_down"]]
    assert MESSAGES["slow_down"] in texts
    assert len(replies) == 12
    assert [reply.startswith("سلام!") for reply in replies] == [number % 2 == 0 for number in range(12)]
    assert api.calm_answered_while_flooding


def test_photo_sent_while_opening_a_ticket_is_attached(assistant, monkeypatch, tmp_path):
    from servicedesk.services.attachments import attachments_of

    monkeypatch.setenv("SERVICEDESK_DATABASE_URL", assistant.database_url)
    monkeypatch.setenv("SERVICEDESK_ATTACHMENTS_DIR", str(tmp_path))
    chat = 7016
    photo = b"\xff\xd8\xff\xe0" + b"1" * 500

    async def scenario(api):
        api.push_text(chat, "ثبت تیکت")
        await api.wait_for_text_containing(chat, "کدام موضوع")
        api.push_text(chat, "سامانه")
        await api.wait_for_text_containing(chat, "توضیح دهید")
        api.push_photo(chat, photo)
        await api.wait_for_text_containing(chat, MESSAGES["attachment_pending"])
        api.push_text(chat, "در سامانه ثبت‌نام دوره این خطا را می‌بینم و کارم پیش نمی‌رود")
        await api.wait_for_text_containing(chat, "شماره تلفن همراه")
        api.push_text(chat, "09121234567")
        await api.wait_for_text_containing(chat, "ثبت شود؟")
        api.push_text(chat, "بله")
        await api.wait_for_text_containing(chat, "کد پیگیری")

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    code = next(text for text in api.sent_texts(chat) if "کد پیگیری" in text).split("کد پیگیری: ")[1].split()[0]
    with session_scope(assistant.database_url) as session:
        stored = [(item.size_bytes, item.content_type) for item in attachments_of(session, code)]
    assert stored == [(len(photo), "image/jpeg")]


def test_photo_without_a_ticket_gets_guidance(assistant):
    chat = 7017

    async def scenario(api):
        api.push_photo(chat, b"\xff\xd8" + b"2" * 50)
        await api.wait_for_texts(chat, 1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["attachment_no_ticket"]]


def test_other_update_kinds_never_reach_rasa_empty(assistant):
    chat, group = 7018, -7019

    async def scenario(api):
        voice = api._message(chat, text="")
        del voice["text"]
        voice["voice"] = {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}
        api.push({"message": voice})
        added = api._message(group, text="")
        del added["text"]
        added["chat"] = {"id": group, "type": "group", "title": "گروه"}
        added["new_chat_members"] = [{"id": 1000, "is_bot": True, "first_name": "میز خدمت"}]
        api.push({"message": added})
        caption = api._message(chat, text="")
        del caption["text"]
        caption.update({"caption": "عکس", "edit_date": 2, "photo": [{"file_id": "p", "file_unique_id": "up", "width": 1, "height": 1}]})
        api.push({"edited_message": caption})
        await api.wait_for_texts(chat, 2)
        await asyncio.sleep(1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["unsupported_update"], MESSAGES["edited_message"]]
    assert api.sent_texts(group) == []


def test_flooded_burst_keeps_order(assistant):
    busy, other = 7020, 7021

    async def scenario(api):
        api.flood(replies=1, retry_after=2, chat_id=busy)
        for number in range(25):
            api.push_text(busy, "سلام" if number % 2 == 0 else "ممنون")
        api.push_text(other, "ربات هستی؟")
        await api.wait_for_text_containing(other, "ربات")
        api.other_answered_before_busy_done = len(
            [text for text in api.sent_texts(busy) if text != MESSAGES["slow_down"]]
        ) < 25
        await api.wait_for_texts(busy, 26, timeout=180)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    replies = [text for text in api.sent_texts(busy) if text != MESSAGES["slow_down"]]
    assert [reply.startswith("سلام!") for reply in replies] == [number % 2 == 0 for number in range(25)]
    assert api.other_answered_before_busy_done


def test_reply_survives_a_network_error(assistant):
    chat = 7022

    async def scenario(api):
        api.break_sends(1)
        api.push_text(chat, "سلام")
        await api.wait_for_text_containing(chat, "سلام!")

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert [call["method"] for call in api.calls if "bad gateway" in call["method"]] == ["sendMessage (rejected: bad gateway)"]
    assert api.sent_texts(chat)[0].startswith("سلام!")


def test_shared_location_gets_a_polite_note(assistant):
    chat = 7030

    async def scenario(api):
        located = api._message(chat, text="")
        del located["text"]
        located["location"] = {"latitude": 35.6892, "longitude": 51.389}
        api.push({"message": located})
        await api.wait_for_texts(chat, 1)
        await asyncio.sleep(1)

    api = asyncio.run(run_gateway(assistant.rasa_url, scenario))
    assert api.sent_texts(chat) == [MESSAGES["unsupported_update"]]


def test_message_while_actions_are_down_is_answered_later(assistant):
    chat = 7031

    async def scenario(api):
        assistant.action_server.stop()
        try:
            api.push_text(chat, "وضعیت تیکت TK-004217 چی شد؟")
            await api.wait_for_text_containing(chat, "محفوظ")
            await asyncio.sleep(2)
            kept = list(api.sent_texts(chat))
        finally:
            await asyncio.to_thread(assistant.action_server.start)
        await api.wait_for_text_containing(chat, "شماره تلفن همراه")
        return kept

    kept = []

    async def run_and_keep(api):
        kept.extend(await scenario(api))

    api = asyncio.run(run_gateway(assistant.rasa_url, run_and_keep, action_health_url=f"{assistant.action_url}/health"))
    assert kept == [MESSAGES["assistant_unavailable"]]
    assert any("شماره تلفن همراه" in text for text in api.sent_texts(chat)[1:])
