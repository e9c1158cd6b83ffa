"""Telegram and Bale channel on python-telegram-bot, forwarding turns to Rasa.

Each chat is one Rasa conversation with the sender id ``<channel>:<chat id>``
(``telegram:42``, ``bale:42``), so one person on two messengers never collides. Buttons
carry short tokens (see ``callback_data``); long replies are split (see
``message_splitting``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any, Dict, List, Optional

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.callback_data import CallbackDataMap
from bot.flood_guard import FloodGuard
from bot.message_splitting import split_message
from bot.messages import MESSAGES
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.relay import ChannelEndpoint, ConversationRelay
from bot.settings import GatewaySettings
from bot.update_order import PerChatUpdateProcessor
from servicedesk.db import session_scope
from servicedesk.services import attachments

logger = logging.getLogger(__name__)
SEEN_UPDATES = 10_000
RETRY_SECONDS = 5.0
# Sends that fail on the network are tried again after 1, 2 and 4 seconds.
SEND_ATTEMPTS = 4
COMMANDS = [
    BotCommand("start", "شروع و معرفی خدمات"),
    BotCommand("help", "کارهایی که دستیار انجام می‌دهد"),
    BotCommand("cancel", "لغو کار نیمه‌تمام"),
]


class TelegramChannel:
    """Handlers that carry Telegram updates to Rasa and Rasa's replies back.

    Sending goes through python-telegram-bot's ``AIORateLimiter``, which keeps under the
    Bot API's flood limits and, on a 429 "retry after", waits and sends again (up to five
    times), so replies arrive late but in order.

    Args:
        settings: gateway settings (token, Bot API base URL, channel name).
        rasa: client of the Rasa server.
        buttons: map of button tokens; a fresh map after a restart expires old buttons.
    """

    def __init__(
        self,
        settings: GatewaySettings,
        rasa: RasaClient,
        buttons: CallbackDataMap,
        retry_seconds: float = RETRY_SECONDS,
        flood_guard: Optional[FloodGuard] = None,
        relay: Optional[ConversationRelay] = None,
    ) -> None:
        self.settings = settings
        self.rasa = rasa
        self.buttons = buttons
        self.flood_guard = flood_guard or FloodGuard()
        self.relay = relay or ConversationRelay(
            rasa, MESSAGES["assistant_unavailable"], retry_seconds, settings.action_health_url
        )
        self.relay.register(settings.telegram_channel_name, ChannelEndpoint(self._deliver_kept, self._notify))
        self._bot: Optional[Bot] = None
        self._seen_updates: "OrderedDict[int, None]" = OrderedDict()

    def build_application(self) -> Application:
        """Build the python-telegram-bot application with every handler registered."""
        application = (
            Application.builder()
            .token(self.settings.telegram_token)
            .base_url(self.settings.telegram_base_url)
            .base_file_url(self.settings.telegram_base_file_url)
            .concurrent_updates(PerChatUpdateProcessor())
            .rate_limiter(AIORateLimiter(max_retries=5))
            .post_init(self.publish_commands)
            .build()
        )
        self._bot = application.bot
        in_private_or_addressed = filters.ChatType.PRIVATE | filters.Entity("mention") | filters.REPLY
        application.add_handler(TypeHandler(Update, self.drop_repeated_update), group=-2)
        application.add_handler(TypeHandler(Update, self.slow_down_flooding_chat), group=-1)
        application.add_handler(CommandHandler("start", self.on_start))
        application.add_handler(CommandHandler("help", self.on_help))
        application.add_handler(CommandHandler("cancel", self.on_cancel))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        application.add_handler(MessageHandler(filters.CONTACT & filters.ChatType.PRIVATE, self.on_contact))
        application.add_handler(
            MessageHandler((filters.PHOTO | filters.Document.ALL) & filters.ChatType.PRIVATE, self.on_file)
        )
        application.add_handler(
            MessageHandler(filters.TEXT & ~filters.COMMAND & in_private_or_addressed, self.on_text)
        )
        application.add_handler(MessageHandler(filters.ChatType.PRIVATE, self.on_unsupported))
        application.add_error_handler(self.on_error)
        return application

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log an error a handler raised; the gateway goes on with the next update."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("Update %s failed: %r", update_id, context.error)

    async def publish_commands(self, application: Application) -> None:
        """Show the main services as the bot's command menu."""
        await application.bot.set_my_commands(COMMANDS)

    def sender_id(self, chat_id: int) -> str:
        """Return the Rasa sender id of a chat."""
        return f"{self.settings.telegram_channel_name}:{chat_id}"

    async def _deliver_kept(self, sender_id: str, replies: List[Dict[str, Any]]) -> None:
        await self.deliver(_chat_id(sender_id), replies, self._bot)

    async def _notify(self, sender_id: str, text: str) -> None:
        await _send(self._bot.send_message, _chat_id(sender_id), text)

    async def drop_repeated_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop an update that was already handled, so a redelivery changes nothing."""
        if update.update_id in self._seen_updates:
            logger.info("Dropped repeated update %s", update.update_id)
            raise ApplicationHandlerStop
        self._seen_updates[update.update_id] = None
        while len(self._seen_updates) > SEEN_UPDATES:
            self._seen_updates.popitem(last=False)

    async def slow_down_flooding_chat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Hold messages of a chat that sends too fast, telling the user once; lose none."""
        if update.effective_chat is None or update.effective_message is None:
            return
        delay = self.flood_guard.delay_for(update.effective_chat.id)
        if delay <= 0:
            return
        if self.flood_guard.should_warn(update.effective_chat.id):
            logger.info("Slowing down chat %s", update.effective_chat.id)
            await context.bot.send_message(update.effective_chat.id, MESSAGES["slow_down"])
        await asyncio.sleep(delay)

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Welcome the user and show what the assistant can do."""
        await context.bot.send_message(update.effective_chat.id, MESSAGES["welcome"])
        await self.forward(update.effective_chat.id, "/help", context)

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show what the assistant can do."""
        await self.forward(update.effective_chat.id, "/help", context)

    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Leave any form, as the user's «لغو» would."""
        await self.forward(update.effective_chat.id, "/stop", context)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forward a text message to Rasa."""
        text = (update.effective_message.text or "").strip()
        if text:
            await self.forward(update.effective_chat.id, text, context)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Act on the first tap of a keyboard; tell later or stale taps what happened."""
        query = update.callback_query
        claim = self.buttons.claim(query.data or "")
        if claim.status == "expired":
            await query.answer(MESSAGES["button_expired"], show_alert=True)
            return
        if claim.status == "used":
            await query.answer(MESSAGES["button_used"])
            return

        await query.answer()
        await query.edit_message_reply_markup(reply_markup=None)
        await self.forward(update.effective_chat.id, claim.choice.payload, context)

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask for a new message instead of acting on an edit of an old one."""
        if update.effective_chat is not None and update.effective_chat.type == "private":
            await context.bot.send_message(update.effective_chat.id, MESSAGES["edited_message"])

    async def on_contact(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forward the user's own shared phone number; refuse someone else's contact."""
        contact = update.effective_message.contact
        if contact.user_id != update.effective_user.id:
            await context.bot.send_message(update.effective_chat.id, MESSAGES["contact_not_own"])
            return
        await self.forward(update.effective_chat.id, contact.phone_number, context, remove_reply_keyboard=True)

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Attach a photo or document to the ticket being opened or just opened."""
        message = update.effective_message
        chat_id = update.effective_chat.id
        sender_id = self.sender_id(chat_id)
        if message.photo:
            item, file_name, content_type = message.photo[-1], f"photo-{message.photo[-1].file_unique_id}.jpg", "image/jpeg"
        else:
            item = message.document
            file_name = item.file_name or "document"
            content_type = item.mime_type or "application/octet-stream"

        try:
            attachments.check_attachment(item.file_size or 0, content_type)
        except attachments.AttachmentRejected as error:
            key = "attachment_too_large" if error.reason == "size" else "attachment_wrong_type"
            await context.bot.send_message(chat_id, MESSAGES[key])
            return

        try:
            state = await self.rasa.conversation_state(sender_id)
        except RasaUnavailable:
            await context.bot.send_message(chat_id, MESSAGES["assistant_unavailable"])
            return
        ticket_code = state["slots"].get("ticket_code")
        if state["active_loop"] != "open_ticket_form" and not ticket_code:
            await context.bot.send_message(chat_id, MESSAGES["attachment_no_ticket"])
            return

        telegram_file = await context.bot.get_file(item.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
        linked_code = None if state["active_loop"] == "open_ticket_form" else ticket_code
        stored = await asyncio.to_thread(_store, sender_id, data, file_name, content_type, linked_code)
        if stored.ticket_code:
            await context.bot.send_message(chat_id, MESSAGES["attachment_linked"].format(code=stored.ticket_code))
        else:
            await context.bot.send_message(chat_id, MESSAGES["attachment_pending"])

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say politely what the assistant can read; never send empty text to Rasa."""
        if update.effective_chat is not None and update.effective_message is not None:
            await context.bot.send_message(update.effective_chat.id, MESSAGES["unsupported_update"])

    async def forward(
        self,
        chat_id: int,
        text: str,
        context: ContextTypes.DEFAULT_TYPE,
        remove_reply_keyboard: bool = False,
    ) -> None:
        """Send one turn to Rasa and deliver its replies to the chat.

        While Rasa or the action server is down, the relay keeps the message and sends
        it to Rasa once they are back; the user gets one notice.
        """
        replies = await self.relay.turn(self.sender_id(chat_id), text)
        if replies is not None:
            await self.deliver(chat_id, replies, context.bot, remove_reply_keyboard)

    async def deliver(
        self,
        chat_id: int,
        replies: List[Dict[str, Any]],
        bot: Bot,
        remove_reply_keyboard: bool = False,
    ) -> None:
        """Send Rasa's replies: text split to fit, buttons as an inline keyboard, images.

        A reply whose custom data contains ``request_contact`` adds Telegram's button that
        shares the user's own number. After a shared contact, that button is removed.
        """
        for reply in replies:
            if (reply.get("custom") or {}).get("request_contact"):
                button = KeyboardButton(MESSAGES["share_contact_button"], request_contact=True)
                markup = ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
                await _send(bot.send_message, chat_id, "👇", reply_markup=markup)
                continue
            if reply.get("image"):
                await _send(bot.send_photo, chat_id, reply["image"])
            text = reply.get("text") or ""
            pieces = split_message(text) if text else []
            keyboard = self._keyboard(reply.get("buttons") or [])
            if keyboard and not pieces:
                pieces = ["👇"]
            for index, piece in enumerate(pieces):
                markup = keyboard if index == len(pieces) - 1 else None
                if markup is None and remove_reply_keyboard:
                    markup = ReplyKeyboardRemove()
                    remove_reply_keyboard = False
                await _send(bot.send_message, chat_id, piece, reply_markup=markup)

    def _keyboard(self, buttons: List[Dict[str, Any]]) -> Any:
        if not buttons:
            return None
        keyboard_id = self.buttons.new_keyboard_id()
        rows = [
            [InlineKeyboardButton(button["title"], callback_data=self.buttons.token_for(keyboard_id, button["payload"], button["title"]))]
            for button in buttons
        ]
        return InlineKeyboardMarkup(rows)


def _chat_id(sender_id: str) -> int:
    return int(sender_id.split(":", 1)[1])


def _store(
    sender_id: str, data: bytes, file_name: str, content_type: str, ticket_code: Optional[str]
) -> attachments.StoredAttachment:
    """Store an attachment in one database transaction (run in a worker thread)."""
    with session_scope() as session:
        return attachments.store_attachment(session, sender_id, data, file_name, content_type, ticket_code)


async def _send(method: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a Bot API send method, trying again with backoff after a network error.

    A 429 is the rate limiter's to wait out; it is not a network error here.
    """
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await method(*args, **kwargs)
        except RetryAfter:
            raise
        except NetworkError as error:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            logger.warning("Send failed (%s), retrying in %d s", error, 2**attempt)
            await asyncio.sleep(2**attempt)
    return None
