"""`build.py serve`: build into .preview/, serve it on 127.0.0.1, rebuild on change, reload the browser.

After the first build, three parts run side by side:

- **Watching** (`Watcher`, two threads): watchfiles (Rust's notify: inotify, FSEvents,
  ReadDirectoryChangesW) reports the changed files of site.yaml and the input folders; the main
  thread rebuilds each batch at once, re-reading the changed files alone when they are all entries
  (`Preview.rebuild`).
- **Serving** (`serve`, with serve_http.py): the standard library's threaded HTTP server answers the preview's files
  (`Preview.app`, a WSGI app), only to its own host names (`own_hosts`).
- **Reloading** (`serve_http.Reloads`): every HTML page gets a small same-origin script (`RELOAD_SCRIPT`) that
  holds a WebSocket to the server and reloads the page as soon as a rebuild newer than the page is
  announced: after each rebuild's pages, with no window in which a change is held back. (A
  WebSocket, not a stream of server-sent events: a browser opens at most six HTTP/1.1 connections
  to a host, so six open tabs holding an event stream each would leave none for pages.)

Rendering: the build forks workers (parallel.py) only while this process runs a single thread, that
is for the first build, before the server and the watcher start. Forking a process that runs other
threads can leave the child a lock held by a thread that no longer exists there (Python 3.12 warns
about it); every later rebuild renders in this process. An entry's edit renders a few pages, as
fast as before; a change that renders every page again (a template, site.yaml) takes about twice
as long on two cores. bench/README.md ("serve watched by watchfiles, rebuilt without forking") has
the figures, and why not a spawned pool.

A failed rebuild keeps serving: the terminal lists the problems and every HTML page shows them
(reloaded as soon as the next build succeeds). Never touches _site/.
"""
from __future__ import annotations

import contextlib
import gc
import html
import mimetypes
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from site_gen import paths
from site_gen.incremental import INPUT_FOLDERS
from site_gen.load.config import CONFIG_FILE
from site_gen.model import ContentError, Problem
from site_gen.report import counted, report
from site_gen.serve_http import Reloads, Server, live, respond
from site_gen.write.output import check_output, output_lock

if TYPE_CHECKING:
    from site_gen.build import BuildResult

PREVIEW_DIR = ".preview"
# What the watcher watches: site.yaml and the top folders of every input the build reads.
WATCHED_FOLDERS = tuple(sorted({folder.split("/")[0] for folder in INPUT_FOLDERS}))
WATCHED = (*WATCHED_FOLDERS, CONFIG_FILE)
# serve's own addresses, beside the site's (no site has a folder by this name: it is not a slug).


class Preview:
    """Builds and remembers whether the last build failed; thread-safe for the server's reads."""

    def __init__(self, root: Path, base_url: str, drafts: bool, search: bool = True):
        from site_gen.incremental import BuildCache, Serving

        self.root, self.base_url, self.drafts, self.search = root, base_url, drafts, search
        self.out = root / PREVIEW_DIR
        self.problems: tuple[Problem, ...] = ()
        # In memory: an edit re-parses one file and re-renders what shows it. No CSP meta in the
        # preview (tests/conftest.py's preview_cache builds the same way to compare with it); the
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
            # Workers are forked only while no other thread runs (the first build, before serve starts any).
            jobs = None if _single_threaded() else 1
            result = self._build(self._content_paths(changed), pages_first=True, jobs=jobs)
            # A failed build also makes a new generation: the previous build's background part,
            # still waiting, must not build the broken content again (and print its problems twice).
            self._generation += 1
            if result is None:
                return False
            report(result.warnings)
            print(f"rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms: {counted(result.claims, 'fact-check')}, "
                  f"{result.files - result.reused} of {result.files} files written")
            self._background = threading.Thread(target=self._finish, args=(self._generation,), daemon=True)
            self._background.start()
        return True

    def settle(self, timeout: float | None = None) -> None:
        """Wait for the background part of the last rebuild (tests and benchmarks)."""
        if self._background is not None:
            self._background.join(timeout)

    def _build(self, changed: list[str] | None, pages_first: bool, jobs: int | None) -> BuildResult | None:
        from site_gen.build import build

        try:
            self.serving.changed, self.serving.pages_first = changed, pages_first
            result = build(self.root, self.out, base_url=self.base_url, drafts=self.drafts, search=False,
                           cache=self.cache, jobs=jobs)
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
            # Nothing has changed since the pages (a newer change makes a newer generation). In this
            # process (jobs=1): this is a thread.
            result = self._build([], pages_first=False, jobs=1)
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
        """The watcher's paths relative to the project; None unless each is a file under content/,
        or was one (a deleted name with a suffix): a template, asset, catalogue or site.yaml change,
        or a folder moved, has the build look at everything."""
        if changed is None:
            return None
        found = [Path(os.path.relpath(path, self.root)).as_posix() for path in changed]
        for rel in found:
            path = self.root / rel
            if not rel.startswith("content/") or not (path.is_file() or (not path.exists() and path.suffix)):
                return None
        return found

    def app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI app: the preview's files, or the error page while the last build is broken."""
        path = environ.get("PATH_INFO", "/")
        problems = self.problems
        if problems and (path.endswith("/") or path.endswith(".html")):
            return respond(start_response, "500 Build Failed", "text/html; charset=utf-8",
                            error_page(problems, *self._look()))
        target = _resolve(self.out, path)
        if target is None:
            fallback = self.out / paths.NOT_FOUND
            body = fallback.read_bytes() if fallback.is_file() else b"not found"
            return respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix in (".pf_meta", ".pf_fragment", ".pf_index", ".pagefind"):
            ctype = "application/octet-stream"
        return respond(start_response, "200 OK", ctype, target.read_bytes())


def _single_threaded() -> bool:
    """Whether this process runs one thread, as the operating system counts them (watchfiles'
    threads are not Python's), or as Python does where /proc is missing."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


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
    """The file at a WSGI PATH_INFO (percent-decoded, its bytes as Latin-1 characters)."""
    try:
        rel = url_path.encode("latin-1").decode("utf-8").lstrip("/")
    except UnicodeError:
        return None
    candidate = (out / rel).resolve()
    if not candidate.is_relative_to(out.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def own_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` headers the preview answers: the address it was started on (`--host`), `localhost`,
    `127.0.0.1` and `[::1]`, each with the port (on port 80 also without it, as browsers send it).
    Anything else is refused: a DNS-rebinding page (evil.example, made to resolve to 127.0.0.1)
    reaches this server as `Host: evil.example:8000`, and must not read the drafts. Started on
    0.0.0.0, the preview still answers only these names (`0.0.0.0:8000` among them); to open it from
    another device, start it on this machine's address on that network (`--host 192.168.1.20`)."""
    names = {"localhost", "127.0.0.1", "[::1]", _in_url(host).lower()}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))


def _in_url(host: str) -> str:
    """The host as a URL names it: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _misdirected(hosts: frozenset[str]) -> bytes:
    return f"421 Misdirected Request: this preview answers only Host {', '.join(sorted(hosts))}\n".encode()


def _only_own_hosts(app: WSGIApplication, hosts: frozenset[str]) -> WSGIApplication:
    """`app` (WSGI), answering 421 to a request whose Host is not one of `hosts`. Every request
    comes through here, serve's own script and reload socket included (`Handler`)."""

    def checked(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_HOST", "").lower() not in hosts:
            return respond(start_response, "421 Misdirected Request", "text/plain; charset=utf-8", _misdirected(hosts))
        return app(environ, start_response)

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
            f"<ol class=\"build-problems\">{items}</ol></main></body></html>").encode()


# --- watching -------------------------------------------------------------------------------------


class _Either:
    """Set when one of the events is (watchfiles' stop_event asks only is_set)."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class Watcher:
    """The changed paths of site.yaml and the input folders, batch by batch, from watchfiles.

    Two watches: the project's folder itself, not recursively (site.yaml, replaced whole by editors
    that save to a new file and rename it, and the input folders appearing or going), and the
    input folders that exist, recursively (only those: not .preview/, _site/ or .git/, which would
    take a watch per folder and report every file the preview writes). When an input folder
    appears or goes, the second watch starts again on the folders there are."""

    def __init__(self, root: Path):
        import watchfiles  # (here: a missing package is told before the first build)

        self.root, self._watch = root, watchfiles.watch
        self._batches: queue.SimpleQueue[set[str] | BaseException] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._moved = threading.Event()  # an input folder appeared or went
        self._threads = [threading.Thread(target=self._guarded, args=(watch,), name=f"serve-watch-{watch.__name__}",
                                          daemon=True) for watch in (self._top, self._inside)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)

    def changes(self) -> Iterator[list[str]]:
        """Each batch of changed paths, with whatever else came while the last one was rebuilt."""
        while True:
            batch = self._batches.get()
            found: set[str] = set()
            while True:
                if isinstance(batch, BaseException):
                    raise batch
                found |= batch
                try:
                    batch = self._batches.get_nowait()
                except queue.Empty:
                    break
            yield sorted(found)

    def _guarded(self, watch: Callable[[], None]) -> None:
        try:
            watch()
        except BaseException as err:  # told to the thread that rebuilds, which stops serve with it
            self._batches.put(err)

    def _top(self) -> None:
        names = set(WATCHED)
        for changes in self._watch(self.root, recursive=False, stop_event=self._stop,
                                   watch_filter=lambda change, path: os.path.basename(path) in names):
            found = {path for _, path in changes}
            if any(os.path.basename(path) in WATCHED_FOLDERS for path in found):
                self._moved.set()
            self._batches.put(found)

    def _inside(self) -> None:
        while not self._stop.is_set():
            self._moved.clear()
            folders = [self.root / name for name in WATCHED_FOLDERS if (self.root / name).is_dir()]
            if not folders:
                self._moved.wait(1)
                continue
            for changes in self._watch(*folders, stop_event=_Either(self._stop, self._moved)):
                self._batches.put({path for _, path in changes})


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = True) -> None:
    _check_port(host, port)
    watcher = Watcher(root)
    # The preview's folder follows the build's rules, and is serve's alone while it runs.
    with output_lock(check_output(root, root / PREVIEW_DIR, PREVIEW_DIR)):
        preview = Preview(root, f"http://{_in_url(host)}:{port}/", drafts)
        preview.rebuild()  # (the only build that may fork workers: no other thread runs yet)
        reloads = Reloads()
        hosts = own_hosts(host, port)
        server = Server(host, port, _only_own_hosts(live(preview.app, reloads), hosts), hosts, reloads)
        threading.Thread(target=server.serve_forever, name="serve-http", daemon=True).start()
        watcher.start()
        print(f"serving {PREVIEW_DIR}/ on http://{_in_url(host)}:{port}/ (Ctrl+C to stop)")
        try:
            for changed in watcher.changes():
                try:
                    preview.rebuild(changed)
                except Exception as err:  # a bug, or the machine (a full disk): said, and serve goes on
                    print(f"the rebuild failed: {type(err).__name__}: {err}; still watching", file=sys.stderr)
                reloads.announce()  # the pages are written (or the problems are shown): open tabs reload
        except KeyboardInterrupt:
            print("stopped")
        finally:
            watcher.stop()
            server.shutdown()
            server.server_close()


def _check_port(host: str, port: int) -> None:
    """Fail before building when the address is taken (another serve, most likely)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as err:
            raise ContentError([Problem("--port", 1, 1, "", f"expected a port free on {host}, got {port}: "
                                        f"{err.strerror} (another serve?); stop it, or choose another port with "
                                        f"--port {port + 1}")]) from None
