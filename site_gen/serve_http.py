"""serve's HTTP side: the threaded server of the standard library that answers the preview's files
(a WSGI app), and the live reload: a same-origin script in every page holding a WebSocket to the
server, told after each rebuild (serve.py runs the watcher and the rebuilds).
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import os
import select
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

RELOAD_SCRIPT = "/__serve__/reload.js"
RELOAD_SOCKET = "/__serve__/socket"
HEARTBEAT_S = 15  # how often an idle reload socket is pinged (and a closed tab's thread ends)


def respond(start_response: StartResponse, status: str, ctype: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]



# --- reloading the browser ------------------------------------------------------------------------

# The page knows the build it was served from; the server says which build is the latest when the
# socket opens and after every rebuild. A page older than that reloads: a rebuild that lands while
# the page loads is not missed, and when serve restarts (a new run, new names) open tabs reload.
RELOAD_JS = b"""// serve's live reload: reload this page when the preview has a newer build than the page's.
(() => {
  const build = document.currentScript.dataset.build;
  const connect = () => {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}%s`);
    socket.onmessage = (event) => { if (event.data !== build) location.reload(); };
    socket.onclose = () => setTimeout(connect, 1000);  // serve stopped or restarting: try again
  };
  connect();
})();
""".replace(b"%s", RELOAD_SOCKET.encode())


class Reloads:
    """The builds the pages are told about: `token()` names the latest, `announce()` makes a new
    one after a rebuild, `wait()` blocks a reload socket's thread until there is a newer one."""

    def __init__(self) -> None:
        self._run = os.urandom(4).hex()  # this run of serve
        self._count = 0
        self._changed = threading.Condition()

    def token(self) -> str:
        return f"{self._run}-{self._count}"

    def announce(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def wait(self, seen: str | None, timeout: float) -> str | None:
        """The latest build's token once it is not `seen`; None if none came within `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self.token() != seen, timeout)
            latest = self.token()
        return latest if latest != seen else None


def live(app: WSGIApplication, reloads: Reloads) -> WSGIApplication:
    """`app` (WSGI) with the reload script in every HTML page, naming the build it comes from, and
    the script itself at RELOAD_SCRIPT."""

    def live(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == RELOAD_SCRIPT:
            return respond(start_response, "200 OK", "text/javascript; charset=utf-8", RELOAD_JS)
        # Taken before the page is read: the page is at least as new as this build, so a newer
        # build's announcement (made once its pages are written) reloads it.
        token = reloads.token()
        status, headers, body = _call(app, environ)
        ctype = next((value for name, value in headers if name.lower() == "content-type"), "")
        if ctype.startswith("text/html") and b"</head>" in body:
            tag = f'<script src="{RELOAD_SCRIPT}" data-build="{token}"></script>'.encode()
            body = body.replace(b"</head>", tag + b"</head>", 1)
            headers = [(name, str(len(body)) if name.lower() == "content-length" else value) for name, value in headers]
        start_response(status, headers)
        return [body]

    return live


def _call(app: WSGIApplication, environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], bytes]:
    """A WSGI app's whole answer: status, headers, body."""
    answered: list[tuple[str, list[tuple[str, str]]]] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
        answered.append((status, headers))
        return written.append

    body = b"".join(app(environ, start_response))
    return answered[-1][0], answered[-1][1], b"".join(written) + body


# --- the HTTP server ------------------------------------------------------------------------------

WEBSOCKET_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, 1.3


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """One thread per connection (a reload socket holds one while its tab is open)."""

    daemon_threads = True

    def __init__(self, host: str, port: int, app: WSGIApplication, hosts: frozenset[str], reloads: Reloads):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app, self.hosts, self.reloads = app, hosts, reloads
        super().__init__((host.strip("[]"), port), Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # (HTTPServer's also looks the address up in the DNS)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed mid-answer: nothing to say
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD through the WSGI app; the reload socket's WebSocket upgrade, for own hosts."""

    server: Server
    server_version = "site-gen-serve"

    def do_GET(self) -> None:
        # (A foreign Host goes to the app, which refuses it.)
        if self.path.partition("?")[0] == RELOAD_SOCKET and self.headers.get("Host", "").lower() in self.server.hosts:
            self._reload_socket()
        else:
            self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        path, _, query = self.path.partition("?")
        host, port = self.server.server_address[:2]
        environ = {"REQUEST_METHOD": self.command, "SCRIPT_NAME": "",
                   "PATH_INFO": unquote_to_bytes(path).decode("latin-1"), "QUERY_STRING": query,
                   "SERVER_NAME": str(host), "SERVER_PORT": str(port), "SERVER_PROTOCOL": self.request_version,
                   "HTTP_HOST": self.headers.get("Host", ""), "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
                   "wsgi.input": self.rfile, "wsgi.errors": sys.stderr, "wsgi.multithread": True,
                   "wsgi.multiprocess": False, "wsgi.run_once": False}
        status, headers, body = _call(self.server.app, environ)
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _same_origin(self) -> bool:
        """A WebSocket is not bound by the same-origin policy: another site's page may open one to
        127.0.0.1 with the right Host. Its browser says where it comes from: refused."""
        origin = self.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc.lower() in self.server.hosts

    def _reload_socket(self) -> None:
        """The WebSocket of a page's reload script: the latest build's token, now and after every
        rebuild; a ping when idle. Ends when the tab goes (a close frame, the connection closed)."""
        if not self._same_origin():
            self.send_error(403, "expected a page of this preview")
            return
        key = self.headers.get("Sec-WebSocket-Key", "").encode()
        if self.headers.get("Upgrade", "").lower() != "websocket" or not key \
                or self.headers.get("Sec-WebSocket-Version") != "13":
            self.send_error(400, "expected a WebSocket version 13 handshake")
            return
        accept = base64.b64encode(hashlib.sha1(key + WEBSOCKET_GUID).digest()).decode()
        self.wfile.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        self.close_connection = True
        connection: socket.socket = self.connection
        seen = None
        try:
            while True:
                latest = self.server.reloads.wait(seen, HEARTBEAT_S)
                if latest is not None:
                    payload = latest.encode()  # a few bytes: the one-byte length of RFC 6455 5.2
                    connection.sendall(bytes((0x81, len(payload))) + payload)
                    seen = latest
                else:
                    connection.sendall(b"\x89\x00")  # a ping: the browser answers it
                if _closed(connection):
                    with contextlib.suppress(OSError):
                        connection.sendall(b"\x88\x00")  # the closing handshake's answer
                    return
        except OSError:  # the tab went without a word
            return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: the terminal is for the builds' problems


def _closed(connection: socket.socket) -> bool:
    """Whether the browser closed the socket (a close frame, or the connection itself); what else
    it sent (pongs: frames from the browser carry nothing this server needs) is read and dropped."""
    while select.select([connection], [], [], 0)[0]:
        data = connection.recv(4096)
        if not data or data[0] & 0x0F == 0x8:  # (a close frame after pongs is seen at the next look)
            return True
    return False
