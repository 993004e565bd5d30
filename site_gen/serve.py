"""`build.py serve`: build into .preview/, serve it on 127.0.0.1 with livereload, rebuild on change.

A failed rebuild keeps serving: the terminal lists the problems and every HTML page shows them
(with livereload, the browser flips back to the site as soon as the next build succeeds).
Never touches _site/.
"""
from __future__ import annotations

import html
import mimetypes
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from .model import ContentError, Problem

PREVIEW_DIR = ".preview"
WATCHED = ("content", "templates", "static", "site.yaml")


class Preview:
    """Builds and remembers whether the last build failed; thread-safe for the server's reads."""

    def __init__(self, root: Path, base_url: str, drafts: bool, search: bool = True):
        from .cache import BuildCache

        self.root, self.base_url, self.drafts, self.search = root, base_url, drafts, search
        self.out = root / PREVIEW_DIR
        self.problems: tuple[Problem, ...] = ()
        self.cache = BuildCache()  # in memory: an edit re-parses one file and re-renders what shows it
        self._lock = threading.Lock()
        self._generation = 0

    def rebuild(self) -> bool:
        """HTML first (the browser reloads as soon as it is written), then the search index in the
        background, so an edit is visible without waiting for Pagefind."""
        from .build import build
        from .cli import report

        with self._lock:
            started = time.perf_counter()
            try:
                # No CSP meta in the preview: livereload injects an inline script, which the policy
                # (rightly) forbids. The published build and the browser tests keep the policy.
                result = build(self.root, self.out, base_url=self.base_url, drafts=self.drafts, search=False,
                               cache=self.cache, csp="", in_place=True)
            except ContentError as err:
                self.problems = tuple(err.problems)
                report(err.problems)
                print("build failed; serving the last good build with the problems shown on every page")
                return False
            self.problems = ()
            self._generation += 1
            report(result.warnings)
            print(f"rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms: {result.claims} fact-checks, "
                  f"{result.files - result.reused} of {result.files} files written")
        if self.search:
            threading.Thread(target=self._index, args=(self._generation,), daemon=True).start()
        return True

    def _index(self, generation: int) -> None:
        from .search import index_site

        with self._lock:
            if generation != self._generation:  # a newer build came first; its own thread indexes it
                return
            try:
                index_site(self.out)
            except ContentError as err:
                print(f"search index not updated: {err}")

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """A WSGI app: the preview's files, or the error page while the last build is broken."""
        path = environ.get("PATH_INFO", "/")
        problems = self.problems
        if problems and (path.endswith("/") or path.endswith(".html")):
            return _respond(start_response, "500 Build Failed", "text/html; charset=utf-8", error_page(problems))
        target = _resolve(self.out, path)
        if target is None:
            fallback = self.out / "404.html"
            body = fallback.read_bytes() if fallback.is_file() else b"not found"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix in (".pf_meta", ".pf_fragment", ".pf_index", ".pagefind"):
            ctype = "application/octet-stream"
        return _respond(start_response, "200 OK", ctype, target.read_bytes())


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


def error_page(problems: Iterable[Problem]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
            f"<body><h1>The build failed</h1><p>Fix these and save; this page reloads by itself.</p>"
            f"<ul>{items}</ul></body></html>").encode("utf-8")


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = True) -> None:
    from livereload import Server

    preview = Preview(root, f"http://{host}:{port}/", drafts)
    preview.rebuild()
    server = Server(app=preview.app)
    for name in WATCHED:
        server.watch(str(root / name), preview.rebuild, delay=0.2)
    print(f"serving {PREVIEW_DIR}/ on http://{host}:{port}/ (Ctrl+C to stop)")
    server.serve(host=host, port=port, open_url_delay=None)
