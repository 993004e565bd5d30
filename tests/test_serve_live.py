"""`python build.py serve` for real: livereload's server, its file watcher and our rebuilds."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import PROJECT, make_project

pytestmark = pytest.mark.slow  # a real server process, its watcher and waits

# Each page load, recorded where a reload keeps it: the analysis text, or the error page's heading.
RECORD_LOADS = """addEventListener('DOMContentLoaded', () => {
  const seen = JSON.parse(sessionStorage.getItem('seen') || '[]');
  const shown = document.querySelector('.analysis') || document.querySelector('h1');
  seen.push(shown ? shown.textContent.replace(/\\s+/g, ' ').trim() : '');
  sessionStorage.setItem('seen', JSON.stringify(seen));
});"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(url: str, predicate, seconds: float = 30) -> tuple[int, str]:
    """Poll until the page satisfies `predicate` (a bound on waiting, not a speed assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(url)
        if predicate(status, body) or time.monotonic() > deadline:
            return status, body
        time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    root = make_project(tmp_path)
    port = free_port()
    script = ("import sys; from pathlib import Path; from site_gen.cli import main; "
              f"sys.exit(main(['serve', '--port', '{port}'], root=Path.cwd()))")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=root, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield root, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_serve_rebuilds_on_save_shows_problems_and_recovers(served):
    root, base = served
    page = f"{base}/claims/gpu-count/"
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "livereload.js" in body  # the browser reloads itself on rebuild
    entry = root / "content/claims/gpu-count.md"
    good = entry.read_text()

    entry.write_text(good.replace("The final run used", "The final training run used"))
    status, body = wait_for(page, lambda s, b: "The final training run used" in b)
    assert status == 200 and "The final training run used" in body

    entry.write_text(good.replace("verdict: accurate", "verdict: acurate"))
    status, body = wait_for(page, lambda s, b: s == 500)
    assert status == 500
    assert "content/claims/gpu-count.md:4:10: verdict: expected one of" in body

    entry.write_text(good)
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "The final run used" in body
    assert not (root / "_site").exists()


def ask(base: str, path: str, host: str, headers: dict | None = None) -> tuple[int, str]:
    """GET `path` from the served preview with the given Host header (as a DNS-rebinding page's
    browser would send it: the server's address, another name)."""
    address = base.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, (response.read().decode("utf-8", "replace") if response.status != 101 else "")
    finally:
        connection.close()


WEBSOCKET_UPGRADE = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                     "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


def test_serve_answers_only_its_own_host_names(served):
    """DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches the
    preview with `Host: evil.example:<port>`. It gets a 421 and no page, no file, no draft, and
    livereload's own endpoints (its script, its WebSocket, /forcereload) refuse it the same way; the
    preview's own names (127.0.0.1, localhost, [::1], each with the port) get everything."""
    root, base = served
    port = base.rsplit(":", 1)[1]
    assert wait_for(f"{base}/claims/gpu-count/", lambda s, b: s == 200)[0] == 200
    draft = next(path.stem for path in (root / "content/claims").glob("*.md") if "draft: true" in path.read_text())
    assert wait_for(f"{base}/claims/{draft}/", lambda s, b: s == 200)[0] == 200  # drafts are served

    for foreign in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"127.0.0.1:{port}0",
                    f"localhost:{int(port) + 1}", ""):
        for path in ("/", f"/claims/{draft}/", "/claims.json", "/static/favicon.svg", "/no/such/page/",
                     "/livereload.js", "/forcereload"):
            status, body = ask(base, path, foreign)
            assert status == 421, (foreign, path, status)
            assert body.startswith("421 Misdirected Request: this preview answers only Host ") and draft not in body
        assert ask(base, "/livereload", foreign, WEBSOCKET_UPGRADE)[0] == 421, foreign

    for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = ask(base, f"/claims/{draft}/", own)
        assert status == 200 and "livereload.js" in body, own
        assert ask(base, "/livereload.js", own)[0] == 200, own
        assert ask(base, "/livereload", own, WEBSOCKET_UPGRADE)[0] == 101, own  # the WebSocket opens


def test_the_accepted_host_names_follow_the_address_it_was_started_on():
    from site_gen.serve import own_hosts

    loopback = {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert own_hosts("127.0.0.1", 8000) == loopback
    assert own_hosts("0.0.0.0", 8000) == loopback | {"0.0.0.0:8000"}  # not the machine's other addresses
    assert own_hosts("192.168.1.20", 8000) == loopback | {"192.168.1.20:8000"}
    assert own_hosts("::", 8000) == loopback | {"[::]:8000"}
    assert own_hosts("localhost", 80) == {"127.0.0.1:80", "localhost:80", "[::1]:80", "127.0.0.1", "localhost", "[::1]"}


def open_live(served, make_page, console):
    """gpu-count's page in Chromium, once livereload's script has said hello over its WebSocket
    (so the server counts this tab among those to reload); with the entry's file and its text."""
    root, base = served
    url = f"{base}/claims/gpu-count/"
    assert wait_for(url, lambda s, b: s == 200)[0] == 200
    console.allow(r"status of 500")  # the error page is served as 500 Build Failed, by design
    page = make_page()
    page.context.add_init_script(RECORD_LOADS)
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))
    page.goto(url)
    deadline = time.monotonic() + 15
    while not any('"command": "info"' in f or '"command":"info"' in f for f in frames):
        assert time.monotonic() < deadline, f"livereload never connected: {frames}"
        page.wait_for_timeout(100)
    # The server counts the tab once it has read that message, which may come after a poll of the
    # files: a save until one reaches the tab, so that the next ones meet a tab already counted.
    entry = root / "content/claims/gpu-count.md"
    good = entry.read_text()
    for attempt in range(5):
        entry.write_text(good.replace("The final run used", f"Warm-up {attempt}: the final run used"))
        if any(f"Warm-up {attempt}:" in x for x in wait_for_load(page, lambda s: any(f"Warm-up {attempt}:" in x for x in s), 4)):
            break
    else:
        pytest.fail(f"no save reached the tab: {loads(page)}")
    return page, entry, good


def loads(page) -> list[str]:
    """The loads recorded so far; [] while the page is between two of them (a reload under way)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.evaluate("JSON.parse(sessionStorage.getItem('seen') || '[]')")
    except PlaywrightError:
        return []


def wait_for_load(page, predicate, seconds: float = 20) -> list[str]:
    """Poll the recorded loads until `predicate` holds (a bound on waiting, not a speed assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        seen = loads(page)
        if predicate(seen) or time.monotonic() > deadline:
            return seen
        page.wait_for_timeout(200)


@pytest.mark.browser
def test_two_saves_a_second_apart_both_reach_chromium(served, make_page, console):
    """livereload would ignore the second save (within max(3 - delay, 1) s of the first reload):
    it was rebuilt but the browser kept showing the first."""
    page, entry, good = open_live(served, make_page, console)
    entry.write_text(good.replace("The final run used", "First save: the final run used"))
    time.sleep(1.0)
    entry.write_text(good.replace("The final run used", "Second save: the final run used"))
    seen = wait_for_load(page, lambda s: any("Second save" in x for x in s))
    first = next((i for i, x in enumerate(seen) if "First save" in x), None)
    second = next((i for i, x in enumerate(seen) if "Second save" in x), None)
    assert first is not None and second is not None and first < second, seen


@pytest.mark.browser
def test_a_broken_save_and_its_fix_a_second_later_both_reach_chromium(served, make_page, console):
    """The broken save shows the problems, in the site's look; the fix brings the page back."""
    page, entry, good = open_live(served, make_page, console)
    entry.write_text(good.replace("verdict: accurate", "verdict: acurate"))
    seen = wait_for_load(page, lambda s: "The build failed" in s)
    assert "The build failed" in seen, seen
    assert "content/claims/gpu-count.md:4:10: verdict: expected one of" in page.inner_text(".build-problems")
    # The site's stylesheet: the header on its panel colour, the problems in the text column.
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), header
    assert page.evaluate("getComputedStyle(document.querySelector('.build-problems')).maxWidth") != "none"
    time.sleep(1.0)
    entry.write_text(good.replace("The final run used", "Fixed: the final run used"))
    seen = wait_for_load(page, lambda s: any("Fixed: the final run used" in x for x in s))
    assert seen.index("The build failed") < len(seen) - 1 and "Fixed: the final run used" in seen[-1], seen
