"""textual-serve's server, made safe for a couple's sessions.

What the stock ``textual_serve.server.Server`` (1.1.3) does differently, and why it is changed:

* **The address.** It binds the port itself, after printing the URL, so port 0 (a free port)
  would print ``:0``. Here the socket is bound first (:func:`bind`), and the page's URLs are
  built from the address the browser used.
* **A token.** Anyone who can reach the port could open the couple's sessions, and another
  user of this computer can reach a loopback port. Every start makes a new secret token; the
  page needs it (``/?token=...``) and so does the websocket that carries the app
  (``/ws/<token>``: textual.js adds its own query to that URL, so the token is in the path). A
  request for another host name (DNS rebinding) or a websocket opened from another page
  (another origin) is refused too.
* **Nothing from outside.** The stock page loads a stylesheet from Google Fonts. The page here
  (``templates/app_index.html``) uses the same fonts from textual-serve's own package instead,
  and every script, stylesheet and font is served from this computer.
* **Each tab is its own ``reconnect``.** The stock server runs the command through a shell,
  whose process then stands between the server and the app: a signal reaches the shell, not
  reconnect. Here the command is run directly, with the options ``serve`` was given, so each tab
  is a real ``reconnect`` process (the one-writer lock on the data folder applies to it).
* **Stopping.** Closing a tab or stopping the server asks each app to quit through its normal
  exit (which keeps unsent words). The stock stop waits for that without a limit; here an app
  that does not exit within a few seconds is terminated, then killed, and an app outlives a
  crashed server by no more than the moment Linux needs to tell it (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from reconnect import i18n
from reconnect.i18n import _

log = logging.getLogger("reconnect.web")

STATIC = Path(textual_serve.__file__).resolve().parent / "static"
"""textual-serve's own scripts, stylesheet and fonts."""
TEMPLATES = Path(__file__).resolve().parent / "templates"
STOP_SECONDS = 3.0
"""How long an app may take to quit before it is terminated (and as long again, killed)."""
SHUTDOWN_SECONDS = 5.0
TITLE = "reconnect"
LOOPBACK_NAMES = ("localhost",)


# addresses ---------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this computer alone (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port), ready before any URL is shown.
    Raises OSError (the port is taken, the address is not this computer's)."""
    if host.lower() in LOOPBACK_NAMES:
        host = "127.0.0.1"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# one app per tab --------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the app's process before it starts: Linux sends it SIGTERM if the server dies, even
    by SIGKILL (Textual's web driver would otherwise wait on its input for ever)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


class AppProcess(AppService):
    """One tab's ``reconnect``: run directly (no shell), stopped within a time limit."""

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        # whatever the server's own terminal is, the browser's is a full terminal
        environment.pop("RECONNECT_PLAIN", None)
        environment["TERM"] = "xterm-256color"
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> \
            asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            preexec_fn=_die_with_parent)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Ask the app to quit (its normal exit keeps unsent words); terminate it, then kill
        it, if it does not."""
        task, process = self._task, self._process
        if task is None:
            return
        self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            if process is not None and process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), timeout)
                except TimeoutError:
                    process.kill()
            await task
        if process is not None:
            await process.wait()
        try:
            await self.remote_close()  # an app that was stopped never said goodbye itself
        except Exception:  # the browser has gone already
            pass


# the server -------------------------------------------------------------------------------------


class ReconnectServer(Server):
    """Serves ``argv`` (a ``reconnect`` command line) to every tab that has the token."""

    def __init__(self, argv: Sequence[str], *, sock: socket.socket, token: str,
                 any_host: bool = False, statics_path: Path = STATIC,
                 closed_message: str = "") -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(shlex.join(argv), host=host, port=port, title=TITLE,
                         public_url=f"http://{url_host(host)}:{port}",
                         statics_path=statics_path, templates_path=TEMPLATES)
        self.argv = list(argv)
        self.sock = sock
        self.token = token
        self.any_host = any_host
        """Serve whatever host name the browser used (an address open to others, allowed with
        --allow-remote); otherwise only this socket's own address."""
        self.closed_message = closed_message
        self.services: set[AppProcess] = set()

    @property
    def url(self) -> str:
        """The address to open, token included."""
        return f"{self.public_url}/?token={self.token}"

    # guarding every request ------------------------------------------------------------------

    def allowed_host(self, host: str | None) -> bool:
        if self.any_host:
            return True
        names = {f"{url_host(self.host)}:{self.port}"}
        if is_loopback(self.host):
            names.add(f"localhost:{self.port}")
        return host in names

    def token_ok(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(candidate.encode(),
                                                             self.token.encode())

    @web.middleware
    async def guard(self, request: web.Request,
                    handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) \
            -> web.StreamResponse:
        if not self.allowed_host(request.host):
            raise web.HTTPForbidden(text=_("reconnect does not answer to this address."))
        path = request.path
        if not path.startswith("/static/") and path != "/favicon.ico":
            candidate = request.match_info.get("token") or request.query.get("token")
            if not self.token_ok(candidate):
                raise web.HTTPForbidden(text=_("This address needs the whole link that "
                                               "reconnect serve printed, with its token."))
            origin = request.headers.get("Origin")
            if path.startswith("/ws/") and origin is not None \
                    and origin != f"http://{request.host}":
                raise web.HTTPForbidden(text=_("Another page may not open reconnect."))
        response = await handler(request)
        if path == "/":
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                f"connect-src 'self' ws://{request.host}; frame-ancestors 'none'")
        return response

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            web.get("/favicon.ico", self.handle_favicon),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_favicon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def handle_index(self, request: web.Request) -> web.Response:
        base = f"http://{request.host}"
        socket_path = request.app.router["websocket"].url_for(token=self.token)
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.host}{socket_path}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "closed_message": self.closed_message,
            "lang": i18n.current(),
            "start_label": _("Start"),
            "open_again_label": _("Open again"),
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: start its own ``reconnect`` and carry its screen and keys."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppProcess | None = None
        try:
            await websocket.prepare(request)
            service = AppProcess(self.argv, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager, debug=self.debug)
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if service is not None:
                await asyncio.shield(service.stop())
                self.services.discard(service)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Before the server stops: every tab's app quits through its normal exit."""
        await asyncio.gather(*(service.stop() for service in list(self.services)),
                             return_exceptions=True)

    async def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Serve until SIGINT (Ctrl+C) or SIGTERM; ``ready`` is called once listening."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        site = web.SockSite(runner, self.sock, shutdown_timeout=SHUTDOWN_SECONDS)
        await site.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        ready()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()  # on_shutdown first: every app quits, then the sockets close
