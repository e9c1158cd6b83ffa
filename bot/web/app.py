"""The gateway's web application: widget files, the demo page and socket.io."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from aiohttp import web

from bot.web.widget_channel import WidgetChannel

if TYPE_CHECKING:
    from bot.console.routes import StaffConsole

STATIC = Path(__file__).parent / "static"
# The widget is one script for the embedding page, built from these files in this order.
WIDGET_PARTS = ("socket_connection.js", "chat_window.js")
DEMO_PAGE_POLICY = (
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: http: https:; "
    "style-src 'self'; script-src 'self'; font-src 'self'; frame-ancestors 'none'"
)


def build_web_app(widget: WidgetChannel, console: Optional["StaffConsole"] = None) -> web.Application:
    """Build the aiohttp application: the widget, its socket.io endpoint and the console."""
    app = web.Application(middlewares=[_security_headers])
    widget.attach(app)
    if console is not None:
        console.add_routes(app)
    app.router.add_get("/", _demo_page)
    app.router.add_get("/health", _health)
    app.router.add_get("/widget.js", _widget_script)
    app.router.add_get("/favicon.ico", _no_icon)
    app.router.add_static("/static/", STATIC, follow_symlinks=False)
    return app


async def _demo_page(request: web.Request) -> web.StreamResponse:
    response = web.FileResponse(STATIC / "demo.html")
    response.headers["Content-Security-Policy"] = DEMO_PAGE_POLICY
    return response


async def _widget_script(request: web.Request) -> web.Response:
    script = "\n".join((STATIC / part).read_text(encoding="utf-8") for part in WIDGET_PARTS)
    return web.Response(
        text=script,
        content_type="application/javascript",
        charset="utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"},
    )


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@web.middleware
async def _security_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.path.startswith("/static/"):
        # Pages on other sites load the widget's script, style sheet and font.
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response
