"""The Wayback Machine over HTTP (urllib, no other dependency): the availability API and Save Page
Now, one request at a time with a pause between any two, under a User-Agent that says who asks.

Environment variables override the two base URLs, so tests (and mirrors) can stand in for them:
SITE_GEN_WAYBACK_URL for the availability API, SITE_GEN_WAYBACK_SAVE_URL for Save Page Now.
"""
from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import time
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from site_gen.load.reader import is_http_url

AVAILABLE_URL = "https://archive.org/wayback/available"
SAVE_URL = "https://web.archive.org/save/"
AVAILABLE_ENV = "SITE_GEN_WAYBACK_URL"
SAVE_ENV = "SITE_GEN_WAYBACK_SAVE_URL"
MAX_REPLY_BYTES = 2_000_000


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
        try:
            data = json.loads(reply)
        except ValueError:
            raise NetworkError(f"expected JSON from the availability API, got {_shorten(reply)!r}") from None
        snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
        if not isinstance(snapshots, dict):
            raise NetworkError(f"expected the availability API's archived_snapshots, got {_shorten(reply)!r}")
        closest = snapshots.get("closest")
        if not isinstance(closest, dict) or closest.get("available") is not True:
            return None
        if not str(closest.get("status", "200")).startswith("2"):  # a capture of an error page is no copy
            return None
        snapshot = closest.get("url")
        if not isinstance(snapshot, str) or not is_http_url(snapshot):
            raise NetworkError(f"expected a snapshot URL from the availability API, got {snapshot!r}")
        return "https://" + snapshot.split("://", 1)[1]  # the API answers http://; the archive serves https

    def save(self, url: str) -> None:
        """Ask Save Page Now to capture `url`. Its reply is not relied on: the capture is then
        found through the availability API."""
        self._get(self.save_url + url, "Save Page Now")

    def _get(self, address: str, what: str) -> bytes:
        self._wait()
        request = Request(address, headers={"User-Agent": self.user_agent})
        try:
            with urlopen(request, timeout=self.timeout) as reply:
                return reply.read(MAX_REPLY_BYTES)
        except HTTPError as err:
            raise NetworkError(f"expected an answer from {what}, got HTTP {err.code} {err.reason}") from None
        except URLError as err:
            raise NetworkError(f"expected an answer from {what}, got a network error ({err.reason})") from None
        except TimeoutError:
            raise NetworkError(f"expected an answer from {what}, got none within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as err:
            raise NetworkError(f"expected an answer from {what}, got a broken reply ({err!r})") from None
        finally:
            self._last_request = time.monotonic()

    def _wait(self) -> None:
        if self._last_request is not None:
            time.sleep(max(0.0, self._last_request + self.delay - time.monotonic()))


def _shorten(reply: bytes, limit: int = 60) -> str:
    text = reply.decode("utf-8", "replace").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
