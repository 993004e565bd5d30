"""Accessibility and layout in real Chromium: axe-core on every page type in the light and the dark
colour scheme, reflow at 320 px, the skip link, focus styles, print styles and the share box.

axe-core comes from the PyPI package axe-playwright-python (requirements-dev.txt), which bundles
axe.min.js; it is injected into each page and run with every rule axe enables by default (WCAG 2.0,
2.1 and 2.2 A/AA plus best practices). The fixture site is served under /sub/ by tests/browser.py
with a strict Content-Security-Policy, so an inline style or script would also fail here.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest
from browser import enforce_csp  # noqa: E402 - after the plugin declaration, which registers it

pytestmark = pytest.mark.browser

# One page of every type on the fixture site (tests/fixtures/site), by site path.
PAGES = {
    "home": "",
    "claim": "claims/six-million/",
    "claim-no-costs": "claims/gpu-count/",
    "claim-retracted": "claims/withdrawn-check/",
    "all-claims": "claims/",
    "all-claims-page-2": "claims/page/2/",
    "verdict-index": "verdicts/",
    "verdict": "verdicts/misleading/",
    "tag-index": "tags/",
    "tag": "tags/gpus/",
    "claimant-index": "claimants/",
    "claimant": "claimants/example-ai/",
    "costs": "costs/",
    "search": "search/?q=million",
    "about": "about/",
    "methodology": "methodology/",
    "corrections": "corrections/",
    "contact": "contact/",
    "retracted": "claims/withdrawn-check/",
    "404": "no-such-page/",
}
SCHEMES = ("light", "dark")


def axe_source() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:  # a missing test dependency is a failure, never a skip
        pytest.fail("axe-playwright-python is not installed: pip install -r requirements-dev.txt", pytrace=False)
    return AXE_FILE_PATH.read_text(encoding="utf-8")


def open_page(page, served_site, console, name: str) -> None:
    if name == "404":
        console.allow(r"status of 404")  # the deliberate miss itself
    page.goto(served_site.url(PAGES[name]))
    if name == "search":  # results are drawn by static/search.js: check them, not an empty list
        page.wait_for_selector("#search-result-list li")


def run_axe(page) -> list[dict]:
    page.evaluate(axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"       - {check['message']}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(make_page, served_site, console, name, scheme):
    page = make_page(color_scheme=scheme, reduced_motion="reduce")
    enforce_csp(page)
    open_page(page, served_site, console, name)
    violations = run_axe(page)
    assert not violations, f"axe-core on {name} ({scheme}):\n{describe(violations)}"


def test_axe_reports_a_known_violation(page):
    """The check can fail: a page with an unlabelled field and grey-on-grey text has violations."""
    page.set_content('<!doctype html><html lang="en"><title>x</title><main><input type="text">'
                     '<p class="low">faint</p></main></html>')
    page.add_style_tag(content=".low { color: #aaa; background: #bbb; }")
    found = {v["id"] for v in run_axe(page)}
    assert {"label", "color-contrast"} <= found, found


@pytest.mark.parametrize("name", PAGES)
def test_pages_reflow_at_320_css_pixels(make_page, served_site, console, name):
    """WCAG 1.4.10: nothing but a table or chart's own scroll box scrolls sideways at 320 px."""
    page = make_page(viewport={"width": 320, "height": 640})
    open_page(page, served_site, console, name)
    overflow = page.evaluate("""() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('body *')].filter(el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || el.closest('[hidden], .visually-hidden, .cost-table-wrap, .table-scroll')) return false;
            return r.right > root.clientWidth + 1;
        }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
        return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 8)};
    }""")
    assert overflow["scroll"] <= overflow["client"], f"{name} scrolls sideways at 320 px: {overflow}"
    assert not overflow["wide"], f"{name}: elements wider than the screen at 320 px: {overflow['wide']}"


def test_skip_link_is_first_and_visible_when_focused(page, served_site):
    page.goto(served_site.url(PAGES["claim"]))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, r = el.getBoundingClientRect();
        return {cls: el.className, href: el.getAttribute('href'), top: r.top, bottom: r.bottom, height: r.height,
                outline: getComputedStyle(el).outlineStyle};
    }""")
    assert focused["cls"] == "skip-link" and focused["href"] == "#main"
    assert focused["top"] >= 0 and focused["height"] > 10, f"the focused skip link is off screen: {focused}"
    assert focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_focusable_element_shows_focus(make_page, served_site, scheme):
    """Tab through the claim page: each stop draws a visible outline (WCAG 2.4.7)."""
    page = make_page(color_scheme=scheme)
    page.goto(served_site.url(PAGES["claim"]))
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
            const el = document.activeElement, s = getComputedStyle(el);
            return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
        }""")
        if state["tag"] == "BODY":
            break
        seen.append(state)
        assert state["outline"] != "none" and state["width"] >= 2, f"no visible focus on {state}"
    assert len(seen) > 10


def test_print_styles_hide_navigation_and_print_source_urls(page, served_site):
    page.goto(served_site.url(PAGES["claim"]))
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(
        ['.site-header', '.site-footer', '.skip-link', '.share', '.print-url', '.print-only'].map(s => {
            const el = document.querySelector(s);
            return [s, el ? getComputedStyle(el).display !== 'none' : null];
        }))""")
    assert shown == {".site-header": False, ".site-footer": False, ".skip-link": False, ".share": False,
                     ".print-url": True, ".print-only": True}
    assert page.locator(".print-url").first.inner_text() == "https://example.com/report"
    assert page.locator(".print-only").inner_text().endswith(served_site.url(PAGES["claim"]))


def test_reduced_motion_turns_off_smooth_scrolling(make_page, served_site):
    page = make_page(reduced_motion="reduce")
    page.goto(served_site.url(PAGES["claim"]))
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"


# ---- The share box on claim pages --------------------------------------------------------------------

def test_share_links_are_plain_links_to_the_canonical_url(page, served_site):
    page.goto(served_site.url(PAGES["claim"]))
    canonical = page.get_attribute("link[rel=canonical]", "href")
    assert canonical == served_site.url(PAGES["claim"])
    links = page.locator(".share-list a").evaluate_all("as => as.map(a => [a.textContent.trim(), a.href])")
    encoded = quote(canonical, safe="")
    assert [label for label, _ in links] == ["Email", "Bluesky", "LinkedIn", "X", "Facebook"]
    for label, href in links:
        assert encoded in href, f"{label}: {href}"
    assert dict(links)["LinkedIn"] == f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}"
    assert dict(links)["Email"].startswith("mailto:?subject=Misleading%3A%20Was%20the%20model%20trained%20for%20%246%20million%3F&body=")
    # no third-party script or frame anywhere on the page
    sources = page.locator("script[src], iframe").evaluate_all("els => els.map(e => e.src)")
    assert all(src.startswith(served_site.base_url) for src in sources), sources


def test_copy_link_button_is_hidden_without_javascript(make_page, served_site):
    page = make_page(java_script_enabled=False)
    page.goto(served_site.url(PAGES["claim"]))
    assert page.locator(".share-list a").count() == 5
    assert not page.locator(".share-copy").is_visible()


def test_copy_link_button_copies_the_url_and_says_so(make_page, served_site):
    from playwright.sync_api import expect

    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    enforce_csp(page)
    page.goto(served_site.url(PAGES["claim"]))
    button = page.get_by_role("button", name="Copy link")
    button.click()
    expect(page.locator(".share-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == served_site.url(PAGES["claim"])


def test_other_pages_have_no_share_box(page, served_site):
    for name in ("home", "costs", "about"):
        page.goto(served_site.url(PAGES[name]))
        assert page.locator(".share").count() == 0, name
