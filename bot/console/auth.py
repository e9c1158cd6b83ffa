"""Staff sign-in for the console: session cookies and protection against forged requests.

A signed-in staff member has a random session token in an HttpOnly, SameSite=Strict
cookie; the database keeps only its hash. Every request that changes something must also
carry the session's CSRF token in the ``X-CSRF-Token`` header, and, when the browser
sends an ``Origin`` header, come from the gateway's own origin. The sign-in request
itself needs the ``X-Requested-With: servicedesk-console`` header, which a page on
another site cannot send without a CORS preflight that the gateway never allows.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable, Optional
from urllib.parse import urlsplit

from aiohttp import web

from servicedesk.db import session_scope
from servicedesk.services import staff as staff_service

logger = logging.getLogger(__name__)
COOKIE = "servicedesk_console"
SIGN_IN_HEADER = "servicedesk-console"
CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class SignedIn:
    """The staff member behind a request."""

    staff_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


Handler = Callable[[web.Request, SignedIn], Awaitable[web.StreamResponse]]


def error(status: int, message: str) -> web.Response:
    """Return a JSON error whose message staff read in the console (Persian)."""
    return web.json_response({"error": message}, status=status)


def same_origin(request: web.Request) -> bool:
    """Tell whether a browser's Origin header, if sent, names this gateway."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.host


def signed_in(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a console handler: require a valid session and, for changes, the CSRF token."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        token = request.cookies.get(COOKIE)
        staff = await asyncio.to_thread(_staff_for_token, token) if token else None
        if staff is None:
            return error(401, "لطفاً دوباره وارد شوید.")
        if request.method in CHANGING_METHODS:
            sent = request.headers.get("X-CSRF-Token", "")
            if not same_origin(request) or not hmac.compare_digest(sent, staff.csrf_token):
                logger.warning("Rejected a console request without a valid CSRF token from staff %s", staff.username)
                return error(403, "درخواست نامعتبر است؛ صفحه را دوباره بارگذاری کنید.")
        return await handler(request, staff)

    return guarded


async def sign_in(request: web.Request, secure_cookie: bool) -> web.Response:
    """Check a username and password and start a session."""
    if request.headers.get("X-Requested-With") != SIGN_IN_HEADER or not same_origin(request):
        return error(403, "درخواست نامعتبر است؛ صفحه را دوباره بارگذاری کنید.")
    try:
        body = await request.json()
    except ValueError:
        return error(400, "نام کاربری و گذرواژه را وارد کنید.")
    username = str(body.get("username") or "").strip().lower()
    password = str(body.get("password") or "")
    result = await asyncio.to_thread(_start_session, username, password)
    if result is None:
        logger.info("Failed console sign-in for %r", username)
        return error(401, "نام کاربری یا گذرواژه درست نیست.")

    token, staff = result
    response = web.json_response({"staff": _public(staff), "csrf_token": staff.csrf_token})
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=secure_cookie, path="/console")
    return response


async def sign_out(request: web.Request, staff: SignedIn) -> web.Response:
    """End the session behind the request's cookie."""
    token = request.cookies.get(COOKIE, "")
    await asyncio.to_thread(_end_session, token)
    response = web.json_response({"signed_out": True})
    response.del_cookie(COOKIE, path="/console")
    return response


async def who_am_i(request: web.Request, staff: SignedIn) -> web.Response:
    """Return the signed-in staff member and the CSRF token for later changes."""
    return web.json_response({"staff": _public(staff), "csrf_token": staff.csrf_token})


def _public(staff: SignedIn) -> dict:
    return {"id": staff.staff_id, "username": staff.username, "display_name": staff.display_name, "role": staff.role}


def _staff_for_token(token: str) -> Optional[SignedIn]:
    with session_scope() as session:
        found = staff_service.staff_for_token(session, token)
        if found is None:
            return None
        member, staff_session = found
        return SignedIn(member.id, member.username, member.display_name, member.role, staff_session.csrf_token)


def _start_session(username: str, password: str) -> Optional[tuple]:
    with session_scope() as session:
        member = staff_service.authenticate(session, username, password)
        if member is None:
            return None
        token, csrf_token = staff_service.start_session(session, member)
        return token, SignedIn(member.id, member.username, member.display_name, member.role, csrf_token)


def _end_session(token: str) -> None:
    with session_scope() as session:
        staff_service.end_session(session, token)
