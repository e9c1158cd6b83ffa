"""A fake Telegram Bot API server on loopback, for driving the gateway in tests.

It implements the few methods python-telegram-bot calls while polling and replying,
queues updates that a test pushes, and records every call the gateway makes.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any, Dict, List, Optional, Tuple

from aiohttp import web

BOT_USER = {"id": 1000, "is_bot": True, "first_name": "میز خدمت", "username": "servicedesk_test_bot"}


class FakeBotApi:
    """The fake server's state: queued updates and recorded calls."""

    def __init__(self) -> None:
        self.updates: List[Dict[str, Any]] = []
        self.calls: List[Dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._runner: Optional[web.AppRunner] = None
        self.port = 0
        self.flood_replies_left = 0
        self.flood_retry_after = 1
        self.flood_methods = ("sendMessage", "sendPhoto")
        self.flood_chat: Optional[int] = None
        self.broken_sends_left = 0
        self.files: Dict[str, bytes] = {}
        # What each chat's user sent and saw, in arrival order: (chat id, line).
        self.chat_log: List[Tuple[int, str]] = []

    async def start(self) -> str:
        """Start listening on a free loopback port and return the Bot API base URL."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()

    def flood(
        self, replies: int, retry_after: int = 1, methods=("sendMessage", "sendPhoto"), chat_id: Optional[int] = None
    ) -> None:
        """Reject the next ``replies`` calls of ``methods`` (to ``chat_id`` only, if given)
        with 429 "retry after ``retry_after``"."""
        self.flood_replies_left = replies
        self.flood_retry_after = retry_after
        self.flood_methods = tuple(methods)
        self.flood_chat = chat_id

    def break_sends(self, count: int) -> None:
        """Reject the next ``count`` sendMessage calls with 502 Bad Gateway."""
        self.broken_sends_left = count

    def push_photo(self, chat_id: int, data: bytes) -> int:
        """Queue a photo message whose file the gateway can download."""
        file_id = f"photo-{len(self.files) + 1}"
        self.files[file_id] = data
        message = self._message(chat_id, text="")
        del message["text"]
        message["photo"] = [
            {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 90, "height": 90, "file_size": len(data)}
        ]
        return self.push({"message": message})

    def push_text(self, chat_id: int, text: str, update_id: Optional[int] = None) -> int:
        """Queue a text message from a private chat; return its update id."""
        return self.push({"message": self._message(chat_id, text=text)}, update_id)

    def push_button_tap(self, chat_id: int, data: str, message_id: int) -> int:
        """Queue a callback query from a tap on an inline button."""
        query = {
            "id": str(time.monotonic_ns()),
            "from": self._user(chat_id),
            "chat_instance": str(chat_id),
            "data": data,
            "message": {**self._message(chat_id, text="…"), "message_id": message_id, "from": BOT_USER},
        }
        return self.push({"callback_query": query})

    def push(self, body: Dict[str, Any], update_id: Optional[int] = None) -> int:
        """Queue any update body; reusing ``update_id`` simulates a redelivery."""
        update_id = update_id or next(self._update_ids)
        self.updates.append({"update_id": update_id, **body})
        self._log_user_side(body)
        self._new_update.set()
        return update_id

    def transcript(self, chat_id: int) -> str:
        """Return the chat as its user saw it: «user:» and «bot:» lines, buttons in brackets."""
        return "\n".join(line for chat, line in self.chat_log if chat == chat_id)

    def _log_user_side(self, body: Dict[str, Any]) -> None:
        if "callback_query" in body:
            query = body["callback_query"]
            self.chat_log.append((int(query["from"]["id"]), f"user taps: {query['data']}"))
            return
        message = body.get("message") or body.get("edited_message") or {}
        if "chat" in message:
            content = message.get("text") or "[other]"
            if "contact" in message:
                content = "[contact]"
            elif "photo" in message:
                content = "[photo]"
            self.chat_log.append((int(message["chat"]["id"]), f"user: {content}"))

    def _log_bot_side(self, method: str, params: Dict[str, Any]) -> None:
        if method not in ("sendMessage", "sendPhoto", "answerCallbackQuery") or "chat_id" not in params and method != "answerCallbackQuery":
            return
        if method == "answerCallbackQuery":
            if params.get("text"):
                self.chat_log.append((self._last_chat(), f"bot (notice): {params['text']}"))
            return
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        buttons = [button.get("text") for row in (markup or {}).get("inline_keyboard", []) + (markup or {}).get("keyboard", []) for button in row]
        line = f"bot: {params.get('text') or '[photo]'}" + (f"  [{' | '.join(buttons)}]" if buttons else "")
        self.chat_log.append((int(params["chat_id"]), line))

    def _last_chat(self) -> int:
        return self.chat_log[-1][0] if self.chat_log else 0

    def sent_texts(self, chat_id: int) -> List[str]:
        """Return the texts sent to ``chat_id`` so far, in order."""
        return [
            call["params"]["text"]
            for call in self.calls
            if call["method"] == "sendMessage" and int(call["params"]["chat_id"]) == chat_id
        ]

    def last_keyboard(self, chat_id: int) -> List[Dict[str, Any]]:
        """Return the inline buttons of the last message that had some, sent to ``chat_id``."""
        for call in reversed(self.calls):
            params = call["params"]
            if call["method"] == "sendMessage" and int(params["chat_id"]) == chat_id and params.get("reply_markup"):
                markup = params["reply_markup"]
                markup = json.loads(markup) if isinstance(markup, str) else markup
                if "inline_keyboard" not in markup:
                    continue
                return [
                    {**button, "message_id": call["message_id"]}
                    for row in markup["inline_keyboard"]
                    for button in row
                ]
        return []

    async def wait_for_texts(self, chat_id: int, count: int, timeout: float = 60.0) -> List[str]:
        """Wait until at least ``count`` texts were sent to ``chat_id``."""
        deadline = time.monotonic() + timeout
        while len(self.sent_texts(chat_id)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {self.sent_texts(chat_id)} reached chat {chat_id}")
            await asyncio.sleep(0.1)
        return self.sent_texts(chat_id)

    async def wait_for_text_containing(self, chat_id: int, fragment: str, timeout: float = 60.0) -> str:
        """Wait until a text containing ``fragment`` was sent to ``chat_id``; return it."""
        deadline = time.monotonic() + timeout
        while True:
            found = [text for text in self.sent_texts(chat_id) if fragment in text]
            if found:
                return found[-1]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no text with {fragment!r} in {self.sent_texts(chat_id)}")
            await asyncio.sleep(0.1)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        call = {"method": method, "params": params, "message_id": None}
        self.calls.append(call)
        self._log_bot_side(method, params)

        if method == "sendMessage" and self.broken_sends_left > 0:
            self.broken_sends_left -= 1
            call["method"] = "sendMessage (rejected: bad gateway)"
            return web.json_response({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502)
        flooded_chat = self.flood_chat is None or str(params.get("chat_id")) == str(self.flood_chat)
        if method in self.flood_methods and self.flood_replies_left > 0 and flooded_chat:
            self.flood_replies_left -= 1
            call["method"] = f"{method} (rejected: flood)"
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.flood_retry_after}",
                    "parameters": {"retry_after": self.flood_retry_after},
                },
                status=429,
            )
        if method == "getMe":
            return self._ok(BOT_USER)
        if method == "getFile":
            file_id = params["file_id"]
            return self._ok(
                {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(self.files[file_id]), "file_path": f"photos/{file_id}.jpg"}
            )
        if method == "getUpdates":
            return self._ok(await self._updates(params))
        if method in ("sendMessage", "sendPhoto"):
            call["message_id"] = next(self._message_ids)
            message = {
                "message_id": call["message_id"],
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
            return self._ok(message)
        return self._ok(True)

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return web.Response(body=self.files[file_id], content_type="image/jpeg")

    async def _updates(self, params: Dict[str, Any]) -> List[Dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        pending = [update for update in self.updates if update["update_id"] >= offset]
        if not pending:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout") or 0), 1.0))
            except asyncio.TimeoutError:
                return []
            pending = [update for update in self.updates if update["update_id"] >= offset]
        delivered = pending
        self.updates = [update for update in self.updates if update not in delivered]
        return delivered

    @staticmethod
    async def _params(request: web.Request) -> Dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        params: Dict[str, Any] = {}
        for key, value in form.items():
            if key == "text":
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except (TypeError, ValueError):
                params[key] = value
        return params

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _message(self, chat_id: int, text: str) -> Dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "کاربر"},
            "from": self._user(chat_id),
            "text": text,
        }

    @staticmethod
    def _user(chat_id: int) -> Dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "کاربر", "language_code": "fa"}
