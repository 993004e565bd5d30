"""Shared browser-test fixtures: the fixture site built once and served under a sub-path, real
Chromium through Playwright (sync API), and pages that fail the test on any console error.

tests/conftest.py registers this module as a plugin (`pytest_plugins = ["browser"]`), so its fixtures
are available to every test module and the session-scoped site is built once however many use it.
Mark the tests `@pytest.mark.browser`.

Without Chromium (or Playwright) the browser fixtures skip with a reason; in CI (`CI=true`) they fail.

Fixtures:
    served_site  session  the fixture site built with base URL http://127.0.0.1:<port>/sub/ and served
                          there by a threaded http.server; misses get the site's 404.html (status 404)
    browser      session  a Chromium Browser (/usr/bin/chromium, or $CHROMIUM)
    console      function the console errors / page errors seen by pages of this test; `console.allow(regex)`
                          accepts errors a test expects (e.g. a deliberate 404)
    make_page    function make_page(**context_options) -> a Page in a fresh context, watched by `console`
    page         function make_page() with default options

Helpers: serve_site()/build_project() serve any project the same way (bench/ uses them), and
enforce_csp(page) sends STRICT_CSP as a header on every response (CSP violations log console errors).
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SUB_PATH = "sub"  # the site is served from /sub/, as a GitHub Pages project site is from /<repo>/
DEFAULT_TIMEOUT_MS = 10_000


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def browser_unavailable(reason: str):
    """Skip locally; in CI a missing browser is a failure, never a silent skip."""
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


# ---- Serving a built site under a sub-path ---------------------------------------------------------

class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from `directory`; a miss under /<sub>/ gets <sub>/404.html with status 404,
    as GitHub Pages does. Quiet (no request log on stderr)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
                      ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
                      ".xml": "application/xml", ".pagefind": "application/octet-stream"}
    not_found_page: Path | None = None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.not_found_page
        if code == HTTPStatus.NOT_FOUND and page is not None and page.is_file():
            body = page.read_bytes()
            self.send_response(code, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@dataclass(frozen=True)
class ServedSite:
    folder: Path  # the built site (served at base_url)
    base_url: str  # "http://127.0.0.1:<port>/sub/"

    @property
    def base_path(self) -> str:
        return "/" + self.base_url.split("/", 3)[3]

    def url(self, path: str = "") -> str:
        """Site path ("search/?q=x", "" for home) -> absolute URL under the sub-path."""
        return self.base_url + path.lstrip("/")


@contextmanager
def serve_site(build_site: Callable[[Path, str], None], workdir: Path, sub: str = SUB_PATH) -> Iterator[ServedSite]:
    """Serve `workdir/www/` on an ephemeral port of 127.0.0.1, with `build_site(out, base_url)` called
    first to write the site into `www/<sub>/` (the base URL must name the port, so it is built once the
    port is known)."""
    www = workdir / "www"
    www.mkdir(parents=True, exist_ok=True)
    folder = www / sub
    handler = type("Handler", (SiteHandler,), {"not_found_page": folder / "404.html"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(www)))
    server.daemon_threads = True
    try:
        base_url = f"http://127.0.0.1:{server.server_address[1]}/{sub}/"
        build_site(folder, base_url)
        thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
        thread.start()
        try:
            yield ServedSite(folder, base_url)
        finally:
            server.shutdown()
            thread.join(timeout=5)
    finally:
        server.server_close()


def build_project(project: Path) -> Callable[[Path, str], None]:
    """build_site callable for serve_site: the whole build (with the Pagefind index) of `project`."""
    from site_gen.build import build

    def build_site(out: Path, base_url: str) -> None:
        build(project, out, base_url=base_url)

    return build_site


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> Iterator[ServedSite]:
    """tests/fixtures/site (with the real templates and static files), built once, served under /sub/."""
    from conftest import make_project

    workdir = tmp_path_factory.mktemp("served-site")
    project = make_project(workdir)
    with serve_site(build_project(project), workdir) as site:
        yield site
    shutil.rmtree(workdir / "www", ignore_errors=True)


# ---- Chromium ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    if not CHROMIUM.is_file():
        browser_unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as err:
            browser_unavailable(f"Chromium at {CHROMIUM} did not start: {str(err).splitlines()[0]}")
        yield chromium
        chromium.close()


# The strictest policy the site's pages work under. Pagefind needs 'wasm-unsafe-eval' (it compiles its
# WebAssembly with WebAssembly.instantiate, in its worker or, if the worker cannot start, on the page);
# its worker is a same-origin script (worker-src 'self', no blob:); its index is fetched (connect-src).
from site_gen.csp import CONTENT_SECURITY_POLICY as STRICT_CSP  # the policy the pages carry  # noqa: E402


def enforce_csp(target, policy: str = STRICT_CSP) -> None:
    """Send `policy` as a Content-Security-Policy header on every response `target` (a Page or a
    BrowserContext) receives: unlike a <meta> policy, a header also binds workers' scripts."""

    from playwright.sync_api import Error as PlaywrightError

    def add_header(route, request=None) -> None:
        try:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})
        except PlaywrightError:  # the page closed while a request was in flight
            pass

    target.route("**/*", add_header)


@dataclass
class ConsoleLog:
    """Console errors and uncaught page errors; anything not allowed fails the test."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)
    reported: int = 0  # errors already reported as a test failure

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def watch(self, page) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url", "") if message.location else ""
                self.errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught page error: {error}"))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]

    def check(self) -> None:
        """Fail with every error not yet reported (and not allowed)."""
        unexpected = self.unexpected()[self.reported:]
        self.reported += len(unexpected)
        if unexpected:
            pytest.fail("the page logged errors:\n  " + "\n  ".join(unexpected), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Console errors fail the test itself (not only its teardown)."""
    result = yield
    log = item.funcargs.get("console") if hasattr(item, "funcargs") else None
    if isinstance(log, ConsoleLog):
        log.check()
    return result


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def make_page(browser, console):
    contexts = []

    def make(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        console.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    console.check()  # anything logged after the test body (the call phase reports the rest)


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture(scope="session")
def served_shipped_site(tmp_path_factory) -> Iterator[ServedSite]:
    """This repository's own site (its content, templates and static files), built once with its
    Pagefind index, served under /sub/."""
    from conftest import PROJECT

    workdir = tmp_path_factory.mktemp("served-shipped-site")
    with serve_site(build_project(PROJECT), workdir) as site:
        yield site
    shutil.rmtree(workdir / "www", ignore_errors=True)
