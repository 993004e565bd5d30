"""Injection: a site whose every field carries XSS payloads, loaded page by page in Chromium.

Built twice: without the Content-Security-Policy (escaping alone must hold) and with it (the
policy must report no violation, because nothing inline is ever attempted). Every payload would
set window.__xss or open a dialog if it ran.
"""
from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser import ServedSite, serve_site
from conftest import make_project, preview_cache

FIND_HANDLERS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase().replace(/[\\s\\x00-\\x1f]/g, '');
      if (attr.name.startsWith('on')) bad.push(`${el.tagName} ${attr.name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) &&
          /^(javascript|vbscript|data:text)/.test(value)) bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.tagName);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[Callable[[str | None], ServedSite]]:
    """hostile_site(csp) -> tests/fixtures/hostile built (None: with the default CSP; "": with none,
    as `serve` builds its preview) and served; each variant built once for the module's tests, which
    only read it. Served until the module's last test is done, so always after the browser has
    closed its pages (a late request, such as the favicon's, would otherwise fail with a connection
    reset and a console error)."""
    from site_gen.build import build

    served: dict[str | None, ServedSite] = {}

    def serve(csp: str | None) -> ServedSite:
        assert csp in (None, ""), "the published policy, or none"
        if csp not in served:
            workdir = tmp_path_factory.mktemp("hostile")
            project = make_project(workdir, "hostile")

            def build_site(out: Path, base_url: str) -> None:
                build(project, out, base_url=base_url, cache=None if csp is None else preview_cache())

            served[csp] = stack.enter_context(serve_site(build_site, workdir))
        return served[csp]

    with contextlib.ExitStack() as stack:
        yield serve


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if "pagefind" not in p.parts)


@pytest.mark.browser
@pytest.mark.parametrize("with_policy", [False, True], ids=["escaping-only", "with-csp"])
def test_no_payload_runs_on_any_page(hostile_site, make_page, console, with_policy):
    site = hostile_site(None if with_policy else "")
    pages = html_pages(site.folder)
    assert len(pages) >= 15
    page = make_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in pages:
        page.goto(site.url(path.removesuffix("index.html")))
        page.wait_for_load_state("load")
        page.hover("body")  # would fire any mouseover handler that slipped through
        assert page.evaluate("() => window.__xss") is None, f"a payload ran on {path}"
        assert page.evaluate(FIND_HANDLERS) == [], f"{path} carries an event handler or script URL"
        text = page.inner_text("body")
        assert "{{ 7*7 }}" in text or path not in ("claims/payloads/index.html",)
    assert dialogs == []
    # The console fixture fails the test on any error, CSP violations included.


def script_name(site, name: str = "share") -> str:
    """A script's content-hashed name in the built site."""
    return next(path.name for path in (site.folder / "static").glob(f"{name}.*.js"))


@pytest.mark.browser
def test_json_ld_cannot_be_broken_out_of(hostile_site, make_page):
    site = hostile_site(None)
    page = make_page()
    page.goto(site.url("claims/payloads/"))
    blocks = page.eval_on_selector_all('script[type="application/ld+json"]', "els => els.map(e => e.textContent)")
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["claimReviewed"].startswith("<script>window.__xss=1</script>")
    assert "</script>" not in blocks[0] and "<!--" not in blocks[0]
    raw = (site.folder / "claims/payloads/index.html").read_text()
    # the JSON-LD block, share.js's messages (data, never run) and share.js, nothing else
    assert re.findall(r"<script\b[^>]*>", raw) == [f'<script src="{site.base_path}static/{script_name(site, "sources")}" defer>',
                                                  '<script type="application/ld+json">',
                                                  '<script type="application/json" id="share-messages">',
                                                  f'<script src="{site.base_path}static/{script_name(site)}" defer>']
