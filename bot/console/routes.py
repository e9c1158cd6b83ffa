"""The staff console's pages and JSON API under ``/console``.

Agents see the queue and the conversations they hold; supervisors see every
conversation and can reassign. Replies, notes, tickets and closing work only on a
conversation assigned to the staff member (supervisors: any open one).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from aiohttp import web

from bot.console import auth
from bot.console.auth import SignedIn, error, signed_in
from bot.console.conversation_view import conversation_records, handoff_summary, tracker_view
from bot.handoff.desk import HandoffClosed, HandoffDesk
from bot.handoff.live_events import LiveEvents
from bot.rasa_client import RasaClient, RasaUnavailable
from servicedesk.db import session_scope
from servicedesk.models import Handoff
from servicedesk.services import handoffs, staff as staff_service, tickets

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
CANNED = yaml.safe_load((Path(__file__).parent / "canned_responses.yml").read_text(encoding="utf-8"))
MAX_TEXT = 2000
PAGE_POLICY = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'"
)
HEARTBEAT_SECONDS = 15


class StaffConsole:
    """The console's handlers.

    Args:
        desk: routing of handed-off conversations.
        rasa: client of the Rasa servers, for transcripts.
        live: the stream of live events.
        secure_cookie: mark the session cookie Secure (behind HTTPS).
    """

    def __init__(self, desk: HandoffDesk, rasa: RasaClient, live: LiveEvents, secure_cookie: bool = False) -> None:
        self.desk = desk
        self.rasa = rasa
        self.live = live
        self.secure_cookie = secure_cookie

    def add_routes(self, app: web.Application) -> None:
        """Register the console's page, API and event stream."""
        app.router.add_get("/console", self.page)
        app.router.add_post("/console/api/sign-in", self.sign_in)
        app.router.add_post("/console/api/sign-out", signed_in(auth.sign_out))
        app.router.add_get("/console/api/me", signed_in(auth.who_am_i))
        app.router.add_get("/console/api/queue", signed_in(self.queue))
        app.router.add_get("/console/api/staff", signed_in(self.staff_list))
        app.router.add_get("/console/api/canned", signed_in(self.canned))
        app.router.add_get("/console/api/handoffs/{id:\\d+}", signed_in(self.conversation))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/claim", signed_in(self.claim))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/reply", signed_in(self.reply))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/notes", signed_in(self.add_note))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/ticket", signed_in(self.open_ticket))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/close", signed_in(self.close))
        app.router.add_post("/console/api/handoffs/{id:\\d+}/reassign", signed_in(self.reassign))
        app.router.add_get("/console/events", signed_in(self.events))
        app.router.add_static("/console/static/", STATIC, follow_symlinks=False)

    async def page(self, request: web.Request) -> web.StreamResponse:
        response = web.FileResponse(STATIC / "console.html")
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        response.headers["Cache-Control"] = "no-store"
        return response

    async def sign_in(self, request: web.Request) -> web.Response:
        return await auth.sign_in(request, self.secure_cookie)

    async def queue(self, request: web.Request, staff: SignedIn) -> web.Response:
        rows = await asyncio.to_thread(_visible_handoffs, staff.staff_id)
        return web.json_response({"handoffs": rows})

    async def staff_list(self, request: web.Request, staff: SignedIn) -> web.Response:
        if not staff.is_supervisor:
            return error(403, "این بخش فقط برای سرپرست است.")
        members = await asyncio.to_thread(_active_staff)
        return web.json_response({"staff": members})

    async def canned(self, request: web.Request, staff: SignedIn) -> web.Response:
        categories = await asyncio.to_thread(_ticket_categories)
        return web.json_response({"responses": CANNED, "ticket_categories": categories})

    async def conversation(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        records = await asyncio.to_thread(conversation_records, handoff_id)
        if records is None or not _may_read(staff, records["handoff"]):
            return error(404, "این گفتگو پیدا نشد.")
        try:
            tracker = await self.rasa.tracker(records["handoff"]["sender_id"])
        except RasaUnavailable:
            return error(503, "متن گفتگو اکنون در دسترس نیست؛ کمی بعد دوباره تلاش کنید.")
        return web.json_response({**records, **tracker_view(tracker)})

    async def claim(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        won = await asyncio.to_thread(_claim, handoff_id, staff.staff_id)
        if not won:
            return error(409, "این گفتگو را کارشناس دیگری برداشته است.")
        await self.live.publish("queue", {"handoff_id": handoff_id})
        return web.json_response({"claimed": True})

    async def reply(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        text = await _text_field(request, "text")
        if text is None:
            return error(400, f"متن پاسخ باید بین ۱ تا {MAX_TEXT} نویسه باشد.")
        handoff = await asyncio.to_thread(_held_handoff, handoff_id, staff)
        if handoff is None:
            return error(409, "این گفتگو در دست شما نیست.")
        try:
            await self.desk.staff_reply(handoff_id, handoff["sender_id"], staff.display_name, staff.staff_id, text)
        except RasaUnavailable:
            return error(503, "پاسخ فرستاده نشد؛ کمی بعد دوباره تلاش کنید.")
        return web.json_response({"sent": True})

    async def add_note(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        text = await _text_field(request, "text")
        if text is None:
            return error(400, f"متن یادداشت باید بین ۱ تا {MAX_TEXT} نویسه باشد.")
        records = await asyncio.to_thread(conversation_records, handoff_id)
        if records is None or not _may_read(staff, records["handoff"]):
            return error(404, "این گفتگو پیدا نشد.")
        await asyncio.to_thread(_add_note, handoff_id, staff.staff_id, text)
        await self.live.publish("note", {"handoff_id": handoff_id})
        return web.json_response({"saved": True})

    async def open_ticket(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        try:
            body = await request.json()
        except ValueError:
            body = {}
        category = str(body.get("category") or "other")
        description = str(body.get("description") or "").strip()
        mobile = str(body.get("mobile") or "").strip()
        if not description or len(description) > MAX_TEXT or not (len(mobile) == 11 and mobile.startswith("09") and mobile.isdigit()):
            return error(400, "شرح تیکت و شماره همراه ۱۱ رقمی (مانند 09123456789) لازم است.")
        handoff = await asyncio.to_thread(_held_handoff, handoff_id, staff)
        if handoff is None:
            return error(409, "این گفتگو در دست شما نیست.")
        try:
            code = await asyncio.to_thread(_open_ticket, handoff_id, handoff["sender_id"], category, description, mobile)
        except ValueError:
            return error(400, "موضوع تیکت نامعتبر است.")
        await self.live.publish("note", {"handoff_id": handoff_id})
        return web.json_response({"ticket_code": code})

    async def close(self, request: web.Request, staff: SignedIn) -> web.Response:
        handoff_id = int(request.match_info["id"])
        handoff = await asyncio.to_thread(_held_handoff, handoff_id, staff)
        if handoff is None:
            return error(409, "این گفتگو در دست شما نیست.")
        try:
            await self.desk.close(handoff_id, "agent")
        except HandoffClosed:
            return error(409, "این گفتگو پیش‌تر بسته شده است.")
        return web.json_response({"closed": True})

    async def reassign(self, request: web.Request, staff: SignedIn) -> web.Response:
        if not staff.is_supervisor:
            return error(403, "فقط سرپرست می‌تواند گفتگو را به کارشناس دیگری بسپارد.")
        handoff_id = int(request.match_info["id"])
        try:
            target = int((await request.json()).get("staff_id"))
        except (ValueError, TypeError, AttributeError):
            return error(400, "کارشناس مقصد را انتخاب کنید.")
        moved = await asyncio.to_thread(_reassign, handoff_id, target)
        if not moved:
            return error(409, "این گفتگو را نمی‌توان واگذار کرد.")
        await self.live.publish("queue", {"handoff_id": handoff_id})
        return web.json_response({"reassigned": True})

    async def events(self, request: web.Request, staff: SignedIn) -> web.StreamResponse:
        """Stream live events (server-sent events) until the console disconnects."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
        await response.prepare(request)
        queue = self.live.listen()
        try:
            await response.write(b"event: ready\ndata: {}\n\n")
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except asyncio.TimeoutError:
                    message = ": keep-alive\n\n"
                await response.write(message.encode("utf-8"))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.live.stop_listening(queue)
        return response


def _may_read(staff: SignedIn, handoff: Dict[str, Any]) -> bool:
    """Agents read queued conversations and their own; supervisors read every one."""
    if staff.is_supervisor or handoff["status"] == "queued":
        return True
    return handoff["agent"] is not None and handoff["agent"]["id"] == staff.staff_id


async def _text_field(request: web.Request, name: str) -> Optional[str]:
    try:
        text = str((await request.json()).get(name) or "").strip()
    except (ValueError, AttributeError):
        return None
    return text if 0 < len(text) <= MAX_TEXT else None


def _visible_handoffs(staff_id: int) -> List[Dict[str, Any]]:
    with session_scope() as session:
        member = staff_service.staff_by_id(session, staff_id)
        return [handoff_summary(session, handoff) for handoff in handoffs.visible_handoffs(session, member)]


def _active_staff() -> List[Dict[str, Any]]:
    with session_scope() as session:
        return [
            {"id": member.id, "display_name": member.display_name, "role": member.role}
            for member in staff_service.list_staff(session)
            if member.active
        ]


def _ticket_categories() -> List[Dict[str, str]]:
    with session_scope() as session:
        return [{"id": item.id, "name": item.name} for item in tickets.list_categories(session)]


def _claim(handoff_id: int, staff_id: int) -> bool:
    with session_scope() as session:
        return handoffs.claim(session, handoff_id, staff_id)


def _reassign(handoff_id: int, staff_id: int) -> bool:
    with session_scope() as session:
        return handoffs.reassign(session, handoff_id, staff_id)


def _held_handoff(handoff_id: int, staff: SignedIn) -> Optional[Dict[str, Any]]:
    """Return the open handoff if the staff member may act on it."""
    with session_scope() as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None or handoff.status == "closed":
            return None
        if not staff.is_supervisor and handoff.agent_id != staff.staff_id:
            return None
        return {"sender_id": handoff.sender_id}


def _add_note(handoff_id: int, staff_id: int, text: str) -> None:
    with session_scope() as session:
        handoffs.add_note(session, handoff_id, staff_id, text)


def _open_ticket(handoff_id: int, sender_id: str, category: str, description: str, mobile: str) -> str:
    """Open the conversation's ticket; one per handoff, so a repeated click changes nothing."""
    with session_scope() as session:
        if category not in {item.id for item in tickets.list_categories(session)}:
            raise ValueError(f"unknown ticket category {category!r}")
        opened = tickets.open_ticket(session, sender_id, category, description, mobile, request_key=f"handoff:{handoff_id}")
        return opened.ticket.code
