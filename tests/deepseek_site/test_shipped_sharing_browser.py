"""The shipped site's fact-checks as they travel, in real Chromium: every claim page's link preview
names the verdict and shows its own 1200×630 card, the embed card renders on its own inside an
iframe with no axe violation, related checks link other claim pages, the home page shows its feed,
and the overview page answers the site's main question."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest
from test_a11y_browser import describe, run_axe

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
CLAIMS = sorted(p.stem for p in (PROJECT / "content/claims").glob("*.md"))


def head_meta(page, name: str) -> str:
    return page.locator(f'meta[property="{name}"], meta[name="{name}"]').get_attribute("content")


def test_every_claim_pages_preview_names_its_verdict_and_shows_its_own_card(page, served_shipped_site):
    for slug in CLAIMS:
        page.goto(served_shipped_site.url(f"claims/{slug}/"))
        verdict = page.locator(".verdict-box .badge").first.evaluate("b => b.lastChild.textContent.trim()")
        title = head_meta(page, "og:title")
        assert title.startswith(f"{verdict}: ") and title.endswith(page.locator("h1").inner_text()), (slug, title)
        image = head_meta(page, "og:image")
        assert image == served_shipped_site.url(f"claims/{slug}/card.png"), slug
        data = page.request.get(image).body()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1200, 630), slug
        assert (head_meta(page, "og:image:width"), head_meta(page, "og:image:height")) == ("1200", "630")
        assert verdict in head_meta(page, "og:image:alt")
        assert head_meta(page, "twitter:card") == "summary_large_image"


def test_the_embed_card_renders_on_its_own_in_an_iframe_without_axe_violations(page, served_shipped_site, console):
    slug = "deepseek-r1-six-million-training-cost"
    page.goto(served_shipped_site.url(f"claims/{slug}/"))
    snippet = page.locator("#embed-code").input_value()
    assert snippet.startswith(f'<iframe src="{served_shipped_site.url(f"claims/{slug}/embed/")}"')
    # Another site's article with the snippet pasted in: a page of another origin (localhost, the site
    # being 127.0.0.1), served beside the site, without our CSP.
    www = served_shipped_site.folder.parent
    (www / "article.html").write_text(f'<!doctype html><html lang="en"><title>An article</title><main><h1>An article'
                                      f'</h1><p>We cite a fact-check:</p>{snippet}</main></html>', encoding="utf-8")
    console.allow(r"status of 404")  # (the article's own favicon.ico: not ours)
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(served_shipped_site.base_url.replace("127.0.0.1", "localhost").rsplit("/", 2)[0] + "/article.html")
    frame = page.frame_locator("iframe")
    assert "Misleading" in frame.locator(".badge").inner_text()
    assert frame.locator("h1 a").get_attribute("href") == served_shipped_site.url(f"claims/{slug}/")
    embedded = next(f for f in page.frames if f.url.endswith("/embed/"))
    embedded.wait_for_load_state()
    violations = run_axe(embedded)
    assert not violations, describe(violations)
    overflow = embedded.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert overflow, "the embed card scrolls sideways in a phone's column"


def test_related_checks_link_other_claim_pages(page, served_shipped_site):
    linked = set()
    for slug in CLAIMS:
        page.goto(served_shipped_site.url(f"claims/{slug}/"))
        links = page.locator(".related .card-title a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) <= 3
        for href in links:
            assert "/claims/" in href and not href.endswith(f"/claims/{slug}/"), (slug, href)
        linked.update(links)
    assert len(linked) >= 3  # the shipped checks share claimants and tags


def test_the_home_page_shows_the_feed_the_data_and_the_overview(page, served_shipped_site):
    page.goto(served_shipped_site.url(""))
    feed = page.get_by_role("link", name="Subscribe to every new fact-check (Atom feed)")
    assert feed.is_visible()
    assert page.request.get(feed.evaluate("a => a.href")).headers["content-type"].startswith(("application/atom+xml",
                                                                                          "application/xml", "text/xml"))
    overview = page.get_by_role("link", name="How much has DeepSeek spent?").first
    overview.click()
    page.wait_for_url("**/how-much-has-deepseek-spent/")
    assert page.locator(".cost-table").count() == 1
    assert page.locator(".drawn-on .card").count() == 5
