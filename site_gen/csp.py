"""The Content-Security-Policy every page carries (a <meta> element; GitHub Pages sets no headers).

Only the site's own scripts and styles; no inline script or style (JSON-LD is data, not script),
so no template may use a style attribute. 'wasm-unsafe-eval' because Pagefind compiles its
WebAssembly search engine (without it Chromium refuses and search is unavailable); its worker is a
same-origin file. Established in Chromium by tests/test_search_browser.py, which runs the search
under this policy, and tests/test_xss_browser.py.
"""
from __future__ import annotations

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
                           "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'self'; object-src 'none'")
