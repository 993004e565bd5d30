"""`build.py serve`: build into .preview/, serve it on 127.0.0.1 with livereload, rebuild on change.

A failed rebuild keeps serving: the terminal lists the problems and every HTML page shows them
(with livereload, the browser flips back to the site as soon as the next build succeeds).
Never touches _site/.
"""
from __future__ import annotations

import contextlib
import gc
import html
import mimetypes
import os
import socket
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from site_gen import paths
from site_gen.model import ContentError, Problem
from site_gen.report import report
from site_gen.write.output import check_output, output_lock

PREVIEW_DIR = ".preview"
WATCHED = ("content", "templates", "static", "site.yaml")


class Preview:
    """Builds and remembers whether the last build failed; thread-safe for the server's reads."""

    def __init__(self, root: Path, base_url: str, drafts: bool, search: bool = True):
        from site_gen.incremental import BuildCache, Serving

        self.root, self.base_url, self.drafts, self.search = root, base_url, drafts, search
        self.out = root / PREVIEW_DIR
        self.problems: tuple[Problem, ...] = ()
        # In memory: an edit re-parses one file and re-renders what shows it. No CSP meta in the
        # preview: livereload injects an inline script, which the policy (rightly) forbids; the
        # published build and the browser tests keep the policy.
        self.serving = Serving(csp="")
        self.cache = BuildCache(serving=self.serving)
        self._lock = threading.Lock()  # one build at a time
        self._index_lock = threading.Lock()  # one Pagefind run at a time (it may outlast several builds)
        self._generation = 0
        self._background: threading.Thread | None = None
        self._indexed_key = ""  # search.index_key of the claim pages the preview's index was made from

    def rebuild(self, changed: Iterable[str] | None = None) -> bool:
        """The pages first (the browser reloads as soon as they are written); then, in the
        background, the site-wide files (feeds, sitemap, exports) and the search index, so an
        edit is visible without waiting for them. `changed`: the files the watcher saw change
        (None: unknown, look at every file)."""

        with self._lock, _collector_paused():
            started = time.perf_counter()
            result = self._build(self._content_paths(changed), pages_first=True)
            # A failed build also makes a new generation: the previous build's background part,
            # still waiting, must not build the broken content again (and print its problems twice).
            self._generation += 1
            if result is None:
                return False
            report(result.warnings)
            print(f"rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms: {result.claims} fact-checks, "
                  f"{result.files - result.reused} of {result.files} files written")
            self._background = threading.Thread(target=self._finish, args=(self._generation,), daemon=True)
            self._background.start()
        return True

    def settle(self, timeout: float | None = None) -> None:
        """Wait for the background part of the last rebuild (tests and benchmarks)."""
        if self._background is not None:
            self._background.join(timeout)

    def _build(self, changed: list[str] | None, pages_first: bool):
        from site_gen.build import build

        try:
            self.serving.changed, self.serving.pages_first = changed, pages_first
            result = build(self.root, self.out, base_url=self.base_url, drafts=self.drafts, search=False,
                           cache=self.cache)
        except ContentError as err:
            self.problems = tuple(err.problems)
            report(err.problems)
            print("build failed; serving the last good build with the problems shown on every page")
            return None
        self.problems = ()
        return result

    def _finish(self, generation: int) -> None:
        from site_gen.search import index_site

        with self._lock:
            if generation != self._generation:  # a newer build came first; its own thread finishes it
                return
            # Nothing has changed since the pages (a newer change makes a newer generation).
            result = self._build([], pages_first=False)
            if result is None:
                return
        if not self.search or not result.claims:  # (an empty site has nothing to index)
            return
        with self._index_lock:
            if generation != self._generation:
                return
            if result.search_key == self._indexed_key and (self.out / paths.SEARCH_INDEX / "pagefind.js").is_file():
                return  # the claim pages Pagefind reads are unchanged: so is the index
            try:
                index_site(self.out, list(result.editions))
                self._indexed_key = result.search_key
            except ContentError as err:
                print(f"search index not updated: {err}")

    def _look(self) -> tuple[str | None, str | None]:
        """The site's stylesheet (its name has a content hash) and icon, as the last good build
        wrote them."""
        found = sorted((self.out / paths.STATIC).glob("style.*.css"))
        icon = self.out / paths.STATIC / "favicon.svg"
        return (f"/{found[-1].relative_to(self.out).as_posix()}" if found else None,
                "/static/favicon.svg" if icon.is_file() else None)

    def _content_paths(self, changed: Iterable[str] | None) -> list[str] | None:
        """The watcher's paths relative to the project; None unless they are all under content/
        (a template, asset or site.yaml change has the build look at everything)."""
        if changed is None:
            return None
        paths = [Path(os.path.relpath(path, self.root)).as_posix() for path in changed]
        return paths if all(path.startswith("content/") for path in paths) else None

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """A WSGI app: the preview's files, or the error page while the last build is broken."""
        path = environ.get("PATH_INFO", "/")
        problems = self.problems
        if problems and (path.endswith("/") or path.endswith(".html")):
            return _respond(start_response, "500 Build Failed", "text/html; charset=utf-8",
                            error_page(problems, *self._look()))
        target = _resolve(self.out, path)
        if target is None:
            fallback = self.out / paths.NOT_FOUND
            body = fallback.read_bytes() if fallback.is_file() else b"not found"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix in (".pf_meta", ".pf_fragment", ".pf_index", ".pagefind"):
            ctype = "application/octet-stream"
        return _respond(start_response, "200 OK", ctype, target.read_bytes())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the pages are rebuilt: with thousands of entries in
    memory a full collection takes longer than the rebuild itself. It runs afterwards, in the
    background part (the pages phase makes little cyclic garbage)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _resolve(out: Path, url_path: str) -> Path | None:
    from urllib.parse import unquote

    rel = unquote(url_path).lstrip("/")
    candidate = (out / rel).resolve()
    if not candidate.is_relative_to(out.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _respond(start_response: Callable, status: str, ctype: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def own_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` headers the preview answers: the address it was started on (`--host`), `localhost`,
    `127.0.0.1` and `[::1]`, each with the port (on port 80 also without it, as browsers send it).
    Anything else is refused: a DNS-rebinding page (evil.example, made to resolve to 127.0.0.1)
    reaches this server as `Host: evil.example:8000`, and must not read the drafts. Started on
    0.0.0.0, the preview still answers only these names (`0.0.0.0:8000` among them); to open it from
    another device, start it on this machine's address on that network (`--host 192.168.1.20`)."""
    bracketed = f"[{host}]" if ":" in host and not host.startswith("[") else host  # an IPv6 address
    names = {"localhost", "127.0.0.1", "[::1]", bracketed.lower()}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))


def _misdirected(hosts: frozenset[str]) -> bytes:
    return f"421 Misdirected Request: this preview answers only Host {', '.join(sorted(hosts))}\n".encode()


def _only_own_hosts(app: Callable, hosts: frozenset[str]) -> Callable:
    """`app` (WSGI), answering 421 to a request whose Host is not one of `hosts`; and livereload's
    own endpoints (its script, its WebSocket, /forcereload) the same, before they run."""
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler

    def checked(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("HTTP_HOST", "").lower() not in hosts:
            return _respond(start_response, "421 Misdirected Request", "text/plain; charset=utf-8", _misdirected(hosts))
        return app(environ, start_response)

    def prepare(handler) -> None:  # tornado calls it before the handler's method; finishing here ends the request
        if handler.request.headers.get("Host", "").lower() not in hosts:
            handler.set_status(421)
            handler.set_header("Content-Type", "text/plain; charset=utf-8")
            handler.set_header("Cache-Control", "no-store")
            handler.finish(_misdirected(hosts))

    for endpoint in (LiveReloadHandler, LiveReloadJSHandler, ForceReloadHandler):
        endpoint.prepare = prepare
    return checked


def error_page(problems: Iterable[Problem], stylesheet: str | None = None, icon: str | None = None) -> bytes:
    """Every problem, in the site's own look (its stylesheet, icon, header and text column)."""
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    link = f'<link rel="stylesheet" href="{html.escape(stylesheet)}">' if stylesheet else ""
    if icon:
        link += f'<link rel="icon" href="{html.escape(icon)}" type="image/svg+xml">'
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Build failed · Preview</title>{link}</head><body class=\"page-build-failed\">"
            f"<header class=\"site-header\"><div class=\"wrap header-inner\"><a class=\"site-title\" href=\"/\">"
            f"Preview</a></div></header><main id=\"main\" class=\"wrap\"><h1>The build failed</h1>"
            f"<p class=\"lede\">Fix these and save; this page reloads by itself.</p>"
            f"<ol class=\"build-problems\">{items}</ol></main></body></html>").encode("utf-8")


def _watcher():
    """livereload's file watcher, made to reload the browser after every rebuild. livereload 2.7.1
    ignores a change that comes within max(3 - delay, 1) s of the last reload
    (LiveReloadHandler.poll_tasks): a second save a second after the first was rebuilt but never
    shown, and a broken save's fix could go unseen. Each change is handed over under the name
    livereload gives its own restarts ("__livereload__"), for which it holds nothing back."""
    from livereload.watcher import get_watcher_class

    class EveryChange(get_watcher_class()):  # type: ignore[misc]
        def examine(self):
            filepath, delay = super().examine()  # runs the rebuilds of what changed
            return ("__livereload__", None) if filepath else (filepath, delay)

    return EveryChange()


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = True) -> None:
    from livereload import Server

    _check_port(host, port)
    # The preview's folder follows the build's rules, and is serve's alone while it runs.
    with output_lock(check_output(root, root / PREVIEW_DIR, PREVIEW_DIR)):
        preview = Preview(root, f"http://{host}:{port}/", drafts)
        preview.rebuild()
        server = Server(app=_only_own_hosts(preview.app, own_hosts(host, port)), watcher=_watcher())
        # A glob, so that livereload hands over the list of changed files: an edit re-reads that file
        # alone. (Deletions, templates, assets and site.yaml come without a list: everything is looked at.)
        server.watch(str(root / "content/**/*"), preview.rebuild)
        for name in WATCHED[1:]:
            server.watch(str(root / name), lambda: preview.rebuild())
        print(f"serving {PREVIEW_DIR}/ on http://{host}:{port}/ (Ctrl+C to stop)")
        server.serve(host=host, port=port, open_url_delay=None)


def _check_port(host: str, port: int) -> None:
    """Fail before building when the address is taken (another serve, most likely)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
        try:
            probe.bind((host, port))
        except OSError as err:
            raise ContentError([Problem("--port", 1, 1, "", f"expected a port free on {host}, got {port}: "
                                        f"{err.strerror} (another serve?); stop it, or choose another port with "
                                        f"--port {port + 1}")]) from None
