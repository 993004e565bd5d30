"""A phone's first screen and the way back from a source, in real Chromium, on the shipped site (this
repository's content) built with its Pagefind index and served under a sub-path.

- at 375×667, every claim page shows the summary's whole first sentence (the check's point) in the
  first screen (static/style.css, the phone media query);
- at 375×667, the search's filters are a closed disclosure, so that the first result starts in the
  first screen; on a laptop they are open (templates/search.html, static/search.js, static/search.css);
- a source's "↑" returns to the link the reader followed to it: a cost table's row, or a citation in
  the text (static/sources.js); without JavaScript it goes to the citation in the text, as before.

Every page here fails its test on any console error or uncaught exception (tests/browser.py).
"""
from __future__ import annotations

import pytest
from browser import enforce_csp
from conftest import PROJECT

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it: a skip locally, a failure in CI
    expect = None

pytestmark = pytest.mark.browser

CLAIM_SLUGS = sorted(p.stem for p in (PROJECT / "content" / "claims").glob("*.md"))
PHONE = {"width": 375, "height": 667}
LAPTOP = {"width": 1280, "height": 800}
SIX_MILLION = "claims/deepseek-r1-six-million-training-cost/"  # its tables cite sources cited in the text too


# The box of the summary's text up to the end of its first sentence (Intl.Segmenter, in the page's
# language), measured with a Range over its text nodes.
FIRST_SENTENCE = """() => {
    const summary = document.querySelector("p.summary");
    const text = summary.textContent;
    const segmenter = new Intl.Segmenter(document.documentElement.lang || undefined, {granularity: "sentence"});
    const sentence = [...segmenter.segment(text)][0].segment.trimEnd();
    const range = document.createRange();
    range.setStart(summary, 0);
    const walker = document.createTreeWalker(summary, NodeFilter.SHOW_TEXT);
    let left = sentence.length;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data.length >= left) { range.setEnd(node, left); break; }
        left -= node.data.length;
    }
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    return {sentence, bottom: Math.max(...rects.map(r => r.bottom)), scrolled: window.scrollY};
}"""


def test_every_claim_pages_summary_has_its_first_sentence_in_a_phones_first_screen(make_page, served_shipped_site):
    page = make_page(viewport=PHONE)
    assert len(CLAIM_SLUGS) >= 10
    cut = {}
    for slug in CLAIM_SLUGS:
        page.goto(served_shipped_site.url(f"claims/{slug}/"))
        first = page.evaluate(FIRST_SENTENCE)
        assert first["scrolled"] == 0 and len(first["sentence"]) > 40, (slug, first)
        if first["bottom"] > PHONE["height"]:
            cut[slug] = f"ends at {first['bottom']:.0f} px: {first['sentence']!r}"
        # Still there, in order: the claim, then the verdict, then the summary.
        claim = page.locator(".claim-text p:visible").bounding_box()
        badge = page.locator(".verdict-badge .badge").bounding_box()
        summary = page.locator(".summary").bounding_box()
        assert claim["y"] < badge["y"] < summary["y"], slug
    assert not cut, f"the summary's first sentence is cut by the first screen (667 px): {cut}"


def test_a_phones_search_shows_the_first_result_in_the_first_screen(make_page, served_shipped_site):
    page = make_page(viewport=PHONE)
    page.goto(served_shipped_site.url("search/"))
    page.wait_for_selector("#search-form[data-state=ready]")
    page.fill("#search-input", "GPUs")
    page.press("#search-input", "Enter")
    expect(page.locator("#search-status")).to_have_text("6 fact-checks found for “GPUs”.")
    assert page.evaluate("window.scrollY") == 0
    top = page.locator(".search-result").first.bounding_box()["y"]
    assert top < PHONE["height"], f"the first result starts at {top:.0f} px, below the first screen"
    # The filters are closed, one tap away, and work.
    assert page.locator("#search-filters-box").evaluate("d => d.open") is False
    assert page.locator("#search-filter-verdict").is_hidden()
    page.locator("#search-filters-box > summary").click()
    expect(page.locator("#search-filter-verdict")).to_be_visible()
    page.select_option("#search-filter-verdict", "Misleading")
    expect(page.locator(".search-result")).to_have_count(1)
    assert page.url == served_shipped_site.url("search/?q=GPUs&verdict=Misleading")


def test_a_filter_in_the_link_opens_the_filters_on_a_phone(make_page, served_shipped_site):
    page = make_page(viewport=PHONE)
    page.goto(served_shipped_site.url("search/?q=GPUs&verdict=Misleading"))
    page.wait_for_selector("#search-form[data-state=ready]")
    expect(page.locator(".search-result")).to_have_count(1)
    assert page.locator("#search-filters-box").evaluate("d => d.open") is True
    assert page.input_value("#search-filter-verdict") == "Misleading"
    assert page.locator("#search-filter-verdict").is_visible()


def test_the_filters_are_open_on_a_laptop(make_page, served_shipped_site):
    page = make_page(viewport=LAPTOP)
    page.goto(served_shipped_site.url("search/?q=GPUs"))
    page.wait_for_selector("#search-form[data-state=ready]")
    assert page.locator("#search-filters-box").evaluate("d => d.open") is True
    for select in ("verdict", "tag", "claimant"):
        assert page.locator(f"#search-filter-{select}").is_visible()
    assert page.locator("#search-sort").is_visible()


def test_without_javascript_the_filters_stay_out_of_the_way_on_a_phone(make_page, served_shipped_site):
    page = make_page(viewport=PHONE, java_script_enabled=False)
    page.goto(served_shipped_site.url("search/?q=GPUs"))
    assert page.locator("#search-filters-box").is_hidden()
    assert page.locator(".search-unavailable").is_visible()


# ---- The way back from a source --------------------------------------------------------------------

def source_cited_in_text_and_table(page) -> str:
    """The id of a source entry that a table row and a citation in the text both link to."""
    source = page.evaluate("""() => {
        const inTables = new Set([...document.querySelectorAll(".cost-source a")].map(a => a.hash.slice(1)));
        const cite = [...document.querySelectorAll(".cite a")].find(a => inTables.has(a.hash.slice(1)));
        return cite ? cite.hash.slice(1) : null;
    }""")
    assert source, "the page should cite one source both in the text and in a table"
    return source


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_the_up_arrow_returns_to_the_table_row_the_source_was_followed_from(make_page, served_shipped_site):
    page = make_page(viewport=LAPTOP, reduced_motion="reduce")
    enforce_csp(page)
    page.goto(served_shipped_site.url(SIX_MILLION))
    page.wait_for_load_state("load")  # deferred scripts have run
    source = source_cited_in_text_and_table(page)
    row_link = page.locator(f".cost-source a[href$='#{source}']").first
    cite = page.locator(f".cite a[href='#{source}']").first
    back = page.locator(f"#{source} .back-links a").first

    row_link.click()
    assert page.url.endswith(f"#{source}")
    back.click()
    expect(row_link).to_be_focused()
    row_id = row_link.get_attribute("id")
    assert row_id and page.url.endswith(f"#{row_id}"), page.url
    assert in_view(page, row_link) and not in_view(page, cite)
    page.go_back()  # Back returns to the source, as after any jump to an anchor
    assert page.url.endswith(f"#{source}")

    # From the text, the same "↑" returns to the citation in the text.
    cite.click()
    assert page.url.endswith(f"#{source}")
    back.click()
    assert page.url.endswith(f"#{cite.get_attribute('id')}"), page.url
    expect(cite).to_be_focused()
    assert in_view(page, cite) and not in_view(page, row_link)


def test_without_javascript_the_up_arrow_goes_to_the_citation_in_the_text(make_page, served_shipped_site):
    page = make_page(viewport=LAPTOP, java_script_enabled=False, reduced_motion="reduce")
    page.goto(served_shipped_site.url(SIX_MILLION))
    source = source_cited_in_text_and_table(page)
    page.locator(f".cost-source a[href$='#{source}']").first.click()
    page.locator(f"#{source} .back-links a").first.click()
    cite = page.locator(f".cite a[href='#{source}']").first
    assert page.url.endswith(f"#{cite.get_attribute('id')}")
    assert in_view(page, cite)
