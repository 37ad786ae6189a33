"""``reconnect serve``: check the address, bind it, print the link, serve until Ctrl+C."""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reconnect import i18n
from reconnect.files import os_cause
from reconnect.i18n import N_, _
from reconnect.web.server import STATIC, ReconnectServer, bind, is_loopback, url_host

TOKEN_BYTES = 24

REFUSED = N_("reconnect serve listens on this computer only (a loopback address such as "
             "127.0.0.1). {host} is not one: anyone who can reach it could open your sessions. "
             "To allow that anyway, add --allow-remote.")
REMOTE_WARNING = N_("Warning: reconnect is listening on {host}. Anyone who can reach that "
                    "address can open your sessions, read what you wrote and write in your "
                    "name. The link's token keeps out people who do not have the link, but the "
                    "connection is not encrypted. Stop the server (Ctrl+C) as soon as you are "
                    "done.")


def app_command(*, data_dir: Path, extra: Sequence[Path], demo: bool) -> list[str]:
    """The ``reconnect`` each tab runs: this Python, with the options ``serve`` was given."""
    argv = [sys.executable, "-m", "reconnect", "--data-dir", str(data_dir.expanduser().resolve())]
    for folder in extra:
        argv += ["--exercises", str(folder.expanduser().resolve())]
    if demo:
        argv.append("--demo")
    # each tab speaks the language and lists the helplines that serve was started with
    argv += ["--lang", i18n.current()]
    if i18n.country():
        argv += ["--country", i18n.country()]
    return argv


def is_unspecified(host: str) -> bool:
    """``0.0.0.0`` or ``::``: every address of this computer."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def serve(*, host: str, port: int, allow_remote: bool, open_browser: bool, demo: bool,
          data_dir: Path, extra: Sequence[Path], statics_path: Path = STATIC,
          out: TextIO | None = None) -> int:
    """Serve reconnect to browser tabs until Ctrl+C; returns the exit code."""
    out = out if out is not None else sys.stdout
    remote = not is_loopback(host)
    if remote and not allow_remote:
        sys.stderr.write("reconnect: " + _(REFUSED).format(host=host) + "\n")
        return 2
    try:
        sock = bind(host, port)
    except OSError as error:
        sys.stderr.write("reconnect: " + _("cannot listen on {host} port {port}: {cause}.")
                         .format(host=host, port=port, cause=os_cause(error)) + "\n")
        return 1
    closed = (_("reconnect has closed. This was a demonstration: nothing was saved.") if demo
              else _("reconnect has closed. Everything is saved."))
    server = ReconnectServer(app_command(data_dir=data_dir, extra=extra, demo=demo), sock=sock,
                             token=secrets.token_urlsafe(TOKEN_BYTES),
                             any_host=is_unspecified(host), statics_path=statics_path,
                             closed_message=closed)

    def ready() -> None:
        url = server.url
        if is_unspecified(host):
            bound_port = server.port
            url = f"http://{url_host('127.0.0.1')}:{bound_port}/?token={server.token}"
            out.write(_("reconnect is listening on every address of this computer, port "
                        "{port}. From another computer, open {link} with this computer's "
                        "address.").format(
                            port=bound_port,
                            link=f"http://ADDRESS:{bound_port}/?token={server.token}") + "\n")
        out.write(_("Open reconnect in your browser at:") + f"\n\n  {url}\n\n")
        if remote:
            out.write(_(REMOTE_WARNING).format(host=host) + "\n\n")
        else:
            out.write(_("Only this computer can reach it, and only with this link (it changes "
                        "every time).") + "\n")
        out.write(_("Each browser tab is its own reconnect. Press Ctrl+C here to stop;") + " "
                  + (_("nothing is saved in a demonstration.") if demo
                     else _("everything is saved as you go.")) + "\n")
        out.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    try:
        asyncio.run(server.run(ready))
    finally:
        sock.close()
    out.write(_("Stopped.") + ("" if demo else " " + _("Everything is saved.")) + "\n")
    out.flush()
    return 0
