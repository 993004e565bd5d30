"""`python build.py serve` for real: its server, its watcher (watchfiles), our rebuilds and the browser's reloads."""
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

from site_gen.serve_http import RELOAD_SCRIPT, RELOAD_SOCKET

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
        proc.stdout.close()


def test_serve_rebuilds_on_save_shows_problems_and_recovers(served):
    root, base = served
    page = f"{base}/claims/gpu-count/"
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and RELOAD_SCRIPT in body  # the browser reloads itself on rebuild
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


def test_serve_follows_site_yaml_replaced_whole_templates_and_new_input_folders(served):
    """Editors that save by writing a new file and renaming it over the old one (vim, many IDEs):
    site.yaml replaced so is seen, and so are the saves after it; a template's change re-renders
    the pages; an input folder that appears (the site's own static/ here) is watched from then on."""
    root, base = served
    page = f"{base}/claims/gpu-count/"
    assert wait_for(page, lambda s, b: s == 200)[0] == 200
    config = root / "site.yaml"
    original = config.read_text()
    for n, replace_whole in enumerate((True, False, True)):
        text = original.replace("title: Fixture Checks", f"title: Fixture Checks {n}")
        if replace_whole:
            (root / "site.yaml.new").write_text(text)
            os.replace(root / "site.yaml.new", config)
        else:
            config.write_text(text)
        status, body = wait_for(page, lambda s, b, n=n: f"Fixture Checks {n}" in b)
        assert f"Fixture Checks {n}" in body, (n, replace_whole)

    template = root / "templates/claim.html"
    template.write_text(template.read_text().replace("{% block content %}", "{% block content %}<p>Template edited</p>", 1))
    assert "Template edited" in wait_for(page, lambda s, b: "Template edited" in b)[1]

    static = root / "static"
    assert static.is_dir()
    os.rename(static, root / "static.away")  # the theme's static files serve meanwhile
    time.sleep(1)
    os.rename(root / "static.away", static)
    time.sleep(1)
    (static / "notice.txt").write_text("a file added to a folder that came back\n")
    status, body = wait_for(f"{base}/static/notice.txt", lambda s, b: s == 200)
    assert status == 200 and "came back" in body


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
    serve's own addresses (the reload script, its WebSocket) refuse it the same way; the preview's
    own names (127.0.0.1, localhost, [::1], each with the port) get everything. The WebSocket also
    refuses a page of another site (its Origin), which may open one with the right Host."""
    root, base = served
    port = base.rsplit(":", 1)[1]
    assert wait_for(f"{base}/claims/gpu-count/", lambda s, b: s == 200)[0] == 200
    draft = next(path.stem for path in (root / "content/claims").glob("*.md") if "draft: true" in path.read_text())
    assert wait_for(f"{base}/claims/{draft}/", lambda s, b: s == 200)[0] == 200  # drafts are served

    for foreign in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"127.0.0.1:{port}0",
                    f"localhost:{int(port) + 1}", ""):
        for path in ("/", f"/claims/{draft}/", "/claims.json", "/static/favicon.svg", "/no/such/page/",
                     RELOAD_SCRIPT, RELOAD_SOCKET):
            status, body = ask(base, path, foreign)
            assert status == 421, (foreign, path, status)
            assert body.startswith("421 Misdirected Request: this preview answers only Host ") and draft not in body
        assert ask(base, RELOAD_SOCKET, foreign, WEBSOCKET_UPGRADE)[0] == 421, foreign

    for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = ask(base, f"/claims/{draft}/", own)
        assert status == 200 and RELOAD_SCRIPT in body, own
        assert ask(base, RELOAD_SCRIPT, own)[0] == 200, own
        assert ask(base, RELOAD_SOCKET, own, WEBSOCKET_UPGRADE)[0] == 101, own  # the WebSocket opens
        assert ask(base, RELOAD_SOCKET, own, {**WEBSOCKET_UPGRADE, "Origin": f"http://{own}"})[0] == 101, own
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null"):
            assert ask(base, RELOAD_SOCKET, own, {**WEBSOCKET_UPGRADE, "Origin": origin})[0] == 403, (own, origin)


def test_the_accepted_host_names_follow_the_address_it_was_started_on():
    from site_gen.serve import own_hosts

    loopback = {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert own_hosts("127.0.0.1", 8000) == loopback
    assert own_hosts("0.0.0.0", 8000) == loopback | {"0.0.0.0:8000"}  # not the machine's other addresses
    assert own_hosts("192.168.1.20", 8000) == loopback | {"192.168.1.20:8000"}
    assert own_hosts("::", 8000) == loopback | {"[::]:8000"}
    assert own_hosts("localhost", 80) == {"127.0.0.1:80", "localhost:80", "[::1]:80", "127.0.0.1", "localhost", "[::1]"}


def open_live(served, make_page, console):
    """gpu-count's page in Chromium, once its reload script's WebSocket has had the server's first
    message (the latest build); with the entry's file and its text."""
    root, base = served
    url = f"{base}/claims/gpu-count/"
    assert wait_for(url, lambda s, b: s == 200)[0] == 200
    console.allow(r"status of 500")  # the error page is served as 500 Build Failed, by design
    page = make_page()
    page.context.add_init_script(RECORD_LOADS)
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    page.goto(url)
    deadline = time.monotonic() + 15
    while not frames:
        assert time.monotonic() < deadline, "the reload script never connected"
        page.wait_for_timeout(100)
    # A save until one reaches the tab, so that the next ones meet a tab already connected.
    entry = root / "content/claims/gpu-count.md"
    good = entry.read_text()
    for attempt in range(5):
        entry.write_text(good.replace("The final run used", f"Warm-up {attempt}: the final run used"))
        if any(f"Warm-up {attempt}:" in x for x in wait_for_load(page, lambda s, attempt=attempt: any(f"Warm-up {attempt}:" in x for x in s), 4)):
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
    """No save is held back: each rebuild reloads the tab. (livereload, serve's server before
    watchfiles, ignored a change within max(3 - delay, 1) s of its last reload: the second save was
    rebuilt but the browser kept showing the first.)"""
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
