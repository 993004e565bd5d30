"""The Wayback Machine over HTTP (urllib, no other dependency): the availability API and Save Page
Now, one request at a time with a pause between any two, under a User-Agent that says who asks.

Environment variables override the two base URLs, so tests (and mirrors) can stand in for them:
SITE_GEN_WAYBACK_URL for the availability API, SITE_GEN_WAYBACK_SAVE_URL for Save Page Now.

What an answer can do is bounded, since it comes from the network: one request (connecting, sending
it, every read of its headers and body, redirects included) gets `timeout` seconds in all, not per
read (the fine print is above _Deadline), so a server that trickles a byte at a time cannot hold the
run; an answer of more than MAX_REPLY_BYTES is refused; and only a snapshot on the Wayback
Machine's own host (https://web.archive.org/web/<timestamp>/...) is ever returned. Anything else is
a NetworkError for that one URL, never an exception that ends the run.
"""
from __future__ import annotations

import datetime as dt
import http.client
import io
import json
import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import AbstractHTTPHandler, HTTPHandler, HTTPSHandler, Request, build_opener

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

from site_gen.load.reader import is_http_url

AVAILABLE_URL = "https://archive.org/wayback/available"
SAVE_URL = "https://web.archive.org/save/"
AVAILABLE_ENV = "SITE_GEN_WAYBACK_URL"
SAVE_ENV = "SITE_GEN_WAYBACK_SAVE_URL"
MAX_REPLY_BYTES = 1_000_000  # the availability API's JSON is a few hundred bytes
# A snapshot as the availability API gives it: http://web.archive.org/web/<timestamp>/<the URL>. It
# is written into the entry (with https), so nothing from another host, or another part of the
# archive's own, is taken.
SNAPSHOT_RE = re.compile(r"https?://web\.archive\.org(/web/[0-9]{4,14}/\S+)")
SNAPSHOT_FORM = "https://web.archive.org/web/<timestamp>/<url>"


class NetworkError(Exception):
    """A request that got no usable answer; the message reads "expected …, got …"."""


@dataclass
class Wayback:
    user_agent: str
    delay: float = 3.0  # seconds between two requests: the Wayback Machine is a shared, free service
    timeout: float = 30.0
    available_url: str = AVAILABLE_URL
    save_url: str = SAVE_URL
    _last_request: float | None = field(default=None, init=False)

    @classmethod
    def from_environment(cls, user_agent: str, *, delay: float, timeout: float) -> Wayback:
        return cls(user_agent, delay, timeout, os.environ.get(AVAILABLE_ENV) or AVAILABLE_URL,
                   os.environ.get(SAVE_ENV) or SAVE_URL)

    def closest(self, url: str, near: dt.date | None) -> str | None:
        """The https address of the snapshot of `url` closest to `near` (the latest without it), or
        None when the Wayback Machine has none that answered with a 2xx status."""
        query = {"url": url, **({"timestamp": near.strftime("%Y%m%d")} if near else {})}
        separator = "&" if "?" in self.available_url else "?"
        reply = self._get(f"{self.available_url}{separator}{urlencode(query)}", "the availability API")
        return closest_snapshot(reply)

    def save(self, url: str) -> None:
        """Ask Save Page Now to capture `url`. Its reply is not relied on (nor read): the capture is
        then found through the availability API."""
        self._get(self.save_url + url, "Save Page Now", read=False)

    def _get(self, address: str, what: str, *, read: bool = True) -> bytes:
        """The body of the answer to a GET of `address`, all of it within `timeout` seconds of the
        start, at most MAX_REPLY_BYTES; b"" without `read`."""
        self._wait()
        request = Request(address, headers={"User-Agent": self.user_agent})
        deadline = _Deadline(time.monotonic() + self.timeout)
        too_slow = f"expected a whole answer from {what} within {self.timeout:g} s, got none in time"
        try:
            with build_opener(_DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline)).open(
                    request, timeout=self.timeout) as reply:
                return _read(reply, what) if read else b""
        except HTTPError as err:
            err.close()  # its answer's socket
            raise NetworkError(f"expected an answer from {what}, got HTTP {err.code} {err.reason}") from None
        except URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise NetworkError(too_slow) from None
            raise NetworkError(f"expected an answer from {what}, got a network error ({err.reason})") from None
        except TimeoutError:
            raise NetworkError(too_slow) from None
        except (OSError, http.client.HTTPException) as err:
            raise NetworkError(f"expected an answer from {what}, got a broken reply ({err!r})") from None
        finally:
            self._last_request = time.monotonic()

    def _wait(self) -> None:
        if self._last_request is not None:
            time.sleep(max(0.0, self._last_request + self.delay - time.monotonic()))


def closest_snapshot(reply: bytes) -> str | None:
    """The https address of the snapshot in an availability API answer; None when it lists none
    that answered with a 2xx status. Any other answer, however malformed, is a NetworkError."""
    try:
        data = json.loads(reply)
    except RecursionError:  # e.g. [[[[... nested deeper than Python's parser goes
        raise NetworkError(f"expected the availability API's JSON, got one nested too deeply to read "
                           f"({_shorten(reply)!r})") from None
    except ValueError:  # not UTF-8, not JSON, an integer too long to read ...
        raise NetworkError(f"expected JSON from the availability API, got {_shorten(reply)!r}") from None
    snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
    if not isinstance(snapshots, dict):
        raise NetworkError(f"expected the availability API's archived_snapshots, got {_shorten(reply)!r}")
    closest = snapshots.get("closest")
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return None
    status = closest.get("status", "200")
    if isinstance(status, (dict, list)):  # its text could be huge, or too deeply nested to write
        raise NetworkError(f"expected the snapshot's HTTP status from the availability API, got a {_kind(status)}")
    if not str(status).startswith("2"):  # a capture of an error page is no copy
        return None
    snapshot = closest.get("url")
    if not isinstance(snapshot, str):
        raise NetworkError(f"expected a snapshot URL from the availability API, got a {_kind(snapshot)}")
    match = SNAPSHOT_RE.fullmatch(snapshot)
    if match is None or not is_http_url(snapshot):
        raise NetworkError(f"expected a snapshot URL of the form {SNAPSHOT_FORM} from the availability API, "
                           f"got {_shorten(snapshot)!r}")
    return "https://web.archive.org" + match.group(1)  # the API answers http://; the archive serves https


def _kind(value: object) -> str:
    """What a JSON value is, in a word."""
    return {dict: "JSON object", list: "JSON array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _shorten(reply: bytes | str, limit: int = 60) -> str:
    text = (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read(reply: http.client.HTTPResponse, what: str) -> bytes:
    """The whole body, in chunks, refused beyond MAX_REPLY_BYTES (the deadline is the socket's)."""
    length = reply.headers.get("Content-Length", "")
    too_long = f"expected an answer of at most {MAX_REPLY_BYTES:,} bytes from {what}, got"
    if length.isdigit() and int(length) > MAX_REPLY_BYTES:
        raise NetworkError(f"{too_long} {int(length):,}")
    chunks, size = [], 0
    while chunk := reply.read1(64 * 1024):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise NetworkError(f"{too_long} more")
        chunks.append(chunk)
    return b"".join(chunks)


# --- one deadline for a whole request ---------------------------------------------------------
# urllib's `timeout` bounds each socket operation, so an answer that comes a byte at a time never
# ends. Here the connection classes that urllib's handlers use start connecting with the time left
# as the socket's timeout, and then send and read through a socket whose timeout is set to the time
# left before each operation: once connected, the request ends by its deadline. (Not bounded as
# tightly: the name lookup, which sockets cannot time; and the TCP connect and TLS handshake, each
# of which may take up to the time left when it starts.)


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic()

    def left(self) -> float:
        """Seconds left; TimeoutError when none are."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request's deadline passed")
        return left


class _DeadlineReader(io.RawIOBase):
    """A socket's reading side that gives each read only the time left before the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        super().__init__()
        self._sock, self._raw, self._deadline = sock, sock.makefile("rb", buffering=0), deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        self._sock.settimeout(self._deadline.left())
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()  # lets the socket close (it waits for the files made from it)
        super().close()


class _DeadlineSocket:
    """A connected socket as http.client uses it, its sends and reads held to the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str = "r", *args: Any, **kwargs: Any) -> io.IOBase:
        if mode != "rb":  # (http.client reads with "rb"; any other mode is the socket's own file)
            makefile: Callable[..., io.IOBase] = self._sock.makefile
            return makefile(mode, *args, **kwargs)
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def sendall(self, data: ReadableBuffer, *args: int) -> None:
        self._sock.settimeout(self._deadline.left())
        self._sock.sendall(data, *args)

    def __getattr__(self, name: str) -> Any:  # everything else is the socket's own
        return getattr(self._sock, name)


def _deadline_connection(base: Callable[..., http.client.HTTPConnection],
                         deadline: _Deadline) -> type[http.client.HTTPConnection]:
    # (mypy takes no class made on a base known only at run time: HTTPConnection or HTTPSConnection)
    class Connection(base):  # type: ignore[misc, valid-type]
        sock: socket.socket | _DeadlineSocket | None  # (HTTPConnection's; mypy cannot see that base)

        def connect(self) -> None:
            self.timeout = deadline.left()  # for the TCP connect and the TLS handshake
            super().connect()
            # (super().connect() has just set a connected socket here)
            self.sock = _DeadlineSocket(cast(socket.socket, self.sock), deadline)

    return Connection


class _DeadlineHandlerMixin(AbstractHTTPHandler):
    # (before HTTPHandler or HTTPSHandler in its subclasses' bases: the same order of classes as
    # without AbstractHTTPHandler named here, which only tells mypy whose do_open super() calls)
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._deadline = deadline

    def do_open(self, http_class: Callable[..., http.client.HTTPConnection], req: Request,
                **http_conn_args: Any) -> http.client.HTTPResponse:
        return super().do_open(_deadline_connection(http_class, self._deadline), req, **http_conn_args)


class _DeadlineHTTPHandler(_DeadlineHandlerMixin, HTTPHandler):
    pass


class _DeadlineHTTPSHandler(_DeadlineHandlerMixin, HTTPSHandler):
    pass
